package io.flinkgw.gateway.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows of a file being written: only whole blocks that pass their checksum, from one file only. */
class LiveResultReaderTest {

    private static final String QUERY = "abcdefghijklmnop234567abcd";
    private static final RowType TYPE = RowType.of(new BigIntType(), new VarCharType(VarCharType.MAX_LENGTH));
    private static final int ROWS_PER_BLOCK = 100;

    @TempDir Path root;

    @Test
    void servesExactlyTheWholeBlocksOfAFileCutAnywhere() throws IOException {
        Written file = write(0, 5);
        Path target = dataFile("attempt-1", "part-0-0.rows");
        for (int at = 0; at <= file.bytes.length; at += 997) {
            int cut = at;
            Files.write(target, Arrays.copyOf(file.bytes, cut));
            try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
                int wholeBlocks = (int) Arrays.stream(file.blockEnds).filter(end -> end <= cut).count();
                assertThat(ids(reader.poll(10_000))).as("rows of a file cut at byte %d", cut)
                        .isEqualTo(expected(0, wholeBlocks * ROWS_PER_BLOCK));
                assertThat(reader.lost()).isFalse();
            }
        }
    }

    @Test
    void followsTheFileAsItGrowsAndSeesItsEnd() throws IOException {
        Written file = write(0, 3);
        Path target = dataFile("attempt-1", "part-0-0.rows");
        Files.write(target, Arrays.copyOf(file.bytes, file.blockEnds[0] + 5)); // a block and a bit of the next
        try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
            List<Long> served = new ArrayList<>(ids(reader.poll(30)));
            served.addAll(ids(reader.poll(1_000)));
            assertThat(served).isEqualTo(expected(0, ROWS_PER_BLOCK));
            assertThat(reader.poll(1_000)).isEmpty();

            Files.write(target, file.bytes); // the rest, trailer included
            served.addAll(ids(reader.poll(1_000)));
            assertThat(served).isEqualTo(expected(0, 3 * ROWS_PER_BLOCK));
            assertThat(reader.ended()).isTrue();
            assertThat(reader.position()).isEqualTo(3 * ROWS_PER_BLOCK);
            assertThat(reader.boundFile()).contains("data/attempt-1/part-0-0.rows");
        }
    }

    @Test
    void aBlockThatFailsItsChecksumIsNeverServed() throws IOException {
        Written file = write(0, 3);
        byte[] damaged = file.bytes.clone();
        damaged[file.blockEnds[1] - 3] ^= 0x10; // inside the second block's payload
        Files.write(dataFile("attempt-1", "part-0-0.rows"), damaged);
        try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
            assertThat(ids(reader.poll(10_000))).isEqualTo(expected(0, ROWS_PER_BLOCK));
            assertThat(reader.poll(10_000)).isEmpty();
            assertThat(reader.lost()).isTrue();
        }
    }

    @Test
    void aFileRemovedAfterRowsWereServedIsLost() throws IOException {
        Written file = write(0, 2);
        Path target = dataFile("attempt-1", "part-0-0.rows");
        Files.write(target, Arrays.copyOf(file.bytes, file.blockEnds[0]));
        try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
            assertThat(reader.poll(10_000)).hasSize(ROWS_PER_BLOCK);
            Files.delete(target);
            Files.write(dataFile("attempt-1", "part-0-1.rows"), write(1_000, 2).bytes); // a restarted task's file
            assertThat(reader.poll(10_000)).isEmpty();
            assertThat(reader.lost()).isTrue();
            assertThat(reader.boundFile()).contains("data/attempt-1/part-0-0.rows");
        }
    }

    @Test
    void aFileReplacedByAnotherAfterRowsWereServedServesNoneOfItsRows() throws IOException {
        Path target = dataFile("attempt-1", "part-0-0.rows");
        Written first = write(0, 2);
        Files.write(target, Arrays.copyOf(first.bytes, first.blockEnds[0]));
        try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
            assertThat(reader.poll(10_000)).hasSize(ROWS_PER_BLOCK);
            Files.write(target, write(5_000, 3).bytes); // other rows under the same name
            // the next "block" is the middle of another file's: it fails its checksum or never completes
            assertThat(reader.poll(10_000)).isEmpty();
            assertThat(reader.poll(10_000)).isEmpty();
            assertThat(reader.boundFile()).contains("data/attempt-1/part-0-0.rows");
        }
    }

    @Test
    void beforeAnyRowIsServedTheReaderMovesToTheFileOfTheRunningAttempt() throws IOException {
        Path lost = dataFile("attempt-1", "part-0-0.rows");
        Files.write(lost, Arrays.copyOf(write(0, 1).bytes, 8)); // a header only
        try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
            assertThat(reader.poll(10)).isEmpty();
            Files.delete(lost); // its attempt failed
            assertThat(reader.poll(10)).isEmpty();
            Files.write(dataFile("attempt-2", "part-0-0.rows"), write(7_000, 1).bytes);
            assertThat(ids(reader.poll(10_000))).isEqualTo(expected(7_000, ROWS_PER_BLOCK));
            assertThat(reader.boundFile()).contains("data/attempt-2/part-0-0.rows");
            assertThat(reader.lost()).isFalse();
        }
    }

    @Test
    void noFileYetIsNoRowYet() throws IOException {
        try (LiveResultReader reader = store().openLive(QUERY, TYPE)) {
            assertThat(reader.poll(10)).isEmpty();
            assertThat(reader.boundFile()).isEmpty();
            assertThat(reader.lost()).isFalse();
        }
    }

    /** A file of {@code blocks} published blocks and its trailer, with the end offset of each block. */
    private record Written(byte[] bytes, int[] blockEnds) {}

    private static Written write(long first, int blocks) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int[] ends = new int[blocks];
        try (RowBlockWriter writer = new RowBlockWriter(output, TYPE)) {
            long id = first;
            for (int block = 0; block < blocks; block++) {
                for (int row = 0; row < ROWS_PER_BLOCK; row++, id++) {
                    writer.write(GenericRowData.of(id, StringData.fromString("row " + id)));
                }
                writer.publish();
                ends[block] = output.size();
            }
            writer.finish();
        }
        return new Written(output.toByteArray(), ends);
    }

    private ResultStore store() {
        return new ResultStore(root.toString());
    }

    private Path dataFile(String attempt, String name) throws IOException {
        Path directory = root.resolve(QUERY).resolve(ResultFiles.DATA).resolve(attempt);
        Files.createDirectories(directory);
        return directory.resolve(name);
    }

    private static List<Long> ids(List<RowData> rows) {
        List<Long> ids = new ArrayList<>();
        for (RowData row : rows) {
            assertThat(row.getString(1).toString()).isEqualTo("row " + row.getLong(0));
            ids.add(row.getLong(0));
        }
        return ids;
    }

    private static List<Long> expected(long first, int rows) {
        List<Long> ids = new ArrayList<>();
        for (long id = first; id < first + rows; id++) {
            ids.add(id);
        }
        return ids;
    }
}
