package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/**
 * Reads one data file in {@link RowBlockFormat}, a block at a time, so memory stays bounded by the
 * block size whatever the file's size. Not thread-safe.
 */
final class RowBlockReader implements AutoCloseable {

    private final DataInputStream input;
    private final RowDataSerializer serializer;
    private final String name;
    private final DataInputDeserializer block = new DataInputDeserializer();
    private byte[] buffer = new byte[0];
    private int rowsLeftInBlock;
    private long rowsRead;
    private boolean ended;

    RowBlockReader(InputStream input, RowType rowType, String name) throws IOException {
        this.input = new DataInputStream(requireNonNull(input, "input is null"));
        this.serializer = new RowDataSerializer(requireNonNull(rowType, "rowType is null"));
        this.name = requireNonNull(name, "name is null");
        int magic = this.input.readInt();
        int version = this.input.readInt();
        if (magic != RowBlockFormat.MAGIC || version != RowBlockFormat.VERSION) {
            throw new IOException("Not a flinkgw result file (or an unknown version): " + name);
        }
    }

    /** The next row, or null at the end of the file. The returned row is not reused. */
    RowData next() throws IOException {
        if (rowsLeftInBlock == 0 && !readBlock()) {
            return null;
        }
        rowsLeftInBlock--;
        rowsRead++;
        return serializer.deserialize(block);
    }

    /** Skips up to {@code rows} rows, whole blocks at a time where it can; returns how many it skipped. */
    long skip(long rows) throws IOException {
        long skipped = 0;
        while (skipped < rows) {
            if (rowsLeftInBlock == 0) {
                int blockRows = readBlockHeader();
                if (blockRows < 0) {
                    return skipped;
                }
                int bytes = input.readInt();
                if (rows - skipped >= blockRows) {
                    input.skipNBytes(bytes);
                    skipped += blockRows;
                    rowsRead += blockRows;
                    continue;
                }
                loadPayload(blockRows, bytes);
            }
            serializer.deserialize(block);
            rowsLeftInBlock--;
            rowsRead++;
            skipped++;
        }
        return skipped;
    }

    private boolean readBlock() throws IOException {
        int blockRows = readBlockHeader();
        if (blockRows < 0) {
            return false;
        }
        loadPayload(blockRows, input.readInt());
        return true;
    }

    private void loadPayload(int blockRows, int bytes) throws IOException {
        if (buffer.length < bytes) {
            buffer = new byte[Math.max(bytes, buffer.length * 2)];
        }
        input.readFully(buffer, 0, bytes);
        block.setBuffer(buffer, 0, bytes);
        rowsLeftInBlock = blockRows;
    }

    /** Reads a block's row count, or checks the trailer and returns -1 at the end of the file. */
    private int readBlockHeader() throws IOException {
        if (ended) {
            return -1;
        }
        try {
            int blockRows = input.readInt();
            if (blockRows != RowBlockFormat.END_OF_BLOCKS) {
                return blockRows;
            }
            long total = input.readLong();
            int magic = input.readInt();
            if (magic != RowBlockFormat.MAGIC || total != rowsRead) {
                throw new IOException("Corrupt trailer in result file " + name);
            }
            ended = true;
            return -1;
        } catch (EOFException e) {
            throw new IOException("Result file " + name + " is truncated", e);
        }
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
