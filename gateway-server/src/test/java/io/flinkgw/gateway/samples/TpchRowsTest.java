package io.flinkgw.gateway.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample rows: their counts, keys, foreign keys and derived values, the same however they are split. */
class TpchRowsTest {

    /** The lineitem row count the README documents. */
    static final long LINEITEM_ROWS = 29_814;

    private final TpchRows rows = new TpchRows();

    @Test
    void tablesHaveTheDocumentedRowCounts() {
        assertThat(rows.rowCount(SampleTable.REGION)).isEqualTo(5);
        assertThat(rows.rowCount(SampleTable.NATION)).isEqualTo(25);
        assertThat(rows.rowCount(SampleTable.CUSTOMER)).isEqualTo(750);
        assertThat(rows.rowCount(SampleTable.ORDERS)).isEqualTo(7_500);
        assertThat(rows.rowCount(SampleTable.LINEITEM)).isEqualTo(LINEITEM_ROWS);
    }

    @Test
    void everyForeignKeyNamesAnExistingRow() {
        Set<Object> regions = keys(SampleTable.REGION, "r_regionkey");
        Set<Object> nations = keys(SampleTable.NATION, "n_nationkey");
        Set<Object> customers = keys(SampleTable.CUSTOMER, "c_custkey");
        Set<Object> orders = keys(SampleTable.ORDERS, "o_orderkey");
        assertThat(values(SampleTable.NATION, "n_regionkey")).allMatch(regions::contains);
        assertThat(values(SampleTable.CUSTOMER, "c_nationkey")).allMatch(nations::contains);
        assertThat(values(SampleTable.ORDERS, "o_custkey")).allMatch(customers::contains);
        assertThat(values(SampleTable.LINEITEM, "l_orderkey")).allMatch(orders::contains);
        // every order has lines
        assertThat(new HashSet<>(values(SampleTable.LINEITEM, "l_orderkey"))).isEqualTo(orders);
    }

    @Test
    void primaryKeysAreUnique() {
        assertThat(keys(SampleTable.CUSTOMER, "c_custkey")).hasSize(750);
        assertThat(keys(SampleTable.ORDERS, "o_orderkey")).hasSize(7_500);
        Set<String> lineKeys = new HashSet<>();
        for (Object[] line : all(SampleTable.LINEITEM)) {
            lineKeys.add(line[0] + "/" + line[1]);
        }
        assertThat(lineKeys).hasSize((int) LINEITEM_ROWS);
    }

    @Test
    void anOrderAgreesWithItsLines() {
        Map<Object, List<Object[]>> linesByOrder = new HashMap<>();
        for (Object[] line : all(SampleTable.LINEITEM)) {
            linesByOrder.computeIfAbsent(line[0], key -> new ArrayList<>()).add(line);
        }
        for (Object[] order : all(SampleTable.ORDERS)) {
            List<Object[]> lines = linesByOrder.get(order[0]);
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < lines.size(); i++) {
                Object[] line = lines.get(i);
                assertThat(line[1]).isEqualTo(i + 1);
                BigDecimal price = (BigDecimal) line[3];
                total = total.add(price.multiply(BigDecimal.ONE.add((BigDecimal) line[5]))
                        .multiply(BigDecimal.ONE.subtract((BigDecimal) line[4])));
                LocalDate ordered = (LocalDate) order[4];
                assertThat((LocalDate) line[8]).isAfter(ordered);
                assertThat((LocalDate) line[10]).isAfter((LocalDate) line[8]);
            }
            assertThat(order[3]).isEqualTo(total.setScale(2, RoundingMode.HALF_UP));
            long shipped = lines.stream().filter(line -> line[7].equals("F")).count();
            assertThat(order[2]).isEqualTo(shipped == lines.size() ? "F" : shipped == 0 ? "O" : "P");
        }
    }

    @Test
    void valuesFitTheirDeclaredTypes() {
        for (SampleTable table : SampleTable.values()) {
            List<String> types = table.columns().stream()
                    .map(column -> column.type().getLogicalType().asSummaryString()).toList();
            for (Object[] row : all(table)) {
                assertThat(row).hasSize(table.columns().size());
                for (int i = 0; i < row.length; i++) {
                    SampleTable.SampleColumn column = table.columns().get(i);
                    String type = types.get(i);
                    assertThat(row[i]).as("%s.%s", table.tableName(), column.name()).isNotNull();
                    if (type.startsWith("CHAR(")) {
                        assertThat(((String) row[i]).length()).as(column.name()).isEqualTo(length(type));
                    } else if (type.startsWith("VARCHAR(")) {
                        assertThat(((String) row[i]).length()).as(column.name()).isLessThanOrEqualTo(length(type));
                    }
                }
            }
        }
    }

    @Test
    void twoGeneratorsMakeTheSameRows() {
        TpchRows other = new TpchRows();
        for (SampleTable table : SampleTable.values()) {
            for (long index = 0; index < rows.rowCount(table); index += 7) {
                assertThat(other.row(table, index)).isEqualTo(rows.row(table, index));
            }
        }
    }

    /** Splits as a parallel source makes them, read back to front: the rows do not depend on who reads what. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void rowsDoNotDependOnHowTheyAreSplit(int splits) {
        for (SampleTable table : SampleTable.values()) {
            long count = rows.rowCount(table);
            List<Object[]> split = new ArrayList<>();
            for (int part = splits - 1; part >= 0; part--) {
                // each split has a generator of its own, as each subtask does
                TpchRows reader = new TpchRows();
                List<Object[]> partRows = new ArrayList<>();
                for (long index = count * part / splits; index < count * (part + 1) / splits; index++) {
                    partRows.add(reader.row(table, index));
                }
                split.addAll(0, partRows);
            }
            assertThat(split).usingElementComparator((left, right) -> Arrays.equals(left, right) ? 0 : 1)
                    .containsExactlyElementsOf(all(table));
        }
    }

    @Test
    void rowsOutsideTheTableAreRefused() {
        assertThatThrownBy(() -> rows.row(SampleTable.REGION, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> rows.row(SampleTable.LINEITEM, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private List<Object[]> all(SampleTable table) {
        List<Object[]> result = new ArrayList<>();
        for (long index = 0; index < rows.rowCount(table); index++) {
            result.add(rows.row(table, index));
        }
        return result;
    }

    private List<Object> values(SampleTable table, String column) {
        int position = table.indexOf(column);
        return all(table).stream().map(row -> row[position]).toList();
    }

    private Set<Object> keys(SampleTable table, String column) {
        return new HashSet<>(values(table, column));
    }

    private static int length(String type) {
        return Integer.parseInt(type.substring(type.indexOf('(') + 1, type.indexOf(')')));
    }
}
