package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.dialect.FlinkTypeMapping;
import io.flinkgw.dialect.JdbcType;
import io.flinkgw.gateway.session.FlinkSession;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;

/**
 * DatabaseMetaData from the session's Flink catalogs: catalogs are JDBC catalogs, databases are JDBC
 * schemas, tables and views are tables. Answers follow the JDBC column layout exactly.
 */
final class CatalogMetadata {

    private static final List<String> TABLE_TYPES = List.of("TABLE", "VIEW");

    private final AtomicInteger statementIds;

    CatalogMetadata(AtomicInteger statementIds) {
        this.statementIds = requireNonNull(statementIds, "statementIds is null");
    }

    Meta.MetaResultSet catalogs(Meta.ConnectionHandle ch, FlinkSession session) {
        List<Object[]> rows = session.inspect(environment -> {
            List<Object[]> result = new ArrayList<>();
            for (String catalog : sorted(catalogManager(environment).listCatalogs())) {
                result.add(new Object[] {catalog});
            }
            return result;
        });
        return resultSet(ch, List.of(text("TABLE_CAT", 0)), rows);
    }

    Meta.MetaResultSet schemas(Meta.ConnectionHandle ch, FlinkSession session, String catalog, Meta.Pat schemaPattern) {
        Pattern schemas = like(schemaPattern);
        List<Object[]> rows = session.inspect(environment -> {
            CatalogManager manager = catalogManager(environment);
            List<Object[]> result = new ArrayList<>();
            for (String catalogName : catalogNames(manager, catalog)) {
                for (String database : databases(manager, catalogName)) {
                    if (schemas.matcher(database).matches()) {
                        result.add(new Object[] {database, catalogName});
                    }
                }
            }
            return result;
        });
        return resultSet(ch, List.of(text("TABLE_SCHEM", 0), text("TABLE_CATALOG", 1)), rows);
    }

