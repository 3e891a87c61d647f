package io.flinkgw.gateway.result;

/**
 * The binary layout of a data file: rows serialized with Flink's own {@code RowDataSerializer},
 * grouped in blocks so that a reader can skip whole blocks and a truncated file is detected.
 *
 * <pre>
 *   file    := MAGIC:int VERSION:int block* END_OF_BLOCKS:int rowCount:long MAGIC:int
 *   block   := rows:int (>0) bytes:int payload[bytes]
 * </pre>
 *
 * Flink's serializer is used because it round-trips every logical type exactly (DECIMAL(38,x),
 * TIMESTAMP(9), TIMESTAMP_LTZ, nested ARRAY/MAP/ROW, NULL) and is the fastest codec Flink has.
 */
final class RowBlockFormat {

    static final int MAGIC = 0x46475231; // "FGR1"
    static final int VERSION = 1;
    static final int END_OF_BLOCKS = -1;
    /** A block is flushed once its payload reaches this many bytes. */
    static final int TARGET_BLOCK_BYTES = 256 * 1024;
    /** Trailer: END_OF_BLOCKS, rowCount, MAGIC. */
    static final int TRAILER_BYTES = 4 + 8 + 4;

    private RowBlockFormat() {}
}
