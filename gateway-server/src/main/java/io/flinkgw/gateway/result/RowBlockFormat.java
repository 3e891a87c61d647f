package io.flinkgw.gateway.result;

import java.util.zip.CRC32C;

/**
 * The binary layout of a data file: rows serialized with Flink's own {@code RowDataSerializer},
 * grouped in blocks so that a reader can skip whole blocks and a truncated file is detected.
 *
 * <pre>
 *   file    := MAGIC:int VERSION:int block* END_OF_BLOCKS:int rowCount:long MAGIC:int
 *   block   := rows:int (>0) bytes:int checksum:int payload[bytes]
 * </pre>
 *
 * The checksum is the CRC-32C of the block's row count and payload, so a flipped bit anywhere in a
 * block is an error rather than a different value. Version 1 files (blocks without a checksum) are
 * still read.
 *
 * Flink's serializer is used because it round-trips every logical type exactly (DECIMAL(38,x),
 * TIMESTAMP(9), TIMESTAMP_LTZ, nested ARRAY/MAP/ROW, NULL) and is the fastest codec Flink has.
 */
final class RowBlockFormat {

    static final int MAGIC = 0x46475231; // "FGR1"
    static final int VERSION = 2;
    /** The version before blocks carried a checksum. */
    static final int VERSION_WITHOUT_CHECKSUM = 1;
    static final int END_OF_BLOCKS = -1;
    /** A block is flushed once its payload reaches this many bytes. */
    static final int TARGET_BLOCK_BYTES = 256 * 1024;
    /** Trailer: END_OF_BLOCKS, rowCount, MAGIC. */
    static final int TRAILER_BYTES = 4 + 8 + 4;

    private RowBlockFormat() {}

    /** The checksum of a block: CRC-32C of its row count, then its payload. */
    static int checksum(int rows, byte[] payload, int length) {
        CRC32C crc = new CRC32C();
        crc.update(rows >>> 24);
        crc.update(rows >>> 16);
        crc.update(rows >>> 8);
        crc.update(rows);
        crc.update(payload, 0, length);
        return (int) crc.getValue();
    }
}
