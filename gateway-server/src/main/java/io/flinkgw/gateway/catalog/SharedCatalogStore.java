package io.flinkgw.gateway.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.table.catalog.CatalogStore;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * One session's view of the gateway's catalog store (Flink's {@link CatalogStore} seam): the catalogs
 * defined in the gateway's configuration, read-only, and those made by {@code CREATE CATALOG}, kept in
 * the job-store database and so shared by every session of every gateway over it.
 */
final class SharedCatalogStore implements CatalogStore {

    private final Map<String, Map<String, String>> configured;
    private final CatalogRows rows;
    private final String user;
    private final Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SharedCatalogStore(Map<String, Map<String, String>> configured, CatalogRows rows, String user) {
        this.configured = Map.copyOf(requireNonNull(configured, "configured is null"));
        this.rows = requireNonNull(rows, "rows is null");
        this.user = requireNonNull(user, "user is null");
    }

    @Override
    public void storeCatalog(String name, CatalogDescriptor descriptor) {
        if (configured.containsKey(name) || !rows.insertCatalog(name, descriptor.getConfiguration().toMap(), user)) {
            throw new CatalogException(String.format("Catalog %s already exists.", name));
        }
    }

    @Override
    public void removeCatalog(String name, boolean ignoreIfNotExists) {
        if (configured.containsKey(name)) {
            throw new CatalogException("Catalog " + name + " is defined in the gateway's configuration and cannot be dropped");
        }
        if (!rows.deleteCatalog(name) && !ignoreIfNotExists) {
            throw new CatalogException(String.format("Catalog %s does not exist.", name));
        }
    }

    @Override
    public Optional<CatalogDescriptor> getCatalog(String name) {
        Map<String, String> options = configured.containsKey(name) ? configured.get(name) : rows.catalogs().get(name);
        if (options != null && !configured.containsKey(name)) {
            served.add(name);
        }
        return Optional.ofNullable(options).map(found -> CatalogDescriptor.of(name, Configuration.fromMap(found)));
    }

    @Override
    public Set<String> listCatalogs() {
        Set<String> names = new TreeSet<>(configured.keySet());
        names.addAll(rows.catalogs().keySet());
        return names;
    }

    @Override
    public boolean contains(String name) {
        return configured.containsKey(name) || rows.catalogs().containsKey(name);
    }

    /**
     * The catalogs this session took from the database that no longer are there: another session
     * dropped them. They are forgotten, so that they are dropped for this session too.
     */
    Set<String> droppedElsewhere() {
        if (served.isEmpty()) {
            return Set.of();
        }
        Set<String> dropped = new TreeSet<>(served);
        dropped.removeAll(rows.catalogs().keySet());
        served.removeAll(dropped);
        return dropped;
    }

    /** Whether a catalog comes from the gateway's configuration. */
    boolean configured(String name) {
        return configured.containsKey(name);
    }

    @Override
    public void open() {}

    @Override
    public void close() {}
}
