package io.flinkgw.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;
import org.apache.calcite.avatica.Meta;

/** Avatica's DatabaseMetaData with the answers that are true of Flink rather than Avatica's defaults. */
final class FlinkgwDatabaseMetaData extends AvaticaDatabaseMetaData {

    private final AvaticaConnection connection;

    FlinkgwDatabaseMetaData(AvaticaConnection connection) {
        super(connection);
        this.connection = connection;
    }

    @Override
    public String getDatabaseProductName() {
        return FlinkgwJdbcFactory.databaseProperty(connection, Meta.DatabaseProperty.GET_DATABASE_PRODUCT_NAME, String.class);
    }

    @Override
    public String getDatabaseProductVersion() {
        return FlinkgwJdbcFactory.databaseProperty(connection, Meta.DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, String.class);
    }

    @Override
    public int getDatabaseMajorVersion() {
        return FlinkgwJdbcFactory.databaseProperty(connection, Meta.DatabaseProperty.GET_DATABASE_MAJOR_VERSION, Integer.class);
    }

    @Override
    public int getDatabaseMinorVersion() {
        return FlinkgwJdbcFactory.databaseProperty(connection, Meta.DatabaseProperty.GET_DATABASE_MINOR_VERSION, Integer.class);
    }

    /** Flink's primary-key constraints, read through a gateway statement (Avatica has no RPC for them). */
    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery("SELECT * FROM FLINKGW_PRIMARY_KEYS(" + literal(catalog) + ", " + literal(schema)
                + ", " + literal(table) + ")");
    }

    /** System and catalog functions, read through a gateway statement (Avatica has no RPC for them). */
    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery("SELECT * FROM FLINKGW_FUNCTIONS(" + literal(catalog) + ", " + literal(schemaPattern)
                + ", " + literal(functionNamePattern) + ")");
    }

    private static String literal(String name) {
        return name == null || name.isEmpty() ? "NULL" : "'" + name.replace("'", "''") + "'";
    }

    /**
     * Flink's own identifier quote, so SQL a tool builds from this metadata is valid Flink SQL
     * anywhere; the gateway also accepts ANSI double quotes for tools that always use them.
     */
    @Override
    public String getIdentifierQuoteString() {
        return "`";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public String getSchemaTerm() {
        return "database";
    }

    @Override
    public boolean supportsTransactions() {
        return false;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_NONE;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_NONE;
    }

    @Override
    public boolean supportsStoredProcedures() {
        return false;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return false;
    }

    @Override
    public boolean supportsMultipleResultSets() {
        return false;
    }

    @Override
    public boolean supportsSchemasInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() {
        return true;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() {
        return true;
    }

    @Override
    public boolean supportsFullOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return false;
    }

    @Override
    public boolean supportsSavepoints() {
        return false;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() {
        return true;
    }

    @Override
    public boolean nullsAreSortedHigh() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false;
    }
}
