package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlinkTypeMappingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BOOLEAN|16|BOOLEAN|1|0",
        "TINYINT|-6|TINYINT|3|0",
        "SMALLINT|5|SMALLINT|5|0",
        "INT|4|INTEGER|10|0",
        "BIGINT|-5|BIGINT|19|0",
        "FLOAT|7|FLOAT|7|0",
        "DOUBLE|8|DOUBLE|15|0",
        "DECIMAL(38, 10)|3|DECIMAL|38|10",
        "CHAR(5)|1|CHAR|5|0",
        "VARCHAR(20)|12|VARCHAR|20|0",
        "STRING|12|VARCHAR|2147483647|0",
        "BINARY(4)|-2|BINARY|4|0",
        "BYTES|-3|VARBINARY|2147483647|0",
        "DATE|91|DATE|10|0",
        "TIME(0)|92|TIME|8|0",
        "TIMESTAMP(3)|93|TIMESTAMP|23|3",
        "TIMESTAMP(9)|93|TIMESTAMP|29|9",
        "TIMESTAMP_LTZ(6)|93|TIMESTAMP_LTZ|26|6",
        "ARRAY<INT>|2003|ARRAY|0|0",
        "MAP<STRING, INT>|2000|MAP|0|0",
        "ROW<a INT, b STRING>|2002|ROW|0|0",
        "NULL|0|NULL|0|0",
    })
    void mapsFlinkTypesToJdbcTypes(String flinkType, int sqlType, String typeName, int precision, int scale) {
        LogicalType type = LogicalTypeParser.parse(flinkType, getClass().getClassLoader());
        JdbcType jdbc = FlinkTypeMapping.toJdbc(type);
        assertThat(jdbc.sqlType()).isEqualTo(sqlType);
        assertThat(jdbc.typeName()).isEqualTo(typeName);
        assertThat(jdbc.precision()).isEqualTo(precision);
        assertThat(jdbc.scale()).isEqualTo(scale);
    }

    @org.junit.jupiter.api.Test
    void nullabilityAndNestedTypesAreKept() {
        JdbcType row = FlinkTypeMapping.toJdbc(
                LogicalTypeParser.parse("ROW<a INT NOT NULL, b ARRAY<STRING>> NOT NULL", getClass().getClassLoader()));
        assertThat(row.nullable()).isFalse();
        assertThat(row.childNames()).containsExactly("a", "b");
        assertThat(row.children().get(0).nullable()).isFalse();
        assertThat(row.children().get(1).children().get(0).sqlType()).isEqualTo(Types.VARCHAR);
    }
}
