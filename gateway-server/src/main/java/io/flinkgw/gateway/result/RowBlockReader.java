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
 * block size whatever the file's size. Every block is checked against its checksum (also when it is
 * skipped) and a block must decode to exactly its row count: damage is a {@link
 * ResultCorruptException}, never fewer or other rows. Not thread-safe.
 */
final class RowBlockReader implements AutoCloseable {

    /** Payloads up to this size are read into a buffer allocated at once; larger ones as they arrive. */
    private static final int EAGER_ALLOCATION_BYTES = 16 << 20;

    private final DataInputStream input;
    private final RowDataSerializer serializer;
    private final String name;
    private final boolean checksummed;
    private final DataInputDeserializer block = new DataInputDeserializer();
    private byte[] buffer = new byte[0];
    private int rowsLeftInBlock;
    private long rowsRead;
    private boolean ended;

    RowBlockReader(InputStream input, RowType rowType, String name) throws IOException {
        this.input = new DataInputStream(requireNonNull(input, "input is null"));
        this.serializer = new RowDataSerializer(requireNonNull(rowType, "rowType is null"));
        this.name = requireNonNull(name, "name is null");
        int magic;
        int version;
        try {
            magic = this.input.readInt();
            version = this.input.readInt();
        } catch (EOFException e) {
            throw new ResultCorruptException("Result file " + name + " is truncated (no header)", e);
        }
        if (magic != RowBlockFormat.MAGIC
                || (version != RowBlockFormat.VERSION && version != RowBlockFormat.VERSION_WITHOUT_CHECKSUM)) {
            throw new ResultCorruptException("Not a flinkgw result file (or an unknown version): " + name);
        }
        this.checksummed = version != RowBlockFormat.VERSION_WITHOUT_CHECKSUM;
    }

    /** The next row, or null at the end of the file. The returned row is not reused. */
    RowData next() throws IOException {
        if (rowsLeftInBlock == 0 && !readBlock()) {
            return null;
        }
        RowData row = deserialize();
        rowsRead++;
        return row;
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
                loadPayload(blockRows);
                if (rows - skipped >= blockRows) {
                    // the payload was read to check it, but rows nobody asks for are not decoded
                    rowsLeftInBlock = 0;
                    skipped += blockRows;
                    rowsRead += blockRows;
                    continue;
                }
            }
            deserialize();
            rowsRead++;
            skipped++;
        }
        return skipped;
    }

    private RowData deserialize() throws IOException {
        RowData row;
        try {
            row = serializer.deserialize(block);
        } catch (IOException | RuntimeException e) {
            throw corrupt("a row does not decode", e);
        }
        rowsLeftInBlock--;
        if (rowsLeftInBlock == 0 && block.available() != 0) {
            throw corrupt("a block holds more bytes than its rows", null);
        }
        return row;
    }

    private boolean readBlock() throws IOException {
        int blockRows = readBlockHeader();
        if (blockRows < 0) {
            return false;
        }
        loadPayload(blockRows);
        return true;
    }

    private void loadPayload(int blockRows) throws IOException {
        try {
            int bytes = input.readInt();
            int expectedChecksum = checksummed ? input.readInt() : 0;
            if (bytes <= 0) {
                throw corrupt("a block claims " + bytes + " bytes", null);
            }
            if (bytes <= Math.max(buffer.length, EAGER_ALLOCATION_BYTES)) {
                if (buffer.length < bytes) {
                    buffer = new byte[Math.max(bytes, buffer.length * 2)];
                }
                input.readFully(buffer, 0, bytes);
            } else {
                // a damaged length must not allocate gigabytes: read what is there, then check
                byte[] large = input.readNBytes(bytes);
                if (large.length < bytes) {
                    throw new EOFException();
                }
                buffer = large;
            }
            if (checksummed && RowBlockFormat.checksum(blockRows, buffer, bytes) != expectedChecksum) {
                throw corrupt("a block fails its checksum", null);
            }
            block.setBuffer(buffer, 0, bytes);
            rowsLeftInBlock = blockRows;
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    /** Reads a block's row count, or checks the trailer and returns -1 at the end of the file. */
    private int readBlockHeader() throws IOException {
        if (ended) {
            return -1;
        }
        try {
            int blockRows = input.readInt();
            if (blockRows > 0) {
                return blockRows;
            }
            if (blockRows != RowBlockFormat.END_OF_BLOCKS) {
                throw corrupt("a block claims " + blockRows + " rows", null);
            }
            long total = input.readLong();
            int magic = input.readInt();
            if (magic != RowBlockFormat.MAGIC || total != rowsRead) {
                throw corrupt("its trailer states " + total + " rows after " + rowsRead, null);
            }
            if (input.read() != -1) {
                throw corrupt("bytes follow its trailer", null);
            }
            ended = true;
            return -1;
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    private ResultCorruptException corrupt(String what, Throwable cause) {
        return new ResultCorruptException(
                "Result file " + name + " is corrupt: " + what + " (after row " + rowsRead + ")", cause);
    }

    private ResultCorruptException truncated(EOFException cause) {
        return new ResultCorruptException("Result file " + name + " is truncated after row " + rowsRead, cause);
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
