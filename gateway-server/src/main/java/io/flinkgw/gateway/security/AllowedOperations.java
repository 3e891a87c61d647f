package io.flinkgw.gateway.security;

import java.util.Set;
import org.apache.flink.table.operations.ExplainOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.ShowOperation;

/**
 * The kinds of statement a sandboxed session may run, named one by one: anything Flink adds later
 * (materialized tables, models, procedures, plans, modules, ...) is refused until it is reviewed and
 * named here. Statements that make tables or catalogs are checked further by {@link SqlSandbox}, and
 * every job is checked again, table by table, before it runs.
 */
final class AllowedOperations {

    /** Simple class names of the allowed operations, by what they do. */
    private static final Set<String> ALLOWED = Set.of(
            // tables, views, databases, catalogs and functions of the session
            "CreateTableOperation", "CreateTableASOperation", "ReplaceTableAsOperation", "AlterTableChangeOperation",
            "AlterTableRenameOperation", "DropTableOperation",
            "CreateViewOperation", "AlterViewAsOperation", "AlterViewRenameOperation", "AlterViewPropertiesOperation",
            "DropViewOperation",
            "CreateDatabaseOperation", "AlterDatabaseOperation", "DropDatabaseOperation",
            "CreateCatalogOperation", "AlterCatalogCommentOperation", "DropCatalogOperation",
            "CreateCatalogFunctionOperation", "CreateTempSystemFunctionOperation", "DropCatalogFunctionOperation",
            "DropTempSystemFunctionOperation",
            // writing: every table the job touches is checked before it runs
            "SinkModifyOperation", "StatementSetOperation",
            // looking around
            "DescribeTableOperation", "DescribeFunctionOperation", "DescribeCatalogOperation",
            "UseCatalogOperation", "UseDatabaseOperation", "NopOperation");

    /** Allowed only with {@code sandbox.allow-jars}. */
    private static final Set<String> JARS = Set.of("AddJarOperation", "RemoveJarOperation", "ShowJarsOperation");

    private AllowedOperations() {}

    /** Whether an operation of this kind may run; jar statements only when jars are allowed. */
    static boolean allows(Operation operation, boolean allowJars) {
        String kind = operation.getClass().getSimpleName();
        if (JARS.contains(kind)) {
            return allowJars;
        }
        return ALLOWED.contains(kind)
                || operation instanceof ShowOperation
                || operation instanceof ExplainOperation
                || (operation instanceof QueryOperation && !(operation instanceof ModifyOperation));
    }

    /** How a refused statement is named: its operation kind without the suffix. */
    static String kindOf(Operation operation) {
        return operation.getClass().getSimpleName().replace("Operation", "");
    }
}
