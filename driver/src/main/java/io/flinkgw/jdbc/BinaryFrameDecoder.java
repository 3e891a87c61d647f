package io.flinkgw.jdbc;

import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the gateway's binary frames (the format is specified beside the gateway's encoder,
 * {@code io.flinkgw.gateway.avatica.BinaryFrames}) into rows of the same Java values Avatica's
 * protobuf decoding would give, so the usual cursor accessors read them.
 */
final class BinaryFrameDecoder {

    static final int MAGIC = 0x46474631;

    private BinaryFrameDecoder() {}

    /** One decoded frame. */
    record Frame(long offset, boolean done, List<Object> rows) {}

    static Frame decode(DataInputStream input, boolean rowsAsLists) throws IOException {
        if (input.readInt() != MAGIC) {
            throw new IOException("Not a flinkgw frame");
        }
        long offset = input.readLong();
        boolean done = input.readBoolean();
        byte[] tags = new byte[input.readInt()];
        input.readFully(tags);
        int rowCount = input.readInt();
        List<Object> rows = new ArrayList<>(rowCount);
        for (int row = 0; row < rowCount; row++) {
            Object[] values = new Object[tags.length];
            for (int column = 0; column < tags.length; column++) {
                values[column] = input.readBoolean() ? readValue(input, tags[column]) : null;
            }
            rows.add(rowsAsLists ? Arrays.asList(values) : values);
        }
        return new Frame(offset, done, rows);
    }

    private static Object readValue(DataInputStream input, byte tag) throws IOException {
        switch (tag) {
            case 1:
                return input.readBoolean();
            case 2:
                return input.readByte();
            case 3:
                return input.readShort();
            case 4:
                return input.readInt();
            case 5:
                return input.readLong();
            case 6:
                return input.readFloat();
            case 7:
                return input.readDouble();
            case 8: {
                int scale = input.readInt();
                byte[] unscaled = new byte[input.readInt()];
                input.readFully(unscaled);
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case 9: {
                byte[] text = new byte[input.readInt()];
                input.readFully(text);
                return new String(text, StandardCharsets.UTF_8);
            }
            case 10: {
                byte[] data = new byte[input.readInt()];
                input.readFully(data);
                return data;
            }
            default:
                throw new IOException("Unknown value tag " + tag + " in a flinkgw frame");
        }
    }
}
