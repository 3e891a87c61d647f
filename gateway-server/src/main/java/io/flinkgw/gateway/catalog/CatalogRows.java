package io.flinkgw.gateway.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * The rows of the shared catalogs in the job-store database (H2 or PostgreSQL). Every call is one
 * short transaction; nothing is cached, so a change made through one gateway or session is seen by the
 * next call of every other. A duplicate key means somebody else created the name first.
 */
final class CatalogRows {

    /** Namespaces of a database's objects: tables and views share one, functions have their own. */
    enum Namespace { RELATION, FUNCTION }

    /** One stored database: its properties and its comment (null: none). */
    record StoredDatabase(Map<String, String> properties, String description) {}

    /** One stored object: its kind (TABLE, VIEW, FUNCTION) and its definition. */
    record StoredObject(String kind, Map<String, String> definition) {}

    private final DataSource dataSource;

    CatalogRows(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    // ---- catalogs made by CREATE CATALOG

    Map<String, Map<String, String>> catalogs() {
        Map<String, Map<String, String>> catalogs = new TreeMap<>();
        query("SELECT catalog_name, options FROM flinkgw_catalog", List.of(), rows -> {
            while (rows.next()) {
                catalogs.put(rows.getString(1), decode(rows.getString(2)));
            }
            return null;
        });
        return catalogs;
    }

    /** Inserts a catalog; false if the name is taken. */
    boolean insertCatalog(String name, Map<String, String> options, String user) {
        return insert("INSERT INTO flinkgw_catalog (catalog_name, options, created_by, created_at) VALUES (?, ?, ?, ?)",
                List.of(name, encode(options), user, Timestamp.from(Instant.now())));
    }

    boolean deleteCatalog(String name) {
        return update("DELETE FROM flinkgw_catalog WHERE catalog_name = ?", List.of(name)) > 0;
    }

    // ---- databases

    List<String> databases(String catalog) {
        return names("SELECT database_name FROM flinkgw_catalog_database WHERE catalog_name = ? ORDER BY database_name",
                List.of(catalog));
    }

    Optional<StoredDatabase> database(String catalog, String database) {
        return query("SELECT properties, description FROM flinkgw_catalog_database WHERE catalog_name = ? AND database_name = ?",
                List.of(catalog, database), rows -> rows.next()
                        ? Optional.of(new StoredDatabase(decode(rows.getString(1)), rows.getString(2)))
                        : Optional.empty());
    }

    boolean insertDatabase(String catalog, String database, Map<String, String> properties, String description) {
        return insert("INSERT INTO flinkgw_catalog_database (catalog_name, database_name, properties, description)"
                + " VALUES (?, ?, ?, ?)", java.util.Arrays.asList(catalog, database, encode(properties), description));
    }

    boolean updateDatabase(String catalog, String database, Map<String, String> properties, String description) {
        return update("UPDATE flinkgw_catalog_database SET properties = ?, description = ?"
                + " WHERE catalog_name = ? AND database_name = ?",
                java.util.Arrays.asList(encode(properties), description, catalog, database)) > 0;
    }

    /** Deletes a database, its objects first when {@code cascade}; false if it does not exist. */
    boolean deleteDatabase(String catalog, String database, boolean cascade) {
        return transaction(connection -> {
            if (cascade) {
                execute(connection, "DELETE FROM flinkgw_catalog_object WHERE catalog_name = ? AND database_name = ?",
                        List.of(catalog, database));
            }
            return execute(connection, "DELETE FROM flinkgw_catalog_database WHERE catalog_name = ? AND database_name = ?",
                    List.of(catalog, database)) > 0;
        });
    }

    boolean hasObjects(String catalog, String database) {
        return query("SELECT COUNT(*) FROM flinkgw_catalog_object WHERE catalog_name = ? AND database_name = ?",
                List.of(catalog, database), rows -> rows.next() && rows.getLong(1) > 0);
    }

    // ---- tables, views and functions

    List<String> objects(String catalog, String database, Namespace namespace, Optional<String> kind) {
        List<Object> parameters = new ArrayList<>(List.of(catalog, database, namespace.name()));
        kind.ifPresent(parameters::add);
        return names("SELECT object_name FROM flinkgw_catalog_object WHERE catalog_name = ? AND database_name = ?"
                + " AND namespace = ?" + (kind.isPresent() ? " AND kind = ?" : "") + " ORDER BY object_name", parameters);
    }

    Optional<StoredObject> object(String catalog, String database, Namespace namespace, String name) {
        return query("SELECT kind, definition FROM flinkgw_catalog_object WHERE catalog_name = ? AND database_name = ?"
                + " AND namespace = ? AND object_name = ?", List.of(catalog, database, namespace.name(), name), rows ->
                rows.next() ? Optional.of(new StoredObject(rows.getString(1), decode(rows.getString(2)))) : Optional.empty());
    }

    /** Inserts an object; false if the name is taken in its namespace. */
    boolean insertObject(String catalog, String database, Namespace namespace, String name, StoredObject object) {
        return insert("INSERT INTO flinkgw_catalog_object (catalog_name, database_name, namespace, object_name, kind,"
                + " definition, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", List.of(catalog, database, namespace.name(),
                name, object.kind(), encode(object.definition()), Timestamp.from(Instant.now())));
    }

    boolean updateObject(String catalog, String database, Namespace namespace, String name, StoredObject object) {
        return update("UPDATE flinkgw_catalog_object SET kind = ?, definition = ?, updated_at = ? WHERE catalog_name = ?"
                + " AND database_name = ? AND namespace = ? AND object_name = ?", List.of(object.kind(),
                encode(object.definition()), Timestamp.from(Instant.now()), catalog, database, namespace.name(), name)) > 0;
    }

    /** Renames an object; false if the new name is taken. */
    boolean renameObject(String catalog, String database, Namespace namespace, String name, String newName) {
        try {
            return update("UPDATE flinkgw_catalog_object SET object_name = ?, updated_at = ? WHERE catalog_name = ?"
                    + " AND database_name = ? AND namespace = ? AND object_name = ?", List.of(newName,
                    Timestamp.from(Instant.now()), catalog, database, namespace.name(), name)) > 0;
        } catch (DuplicateKey e) {
            return false;
        }
    }

    boolean deleteObject(String catalog, String database, Namespace namespace, String name) {
        return update("DELETE FROM flinkgw_catalog_object WHERE catalog_name = ? AND database_name = ? AND namespace = ?"
                + " AND object_name = ?", List.of(catalog, database, namespace.name(), name)) > 0;
    }

    // ---- plumbing

    /** A unique key was violated: the name was taken, maybe a moment ago by another connection. */
    private static final class DuplicateKey extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateKey(SQLException cause) {
            super(cause);
        }
    }

    @FunctionalInterface
    private interface RowsReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private boolean insert(String sql, List<?> parameters) {
        try {
            return update(sql, parameters) == 1;
        } catch (DuplicateKey e) {
            return false;
        }
    }

    private int update(String sql, List<?> parameters) {
        return transaction(connection -> execute(connection, sql, parameters));
    }

    private List<String> names(String sql, List<?> parameters) {
        return query(sql, parameters, rows -> {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return List.copyOf(names);
        });
    }

    private <T> T query(String sql, List<?> parameters, RowsReader<T> reader) {
        return transaction(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters);
                    ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        });
    }

    private <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // 23505: unique violation (H2 and PostgreSQL); 23503: the database a row refers to is gone
            if ("23505".equals(e.getSQLState())) {
                throw new DuplicateKey(e);
            }
            throw new CatalogException("The catalog database is unavailable: " + e.getMessage(), e);
        }
    }

    private static int execute(Connection connection, String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<?> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    static String encode(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        StringWriter writer = new StringWriter();
        try {
            properties.store(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }

    static Map<String, String> decode(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }
}
