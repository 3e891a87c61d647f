package io.flinkgw.gateway.security;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.ddl.AlterTableChangeOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.DropCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;

/**
 * What SQL from the network may reach: which kinds of statement run at all (an allow-list), which
 * connectors and catalog types a table or catalog may use, which file-system locations its options may
 * name (none outside the allowed roots, never the gateway's own stores), which settings a session may
 * change, and no user jars. Checked on Flink's parsed operation before it runs, and again on every job,
 * table by table, before it is submitted.
 */
public final class SqlSandbox {

    /** Session settings the sandbox pins: OPTIONS hints would let a query re-point a table. */
    public static final Map<String, String> PINNED_SETTINGS = Map.of("table.dynamic-table-options.enabled", "false");

    private final boolean enabled;
    private final Set<String> connectors;
    private final Set<String> catalogTypes;
    private final List<String> allowedRoots;
    private final List<String> forbiddenRoots;
    private final boolean allowJars;
    private final int maxParallelism;
    private final Map<String, String> trustedCatalogs;

    /**
     * @param allowedRoots locations (URIs or local paths) tables may read and write under
     * @param forbiddenRoots locations no table may name, even under an allowed root (the gateway's stores)
     * @param maxParallelism the highest parallelism a session may set
     */
    public SqlSandbox(
            boolean enabled, Set<String> connectors, Set<String> catalogTypes, List<String> allowedRoots,
            List<String> forbiddenRoots, boolean allowJars, int maxParallelism) {
        this.enabled = enabled;
        this.connectors = lower(requireNonNull(connectors, "connectors is null"));
        this.catalogTypes = lower(requireNonNull(catalogTypes, "catalogTypes is null"));
        this.allowedRoots = requireNonNull(allowedRoots, "allowedRoots is null").stream().map(SqlSandbox::normalize).toList();
        this.forbiddenRoots = requireNonNull(forbiddenRoots, "forbiddenRoots is null").stream().map(SqlSandbox::normalize).toList();
        this.allowJars = allowJars;
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("maxParallelism must be positive");
        }
        this.maxParallelism = maxParallelism;
        this.trustedCatalogs = Map.of();
    }

    private SqlSandbox(SqlSandbox base, Map<String, String> trustedCatalogs) {
        this.enabled = base.enabled;
        this.connectors = base.connectors;
        this.catalogTypes = base.catalogTypes;
        this.allowedRoots = base.allowedRoots;
        this.forbiddenRoots = base.forbiddenRoots;
        this.allowJars = base.allowJars;
        this.maxParallelism = base.maxParallelism;
        this.trustedCatalogs = Map.copyOf(trustedCatalogs);
    }

    /**
     * This sandbox, trusting one more catalog the gateway itself configures in every session (the lake):
     * its permanent tables have no {@code connector} option (the catalog manages them), so they are
     * exempt from the connector allow-list, and their location options may also point under
     * {@code location}, the catalog's warehouse. Sessions can neither create, replace nor drop a catalog of
     * that name; tables with a connector, temporary ones included, are checked as anywhere else.
     */
    public SqlSandbox trusting(String catalog, String location) {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(location, "location is null");
        Map<String, String> trusted = new java.util.HashMap<>(trustedCatalogs);
        trusted.put(catalog, normalize(location));
        return new SqlSandbox(this, trusted);
    }

    /** Whether the sandbox checks anything. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Checks a parsed statement before it runs: its kind must be one the sandbox names
     * ({@link AllowedOperations}), and what it creates must use allowed connectors, catalog types and
     * locations. A violation is an error that names the rule.
     */
    public void check(Operation operation) {
        if (!enabled) {
            return;
        }
        if (!AllowedOperations.allows(operation, allowJars)) {
            throw denied(AllowedOperations.kindOf(operation) + " statements are not allowed");
        }
        if (operation instanceof CreateTableOperation create) {
            checkCreated(create);
        } else if (operation instanceof CreateTableASOperation createAs) {
            checkCreated(createAs.getCreateTableOperation());
        } else if (operation instanceof ReplaceTableAsOperation replaceAs) {
            checkCreated(replaceAs.getCreateTableOperation());
        } else if (operation instanceof AlterTableChangeOperation alter) {
            checkTableOptions(alter.getTableIdentifier().asSummaryString(), alter.getNewTable().getOptions(),
                    trustedLocation(alter.getTableIdentifier().getCatalogName(), alter.getNewTable().getOptions()));
        } else if (operation instanceof CreateCatalogOperation catalog) {
            checkNotTrusted(catalog.getCatalogName());
            checkCatalog(catalog.getProperties());
        } else if (operation instanceof DropCatalogOperation catalog) {
            checkNotTrusted(catalog.getCatalogName());
        } else if (operation instanceof CreateCatalogFunctionOperation function) {
            checkFunction(function.getCatalogFunction());
        } else if (operation instanceof CreateTempSystemFunctionOperation function) {
            checkFunction(function.getCatalogFunction());
        }
    }

    /**
     * Checks a job before it runs: every table it reads or writes, with the options it resolved to
     * (after views, {@code LIKE}, {@code ALTER}, whatever made it), must use an allowed connector and
     * allowed locations, so a table made any way is refused when used. {@code ownSink} is the result
     * table the gateway itself added; a table whose options the planner does not tell is refused.
     */
    public void checkJob(StreamGraph job, Map<String, String> ownSink) {
        requireNonNull(job, "job is null");
        requireNonNull(ownSink, "ownSink is null");
        if (!enabled) {
            return;
        }
        for (JobTables.Table table : JobTables.of(job)) {
            Map<String, String> options = table.options()
                    .orElseThrow(() -> denied("cannot tell which options table " + table.name() + " uses"));
            if (!options.equals(ownSink)) {
                String catalog = table.name().split("\\.", 2)[0].replace("`", "");
                checkTableOptions(table.name(), options, trustedLocation(catalog, options));
            }
        }
    }

    /**
     * Checks a SET: only named settings may change ({@code table.*} planner and execution options,
     * the job's name, the parallelism up to {@code sandbox.max-parallelism}, ...); the pinned ones and
     * everything that shapes the cluster or the processes it starts come from the gateway only.
     */
    public void checkSetting(String key, String value) {
        if (!enabled) {
            return;
        }
        if (PINNED_SETTINGS.containsKey(key.strip())) {
            throw denied("'" + key + "' is pinned by the gateway's SQL sandbox");
        }
        AllowedSettings.refusal(key, value, maxParallelism).ifPresent(reason -> {
            throw denied(reason);
        });
    }

    private void checkCreated(CreateTableOperation create) {
        Map<String, String> options = create.getCatalogTable().getOptions();
        Optional<String> trusted = create.isTemporary()
                ? Optional.empty()
                : trustedLocation(create.getTableIdentifier().getCatalogName(), options);
        checkTableOptions("", options, trusted);
    }

    /**
     * The warehouse of a trusted catalog, for a table of it that the catalog manages (no connector);
     * empty for any other table.
     */
    private Optional<String> trustedLocation(String catalog, Map<String, String> options) {
        if (options.containsKey("connector")) {
            return Optional.empty();
        }
        return Optional.ofNullable(trustedCatalogs.get(catalog));
    }

    private void checkNotTrusted(String catalog) {
        if (trustedCatalogs.containsKey(catalog)) {
            throw denied("catalog '" + catalog + "' belongs to the gateway and cannot be created, replaced or dropped");
        }
    }

    /**
     * Checks a table's options: an allowed connector, unless a trusted catalog manages it
     * ({@code trustedLocation}: its warehouse, where its locations may also point).
     */
    private void checkTableOptions(String table, Map<String, String> options, Optional<String> trustedLocation) {
        String connector = options.getOrDefault("connector", "");
        if (trustedLocation.isEmpty() && !connectors.contains(connector.toLowerCase(Locale.ROOT))) {
            throw denied((table.isEmpty() ? "" : "table " + table + ": ") + "connector '" + connector
                    + "' is not allowed (sandbox.allowed-connectors: " + String.join(", ", connectors) + ")");
        }
        options.forEach((key, value) -> {
            if (namesLocation(key)) {
                checkLocation(key, value, trustedLocation);
            }
        });
    }

    private void checkCatalog(Map<String, String> properties) {
        String type = properties.getOrDefault("type", "");
        if (!catalogTypes.contains(type.toLowerCase(Locale.ROOT))) {
            throw denied("catalog type '" + type + "' is not allowed (sandbox.allowed-catalog-types: "
                    + String.join(", ", catalogTypes) + ")");
        }
        properties.forEach((key, value) -> {
            if (namesLocation(key)) {
                checkLocation(key, value, Optional.empty());
            }
        });
    }

    private void checkFunction(CatalogFunction function) {
        if (function != null && function.getFunctionResources() != null && !function.getFunctionResources().isEmpty()) {
            denyJars("CREATE FUNCTION ... USING JAR");
        }
    }

    private void denyJars(String what) {
        if (!allowJars) {
            throw denied(what + " is not allowed (sandbox.allow-jars: false)");
        }
    }

    private void checkLocation(String key, String value, Optional<String> warehouse) {
        String location = normalize(value);
        for (String forbidden : forbiddenRoots) {
            if (under(location, forbidden) || under(forbidden, location)) {
                throw denied("option '" + key + "' names the gateway's own storage");
            }
        }
        if (warehouse.isPresent() && under(location, warehouse.get())) {
            return;
        }
        for (String allowed : allowedRoots) {
            if (under(location, allowed)) {
                return;
            }
        }
        throw denied("option '" + key + "' = '" + value + "' is outside the allowed locations (sandbox.allowed-paths)");
    }

    /** Options that name a file, directory or URL. */
    private static boolean namesLocation(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("path") || lower.endsWith(".path") || lower.endsWith("-path") || lower.contains("dir")
                || lower.endsWith("url") || lower.endsWith("uri") || lower.contains("file");
    }

    private static boolean under(String location, String root) {
        return location.equals(root) || location.startsWith(root.endsWith("/") ? root : root + "/");
    }

    /** A location as an absolute, normalized URI string ("file:/tmp/x"), so "..", "//" and relative paths cannot escape. */
    static String normalize(String location) {
        String trimmed = location.strip();
        URI uri;
        try {
            uri = URI.create(trimmed).normalize();
        } catch (IllegalArgumentException e) {
            uri = new File(trimmed).toURI().normalize();
        }
        if (uri.getScheme() == null || uri.getScheme().length() == 1) {
            uri = new File(trimmed).getAbsoluteFile().toURI().normalize();
        }
        String text = uri.getScheme().toLowerCase(Locale.ROOT) + ":" + (uri.getAuthority() == null ? "" : "//" + uri.getAuthority())
                + (uri.getPath() == null ? "" : uri.getPath().replaceAll("/+", "/"));
        return text.endsWith("/") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
    }

    private static GatewayException denied(String rule) {
        return new GatewayException(ErrorCode.ACCESS_DENIED, "SQL sandbox: " + rule);
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
