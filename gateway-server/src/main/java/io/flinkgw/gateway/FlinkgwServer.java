package io.flinkgw.gateway;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.avatica.FlinkgwMeta;
import io.flinkgw.gateway.catalog.SessionCatalogs;
import io.flinkgw.gateway.config.CatalogOptions;
import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.config.LocalDeploymentOptions;
import io.flinkgw.gateway.config.YarnWarmOptions;
import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.EarlyCommitDeployer;
import io.flinkgw.gateway.deploy.ShuffleModes;
import io.flinkgw.gateway.deploy.local.LocalProcessDeployer;
import io.flinkgw.gateway.deploy.local.WarmUpJob;
import io.flinkgw.gateway.deploy.yarn.YarnApplicationDeployer;
import io.flinkgw.gateway.http.AvaticaHttpServer;
import io.flinkgw.gateway.http.ConnectionSettings;
import io.flinkgw.gateway.http.SideEndpoints;
import io.flinkgw.gateway.monitor.LiveClusterStatusSource;
import io.flinkgw.gateway.monitor.ResultMarkerStatusSource;
import io.flinkgw.gateway.monitor.StatusChain;
import io.flinkgw.gateway.query.ExpiredResults;
import io.flinkgw.gateway.query.JdbcJobStore;
import io.flinkgw.gateway.query.JobStatusSource;
import io.flinkgw.gateway.query.JobStore;
import io.flinkgw.gateway.query.OrphanResults;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.gateway.security.Authenticator;
import io.flinkgw.gateway.security.CachingAuthenticator;
import io.flinkgw.gateway.security.FileAuthenticator;
import io.flinkgw.gateway.security.LoginThrottle;
import io.flinkgw.gateway.security.RequestUser;
import io.flinkgw.gateway.security.SqlSandbox;
import io.flinkgw.gateway.security.TlsContexts;
import io.flinkgw.gateway.session.FlinkSession;
import io.flinkgw.gateway.session.LakeCatalog;
import io.flinkgw.gateway.session.SessionManager;
import io.flinkgw.protocol.ParameterDeclaration;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.concurrent.CountDownLatch;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the gateway's parts from its configuration, in dependency order, and
 * closes them in reverse.
 */
