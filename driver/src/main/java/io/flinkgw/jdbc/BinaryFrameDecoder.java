package io.flinkgw.jdbc;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
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

    static Frame decode(byte[] body, boolean rowsAsLists) throws IOException {
        ByteBuffer input = ByteBuffer.wrap(body);
        try {
            return decode(input, rowsAsLists);
        } catch (BufferUnderflowException e) {
            throw new IOException("Truncated flinkgw frame", e);
        }
    }

    private static Frame decode(ByteBuffer input, boolean rowsAsLists) throws IOException {
        if (input.getInt() != MAGIC) {
            throw new IOException("Not a flinkgw frame");
        }
        long offset = input.getLong();
        boolean done = input.get() != 0;
        byte[] tags = new byte[input.getInt()];
        input.get(tags);
        int rowCount = input.getInt();
        List<Object> rows = new ArrayList<>(rowCount);
        for (int row = 0; row < rowCount; row++) {
            Object[] values = new Object[tags.length];
            for (int column = 0; column < tags.length; column++) {
                values[column] = input.get() != 0 ? readValue(input, tags[column]) : null;
            }
            rows.add(rowsAsLists ? Arrays.asList(values) : values);
        }
        return new Frame(offset, done, rows);
    }

    private static Object readValue(ByteBuffer input, byte tag) throws IOException {
        switch (tag) {
            case 1:
                return input.get() != 0;
            case 2:
                return input.get();
            case 3:
                return input.getShort();
            case 4:
                return input.getInt();
            case 5:
                return input.getLong();
            case 6:
                return input.getFloat();
            case 7:
                return input.getDouble();
            case 8: {
                int scale = input.getInt();
                byte[] unscaled = new byte[input.getInt()];
                input.get(unscaled);
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case 9: {
                int length = input.getInt();
                String text = new String(input.array(), input.position(), length, StandardCharsets.UTF_8);
                input.position(input.position() + length);
                return text;
            }
            case 10: {
                byte[] data = new byte[input.getInt()];
                input.get(data);
                return data;
            }
            default:
                throw new IOException("Unknown value tag " + tag + " in a flinkgw frame");
        }
    }
}
