package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/**
 * The job store on a JDBC database: embedded H2 by default, PostgreSQL in production. The schema is
 * created and migrated by Flyway on start; connections come from a HikariCP pool.
 */
public final class JdbcJobStore implements JobStore {

    private static final String COLUMNS =
            "query_id, user_name, sql_text, state, flink_job_id, cluster_id, result_location, result_schema,"
                    + " row_count, error_message, created_at, updated_at";

    private final HikariDataSource dataSource;
    private final Clock clock;

    private JdbcJobStore(HikariDataSource dataSource, Clock clock) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Connects to the database at {@code url}, migrating its schema to the current version. */
    public static JdbcJobStore create(String url, String user, String password, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DurableJobStoreUrl.of(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("flinkgw-job-store");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:io/flinkgw/gateway/query/migration")
                    .table("flinkgw_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcJobStore(dataSource, clock);
    }

    /** The job-store database, shared with the gateway's persistent catalogs. */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void insert(QueryRecord record) {
        String sql = "INSERT INTO flinkgw_query (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, record.queryId());
            statement.setString(2, record.user());
            statement.setString(3, storable(record.sql()));
            statement.setString(4, record.state().name());
            statement.setString(5, record.flinkJobId().orElse(null));
            statement.setString(6, record.clusterId().orElse(null));
            statement.setString(7, record.resultLocation());
            statement.setString(8, record.resultSchema().orElse(null));
            if (record.rowCount().isPresent()) {
                statement.setLong(9, record.rowCount().get());
            } else {
                statement.setNull(9, Types.BIGINT);
            }
            statement.setString(10, record.error().map(JdbcJobStore::storable).orElse(null));
            statement.setTimestamp(11, Timestamp.from(record.createdAt()));
            statement.setTimestamp(12, Timestamp.from(record.updatedAt()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreException("Could not record query " + record.queryId(), e);
        }
    }

    @Override
    public Optional<QueryRecord> find(String queryId) {
        String sql = "SELECT " + COLUMNS + " FROM flinkgw_query WHERE query_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, queryId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JobStoreException("Could not read query " + queryId, e);
        }
    }

    @Override
    public boolean transition(String queryId, QueryState from, QueryState to, QueryUpdate update) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("Query state cannot move from " + from + " to " + to);
        }
        String sql =
                "UPDATE flinkgw_query SET state = ?, updated_at = ?,"
                        + " flink_job_id = COALESCE(?, flink_job_id), cluster_id = COALESCE(?, cluster_id),"
                        + " result_schema = COALESCE(?, result_schema), row_count = COALESCE(?, row_count),"
                        + " error_message = COALESCE(?, error_message)"
                        + " WHERE query_id = ? AND state = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, to.name());
            statement.setTimestamp(2, Timestamp.from(clock.instant()));
            statement.setString(3, update.flinkJobId().orElse(null));
            statement.setString(4, update.clusterId().orElse(null));
            statement.setString(5, update.resultSchema().orElse(null));
            if (update.rowCount().isPresent()) {
                statement.setLong(6, update.rowCount().get());
            } else {
                statement.setNull(6, Types.BIGINT);
            }
            statement.setString(7, update.error().map(JdbcJobStore::storable).orElse(null));
            statement.setString(8, queryId);
            statement.setString(9, from.name());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new JobStoreException("Could not update query " + queryId, e);
        }
    }

    @Override
    public List<QueryRecord> findByStates(Set<QueryState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String placeholders = states.stream().map(state -> "?").collect(Collectors.joining(", "));
        String sql = "SELECT " + COLUMNS + " FROM flinkgw_query WHERE state IN (" + placeholders + ") ORDER BY created_at";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (QueryState state : states) {
                statement.setString(index++, state.name());
            }
            return readAll(statement);
        } catch (SQLException e) {
            throw new JobStoreException("Could not list queries", e);
        }
    }

    @Override
    public List<QueryRecord> findTerminalBefore(java.time.Instant instant) {
        String sql = "SELECT " + COLUMNS + " FROM flinkgw_query WHERE state IN (?, ?, ?) AND updated_at < ? ORDER BY updated_at";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, QueryState.FINISHED.name());
            statement.setString(2, QueryState.FAILED.name());
            statement.setString(3, QueryState.CANCELED.name());
            statement.setTimestamp(4, Timestamp.from(instant));
            return readAll(statement);
        } catch (SQLException e) {
            throw new JobStoreException("Could not list expired queries", e);
        }
    }

    @Override
    public void delete(String queryId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM flinkgw_query WHERE query_id = ?")) {
            statement.setString(1, queryId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreException("Could not delete query " + queryId, e);
        }
    }

    /**
     * Text as the job store keeps it: U+0000 becomes U+FFFD. PostgreSQL's text types cannot hold U+0000
     * (the insert fails), yet a statement's string literal or a job's error message quoting a value may
     * carry one; H2 is treated alike, so both stores read back the same.
     */
    private static String storable(String text) {
        return text.replace('\u0000', '\ufffd');
    }

    private static List<QueryRecord> readAll(PreparedStatement statement) throws SQLException {
        List<QueryRecord> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(read(rows));
            }
        }
        return List.copyOf(records);
    }

    private static QueryRecord read(ResultSet rows) throws SQLException {
        long rowCount = rows.getLong("row_count");
        Optional<Long> count = rows.wasNull() ? Optional.empty() : Optional.of(rowCount);
        return new QueryRecord(
                rows.getString("query_id"),
                rows.getString("user_name"),
                rows.getString("sql_text"),
                QueryState.valueOf(rows.getString("state")),
                Optional.ofNullable(rows.getString("flink_job_id")),
                Optional.ofNullable(rows.getString("cluster_id")),
                rows.getString("result_location"),
                Optional.ofNullable(rows.getString("result_schema")),
                count,
                Optional.ofNullable(rows.getString("error_message")),
                rows.getTimestamp("created_at").toInstant(),
                rows.getTimestamp("updated_at").toInstant());
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
