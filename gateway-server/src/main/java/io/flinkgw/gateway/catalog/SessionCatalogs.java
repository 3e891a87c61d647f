package io.flinkgw.gateway.catalog;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.samples.SamplesCatalog;
import io.flinkgw.gateway.session.LakeCatalog;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.operations.Operation;

/**
 * The catalogs every session shares: {@value #PERSISTENT_CATALOG}, kept in the job-store database
 * ({@link StoredCatalog}); the catalogs defined in the gateway's configuration ({@code catalogs.<name>.*});
 * those made by {@code CREATE CATALOG}, kept in the same database; and built-in ones (samples, lake).
 * Each session also has {@value #SESSION_CATALOG}, Flink's in-memory catalog, private to it. Every
 * user reads the shared catalogs; only catalog admins change their definitions.
 */
public final class SessionCatalogs {

    /** The shared catalog kept in the job-store database. */
    public static final String PERSISTENT_CATALOG = "default_catalog";
    /** Each session's private in-memory catalog (Flink's built-in catalog). */
    public static final String SESSION_CATALOG = "session_catalog";
    /** The database every catalog of ours starts with. */
    public static final String DEFAULT_DATABASE = "default_database";
    /** The configuration prefix of gateway-defined catalogs. */
    public static final String PREFIX = "catalogs.";

    private final CatalogRows rows;
    private final Map<String, Map<String, String>> configured;
    private final String defaultCatalog;
    private final Set<String> admins;
    private final boolean everyoneAdmin;
    private final Optional<LakeCatalog> lake;

    /**
     * @param configured catalogs from the gateway's configuration, by name, with their Flink options
     * @param defaultCatalog the catalog a session starts in
     * @param admins users who may change shared catalogs' definitions
     * @param everyoneAdmin whether everyone may (authentication NONE: every user name is a claim)
     * @param lake the gateway's lakehouse catalog, registered in every session, if enabled
     */
    public SessionCatalogs(DataSource dataSource, Map<String, Map<String, String>> configured, String defaultCatalog,
            Set<String> admins, boolean everyoneAdmin, Optional<LakeCatalog> lake) {
        this.rows = new CatalogRows(requireNonNull(dataSource, "dataSource is null"));
        this.configured = Map.copyOf(requireNonNull(configured, "configured is null"));
        this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
        this.admins = Set.copyOf(requireNonNull(admins, "admins is null"));
        this.everyoneAdmin = everyoneAdmin;
        this.lake = requireNonNull(lake, "lake is null");
    }

    /**
     * The catalogs defined under {@code catalogs.<name>.<option>} in the gateway's configuration, each
     * with its options as Flink's {@code CREATE CATALOG ... WITH} would take them ({@code type} included).
     */
    public static Map<String, Map<String, String>> definitions(Map<String, String> configuration) {
        Map<String, Map<String, String>> definitions = new TreeMap<>();
        configuration.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                return; // catalogs.default and the like
            }
            definitions.computeIfAbsent(rest.substring(0, dot), name -> new TreeMap<>()).put(rest.substring(dot + 1), value);
        });
        definitions.forEach((name, options) -> {
            if (!options.containsKey("type")) {
                throw new IllegalArgumentException("Catalog '" + name + "' has no type (" + PREFIX + name + ".type)");
            }
        });
        return definitions;
    }

    /** The names of the catalogs the gateway's administrator defined: trusted, as they are configured. */
    public Set<String> trustedCatalogs() {
        java.util.Set<String> names = new java.util.TreeSet<>(configured.keySet());
        names.add(PERSISTENT_CATALOG);
        names.add(SamplesCatalog.NAME);
        lake.ifPresent(catalog -> names.add(catalog.name()));
        return Set.copyOf(names);
    }

    /** The catalog a new session starts in. */
    public String defaultCatalog() {
        return defaultCatalog;
    }

    /** Catalogs of one session, for a user. */
    public Attached attach(String user) {
        return new Attached(new SharedCatalogStore(configured, rows, requireNonNull(user, "user is null")), user);
    }

    /** One session's catalogs: configures its environment and checks its statements. */
    public final class Attached {

        private final SharedCatalogStore store;
        private final String user;

        private Attached(SharedCatalogStore store, String user) {
            this.store = store;
            this.user = user;
        }

        /** Names the session's private catalog and attaches the shared catalog store. */
        public EnvironmentSettings.Builder configure(EnvironmentSettings.Builder settings) {
            return settings.withBuiltInCatalogName(SESSION_CATALOG).withBuiltInDatabaseName(DEFAULT_DATABASE)
                    .withCatalogStore(store);
        }

        /** Registers the shared catalogs in a new environment and makes the default one current. */
        public void install(TableEnvironment environment) {
            environment.registerCatalog(PERSISTENT_CATALOG, new StoredCatalog(PERSISTENT_CATALOG, DEFAULT_DATABASE, rows));
            environment.registerCatalog(SamplesCatalog.NAME, new SamplesCatalog(SamplesCatalog.NAME));
            lake.ifPresent(catalog -> catalog.registerIn(environment));
            environment.useCatalog(defaultCatalog);
        }

        /** Forgets the catalogs other sessions dropped since the last call. */
        public void refresh(TableEnvironment environment) {
            Set<String> dropped = store.droppedElsewhere();
            if (dropped.isEmpty()) {
                return;
            }
            CatalogManager catalogs = ((TableEnvironmentImpl) environment).getCatalogManager();
            for (String name : dropped) {
                if (name.equals(catalogs.getCurrentCatalog())) {
                    catalogs.setCurrentCatalog(defaultCatalog);
                }
                // gone from the store, so this only closes the session's instance
                catalogs.unregisterCatalog(name, true);
            }
        }

        /** Refuses, with SQLState 42501, a change to a shared catalog's definitions by a user who is no admin. */
        public void checkRights(Operation operation) {
            Optional<String> changed = CatalogRights.changedCatalog(operation);
            if (changed.isEmpty() || changed.get().equals(SESSION_CATALOG) || everyoneAdmin || admins.contains(user)) {
                return;
            }
            throw new GatewayException(ErrorCode.ACCESS_DENIED, "User '" + user + "' may not change the definitions in "
                    + (changed.get().equals(CatalogRights.CATALOG_STORE) ? CatalogRights.CATALOG_STORE
                            : "catalog '" + changed.get() + "'")
                    + ": shared catalogs are changed by security.catalog-admins only (TEMPORARY objects and '"
                    + SESSION_CATALOG + "' are the session's own)");
        }

        /** Whether {@link #checkRights} can refuse anything for this user. */
        public boolean restricted() {
            return !everyoneAdmin && !admins.contains(user);
        }
    }
}
