package io.flinkgw.gateway.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Every setting of the gateway, read from {@code config.yaml} in the configuration directory (Flink's
 * format) and from {@code -Dkey=value} arguments. Keys starting with {@code flink.} are handed, without
 * the prefix, to every Flink session as its initial configuration.
 */
public final class GatewayOptions {

    /** Prefix of the keys passed to Flink sessions. */
    public static final String FLINK_PREFIX = "flink.";

    /** Address the HTTP server binds to. */
    public static final ConfigOption<String> BIND_ADDRESS =
            ConfigOptions.key("gateway.bind-address")
                    .stringType()
                    .defaultValue("127.0.0.1")
                    .withDescription("Address the Avatica HTTP server binds to.");

    /** Port of the HTTP server. */
    public static final ConfigOption<Integer> PORT =
            ConfigOptions.key("gateway.port")
                    .intType()
                    .defaultValue(8765)
                    .withDescription("Port of the Avatica HTTP server; 0 picks a free port.");

    /** Maximum size of a request body. */
    public static final ConfigOption<Integer> MAX_REQUEST_BYTES =
            ConfigOptions.key("gateway.max-request-bytes")
                    .intType()
                    .defaultValue(16 * 1024 * 1024)
                    .withDescription("Largest HTTP request body accepted, in bytes.");

    /** Threads that serve requests. */
    public static final ConfigOption<Integer> REQUEST_THREADS =
            ConfigOptions.key("gateway.request-threads")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Threads that execute Avatica requests (a long-polling fetch holds one).");

    /** How long an idle request thread lives. */
    public static final ConfigOption<Duration> REQUEST_THREAD_KEEP_ALIVE =
            ConfigOptions.key("gateway.request-thread-keep-alive")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Request threads idle this long end, so a burst leaves no threads behind.");

    /** Cap on open HTTP connections. */
    public static final ConfigOption<Integer> MAX_CONNECTIONS =
            ConfigOptions.key("gateway.max-connections")
                    .intType()
                    .defaultValue(1024)
                    .withDescription("Open HTTP connections the gateway accepts; one more is answered 503 and closed.");

    /** How long an HTTP connection may wait between requests. */
    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("gateway.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("An HTTP connection without a request this long is closed (clients open a new one;"
                            + " the JDBC connection and its session stay).");

    /** How long a request may take to arrive. */
    public static final ConfigOption<Duration> READ_TIMEOUT =
            ConfigOptions.key("gateway.read-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("A request whose body has not fully arrived this long after its head is answered"
                            + " 408 and its connection closed (slow or half-sent requests cannot hold the gateway).");

    /** Root of the persisted result sets. */
    public static final ConfigOption<String> RESULT_ROOT =
            ConfigOptions.key("result-store.root")
                    .stringType()
                    .defaultValue("data/results")
                    .withDescription(
                            "Directory or Flink file-system URI (file://, hdfs://, s3://) under which each query's"
                                    + " result set is persisted. It must outlive the clusters and be reachable from them.");



    /** JDBC URL of the job store. */
    public static final ConfigOption<String> JOB_STORE_URL =
            ConfigOptions.key("job-store.url")
                    .stringType()
                    .defaultValue("jdbc:h2:file:./data/jobstore/flinkgw")
                    .withDescription(
                            "JDBC URL of the database that keeps query records: embedded H2 by default,"
                                    + " or PostgreSQL (jdbc:postgresql://...).");

    /** User of the job store. */
    public static final ConfigOption<String> JOB_STORE_USER =
            ConfigOptions.key("job-store.user")
                    .stringType()
                    .defaultValue("sa")
                    .withDescription("User name for the job store database.");

    /** Password of the job store. */
    public static final ConfigOption<String> JOB_STORE_PASSWORD =
            ConfigOptions.key("job-store.password")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Password for the job store database.");

    /** Largest frame the server sends. */
    public static final ConfigOption<Integer> FRAME_MAX_ROWS =
            ConfigOptions.key("fetch.frame-max-rows")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Most rows sent in one frame, whatever the client asks; also the frame size when"
                                    + " the client does not say.");

    /** How long a fetch waits for a running query before it answers with an empty frame. */
    public static final ConfigOption<Duration> LONG_POLL =
            ConfigOptions.key("fetch.long-poll-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How long an execute or fetch request waits for a running query before it returns"
                                    + " an empty, not-done frame; keeps every HTTP request short.");

