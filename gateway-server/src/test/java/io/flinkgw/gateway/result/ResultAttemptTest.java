package io.flinkgw.gateway.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.io.FinalizeOnMaster.FinalizationContext;
import org.apache.flink.api.common.io.OutputFormat.InitializationContext;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempt-scoped results: each run of a job writes apart, a writer that did not finish leaves nothing, a commit is final. */
class ResultAttemptTest {

    private static final String QUERY = "abcdefghijklmnop234567abcd";
    private static final RowType TYPE = RowType.of(new BigIntType(), new VarCharType(VarCharType.MAX_LENGTH));

    @TempDir Path root;

    @Test
    void writerThatNeverSawTheEndOfItsInputLeavesNoFile() throws IOException {
        ResultOutputFormat failed = format("attempt-1");
        failed.open(task(0));
        write(failed, 0, 50_000); // several blocks reach the file before the failure
        failed.close();
        assertThat(dataFiles()).as("a failed or cancelled writer's file").isEmpty();

        ResultOutputFormat cleaned = format("attempt-1");
        cleaned.open(task(1));
        write(cleaned, 0, 10);
        cleaned.tryCleanupOnError();
        cleaned.close();
        assertThat(dataFiles()).isEmpty();
        assertThat(new ResultStore(root.toString()).manifest(QUERY)).isEmpty();
    }

    @Test
    void aRerunWritesApartAndCommitsOnlyItsOwnFiles() throws IOException {
        // the first attempt's JobManager is lost in the middle of writing: its file has blocks, no trailer
        ResultOutputFormat lost = format("attempt-1");
        lost.open(task(0));
        write(lost, 0, 50_000);
        Path partial = dataFiles().get(0);
        assertThat(partial.toString()).contains("/data/attempt-1/");

        ResultOutputFormat rerun = format("attempt-2");
        runToCommit(rerun, 0, 100);

        ResultManifest manifest = new ResultStore(root.toString()).manifest(QUERY).orElseThrow();
        assertThat(manifest.attempt()).isEqualTo("attempt-2");
        assertThat(manifest.files()).containsExactly("data/attempt-2/part-0-0.rows");
        assertThat(read()).containsExactlyElementsOf(expected(0, 100));
        assertThat(Files.exists(root.resolve(QUERY).resolve("data/attempt-1"))).as("the lost attempt's files").isFalse();
    }

    @Test
    void aCommitIsFinal() throws IOException {
        runToCommit(format("attempt-1"), 0, 100);
        Path manifestFile = root.resolve(QUERY).resolve(ResultFiles.MANIFEST);
        byte[] committed = Files.readAllBytes(manifestFile);

        // a later attempt (its cluster was relaunched after the commit) writes other rows apart and cannot commit them
        runToCommit(format("attempt-2"), 1_000, 7);

        assertThat(Files.readAllBytes(manifestFile)).isEqualTo(committed);
        assertThat(read()).containsExactlyElementsOf(expected(0, 100));
    }

    @Test
    void aWriterWithAllTheRowsItNeedsCommitsAndKeepsItsFileWhenTheJobIsThenCancelled() throws IOException {
        ResultOutputFormat format = new ResultOutputFormat(root.resolve(QUERY).toString(), TYPE, 0, 0, 10);
        format.attempt("attempt-1");
        format.open(task(0));
        write(format, 0, 50);

        ResultManifest manifest = new ResultStore(root.toString()).manifest(QUERY).orElseThrow();
        assertThat(manifest.rowCount()).isEqualTo(10);
        assertThat(manifest.files()).containsExactly("data/attempt-1/part-0-0.rows");
        format.tryCleanupOnError(); // the gateway cancels the job that still runs
        format.close();
        assertThat(read()).containsExactlyElementsOf(expected(0, 10));
    }

    @Test
    void attemptNamesAreFolderNamesAndNothingElse() {
        ResultOutputFormat format = format("attempt-1");
        for (String bad : List.of("../x", "a/b", "", "Attempt-1", ".hidden")) {
            assertThatThrownBy(() -> format.attempt(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theFirstRowIsPublishedAtOnceForTheClientWaitingForIt() throws IOException {
        ResultOutputFormat running = format("attempt-1");
        running.open(task(0));
        write(running, 0, 1); // far less than a block, long before the writer publishes a partial one
        try (LiveResultReader reader = new ResultStore(root.toString()).openLive(QUERY, TYPE)) {
            List<RowData> published = reader.poll(10);
            assertThat(published).hasSize(1);
            assertThat(published.get(0).getLong(0)).isZero();
        } finally {
            running.close();
        }
    }

    private void runToCommit(ResultOutputFormat format, long first, int rows) throws IOException {
        format.open(task(0));
        write(format, first, rows);
        format.endOfInput();
        format.close();
        format.finalizeGlobal(new FinalizationContext() {
            @Override
            public int getParallelism() {
                return 1;
            }

            @Override
            public int getFinishedAttempt(int subtaskIndex) {
                return 0;
            }
        });
    }

    private ResultOutputFormat format(String attempt) {
        ResultOutputFormat format = new ResultOutputFormat(root.resolve(QUERY).toString(), TYPE, 0, 0, 0);
        format.attempt(attempt);
        return format;
    }

    private static void write(ResultOutputFormat format, long first, int rows) throws IOException {
        for (long i = first; i < first + rows; i++) {
            format.writeRecord(GenericRowData.of(i, StringData.fromString("row " + i + " with some padding to fill blocks")));
        }
    }

    private static List<String> expected(long first, int rows) {
        List<String> values = new ArrayList<>();
        for (long i = first; i < first + rows; i++) {
            values.add(i + ":row " + i + " with some padding to fill blocks");
        }
        return values;
    }

    private List<String> read() throws IOException {
        List<String> values = new ArrayList<>();
        try (PersistedResultReader reader = new ResultStore(root.toString()).open(QUERY)) {
            for (RowData row = reader.next(); row != null; row = reader.next()) {
                values.add(row.getLong(0) + ":" + row.getString(1));
            }
        }
        return values;
    }

    private List<Path> dataFiles() throws IOException {
        Path data = root.resolve(QUERY).resolve(ResultFiles.DATA);
        if (!Files.exists(data)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static InitializationContext task(int subtask) {
        return new InitializationContext() {
            @Override
            public int getNumTasks() {
                return 2;
            }

            @Override
            public int getTaskNumber() {
                return subtask;
            }

            @Override
            public int getAttemptNumber() {
                return 0;
            }
        };
    }
}
