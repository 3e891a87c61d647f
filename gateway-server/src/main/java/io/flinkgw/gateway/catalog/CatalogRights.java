package io.flinkgw.gateway.catalog;

import java.util.Optional;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ddl.AlterCatalogCommentOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogOptionsOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogResetOperation;
import org.apache.flink.table.operations.ddl.AlterDatabaseOperation;
import org.apache.flink.table.operations.ddl.AlterTableOperation;
import org.apache.flink.table.operations.ddl.AlterViewOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;
import org.apache.flink.table.operations.ddl.DropCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.DropCatalogOperation;
import org.apache.flink.table.operations.ddl.DropDatabaseOperation;
import org.apache.flink.table.operations.ddl.DropTableOperation;
import org.apache.flink.table.operations.ddl.DropViewOperation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;

/**
 * Which catalog a statement changes the definitions of, if any. TEMPORARY objects belong to the
 * session, not to a catalog; CREATE/DROP/ALTER CATALOG change the gateway's shared catalog store.
 */
final class CatalogRights {

    /** The name under which changes to the catalog store itself are reported. */
    static final String CATALOG_STORE = "the catalog store";

    private CatalogRights() {}

    /** The catalog whose definitions {@code operation} changes; empty for reads, writes of rows and TEMPORARY objects. */
    static Optional<String> changedCatalog(Operation operation) {
        if (operation instanceof CreateTableOperation create) {
            return create.isTemporary() ? Optional.empty() : Optional.of(create.getTableIdentifier().getCatalogName());
        }
        if (operation instanceof CreateTableASOperation createAs) {
            return changedCatalog(createAs.getCreateTableOperation());
        }
        if (operation instanceof ReplaceTableAsOperation replaceAs) {
            return changedCatalog(replaceAs.getCreateTableOperation());
        }
        if (operation instanceof DropTableOperation drop) {
            return drop.isTemporary() ? Optional.empty() : Optional.of(drop.getTableIdentifier().getCatalogName());
        }
        if (operation instanceof AlterTableOperation alter) {
            return Optional.of(alter.getTableIdentifier().getCatalogName());
        }
        if (operation instanceof CreateViewOperation create) {
            return create.isTemporary() ? Optional.empty() : Optional.of(create.getViewIdentifier().getCatalogName());
        }
        if (operation instanceof DropViewOperation drop) {
            return drop.isTemporary() ? Optional.empty() : Optional.of(drop.getViewIdentifier().getCatalogName());
        }
        if (operation instanceof AlterViewOperation alter) {
            return Optional.of(alter.getViewIdentifier().getCatalogName());
        }
        if (operation instanceof CreateDatabaseOperation create) {
            return Optional.of(create.getCatalogName());
        }
        if (operation instanceof DropDatabaseOperation drop) {
            return Optional.of(drop.getCatalogName());
        }
        if (operation instanceof AlterDatabaseOperation alter) {
            return Optional.of(alter.getCatalogName());
        }
        if (operation instanceof CreateCatalogFunctionOperation create) {
            return create.isTemporary() ? Optional.empty() : Optional.of(create.getFunctionIdentifier().getCatalogName());
        }
        if (operation instanceof DropCatalogFunctionOperation drop) {
            return drop.isTemporary() ? Optional.empty() : Optional.of(drop.getFunctionIdentifier().getCatalogName());
        }
        if (operation instanceof AlterCatalogFunctionOperation alter) {
            return alter.isTemporary() ? Optional.empty() : Optional.of(alter.getFunctionIdentifier().getCatalogName());
        }
        if (operation instanceof CreateCatalogOperation
                || operation instanceof DropCatalogOperation
                || operation instanceof AlterCatalogCommentOperation
                || operation instanceof AlterCatalogOptionsOperation
                || operation instanceof AlterCatalogResetOperation) {
            return Optional.of(CATALOG_STORE);
        }
        return Optional.empty();
    }
}
