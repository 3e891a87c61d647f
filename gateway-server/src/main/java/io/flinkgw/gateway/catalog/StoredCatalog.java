package io.flinkgw.gateway.catalog;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.catalog.CatalogRows.Namespace;
import io.flinkgw.gateway.catalog.CatalogRows.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.DefaultSqlFactory;
import org.apache.flink.table.expressions.Expression;

/**
 * A catalog whose databases, tables, views and functions live in the gateway's job-store database,
 * shared by every session of every gateway over that database and kept across restarts. Tables and
 * views are stored in Flink's own catalog serialization ({@link CatalogPropertiesUtil}), so any
 * connector's table is kept exactly as Flink's in-memory catalog would keep it. Partitions are those
 * the connector finds (a file system table's directories); the catalog keeps none of its own, and no
 * statistics.
 */
public final class StoredCatalog extends AbstractCatalog {

    private static final String KIND_TABLE = "TABLE";
    private static final String KIND_VIEW = "VIEW";
    private static final String KIND_FUNCTION = "FUNCTION";
    private static final String ORIGINAL_QUERY = "flinkgw.view.original-query";
    private static final String EXPANDED_QUERY = "flinkgw.view.expanded-query";
    private static final String FUNCTION_CLASS = "class";
    private static final String FUNCTION_LANGUAGE = "language";

    private final CatalogRows rows;

    /** A catalog named {@code name} over the catalog tables reached through {@code rows}. */
    StoredCatalog(String name, String defaultDatabase, CatalogRows rows) {
        super(name, defaultDatabase);
        this.rows = requireNonNull(rows, "rows is null");
    }

    @Override
    public void open() {
        // the default database always exists; whichever session opens the catalog first creates it
        rows.insertDatabase(getName(), getDefaultDatabase(), Map.of(), null);
    }

    @Override
    public void close() {}

    // ---- databases

    @Override
    public List<String> listDatabases() {
        return rows.databases(getName());
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
        CatalogRows.StoredDatabase stored = rows.database(getName(), databaseName)
                .orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
        return new CatalogDatabaseImpl(new HashMap<>(stored.properties()), stored.description());
    }

    @Override
    public boolean databaseExists(String databaseName) {
        return rows.database(getName(), databaseName).isPresent();
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException {
        if (!rows.insertDatabase(getName(), name, database.getProperties(), database.getComment()) && !ignoreIfExists) {
            throw new DatabaseAlreadyExistException(getName(), name);
        }
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException {
        if (!databaseExists(name)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new DatabaseNotExistException(getName(), name);
        }
        if (name.equals(getDefaultDatabase())) {
            throw new CatalogException("The default database " + name + " of catalog " + getName() + " cannot be dropped");
        }
        if (!cascade && rows.hasObjects(getName(), name)) {
            throw new DatabaseNotEmptyException(getName(), name);
        }
        rows.deleteDatabase(getName(), name, cascade);
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException {
        if (!rows.updateDatabase(getName(), name, newDatabase.getProperties(), newDatabase.getComment())
                && !ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    // ---- tables and views

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return rows.objects(getName(), databaseName, Namespace.RELATION, Optional.empty());
    }

    @Override
    public List<String> listViews(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return rows.objects(getName(), databaseName, Namespace.RELATION, Optional.of(KIND_VIEW));
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        StoredObject stored = relation(path).orElseThrow(() -> new TableNotExistException(getName(), path));
        Map<String, String> definition = new HashMap<>(stored.definition());
        if (KIND_VIEW.equals(stored.kind())) {
            String original = definition.remove(ORIGINAL_QUERY);
            String expanded = definition.remove(EXPANDED_QUERY);
            CatalogTable shape = CatalogPropertiesUtil.deserializeCatalogTable(definition);
            return CatalogView.of(shape.getUnresolvedSchema(), shape.getComment(), original, expanded, shape.getOptions());
        }
        return CatalogPropertiesUtil.deserializeCatalogTable(definition);
    }

    @Override
    public boolean tableExists(ObjectPath path) {
        return relation(path).isPresent();
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
        if (!rows.deleteObject(getName(), path.getDatabaseName(), Namespace.RELATION, path.getObjectName())
                && !ignoreIfNotExists) {
            throw new TableNotExistException(getName(), path);
        }
    }

    @Override
    public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException {
        if (!tableExists(path)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), path);
        }
        if (!rows.renameObject(getName(), path.getDatabaseName(), Namespace.RELATION, path.getObjectName(), newName)) {
            throw new TableAlreadyExistException(getName(), new ObjectPath(path.getDatabaseName(), newName));
        }
    }

    @Override
    public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        requireDatabase(path.getDatabaseName());
        if (!rows.insertObject(getName(), path.getDatabaseName(), Namespace.RELATION, path.getObjectName(), serialize(table))
                && !ignoreIfExists) {
            throw new TableAlreadyExistException(getName(), path);
        }
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (!rows.updateObject(getName(), path.getDatabaseName(), Namespace.RELATION, path.getObjectName(), serialize(newTable))
                && !ignoreIfNotExists) {
            throw new TableNotExistException(getName(), path);
        }
    }

    private static StoredObject serialize(CatalogBaseTable table) {
        if (table instanceof ResolvedCatalogTable resolved) {
            return new StoredObject(KIND_TABLE, CatalogPropertiesUtil.serializeCatalogTable(resolved, DefaultSqlFactory.INSTANCE));
        }
        if (table instanceof ResolvedCatalogView view) {
            Map<String, String> definition =
                    new HashMap<>(CatalogPropertiesUtil.serializeCatalogView(view, DefaultSqlFactory.INSTANCE));
            definition.put(ORIGINAL_QUERY, view.getOriginalQuery());
            definition.put(EXPANDED_QUERY, view.getExpandedQuery());
            return new StoredObject(KIND_VIEW, definition);
        }
        throw new CatalogException("Only tables and views can be stored in this catalog, not " + table.getTableKind());
    }

    private Optional<StoredObject> relation(ObjectPath path) {
        return rows.object(getName(), path.getDatabaseName(), Namespace.RELATION, path.getObjectName());
    }

    private void requireDatabase(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
    }

    // ---- functions

    @Override
    public List<String> listFunctions(String databaseName) throws DatabaseNotExistException {
        requireDatabase(databaseName);
        return rows.objects(getName(), databaseName, Namespace.FUNCTION, Optional.empty());
    }

    @Override
    public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
        Map<String, String> definition = rows.object(getName(), path.getDatabaseName(), Namespace.FUNCTION,
                        path.getObjectName())
                .orElseThrow(() -> new FunctionNotExistException(getName(), path))
                .definition();
        return new CatalogFunctionImpl(
                definition.get(FUNCTION_CLASS), FunctionLanguage.valueOf(definition.get(FUNCTION_LANGUAGE)));
    }

