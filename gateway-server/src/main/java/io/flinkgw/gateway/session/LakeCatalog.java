package io.flinkgw.gateway.session;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.config.CatalogOptions;
import java.io.File;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's lakehouse catalog: an Apache Paimon catalog over a warehouse directory the gateway
 * configures, registered in every session under {@link #NAME}. Its tables are managed by the catalog
 * (they have no {@code connector} option), persist in the warehouse, are seen by every connection and
 * survive a gateway restart; the jobs that read and write them run on the per-job clusters, which have
 * Paimon's jar on their class path (the gateway's {@code lib/}).
 *
 * @param name the catalog's name in every session
 * @param warehouse the warehouse, an absolute URI
 */
public record LakeCatalog(String name, String warehouse) {

    private static final Logger LOG = LoggerFactory.getLogger(LakeCatalog.class);

    /** The catalog's name in every session. */
    public static final String NAME = "lake";

    public LakeCatalog {
        requireNonNull(name, "name is null");
        requireNonNull(warehouse, "warehouse is null");
    }

    /**
     * The lake the configuration asks for ({@code lake.enabled}, {@code lake.warehouse}); its warehouse
     * defaults to {@code lake} beside {@code resultRoot} (an absolute URI).
     */
    public static Optional<LakeCatalog> from(Configuration configuration, URI resultRoot) {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(resultRoot, "resultRoot is null");
        if (!configuration.get(CatalogOptions.LAKE_ENABLED)) {
            return Optional.empty();
        }
        String configured = configuration.get(CatalogOptions.LAKE_WAREHOUSE).strip();
        String warehouse = configured.isEmpty() ? beside(resultRoot) : qualify(configured);
        return Optional.of(new LakeCatalog(NAME, warehouse));
    }

    private static String beside(URI resultRoot) {
        String root = resultRoot.toString();
        return URI.create(root.endsWith("/") ? root : root + "/").resolve("../lake").toString();
    }

    /** A local path becomes an absolute file URI; a URI with a scheme stays as it is. */
    private static String qualify(String location) {
        URI uri = URI.create(location.replace('\\', '/'));
        if (uri.getScheme() != null && uri.getScheme().length() > 1) {
            return location;
        }
        return new File(location).getAbsoluteFile().toURI().toString();
    }

    /**
     * Registers the catalog in a session's environment. A warehouse that cannot be opened (a file system
     * down) costs the session its lake, not the session: the failure is logged and the session opens.
     */
    public void registerIn(TableEnvironment environment) {
        Map<String, String> properties = new HashMap<>(Map.of("type", "paimon", "warehouse", warehouse));
        String scheme = URI.create(warehouse).getScheme();
        if (scheme != null && !scheme.equals("file")) {
            // Hadoop caches one file system per scheme and authority in the JVM, and Flink's YARN client
            // closes the instance it used to upload an application's files: the lake opens its own
            properties.put("hadoop.fs." + scheme + ".impl.disable.cache", "true");
        }
        Configuration options = Configuration.fromMap(properties);
        try {
            environment.createCatalog(name, CatalogDescriptor.of(name, options));
        } catch (RuntimeException e) {
            LOG.warn("The catalog '{}' over {} could not be opened; this session has no '{}'", name, warehouse, name, e);
        }
    }
}
