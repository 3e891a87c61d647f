package io.flinkgw.gateway.samples;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;

/**
 * A read-only catalog of TPC-H-shaped sample tables (region, nation, customer, orders, lineitem) in one
 * database, {@value #DATABASE}, made on read by the {@code flinkgw-samples} connector: something to
 * browse and join right after the gateway starts. Every change is refused with a
 * {@link CatalogException} that says the catalog is read-only (carrying an access-denied
 * {@link GatewayException}, so clients see SQLState 42501).
 */
public final class SamplesCatalog extends AbstractCatalog {

    /** The name the gateway registers the catalog under in every session. */
    public static final String NAME = "samples";

    /** The catalog's one database. */
    public static final String DATABASE = "tpch";

    /** Creates the catalog under {@code name}. */
    public SamplesCatalog(String name) {
        super(name, DATABASE);
    }

    @Override
    public Optional<Factory> getFactory() {
        return Optional.of(new SamplesTableFactory());
    }

    @Override
    public void open() {}

    @Override
    public void close() {}

    @Override
    public List<String> listDatabases() {
        return List.of(DATABASE);
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return new CatalogDatabaseImpl(Map.of(),
                "TPC-H tables at scale factor 0.005, made on read; read-only");
    }

    @Override
    public boolean databaseExists(String databaseName) {
        return DATABASE.equals(databaseName);
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists) {
        throw readOnly("create database " + name);
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade) {
        throw readOnly("drop database " + name);
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists) {
        throw readOnly("alter database " + name);
    }

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return Arrays.stream(SampleTable.values()).map(SampleTable::tableName).toList();
    }

    @Override
    public List<String> listViews(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return List.of();
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath tablePath) throws TableNotExistException {
        return table(tablePath).catalogTable();
    }

    @Override
    public boolean tableExists(ObjectPath tablePath) {
        return DATABASE.equals(tablePath.getDatabaseName()) && SampleTable.named(tablePath.getObjectName()).isPresent();
    }

    @Override
    public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists) {
        throw readOnly("drop table " + tablePath.getFullName());
    }

    @Override
    public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists) {
        throw readOnly("rename table " + tablePath.getFullName());
    }

    @Override
    public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists) {
        throw readOnly("create table " + tablePath.getFullName());
    }

    @Override
    public void alterTable(ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists) {
        throw readOnly("alter table " + tablePath.getFullName());
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath)
            throws TableNotExistException, TableNotPartitionedException {
        table(tablePath);
        throw new TableNotPartitionedException(getName(), tablePath);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws TableNotExistException, TableNotPartitionedException {
        return listPartitions(tablePath);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath tablePath, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException {
        return listPartitions(tablePath);
    }

    @Override
    public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec, CatalogPartition partition, boolean ignoreIfExists) {
        throw readOnly("create a partition of " + tablePath.getFullName());
    }

    @Override
    public void dropPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists) {
        throw readOnly("drop a partition of " + tablePath.getFullName());
    }

    @Override
    public void alterPartition(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec, CatalogPartition newPartition,
            boolean ignoreIfNotExists) {
        throw readOnly("alter a partition of " + tablePath.getFullName());
    }

    @Override
    public List<String> listFunctions(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return List.of();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath functionPath) throws FunctionNotExistException {
        throw new FunctionNotExistException(getName(), functionPath);
    }

    @Override
    public boolean functionExists(ObjectPath functionPath) {
        return false;
    }

    @Override
    public void createFunction(ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists) {
        throw readOnly("create function " + functionPath.getFullName());
    }

    @Override
    public void alterFunction(ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists) {
        throw readOnly("alter function " + functionPath.getFullName());
    }

    @Override
    public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists) {
        throw readOnly("drop function " + functionPath.getFullName());
    }

    /** The exact row count, so the planner sizes joins well; nothing else is known. */
    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath tablePath) throws TableNotExistException {
        return new CatalogTableStatistics(new TpchRows().rowCount(table(tablePath)), 0, 0, 0);
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath) throws TableNotExistException {
        table(tablePath);
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public void alterTableStatistics(ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists) {
        throw readOnly("analyze table " + tablePath.getFullName());
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath tablePath, CatalogColumnStatistics columnStatistics, boolean ignoreIfNotExists) {
        throw readOnly("analyze table " + tablePath.getFullName());
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec, CatalogTableStatistics partitionStatistics,
            boolean ignoreIfNotExists) {
        throw readOnly("analyze table " + tablePath.getFullName());
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec, CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists) {
        throw readOnly("analyze table " + tablePath.getFullName());
    }

    private void checkDatabase(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
    }

    private SampleTable table(ObjectPath tablePath) throws TableNotExistException {
        if (!DATABASE.equals(tablePath.getDatabaseName())) {
            throw new TableNotExistException(getName(), tablePath);
        }
        return SampleTable.named(tablePath.getObjectName())
                .orElseThrow(() -> new TableNotExistException(getName(), tablePath));
    }

    private CatalogException readOnly(String change) {
        String message = "The " + getName() + " catalog is read-only: cannot " + change;
        return new CatalogException(message, new GatewayException(ErrorCode.ACCESS_DENIED, message));
    }
}
