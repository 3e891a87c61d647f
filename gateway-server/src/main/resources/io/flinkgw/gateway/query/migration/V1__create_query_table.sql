-- One row per per-job query; portable between H2 and PostgreSQL.
CREATE TABLE flinkgw_query (
    query_id        VARCHAR(64)      NOT NULL PRIMARY KEY,
    user_name       VARCHAR(256)     NOT NULL,
    sql_text        VARCHAR(1000000) NOT NULL,
    state           VARCHAR(16)      NOT NULL,
    flink_job_id    VARCHAR(64),
    cluster_id      VARCHAR(512),
    result_location VARCHAR(4096)    NOT NULL,
    result_schema   VARCHAR(1000000),
    row_count       BIGINT,
    error_message   VARCHAR(1000000),
    created_at      TIMESTAMP        NOT NULL,
    updated_at      TIMESTAMP        NOT NULL
);

CREATE INDEX flinkgw_query_state ON flinkgw_query (state);