    @Override
    public boolean functionExists(ObjectPath path) {
        return rows.object(getName(), path.getDatabaseName(), Namespace.FUNCTION, path.getObjectName()).isPresent();
    }

    @Override
    public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
            throws FunctionAlreadyExistException, DatabaseNotExistException {
        requireDatabase(path.getDatabaseName());
        if (!rows.insertObject(getName(), path.getDatabaseName(), Namespace.FUNCTION, path.getObjectName(),
                serialize(function)) && !ignoreIfExists) {
            throw new FunctionAlreadyExistException(getName(), path);
        }
    }

    @Override
    public void alterFunction(ObjectPath path, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws FunctionNotExistException {
        if (!rows.updateObject(getName(), path.getDatabaseName(), Namespace.FUNCTION, path.getObjectName(),
                serialize(newFunction)) && !ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), path);
        }
    }

    @Override
    public void dropFunction(ObjectPath path, boolean ignoreIfNotExists) throws FunctionNotExistException {
        if (!rows.deleteObject(getName(), path.getDatabaseName(), Namespace.FUNCTION, path.getObjectName())
                && !ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), path);
        }
    }

    private static StoredObject serialize(CatalogFunction function) {
        if (!function.getFunctionResources().isEmpty()) {
            // a jar named by a user would be loaded into every session of every gateway
            throw new CatalogException("Functions USING JAR are not kept in a shared catalog; create them TEMPORARY");
        }
        return new StoredObject(KIND_FUNCTION, Map.of(
                FUNCTION_CLASS, function.getClassName(), FUNCTION_LANGUAGE, function.getFunctionLanguage().name()));
    }

    // ---- partitions and statistics: none are kept

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
            throws TableNotExistException, TableNotPartitionedException {
        requirePartitioned(path);
        return List.of();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec)
            throws TableNotExistException, TableNotPartitionedException {
        requirePartitioned(path);
        return List.of();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath path, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException {
        requirePartitioned(path);
        return new ArrayList<>();
    }

    private void requirePartitioned(ObjectPath path) throws TableNotExistException, TableNotPartitionedException {
        CatalogBaseTable table = getTable(path);
        if (!(table instanceof CatalogTable catalogTable) || !catalogTable.isPartitioned()) {
            throw new TableNotPartitionedException(getName(), path);
        }
    }

    @Override
    public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec) throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), path, spec);
    }

    @Override
    public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
        return false;
    }

    @Override
    public void createPartition(ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignoreIfExists) {
        throw new CatalogException("Catalog " + getName() + " keeps no partitions; the connector finds them");
    }

    @Override
    public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), path, spec);
    }

    @Override
    public void alterPartition(ObjectPath path, CatalogPartitionSpec spec, CatalogPartition newPartition,
            boolean ignoreIfNotExists) throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), path, spec);
    }

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath path) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(ObjectPath path, CatalogPartitionSpec spec) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(ObjectPath path, CatalogTableStatistics statistics, boolean ignoreIfNotExists) {
        throw new CatalogException("Catalog " + getName() + " keeps no statistics");
    }

    @Override
    public void alterTableColumnStatistics(ObjectPath path, CatalogColumnStatistics statistics, boolean ignoreIfNotExists) {
        throw new CatalogException("Catalog " + getName() + " keeps no statistics");
    }

    @Override
    public void alterPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec, CatalogTableStatistics statistics,
            boolean ignoreIfNotExists) {
        throw new CatalogException("Catalog " + getName() + " keeps no statistics");
    }

    @Override
    public void alterPartitionColumnStatistics(ObjectPath path, CatalogPartitionSpec spec,
            CatalogColumnStatistics statistics, boolean ignoreIfNotExists) {
        throw new CatalogException("Catalog " + getName() + " keeps no statistics");
    }
}
