package io.flinkgw.jdbc;

import java.sql.SQLException;

/**
 * flinkgw's extension of {@link java.sql.Statement}: reach it with
 * {@code statement.unwrap(FlinkgwStatement.class)}.
 */
public interface FlinkgwStatement {

    /**
     * The id of the per-job query that produced the statement's current result, or null when the
     * last statement ran in the session (DDL, SET, SHOW, ...). A finished query's result can be read
     * again from any connection of the same user with {@code SELECT * FROM RESULT_SCAN('<id>')}.
     */
    String getQueryId() throws SQLException;
}
