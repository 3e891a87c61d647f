package io.flinkgw.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.dialect.ClassifiedStatement;
import io.flinkgw.dialect.StatementClassifier;
import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.security.SqlSandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An INSERT compiles into one job: the user's sink and the row count share one computation. */
class FlinkSessionUpdateTest {

    @TempDir static Path directory;
    static FlinkSession session;
    static io.flinkgw.gateway.query.JdbcJobStore store;

    @BeforeAll
    static void open() {
        SqlSandbox sandbox = new SqlSandbox(true, Set.of("filesystem", "blackhole"), Set.of(),
                List.of(directory.toString()), List.of(), false, 8);
        store = io.flinkgw.gateway.query.JdbcJobStore.create(
                "jdbc:h2:file:" + directory.resolve("jobstore"), "sa", "", java.time.Clock.systemUTC());
        io.flinkgw.gateway.catalog.SessionCatalogs catalogs = new io.flinkgw.gateway.catalog.SessionCatalogs(
                store.dataSource(), Map.of(), "default_catalog", Set.of(), true, java.util.Optional.empty());
        session = FlinkSession.open("update-test", "tester", Map.of(), sandbox, catalogs);
        execute("CREATE TABLE people (id BIGINT, name STRING, age INT) WITH ('connector'='filesystem', 'path'='"
                + directory.resolve("people").toUri() + "', 'format'='csv')");
        execute("CREATE TABLE names (name STRING) WITH ('connector'='blackhole')");
    }

    @AfterAll
    static void close() {
        session.close();
        store.close();
    }

    private static void execute(String sql) {
        ClassifiedStatement statement = StatementClassifier.classify(sql);
        session.execute(statement);
    }

    @Test
    void insertAndItsCountReadTheSourceOnce() throws Exception {
        CompiledQuery compiled = session.compileUpdate(
                "INSERT INTO names SELECT UPPER(name) FROM people WHERE age > 30", directory.resolve("result").toString());
        assertThat(compiled.rowType().getFieldNames()).containsExactly("rows");
        assertThat(compiled.rowType().getTypeAt(0).getTypeRoot()).isEqualTo(LogicalTypeRoot.BIGINT);
        StreamGraph graph = ExecutionPlans.deserializeForExecution(compiled.executionPlan(), getClass().getClassLoader());
        assertThat(graph.getSourceIDs()).as("sources of %s", graph.getStreamNodes()).hasSize(1);
        assertThat(operatorNames(graph)).filteredOn(name -> name.startsWith("names")).hasSize(1);
        assertThat(operatorNames(graph)).filteredOn(name -> name.contains("flinkgw-result")).hasSize(1);
    }

    @Test
    void statementSetCountsEveryInsert() throws Exception {
        CompiledQuery compiled = session.compileUpdate("EXECUTE STATEMENT SET BEGIN INSERT INTO names VALUES ('a');"
                + " INSERT INTO names SELECT name FROM people; END", directory.resolve("set").toString());
        StreamGraph graph = ExecutionPlans.deserializeForExecution(compiled.executionPlan(), getClass().getClassLoader());
        assertThat(operatorNames(graph)).filteredOn(name -> name.startsWith("names")).hasSize(2);
        assertThat(operatorNames(graph)).filteredOn(name -> name.contains("flinkgw-result")).hasSize(1);
    }

    private static List<String> operatorNames(StreamGraph graph) {
        return graph.getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
    }
}
