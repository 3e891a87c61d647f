package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/** Writes rows into one data file in {@link RowBlockFormat}. Not thread-safe. */
final class RowBlockWriter implements AutoCloseable {

    private final DataOutputStream output;
    private final RowDataSerializer serializer;
    private final DataOutputSerializer block = new DataOutputSerializer(RowBlockFormat.TARGET_BLOCK_BYTES + 1024);
    private int rowsInBlock;
    private long rowCount;
    private boolean finished;

    RowBlockWriter(OutputStream output, RowType rowType) throws IOException {
        requireNonNull(output, "output is null");
        this.serializer = new RowDataSerializer(requireNonNull(rowType, "rowType is null"));
        this.output = new DataOutputStream(output);
        this.output.writeInt(RowBlockFormat.MAGIC);
        this.output.writeInt(RowBlockFormat.VERSION);
    }

    /** Adds a row; returns true when it completed a block, which is then written out (not yet flushed). */
    boolean write(RowData row) throws IOException {
        serializer.serialize(row, block);
        rowsInBlock++;
        rowCount++;
        if (block.length() >= RowBlockFormat.TARGET_BLOCK_BYTES) {
            flushBlock();
            return true;
        }
        return false;
    }

    /** Whether rows wait in a block that is not written out yet. */
    boolean hasPendingRows() {
        return rowsInBlock > 0;
    }

    /**
     * Ends the current block early (if it holds rows) and flushes every complete block down to the
     * underlying stream, so that a reader of the file sees them; the file stays open for more blocks.
     */
    void publish() throws IOException {
        flushBlock();
        output.flush();
    }

    long rowCount() {
        return rowCount;
    }

    /** Writes the last block and the trailer; a file without a trailer is incomplete. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        flushBlock();
        output.writeInt(RowBlockFormat.END_OF_BLOCKS);
        output.writeLong(rowCount);
        output.writeInt(RowBlockFormat.MAGIC);
        output.flush();
        finished = true;
    }

    private void flushBlock() throws IOException {
        if (rowsInBlock == 0) {
            return;
        }
        output.writeInt(rowsInBlock);
        output.writeInt(block.length());
        output.writeInt(RowBlockFormat.checksum(rowsInBlock, block.getSharedBuffer(), block.length()));
        output.write(block.getSharedBuffer(), 0, block.length());
        block.clear();
        rowsInBlock = 0;
    }

    @Override
    public void close() throws IOException {
        output.close();
    }
}
