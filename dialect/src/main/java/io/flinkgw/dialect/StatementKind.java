package io.flinkgw.dialect;

/** What a SQL statement is, as far as routing it needs to know. */
public enum StatementKind {
    /** SELECT, WITH, VALUES, TABLE, or a parenthesised query: produces rows. */
    QUERY,
    /**
     * INSERT INTO / INSERT OVERWRITE / EXECUTE STATEMENT SET / EXECUTE INSERT: writes through a Flink job
     * and answers with the number of rows written.
     */
    INSERT,
    /** {@code SET} with or without a key. */
    SET,
    /** {@code RESET} with or without a key. */
    RESET,
    /** {@code USE [CATALOG] ...}. */
    USE,
    /** {@code SHOW ...}. */
    SHOW,
    /** {@code DESCRIBE} or {@code DESC}. */
    DESCRIBE,
    /** {@code EXPLAIN ...}. */
    EXPLAIN,
    /** CREATE, DROP, ALTER, LOAD/UNLOAD MODULE, ANALYZE and other catalog statements. */
    DDL,
    /** {@code SELECT * FROM RESULT_SCAN('query-id')}: reads a persisted result again. */
    RESULT_SCAN,
    /**
     * {@code SELECT * FROM FLINKGW_PRIMARY_KEYS('catalog', 'database', 'table')}: the primary key of a
     * table, for {@code DatabaseMetaData.getPrimaryKeys} (Avatica has no RPC for it).
     */
    PRIMARY_KEYS,
    /**
     * {@code SELECT * FROM FLINKGW_FUNCTIONS('catalog', 'database pattern', 'name pattern')}: system and
     * user functions, for {@code DatabaseMetaData.getFunctions}.
     */
    FUNCTIONS,
    /** Only whitespace, comments and semicolons. */
    EMPTY,
    /** Anything else; Flink decides whether it is valid. */
    OTHER;

    /** Whether statements of this kind return rows rather than an update count. */
    public boolean returnsRows() {
        switch (this) {
            case QUERY:
            case SHOW:
            case DESCRIBE:
            case EXPLAIN:
            case RESULT_SCAN:
            case PRIMARY_KEYS:
            case FUNCTIONS:
                return true;
            case INSERT:
            case SET:
            case RESET:
            case USE:
            case DDL:
            case EMPTY:
            case OTHER:
                return false;
        }
        throw new AssertionError(this);
    }
}
