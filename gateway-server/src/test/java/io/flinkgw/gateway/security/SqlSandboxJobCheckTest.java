package io.flinkgw.gateway.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.error.GatewayException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.operations.ModifyOperation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check at use: a job's tables are checked as the planner resolved them, however they were made
 * (here in a session the sandbox never saw), so a table made any way is refused when a job uses it.
 */
class SqlSandboxJobCheckTest {

    @TempDir static Path allowed;
    static TableEnvironment unchecked;
    static SqlSandbox sandbox;

    @BeforeAll
    static void tables() {
        sandbox = new SqlSandbox(true, Set.of("filesystem", "blackhole", "datagen"), Set.of(), List.of(allowed.toString()),
                List.of(), false, 8);
        unchecked = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        unchecked.executeSql("CREATE TEMPORARY TABLE passwd (line STRING) WITH ('connector'='filesystem',"
                + " 'path'='file:///etc/passwd', 'format'='raw')");
        unchecked.executeSql("CREATE TEMPORARY TABLE fine (line STRING) WITH ('connector'='filesystem',"
                + " 'path'='" + allowed.toUri() + "', 'format'='raw')");
        unchecked.executeSql("CREATE TEMPORARY VIEW innocent AS SELECT UPPER(line) AS line FROM passwd");
        unchecked.executeSql("CREATE TEMPORARY TABLE sink (line STRING) WITH ('connector'='blackhole')");
        unchecked.executeSql("CREATE TEMPORARY TABLE outside (line STRING) WITH ('connector'='filesystem',"
                + " 'path'='file:///tmp/flinkgw-escape', 'format'='raw')");
        unchecked.executeSql("CREATE TEMPORARY TABLE other (line STRING) WITH ('connector'='print')");
    }

    private static StreamGraph job(String insert) {
        TableEnvironmentImpl environment = (TableEnvironmentImpl) unchecked;
        ModifyOperation operation = (ModifyOperation) environment.getParser().parse(insert).get(0);
        List<Transformation<?>> transformations = environment.getPlanner().translate(List.of(operation));
        return (StreamGraph) environment.generatePipelineFromQueryOperation(operation.getChild(), transformations);
    }

    @Test
    void aJobReadingOutsideTheAllowedRootsIsRefusedEvenThroughAView() {
        assertThatThrownBy(() -> sandbox.checkJob(job("INSERT INTO sink SELECT line FROM innocent"), Map.of()))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("outside the allowed locations");
    }

    @Test
    void aJobWritingOutsideTheAllowedRootsOrToAnotherConnectorIsRefused() {
        assertThatThrownBy(() -> sandbox.checkJob(job("INSERT INTO outside SELECT line FROM fine"), Map.of()))
                .hasMessageContaining("outside the allowed locations");
        assertThatThrownBy(() -> sandbox.checkJob(job("INSERT INTO other SELECT line FROM fine"), Map.of()))
                .hasMessageContaining("connector 'print' is not allowed");
    }

    @Test
    void aJobOnAllowedTablesAndTheGatewaysOwnSinkPasses() {
        assertThatCode(() -> sandbox.checkJob(job("INSERT INTO sink SELECT line FROM fine"), Map.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> sandbox.checkJob(job("INSERT INTO other SELECT line FROM fine"), Map.of("connector", "print")))
                .doesNotThrowAnyException();
    }
}