public final class FlinkgwServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkgwServer.class);
    /** How often a running query's result is looked for, to end a job whose result is complete early. */
    private static final Duration EARLY_COMMIT_POLL = Duration.ofMillis(100);

    private final Deque<AutoCloseable> parts;
    private final AvaticaHttpServer httpServer;
    private final StatusChain statusChain;
    private final QueryManager queries;

    private FlinkgwServer(
            Deque<AutoCloseable> parts, AvaticaHttpServer httpServer, StatusChain statusChain, QueryManager queries) {
        this.queries = queries;
        this.parts = parts;
        this.httpServer = httpServer;
        this.statusChain = statusChain;
    }

    /** Starts a gateway; it serves until {@link #close()}. */
    public static FlinkgwServer start(Configuration configuration) throws Exception {
        requireNonNull(configuration, "configuration is null");
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        Optional<Authenticator> authenticator = createAuthenticator(configuration);
        RequestUser requestUser = new RequestUser();
        try {
            ResultStore resultStore = new ResultStore(qualify(configuration.get(GatewayOptions.RESULT_ROOT)));
            resultStore.createRoot();
            JdbcJobStore jobStore = JdbcJobStore.create(
                    configuration.get(GatewayOptions.JOB_STORE_URL),
                    configuration.get(GatewayOptions.JOB_STORE_USER),
                    configuration.get(GatewayOptions.JOB_STORE_PASSWORD),
                    Clock.systemUTC());
            parts.push(jobStore);
            ClusterDeployer deployer = createDeployer(configuration, resultStore);
            // a result complete before its job (maxRows, LIMIT) ends the job, as finished
            ClusterDeployer earlyCommitting = new EarlyCommitDeployer(deployer, resultStore, EARLY_COMMIT_POLL);
            parts.push(earlyCommitting);
            ResultMarkerStatusSource markers = new ResultMarkerStatusSource(resultStore);
            QueryManager queries = new QueryManager(
                    jobStore, resultStore, earlyCommitting, markers, configuration.get(GatewayOptions.MAX_RUNNING_QUERIES),
                    configuration.get(GatewayOptions.MAX_QUEUED_QUERIES), configuration.get(GatewayOptions.MAX_QUERIES_PER_USER),
                    Clock.systemUTC());
            parts.push(queries);
            List<JobStatusSource> sources = new java.util.ArrayList<>();
            sources.add(new LiveClusterStatusSource(queries::liveJob));
            if (deployer instanceof YarnApplicationDeployer yarn) {
                sources.add(new YarnStatusSource(yarn.applications(), resultStore));
            }
            sources.add(markers);
            StatusChain statusChain = new StatusChain(sources);
            queries.reconcile();

            Map<String, String> sessionDefaults = sessionDefaults(configuration);
            Optional<LakeCatalog> lake = LakeCatalog.from(configuration, resultStore.root().toUri());
            SqlSandbox confined = createSandbox(configuration, resultStore);
            Map<String, Map<String, String>> definitions = SessionCatalogs.definitions(configuration.toMap());
            SqlSandbox sandbox = trustConfiguredCatalogs(
                    lake.map(catalog -> confined.trusting(catalog.name(), catalog.warehouse())).orElse(confined), definitions);
            SessionCatalogs catalogs = new SessionCatalogs(
                    jobStore.dataSource(), definitions,
                    configuration.get(CatalogOptions.CATALOGS_DEFAULT),
                    java.util.Set.copyOf(configuration.get(CatalogOptions.CATALOG_ADMINS)),
                    configuration.get(GatewayOptions.AUTHENTICATION) == GatewayOptions.Authentication.NONE, lake);
            warmUpPlanner(sessionDefaults, sandbox, catalogs, queries, deployer);
            SessionManager sessions = new SessionManager(sessionDefaults, sandbox, catalogs);
            parts.push(sessions);
            FlinkgwMeta meta = new FlinkgwMeta(
                    sessions, queries, configuration.get(GatewayOptions.LONG_POLL), configuration.get(GatewayOptions.FRAME_MAX_ROWS),
                    requestUser, configuration.get(GatewayOptions.MAX_STATEMENT_LENGTH),
                    configuration.get(GatewayOptions.MAX_RESULT_ROWS),
                    configuration.get(GatewayOptions.MAX_CONNECTIONS_PER_USER),
                    configuration.get(GatewayOptions.MAX_STATEMENTS_PER_CONNECTION));
            SideEndpoints sideEndpoints = new SideEndpoints() {
                @Override
                public boolean healthy() {
                    return true;
                }

                @Override
                public String metricsJson() {
                    Runtime runtime = Runtime.getRuntime();
                    return "{\"heapUsedBytes\":" + (runtime.totalMemory() - runtime.freeMemory())
                            + ",\"heapCommittedBytes\":" + runtime.totalMemory()
                            + ",\"heapMaxBytes\":" + runtime.maxMemory()
                            + ",\"openSessions\":" + sessions.size()
                            + ",\"runningClusters\":" + deployer.runningClusters()
                            + ",\"spareClusters\":" + deployer.spareClusters()
                            + ",\"threads\":" + Thread.activeCount() + "}";
                }

                @Override
                public Optional<String> queryStatusJson(String queryId) {
                    return QueryStatus.describe(queries, statusChain, queryId, requestUser.current());
                }

                @Override
                public byte[] fetchBinary(String connectionId, int statementId, long offset, int maxRows) {
                    return meta.fetchBinary(connectionId, statementId, offset, maxRows);
                }

                @Override
                public void declareParameters(String connectionId, int statementId, ParameterDeclaration declaration) {
                    meta.declareParameters(connectionId, statementId, declaration);
                }

                @Override
                public boolean cancel(String connectionId, int statementId) {
                    return meta.cancel(connectionId, statementId);
                }

                @Override
                public Optional<String> queryIdOf(String connectionId, int statementId) {
                    return meta.queryIdOf(connectionId, statementId);
                }
            };
            parts.push(Housekeeping.start(
                    configuration, meta, new ExpiredResults(jobStore, resultStore), new OrphanResults(jobStore, resultStore)));
            AvaticaHttpServer httpServer = AvaticaHttpServer.start(
                    configuration.get(GatewayOptions.BIND_ADDRESS),
                    configuration.get(GatewayOptions.PORT),
                    configuration.get(GatewayOptions.MAX_REQUEST_BYTES),
                    configuration.get(GatewayOptions.REQUEST_THREADS),
                    configuration.get(GatewayOptions.REQUEST_THREAD_KEEP_ALIVE),
                    new LocalService(meta),
                    sideEndpoints,
                    new ConnectionSettings(
                            configuration.get(GatewayOptions.MAX_CONNECTIONS),
                            configuration.get(GatewayOptions.IDLE_TIMEOUT),
                            configuration.get(GatewayOptions.READ_TIMEOUT)),
                    authenticator,
                    new LoginThrottle(
                            configuration.get(GatewayOptions.LOGIN_MAX_FAILURES_PER_USER),
                            configuration.get(GatewayOptions.LOGIN_MAX_FAILURES_PER_ADDRESS),
                            configuration.get(GatewayOptions.LOGIN_LOCKOUT),
                            Clock.systemUTC()),
                    requestUser,
                    TlsContexts.server(configuration));
            parts.push(httpServer);
            LOG.info("flinkgw listens on {}:{} (results under {})",
                    configuration.get(GatewayOptions.BIND_ADDRESS), httpServer.port(), resultStore.root());
            return new FlinkgwServer(parts, httpServer, statusChain, queries);
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /**
     * The authenticator the configuration asks for; refuses to expose a gateway without one on any
     * address but loopback unless explicitly allowed.
     */
    static Optional<Authenticator> createAuthenticator(Configuration configuration) throws IOException {
        switch (configuration.get(GatewayOptions.AUTHENTICATION)) {
            case FILE:
                Authenticator file = FileAuthenticator.load(Path.of(configuration.get(GatewayOptions.USERS_FILE)));
                return Optional.of(new CachingAuthenticator(
                        file, configuration.get(GatewayOptions.CREDENTIAL_CACHE_TTL), Clock.systemUTC()));
            case NONE:
                String bindAddress = configuration.get(GatewayOptions.BIND_ADDRESS);
                if (!InetAddress.getByName(bindAddress).isLoopbackAddress()
                        && !configuration.get(GatewayOptions.ALLOW_UNAUTHENTICATED_REMOTE)) {
                    throw new IllegalArgumentException("Refusing to listen on " + bindAddress + " without authentication:"
                            + " anyone who reaches it could run SQL as any user. Set security.authentication: FILE"
                            + " (with security.users-file), bind 127.0.0.1, or set security.allow-unauthenticated-remote: true.");
                }
                return Optional.empty();
        }
        throw new AssertionError(configuration.get(GatewayOptions.AUTHENTICATION));
    }

    /** The SQL sandbox; the result store and an embedded job store are never reachable from SQL. */
    /**
     * The catalogs the administrator configured with a warehouse (Paimon, Iceberg, ...) manage their
     * tables without a connector option: the sandbox trusts them as it trusts the lake.
     */
    private static SqlSandbox trustConfiguredCatalogs(SqlSandbox sandbox, Map<String, Map<String, String>> definitions) {
        SqlSandbox trusting = sandbox;
        for (Map.Entry<String, Map<String, String>> definition : definitions.entrySet()) {
            String warehouse = definition.getValue().get("warehouse");
            if (warehouse != null && !warehouse.isBlank()) {
                trusting = trusting.trusting(definition.getKey(), warehouse);
            }
        }
        return trusting;
    }

    static SqlSandbox createSandbox(Configuration configuration, ResultStore resultStore) {
        List<String> forbidden = new java.util.ArrayList<>();
        forbidden.add(resultStore.root().toString());
        String jobStore = configuration.get(GatewayOptions.JOB_STORE_URL);
        if (jobStore.startsWith("jdbc:h2:file:")) {
            String file = jobStore.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            forbidden.add(new File(file).getAbsoluteFile().getParent());
        }
        return new SqlSandbox(
                configuration.get(GatewayOptions.SANDBOX_ENABLED),
                java.util.Set.copyOf(configuration.get(GatewayOptions.SANDBOX_CONNECTORS)),
                java.util.Set.copyOf(configuration.get(GatewayOptions.SANDBOX_CATALOG_TYPES)),
                configuration.get(GatewayOptions.SANDBOX_PATHS),
                forbidden,
                configuration.get(GatewayOptions.SANDBOX_ALLOW_JARS),
                configuration.get(GatewayOptions.SANDBOX_MAX_PARALLELISM));
    }

    private static ClusterDeployer createDeployer(Configuration configuration, ResultStore resultStore) throws IOException {
        switch (configuration.get(GatewayOptions.DEPLOYMENT_TARGET)) {
            case LOCAL:
                return new LocalProcessDeployer(LocalProcessDeployer.Settings.from(configuration));
            case YARN_APPLICATION:
                return new YarnApplicationDeployer(yarnSettings(configuration), resultStore);
        }
        throw new AssertionError(configuration.get(GatewayOptions.DEPLOYMENT_TARGET));
    }

    /** The YARN deployer's settings; the defaults ship the gateway's own jars and Java. */
    static YarnApplicationDeployer.Settings yarnSettings(Configuration configuration) {
        String confDir = Optional.of(configuration.get(GatewayOptions.YARN_CONF_DIR)).filter(dir -> !dir.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("YARN_CONF_DIR")))
                .or(() -> Optional.ofNullable(System.getenv("HADOOP_CONF_DIR")))
                .orElseThrow(() -> new IllegalArgumentException("deployment.target is yarn-application but no Hadoop"
                        + " configuration directory is given: set deployment.yarn.conf-dir, YARN_CONF_DIR or HADOOP_CONF_DIR"));
        Path userJar = YarnApplicationDeployer.ownJar();
        List<Path> shipFiles = configuration.get(GatewayOptions.YARN_SHIP_FILES).isEmpty()
                ? List.of(userJar.resolveSibling("lib"))
                : configuration.get(GatewayOptions.YARN_SHIP_FILES).stream().map(Path::of).toList();
        return new YarnApplicationDeployer.Settings(
                Path.of(confDir),
                shipFiles,
                userJar,
                configuration.get(GatewayOptions.YARN_APPLICATION_ATTEMPTS),
                configuration.get(GatewayOptions.YARN_GATEWAY_TAG),
                configuration.get(GatewayOptions.YARN_JOBMANAGER_MEMORY),
                configuration.get(GatewayOptions.YARN_TASKMANAGER_MEMORY),
                configuration.get(GatewayOptions.YARN_TASK_SLOTS),
                Optional.of(configuration.get(GatewayOptions.YARN_JAVA_HOME)).filter(home -> !home.isBlank())
                        .orElse(System.getProperty("java.home")),
                configuration.get(GatewayOptions.YARN_POLL_INTERVAL),
                Optional.of(configuration.get(GatewayOptions.YARN_STAGING_DIR)).filter(dir -> !dir.isBlank()),
                configuration.get(YarnWarmOptions.WARM_APPLICATIONS),
                configuration.get(YarnWarmOptions.SPARE_LEASE_TIMEOUT),
                sessionDefaults(configuration));
    }

    /**
     * Opens one session, so that a catalog configuration no session could open with fails the start,
     * and plans one throwaway query so the planner's classes are loaded before the first client arrives.
     * Local cluster processes get the plan of the job they warm up with ({@link WarmUpJob}).
     */
    private static void warmUpPlanner(Map<String, String> sessionDefaults, SqlSandbox sandbox, SessionCatalogs catalogs,
            QueryManager queries, ClusterDeployer deployer) {
        try (FlinkSession session = FlinkSession.open("warm-up", "flinkgw", sessionDefaults, sandbox, catalogs)) {
            try {
                session.compile("SELECT 1", queries.resultDirectory(queries.newQueryId()));
            } catch (RuntimeException e) {
                LOG.warn("Planner warm-up failed; the first query will be slower", e);
            }
            if (deployer instanceof LocalProcessDeployer local) {
                try {
                    local.warmUpWith(session.compileDiscarding(WarmUpJob::query));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Cluster processes warm up without a compiled query; first queries will be slower", e);
                }
            }
        }
    }

    private static Map<String, String> sessionDefaults(Configuration configuration) {
        Map<String, String> defaults = new LinkedHashMap<>();
        configuration.toMap().forEach((key, value) -> {
            if (key.startsWith(GatewayOptions.FLINK_PREFIX)) {
                defaults.put(key.substring(GatewayOptions.FLINK_PREFIX.length()), value);
            }
        });
        int slots = configuration.get(GatewayOptions.DEPLOYMENT_TARGET) == GatewayOptions.DeploymentTarget.LOCAL
                ? configuration.get(LocalDeploymentOptions.TASK_SLOTS)
                : configuration.get(GatewayOptions.YARN_TASK_SLOTS);
        ShuffleModes.addSessionDefaults(defaults, slots);
        return defaults;
    }

    /** A local path becomes an absolute file URI; a URI with a scheme stays as it is. */
    static String qualify(String root) {
        URI uri = URI.create(root.replace('\\', '/'));
        if (uri.getScheme() != null && uri.getScheme().length() > 1) {
            return root;
        }
        return new File(root).getAbsoluteFile().toURI().toString();
    }

    /** The port clients connect to. */
    public int port() {
        return httpServer.port();
    }

    /** HTTP connections open now. */
    public int openHttpConnections() {
        return httpServer.openConnections();
    }

    /** Waits until the number of open HTTP connections satisfies {@code condition}; false on timeout. */
    public boolean awaitOpenHttpConnections(IntPredicate condition, Duration timeout)
            throws InterruptedException {
        return httpServer.awaitOpenConnections(condition, timeout);
    }

    /** The status chain (live cluster, then result markers). */
    public StatusChain statusChain() {
        return statusChain;
    }

    @Override
    public void close() {
        queries.beginShutdown();
        closeAll(parts);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}", part.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * Starts the gateway from the command line: {@code [--config DIR] [-Dkey=value ...]}; the directory
     * holds {@code config.yaml} in Flink's format.
     */
    public static void main(String[] args) throws Exception {
        String configDirectory = null;
        Configuration overrides = new Configuration();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configDirectory = args[++i];
            } else if (args[i].startsWith("-D") && args[i].contains("=")) {
                String setting = args[i].substring(2);
                overrides.setString(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            } else {
                System.err.println("Usage: flinkgw [--config DIR] [-Dkey=value ...]");
                System.exit(2);
            }
        }
        Configuration configuration = configDirectory == null
                ? new Configuration()
                : GlobalConfiguration.loadConfiguration(configDirectory);
        configuration.addAll(overrides);
        FlinkgwServer server = start(configuration);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "flinkgw-shutdown"));
        System.out.println("flinkgw ready: jdbc:flinkgw://" + configuration.get(GatewayOptions.BIND_ADDRESS) + ":" + server.port()
                + (configuration.get(GatewayOptions.TLS_ENABLED) ? "?ssl=true" : ""));
        stopped.await();
    }
}
