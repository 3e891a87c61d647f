package io.flinkgw.gateway.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged result is an error when read, never a shorter or different result. */
class ResultCorruptionTest {

    private static final RowType TYPE = (RowType) LogicalTypeParser.parse(
            "ROW<id BIGINT, label STRING>", ResultCorruptionTest.class.getClassLoader());
    private static final String QUERY = "0123456789abcdef0123";
    private static final int ROWS = 20_000;

    @TempDir Path root;

    @Test
    void flippedBitInAPayloadFailsTheRead() throws IOException {
        Path data = writeResult(ROWS, ROWS);
        byte[] bytes = Files.readAllBytes(data);
        // a byte inside the first block's payload (after magic, version and the block header)
        int target = indexOf(bytes, "label-17".getBytes(StandardCharsets.UTF_8));
        bytes[target + 6] ^= 0x01; // "label-17" becomes "label-07": still a valid row, only a checksum tells
        Files.write(data, bytes);
        assertThatThrownBy(this::readAll)
                .isInstanceOf(ResultCorruptException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void flippedBitInABlockHeaderFailsTheRead() throws IOException {
        Path data = writeResult(ROWS, ROWS);
        byte[] bytes = Files.readAllBytes(data);
        bytes[8 + 3] ^= 0x01; // the first block's row count
        Files.write(data, bytes);
        assertThatThrownBy(this::readAll).isInstanceOf(ResultCorruptException.class);
    }

    @Test
    void truncatedFileFailsTheRead() throws IOException {
        Path data = writeResult(ROWS, ROWS);
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(this::readAll).isInstanceOf(ResultCorruptException.class).hasMessageContaining("truncated");
    }

    @Test
    void fewerRowsThanTheManifestStatesFailTheRead() throws IOException {
        writeResult(ROWS - 1, ROWS);
        assertThatThrownBy(this::readAll)
                .isInstanceOf(ResultCorruptException.class)
                .hasMessageContaining(ROWS - 1 + " rows")
                .hasMessageContaining(ROWS + "");
    }

    @Test
    void fewerRowsThanTheManifestStatesFailASkip() throws IOException {
        writeResult(10, 20);
        try (PersistedResultReader reader = new ResultStore(root.toString()).open(QUERY)) {
            assertThatThrownBy(() -> reader.skipTo(15)).isInstanceOf(ResultCorruptException.class);
        }
    }

    @Test
    void intactResultReadsEveryRow() throws IOException {
        writeResult(ROWS, ROWS);
        assertThat(readAll()).isEqualTo(ROWS);
    }

    private long readAll() throws IOException {
        long rows = 0;
        try (PersistedResultReader reader = new ResultStore(root.toString()).open(QUERY)) {
            while (reader.next() != null) {
                rows++;
            }
        }
        return rows;
    }

    /** Writes {@code rows} rows and a manifest that claims {@code manifestRows}; returns the data file. */
    private Path writeResult(int rows, long manifestRows) throws IOException {
        Path directory = root.resolve(QUERY);
        Path data = directory.resolve(ResultFiles.DATA).resolve("part-0");
        Files.createDirectories(data.getParent());
        try (OutputStream output = Files.newOutputStream(data);
                RowBlockWriter writer = new RowBlockWriter(output, TYPE)) {
            for (int i = 0; i < rows; i++) {
                writer.write(GenericRowData.of((long) i, StringData.fromString("label-" + i)));
            }
            writer.finish();
        }
        ResultManifest manifest =
                new ResultManifest(TYPE, manifestRows, ResultFiles.FIRST_ATTEMPT, List.of(ResultFiles.DATA + "/part-0"), Instant.now());
        try (OutputStream output = Files.newOutputStream(directory.resolve("_manifest"))) {
            manifest.writeTo(output);
        }
        return data;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