    Meta.MetaResultSet tables(
            Meta.ConnectionHandle ch, FlinkSession session, String catalog, Meta.Pat schemaPattern, Meta.Pat tablePattern,
            List<String> types) {
        Pattern schemas = like(schemaPattern);
        Pattern tables = like(tablePattern);
        List<Object[]> rows = session.inspect(environment -> {
            List<Object[]> result = new ArrayList<>();
            for (TableEntry entry : matchingTables(catalogManager(environment), catalog, schemas, tables)) {
                String type = entry.resolved().map(t -> t.getResolvedTable().getTableKind() == CatalogBaseTable.TableKind.VIEW
                        ? "VIEW" : "TABLE").orElse("TABLE");
                if (types != null && !types.isEmpty() && !types.contains(type)) {
                    continue;
                }
                String comment = entry.resolved().map(t -> t.getResolvedTable().getComment()).orElse("");
                result.add(new Object[] {entry.catalog(), entry.database(), entry.table(), type, comment, null, null, null, null, null});
            }
            return result;
        });
        List<ColumnMetaData> columns = new ArrayList<>();
        for (String name : List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
                "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION")) {
            columns.add(text(name, columns.size()));
        }
        return resultSet(ch, columns, rows);
    }

    Meta.MetaResultSet columns(
            Meta.ConnectionHandle ch, FlinkSession session, String catalog, Meta.Pat schemaPattern, Meta.Pat tablePattern,
            Meta.Pat columnPattern) {
        Pattern schemas = like(schemaPattern);
        Pattern tables = like(tablePattern);
        Pattern columnNames = like(columnPattern);
        List<Object[]> rows = session.inspect(environment -> {
            List<Object[]> result = new ArrayList<>();
            for (TableEntry entry : matchingTables(catalogManager(environment), catalog, schemas, tables)) {
                if (entry.resolved().isEmpty()) {
                    continue;
                }
                int position = 0;
                for (Column column : entry.resolved().get().getResolvedSchema().getColumns()) {
                    position++;
                    if (columnNames.matcher(column.getName()).matches()) {
                        result.add(columnRow(entry.catalog(), entry.database(), entry.table(), column, position));
                    }
                }
            }
            return result;
        });
        return resultSet(ch, columnsLayout(), rows);
    }

    /** The JDBC layout of {@code getPrimaryKeys}. */
    static List<ColumnMetaData> primaryKeyColumns() {
        return List.of(text("TABLE_CAT", 0), text("TABLE_SCHEM", 1), text("TABLE_NAME", 2), text("COLUMN_NAME", 3),
                MetaImpl.columnMetaData("KEY_SEQ", 4, Short.class, false), text("PK_NAME", 5));
    }

    /** Primary-key rows (Flink constraints) of the tables matching the exact names given; empty names match all. */
    static List<Object[]> primaryKeys(FlinkSession session, Optional<String> catalog, Optional<String> database, Optional<String> table) {
        Pattern databases = exactly(database);
        Pattern tables = exactly(table);
        return session.inspect(environment -> {
            List<Object[]> result = new ArrayList<>();
            for (TableEntry entry : matchingTables(catalogManager(environment), catalog.orElse(null), databases, tables)) {
                entry.resolved().flatMap(resolved -> resolved.getResolvedSchema().getPrimaryKey()).ifPresent(key -> {
                    short sequence = 0;
                    for (String column : key.getColumns()) {
                        result.add(new Object[] {entry.catalog(), entry.database(), entry.table(), column, ++sequence, key.getName()});
                    }
                });
            }
            return result;
        });
    }

    /** The JDBC layout of {@code getFunctions}. */
    static List<ColumnMetaData> functionColumns() {
        return List.of(text("FUNCTION_CAT", 0), text("FUNCTION_SCHEM", 1), text("FUNCTION_NAME", 2), text("REMARKS", 3),
                MetaImpl.columnMetaData("FUNCTION_TYPE", 4, Short.class, false), text("SPECIFIC_NAME", 5));
    }

    /**
     * System functions (no catalog or schema) and catalog functions, filtered by JDBC LIKE patterns on
     * the database and the name; system functions are listed only when no catalog or database narrows.
     */
    static List<Object[]> functions(
            FlinkSession session, Optional<String> catalog, Optional<String> schemaPattern, Optional<String> namePattern) {
        Pattern schemas = like(schemaPattern.map(Meta.Pat::of).orElse(null));
        // function names are case-insensitive in Flink
        Pattern names = Pattern.compile(like(namePattern.map(Meta.Pat::of).orElse(null)).pattern(),
                Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
        short unknown = (short) DatabaseMetaData.functionResultUnknown;
        return session.inspect(environment -> {
            CatalogManager manager = catalogManager(environment);
            List<Object[]> result = new ArrayList<>();
            boolean narrowed = catalog.isPresent() || schemaPattern.filter(pattern -> !pattern.equals("%")).isPresent();
            if (!narrowed) {
                java.util.Set<String> user = java.util.Set.of(environment.listUserDefinedFunctions());
                for (String function : sorted(java.util.Arrays.asList(environment.listFunctions()))) {
                    if (!user.contains(function) && names.matcher(function).matches()) {
                        result.add(new Object[] {null, null, function, "built-in function", unknown, function});
                    }
                }
            }
            for (String catalogName : catalogNames(manager, catalog.orElse(null))) {
                for (String database : databases(manager, catalogName)) {
                    if (!schemas.matcher(database).matches()) {
                        continue;
                    }
                    List<String> functions = manager.getCatalog(catalogName)
                            .map(c -> {
                                try {
                                    return sorted(c.listFunctions(database));
                                } catch (Exception e) {
                                    return List.<String>of();
                                }
                            })
                            .orElse(List.of());
                    for (String function : functions) {
                        if (names.matcher(function).matches()) {
                            result.add(new Object[] {catalogName, database, function, "", unknown, function});
                        }
                    }
                }
            }
            return result;
        });
    }

    Meta.MetaResultSet tableTypes(Meta.ConnectionHandle ch) {
        List<Object[]> rows = new ArrayList<>();
        TABLE_TYPES.forEach(type -> rows.add(new Object[] {type}));
        return resultSet(ch, List.of(text("TABLE_TYPE", 0)), rows);
    }

    Meta.MetaResultSet typeInfo(Meta.ConnectionHandle ch) {
        List<ColumnMetaData> columns = new ArrayList<>();
        columns.add(text("TYPE_NAME", 0));
        columns.add(MetaImpl.columnMetaData("DATA_TYPE", 1, Integer.class, false));
        columns.add(MetaImpl.columnMetaData("PRECISION", 2, Integer.class, true));
        columns.add(text("LITERAL_PREFIX", 3));
        columns.add(text("LITERAL_SUFFIX", 4));
        columns.add(text("CREATE_PARAMS", 5));
        columns.add(MetaImpl.columnMetaData("NULLABLE", 6, Short.class, false));
        columns.add(MetaImpl.columnMetaData("CASE_SENSITIVE", 7, Boolean.class, false));
        columns.add(MetaImpl.columnMetaData("SEARCHABLE", 8, Short.class, false));
        columns.add(MetaImpl.columnMetaData("UNSIGNED_ATTRIBUTE", 9, Boolean.class, false));
        columns.add(MetaImpl.columnMetaData("FIXED_PREC_SCALE", 10, Boolean.class, false));
        columns.add(MetaImpl.columnMetaData("AUTO_INCREMENT", 11, Boolean.class, false));
        columns.add(text("LOCAL_TYPE_NAME", 12));
        columns.add(MetaImpl.columnMetaData("MINIMUM_SCALE", 13, Short.class, false));
        columns.add(MetaImpl.columnMetaData("MAXIMUM_SCALE", 14, Short.class, false));
        columns.add(MetaImpl.columnMetaData("SQL_DATA_TYPE", 15, Integer.class, true));
        columns.add(MetaImpl.columnMetaData("SQL_DATETIME_SUB", 16, Integer.class, true));
        columns.add(MetaImpl.columnMetaData("NUM_PREC_RADIX", 17, Integer.class, true));
        List<Object[]> rows = new ArrayList<>();
        rows.add(typeRow("BOOLEAN", Types.BOOLEAN, 1, null, null, null, false));
        rows.add(typeRow("TINYINT", Types.TINYINT, 3, null, null, null, false));
        rows.add(typeRow("SMALLINT", Types.SMALLINT, 5, null, null, null, false));
        rows.add(typeRow("INTEGER", Types.INTEGER, 10, null, null, null, false));
        rows.add(typeRow("BIGINT", Types.BIGINT, 19, null, null, null, false));
        rows.add(typeRow("FLOAT", Types.REAL, 7, null, null, null, false));
        rows.add(typeRow("DOUBLE", Types.DOUBLE, 15, null, null, null, false));
        rows.add(typeRow("DECIMAL", Types.DECIMAL, 38, null, null, "precision,scale", false));
        rows.add(typeRow("CHAR", Types.CHAR, 2147483647, "'", "'", "length", true));
        rows.add(typeRow("VARCHAR", Types.VARCHAR, 2147483647, "'", "'", "length", true));
        rows.add(typeRow("STRING", Types.VARCHAR, 2147483647, "'", "'", null, true));
        rows.add(typeRow("BINARY", Types.BINARY, 2147483647, "X'", "'", "length", false));
        rows.add(typeRow("VARBINARY", Types.VARBINARY, 2147483647, "X'", "'", "length", false));
        rows.add(typeRow("BYTES", Types.VARBINARY, 2147483647, "X'", "'", null, false));
        rows.add(typeRow("DATE", Types.DATE, 10, "DATE '", "'", null, false));
        rows.add(typeRow("TIME", Types.TIME, 18, "TIME '", "'", "precision", false));
        rows.add(typeRow("TIMESTAMP", Types.TIMESTAMP, 29, "TIMESTAMP '", "'", "precision", false));
        rows.add(typeRow("TIMESTAMP_LTZ", Types.TIMESTAMP, 29, null, null, "precision", false));
        rows.add(typeRow("ARRAY", Types.ARRAY, 0, null, null, null, false));
        rows.add(typeRow("MAP", Types.JAVA_OBJECT, 0, null, null, null, false));
        rows.add(typeRow("ROW", Types.STRUCT, 0, null, null, null, false));
        rows.sort((left, right) -> Integer.compare((Integer) left[1], (Integer) right[1]));
        return resultSet(ch, columns, rows);
    }

    private static Object[] typeRow(
            String name, int sqlType, int precision, String prefix, String suffix, String createParams, boolean caseSensitive) {
        boolean numeric = sqlType == Types.TINYINT || sqlType == Types.SMALLINT || sqlType == Types.INTEGER
                || sqlType == Types.BIGINT || sqlType == Types.REAL || sqlType == Types.DOUBLE || sqlType == Types.DECIMAL;
        return new Object[] {
            name, sqlType, precision, prefix, suffix, createParams, (short) DatabaseMetaData.typeNullable, caseSensitive,
            (short) DatabaseMetaData.typeSearchable, !numeric, false, false, name, (short) 0,
            (short) (sqlType == Types.DECIMAL ? 38 : sqlType == Types.TIMESTAMP || sqlType == Types.TIME ? 9 : 0),
            null, null, numeric ? 10 : null
        };
    }

    private static Object[] columnRow(String catalog, String database, String table, Column column, int position) {
        JdbcType type = FlinkTypeMapping.toJdbc(column.getDataType().getLogicalType());
        boolean numeric = type.wireForm() == JdbcType.WireForm.DECIMAL || type.signed();
        int nullable = type.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls;
        Integer octets = type.wireForm() == JdbcType.WireForm.STRING || type.wireForm() == JdbcType.WireForm.BYTES
                ? type.precision() : null;
        return new Object[] {
            catalog, database, table, column.getName(), type.sqlType(), type.typeName(), type.precision(), null,
            numeric || type.sqlType() == Types.TIMESTAMP || type.sqlType() == Types.TIME ? type.scale() : null,
            numeric ? 10 : null, nullable, column.getComment().orElse(null), null, null, null, octets, position,
            type.nullable() ? "YES" : "NO", null, null, null, null, "NO", column.isPhysical() ? "NO" : "YES"
        };
    }

    private static List<ColumnMetaData> columnsLayout() {
        List<ColumnMetaData> columns = new ArrayList<>();
        String[] names = {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
            "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE",
            "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA",
            "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"};
        List<String> integers = List.of("DATA_TYPE", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX",
                "NULLABLE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION");
        for (int i = 0; i < names.length; i++) {
            if (integers.contains(names[i])) {
                columns.add(MetaImpl.columnMetaData(names[i], i, Integer.class, true));
            } else if (names[i].equals("SOURCE_DATA_TYPE")) {
                columns.add(MetaImpl.columnMetaData(names[i], i, Short.class, true));
            } else {
                columns.add(text(names[i], i));
            }
        }
        return columns;
    }

    private Meta.MetaResultSet resultSet(Meta.ConnectionHandle ch, List<ColumnMetaData> columns, List<Object[]> rows) {
        Meta.Signature signature =
                Meta.Signature.create(columns, "", List.<AvaticaParameter>of(), Meta.CursorFactory.ARRAY, Meta.StatementType.SELECT);
        return Meta.MetaResultSet.create(
                ch.id, statementIds.incrementAndGet(), true, signature, new Meta.Frame(0, true, new ArrayList<Object>(rows)));
    }

    /** A table of a catalog and database, resolved when Flink can resolve it. */
    private record TableEntry(String catalog, String database, String table, Optional<ContextResolvedTable> resolved) {}

    /** The tables of the matching catalogs, databases and names, in JDBC's order. */
    private static List<TableEntry> matchingTables(CatalogManager manager, String catalog, Pattern databases, Pattern tables) {
        List<TableEntry> entries = new ArrayList<>();
        for (String catalogName : catalogNames(manager, catalog)) {
            for (String database : databases(manager, catalogName)) {
                if (!databases.matcher(database).matches()) {
                    continue;
                }
                for (String table : sorted(manager.listTables(catalogName, database))) {
                    if (tables.matcher(table).matches()) {
                        entries.add(new TableEntry(catalogName, database, table,
                                safely(() -> manager.getTable(ObjectIdentifier.of(catalogName, database, table)))));
                    }
                }
            }
        }
        return entries;
    }

    private static Pattern exactly(Optional<String> name) {
        return Pattern.compile(name.map(Pattern::quote).orElse(".*"), Pattern.DOTALL);
    }

    private static ColumnMetaData text(String name, int index) {
        return MetaImpl.columnMetaData(name, index, String.class, true);
    }

    private static CatalogManager catalogManager(org.apache.flink.table.api.TableEnvironment environment) {
        return ((TableEnvironmentInternal) environment).getCatalogManager();
    }

    private static List<String> catalogNames(CatalogManager manager, String catalog) {
        if (catalog == null) {
            return sorted(manager.listCatalogs());
        }
        return manager.listCatalogs().contains(catalog) ? List.of(catalog) : List.of();
    }

    private static List<String> databases(CatalogManager manager, String catalog) {
        return manager.getCatalog(catalog).map(c -> sorted(c.listDatabases())).orElse(List.of());
    }

    private static List<String> sorted(java.util.Collection<String> names) {
        return names.stream().sorted().toList();
    }

    private static <T> Optional<T> safely(java.util.function.Supplier<Optional<T>> lookup) {
        try {
            return lookup.get();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A JDBC LIKE pattern (with {@code %}, {@code _} and {@code \} escapes) as a regex; null matches all. */
    static Pattern like(Meta.Pat pattern) {
        if (pattern == null || pattern.s == null) {
            return Pattern.compile(".*", Pattern.DOTALL);
        }
        StringBuilder regex = new StringBuilder();
        String s = pattern.s;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                regex.append(Pattern.quote(String.valueOf(s.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