    /** Where per-job clusters run. */
    public static final ConfigOption<DeploymentTarget> DEPLOYMENT_TARGET =
            ConfigOptions.key("deployment.target")
                    .enumType(DeploymentTarget.class)
                    .defaultValue(DeploymentTarget.LOCAL)
                    .withDescription(
                            "Where each batch SELECT gets its own cluster: 'local' (a MiniCluster per query in a"
                                    + " process of its own) or 'yarn-application' (a Flink application on YARN per query).");

    /** The Hadoop/YARN configuration directory. */
    public static final ConfigOption<String> YARN_CONF_DIR =
            ConfigOptions.key("deployment.yarn.conf-dir")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Directory with core-site.xml, hdfs-site.xml and yarn-site.xml; it is also shipped to every"
                                    + " container. Defaults to $YARN_CONF_DIR, then $HADOOP_CONF_DIR.");

    /** Local jars and directories shipped to every application. */
    public static final ConfigOption<List<String>> YARN_SHIP_FILES =
            ConfigOptions.key("deployment.yarn.ship-files")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Local jars and directories of the Flink runtime shipped with every application; empty ships"
                                    + " the gateway's own lib directory, unless flink.yarn.provided.lib.dirs names a"
                                    + " pre-uploaded one.");

    /** Where applications' files are staged. */
    public static final ConfigOption<String> YARN_STAGING_DIR =
            ConfigOptions.key("deployment.yarn.staging-dir")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Directory (a Hadoop file-system URI) under which each application's files are staged, in"
                                    + " .flink/<application id>; empty: the home directory on the default file system."
                                    + " The gateway removes an application's files when it ends, killed ones included.");

    /** Application attempts per query. */
    public static final ConfigOption<Integer> YARN_APPLICATION_ATTEMPTS =
            ConfigOptions.key("deployment.yarn.application-attempts")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Attempts YARN gives a query's application: a lost JobManager is restarted and the query"
                                    + " rerun while attempts are left.");

    /** Identifies this gateway's applications. */
    public static final ConfigOption<String> YARN_GATEWAY_TAG =
            ConfigOptions.key("deployment.yarn.gateway-tag")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "Names this gateway in its applications' YARN tags; on start the gateway kills the"
                                    + " applications with its tag whose queries are over or unknown. Give gateways that"
                                    + " share a YARN cluster different tags.");

    /** JobManager size. */
    public static final ConfigOption<MemorySize> YARN_JOBMANAGER_MEMORY =
            ConfigOptions.key("deployment.yarn.jobmanager-memory")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1024m"))
                    .withDescription("Process memory of each application's JobManager container.");

    /** TaskManager size. */
    public static final ConfigOption<MemorySize> YARN_TASKMANAGER_MEMORY =
            ConfigOptions.key("deployment.yarn.taskmanager-memory")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1536m"))
                    .withDescription("Process memory of each TaskManager container.");

    /** TaskManager slots. */
    public static final ConfigOption<Integer> YARN_TASK_SLOTS =
            ConfigOptions.key("deployment.yarn.task-slots")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Task slots of each TaskManager container.");

    /** The JDK containers run on. */
    public static final ConfigOption<String> YARN_JAVA_HOME =
            ConfigOptions.key("deployment.yarn.java-home")
                    .stringType()
                    .defaultValue("")
                    .withDescription("JAVA_HOME of the containers (Java 17); defaults to the gateway's own Java.");

    /** How often a running application is checked. */
    public static final ConfigOption<Duration> YARN_POLL_INTERVAL =
            ConfigOptions.key("deployment.yarn.poll-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription(
                            "How often the gateway asks YARN how a query's application is doing; it backs off up to"
                                    + " ten times this while YARN cannot be reached.");

    /** Per-job queries running at once. */
    public static final ConfigOption<Integer> MAX_RUNNING_QUERIES =
            ConfigOptions.key("deployment.max-running-queries")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Per-job queries (each with its own cluster) running at once; more wait in a queue while"
                                    + " their clients' fetches long-poll.");

    /** Whether the server speaks HTTPS. */
    public static final ConfigOption<Boolean> TLS_ENABLED =
            ConfigOptions.key("gateway.tls.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Serve HTTPS; the certificate comes from gateway.tls.keystore or from PEM files.");

    /** Key store with the server's key and certificate. */
    public static final ConfigOption<String> TLS_KEYSTORE =
            ConfigOptions.key("gateway.tls.keystore")
                    .stringType()
                    .defaultValue("")
                    .withDescription("PKCS12 or JKS key store holding the server's private key and certificate chain.");

    /** Password of the key store. */
    public static final ConfigOption<String> TLS_KEYSTORE_PASSWORD =
            ConfigOptions.key("gateway.tls.keystore-password")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Password of gateway.tls.keystore (and of its key).");

    /** PEM certificate chain. */
    public static final ConfigOption<String> TLS_CERTIFICATE_FILE =
            ConfigOptions.key("gateway.tls.certificate-file")
                    .stringType()
                    .defaultValue("")
                    .withDescription("PEM certificate chain, used with gateway.tls.key-file when no key store is given.");

    /** PEM private key. */
    public static final ConfigOption<String> TLS_KEY_FILE =
            ConfigOptions.key("gateway.tls.key-file")
                    .stringType()
                    .defaultValue("")
                    .withDescription("PEM PKCS#8 private key for gateway.tls.certificate-file.");

    /** How clients authenticate. */
    public static final ConfigOption<Authentication> AUTHENTICATION =
            ConfigOptions.key("security.authentication")
                    .enumType(Authentication.class)
                    .defaultValue(Authentication.NONE)
                    .withDescription(
                            "How clients authenticate: NONE (the JDBC 'user' property is trusted; only for 127.0.0.1)"
                                    + " or FILE (HTTP BASIC against security.users-file).");

    /** The users file of FILE authentication. */
    public static final ConfigOption<String> USERS_FILE =
            ConfigOptions.key("security.users-file")
                    .stringType()
                    .defaultValue("conf/users")
                    .withDescription("File of 'user:bcrypt-hash' lines (bin/flinkgw-passwd writes them).");

    /** Whether a non-loopback bind without authentication is allowed. */
    public static final ConfigOption<Boolean> ALLOW_UNAUTHENTICATED_REMOTE =
            ConfigOptions.key("security.allow-unauthenticated-remote")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Start even when binding an address other than loopback with authentication NONE."
                                    + " Off by default: anyone who reaches the port could run SQL as anyone.");

    /** How long a verified password is remembered. */
    public static final ConfigOption<Duration> CREDENTIAL_CACHE_TTL =
            ConfigOptions.key("security.credential-cache-ttl")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("How long a successful password check is remembered (as a digest), sparing the slow hash per request.");

    /** Failed logins of one user before it is locked out. */
    public static final ConfigOption<Integer> LOGIN_MAX_FAILURES_PER_USER =
            ConfigOptions.key("security.login.max-failures-per-user")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Failed logins of one user (within 15 minutes) after which its logins are refused"
                            + " with HTTP 429 for security.login.lockout, doubled with every further failure.");

    /** Failed logins from one address before it is locked out. */
    public static final ConfigOption<Integer> LOGIN_MAX_FAILURES_PER_ADDRESS =
            ConfigOptions.key("security.login.max-failures-per-address")
                    .intType()
                    .defaultValue(20)
                    .withDescription("Failed logins from one client address (within 15 minutes) after which its logins"
                            + " are refused with HTTP 429 for security.login.lockout, doubled with every further failure.");

    /** The first lockout after too many failed logins. */
    public static final ConfigOption<Duration> LOGIN_LOCKOUT =
            ConfigOptions.key("security.login.lockout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("How long logins are refused after too many failures; each further failure doubles it"
                            + " (up to 64 times).");

    /** Connections (sessions) one user may have open. */
    public static final ConfigOption<Integer> MAX_CONNECTIONS_PER_USER =
            ConfigOptions.key("limits.max-connections-per-user")
                    .intType()
                    .defaultValue(64)
                    .withDescription("JDBC connections (Flink sessions) one user may have open; one more is refused"
                            + " with SQLState 53400.");

    /** Statements one connection may have open. */
    public static final ConfigOption<Integer> MAX_STATEMENTS_PER_CONNECTION =
            ConfigOptions.key("limits.max-statements-per-connection")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Statements (plain and prepared) one connection may have open; one more is refused"
                            + " with SQLState 53400.");

    /** Longest statement accepted. */
    public static final ConfigOption<Integer> MAX_STATEMENT_LENGTH =
            ConfigOptions.key("limits.max-statement-length")
                    .intType()
                    .defaultValue(1_000_000)
                    .withDescription("Longest SQL statement accepted, in characters.");

    /** Per-job queries one user may have running at once; more wait in the queue. */
    public static final ConfigOption<Integer> MAX_QUERIES_PER_USER =
            ConfigOptions.key("limits.max-queries-per-user")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Per-job queries one user may have running at once; more wait in the queue"
                            + " (limits.max-queued-queries) for one of their own to end, without holding up other"
                            + " users' queries behind them, while their clients' fetches long-poll.");

    /** Queries waiting their turn; only a full queue refuses. */
    public static final ConfigOption<Integer> MAX_QUEUED_QUERIES =
            ConfigOptions.key("limits.max-queued-queries")
                    .intType()
                    .defaultValue(32)
                    .withDescription(
                            "Per-job queries that may wait, first come first served, for a free one of"
                                    + " deployment.max-running-queries or for their user to drop below"
                                    + " limits.max-queries-per-user; a query that would wait when the queue is full is"
                                    + " refused with SQLState 53400. A queued query can be cancelled, time out or go with"
                                    + " its connection; it then ends CANCELED without ever starting a cluster.");

    /** Rows a query's result may hold. */
    public static final ConfigOption<Long> MAX_RESULT_ROWS =
            ConfigOptions.key("limits.max-result-rows")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Rows a query's persisted result may hold; a query that produces more fails (SQLState 54000). 0: no limit.");

    /** How long an unused connection lives. */
    public static final ConfigOption<Duration> SESSION_IDLE_TIMEOUT =
            ConfigOptions.key("limits.session-idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("A connection unused this long is closed with its session and running queries. 0: never.");

    /** How long finished results are kept. */
    public static final ConfigOption<Duration> RESULT_RETENTION =
            ConfigOptions.key("result-store.retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription("Finished, failed and cancelled queries older than this lose their result directory and"
                            + " job-store row. 0: keep forever.");

    /** How old a result directory without a job-store record must be before housekeeping removes it. */
    public static final ConfigOption<Duration> ORPHAN_RESULT_GRACE =
            ConfigOptions.key("result-store.orphan-grace-period")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("A result directory that no job-store record names (left by a gateway killed before"
                            + " its record was stored) is removed once it has not changed for this long; the grace"
                            + " spares a query being submitted at that moment. 0: never remove.");

    /** Whether SQL is confined by the sandbox. */
    public static final ConfigOption<Boolean> SANDBOX_ENABLED =
            ConfigOptions.key("sandbox.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Confine DDL to the allowed connectors, catalog types and locations, without user jars.");

    /** Connectors tables may use. */
    public static final ConfigOption<List<String>> SANDBOX_CONNECTORS =
            ConfigOptions.key("sandbox.allowed-connectors")
                    .stringType()
                    .asList()
                    .defaultValues("datagen", "blackhole", "print", "filesystem", "flinkgw-samples")
                    .withDescription("Connectors tables may use ('filesystem' still needs an allowed path); keep"
                            + " 'flinkgw-samples' (the read-only samples catalog's) when setting it, or the samples are refused.");

    /** Catalog types CREATE CATALOG may use. */
    public static final ConfigOption<List<String>> SANDBOX_CATALOG_TYPES =
            ConfigOptions.key("sandbox.allowed-catalog-types")
                    .stringType()
                    .asList()
                    .defaultValues("generic_in_memory")
                    .withDescription("Catalog types a CREATE CATALOG may name.");

    /** Locations table options may name. */
    public static final ConfigOption<List<String>> SANDBOX_PATHS =
            ConfigOptions.key("sandbox.allowed-paths")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Directories or URIs under which table options (path, ...url, ...file) may point; none by"
                                    + " default. The result store and job store are always refused.");

    /** Whether ADD JAR and CREATE FUNCTION ... USING JAR are allowed. */
    public static final ConfigOption<Boolean> SANDBOX_ALLOW_JARS =
            ConfigOptions.key("sandbox.allow-jars")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Allow ADD JAR and CREATE FUNCTION ... USING JAR (code from users runs in the gateway).");

    /** The highest parallelism a session may SET. */
    public static final ConfigOption<Integer> SANDBOX_MAX_PARALLELISM =
            ConfigOptions.key("sandbox.max-parallelism")
                    .intType()
                    .defaultValue(8)
                    .withDescription("The highest 'parallelism.default' or 'table.exec.resource.default-parallelism' a"
                            + " session may SET; higher values are refused with SQLState 42501.");



    private GatewayOptions() {}

    /** How clients authenticate. */
    public enum Authentication {
        /** No check; the client's 'user' property names the user. */
        NONE,
        /** HTTP BASIC checked against a users file with bcrypt hashes. */
        FILE
    }

    /** Where per-job clusters are started. */
    public enum DeploymentTarget {
        /** A Flink MiniCluster per query in a process of its own (see {@link LocalDeploymentOptions}). */
        LOCAL("local"),
        /** A Flink application cluster on YARN per query. */
        YARN_APPLICATION("yarn-application");

        private final String value;

        DeploymentTarget(String value) {
            this.value = value;
        }

        /** The value as written in the configuration. */
        @Override
        public String toString() {
            return value;
        }
    }
}
