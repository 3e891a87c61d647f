package io.flinkgw.protocol;

import static java.util.Objects.requireNonNull;

import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The driver's fast fetch encoding ({@link SidePaths#FETCH}): a frame of scalar columns as tagged,
 * type-directed binary, several times cheaper to write and read than Avatica's per-value protobuf.
 * Both halves live here: the gateway writes, the driver reads.
 *
 * <pre>
 *   frame := MAGIC:int offset:long done:bool columns:int tag[columns]:byte rows:int row*
 *   row   := (present:bool value?)[columns]
 *   value := by tag: BOOLEAN bool | BYTE byte | SHORT short | INT int | LONG long | FLOAT float |
 *            DOUBLE double | DECIMAL scale:int length:int unscaled[length] | STRING length:int utf8[length] |
 *            BYTES length:int bytes[length]
 * </pre>
 *
 * Values read back as the Java classes Avatica's protobuf decoding gives (Boolean, Byte, Short,
 * Integer, Long, Float, Double, BigDecimal, String, byte[]).
 */
public final class BinaryFrame {

    /** "FGF1". */
    public static final int MAGIC = 0x46474631;

    private BinaryFrame() {}

    /** The encoding of one column's values. */
    public enum Tag {
        BOOLEAN(1),
        BYTE(2),
        SHORT(3),
        INT(4),
        LONG(5),
        FLOAT(6),
        DOUBLE(7),
        DECIMAL(8),
        STRING(9),
        BYTES(10);

        private final byte code;

        Tag(int code) {
            this.code = (byte) code;
        }

        /** The byte that stands for this tag in a frame. */
        public byte code() {
            return code;
        }

        /** The tag {@code code} stands for. */
        public static Tag of(byte code) throws IOException {
            for (Tag tag : values()) {
                if (tag.code == code) {
                    return tag;
                }
            }
            throw new IOException("Unknown value tag " + code + " in a flinkgw frame");
        }
    }

    /** A decoded frame: rows of values, one per column (null for NULL). */
    public record Decoded(long offset, boolean done, List<Object[]> rows) {
        public Decoded {
            rows = List.copyOf(requireNonNull(rows, "rows is null"));
        }
    }

    /** Writes a frame of {@code rows} (one value per tag in each) to {@code output}. */
    public static void write(DataOutput output, long offset, boolean done, List<Tag> tags, Collection<Object[]> rows)
            throws IOException {
        output.writeInt(MAGIC);
        output.writeLong(offset);
        output.writeBoolean(done);
        output.writeInt(tags.size());
        for (Tag tag : tags) {
            output.writeByte(tag.code);
        }
        output.writeInt(rows.size());
        for (Object[] row : rows) {
            for (int i = 0; i < tags.size(); i++) {
                writeValue(output, tags.get(i), row[i]);
            }
        }
    }

    /**
     * Reads a frame.
     *
     * @throws IOException if {@code body} is not a whole frame
     */
    public static Decoded read(byte[] body) throws IOException {
        ByteBuffer input = ByteBuffer.wrap(body);
        try {
            if (input.getInt() != MAGIC) {
                throw new IOException("Not a flinkgw frame");
            }
            long offset = input.getLong();
            boolean done = input.get() != 0;
            Tag[] tags = new Tag[input.getInt()];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = Tag.of(input.get());
            }
            int rowCount = input.getInt();
            List<Object[]> rows = new ArrayList<>(rowCount);
            for (int row = 0; row < rowCount; row++) {
                Object[] values = new Object[tags.length];
                for (int column = 0; column < tags.length; column++) {
                    values[column] = input.get() != 0 ? readValue(input, tags[column]) : null;
                }
                rows.add(values);
            }
            return new Decoded(offset, done, rows);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IOException("Truncated flinkgw frame", e);
        }
    }

    private static void writeValue(DataOutput output, Tag tag, Object value) throws IOException {
        if (value == null) {
            output.writeBoolean(false);
            return;
        }
        output.writeBoolean(true);
        switch (tag) {
            case BOOLEAN -> output.writeBoolean((Boolean) value);
            case BYTE -> output.writeByte(((Number) value).byteValue());
            case SHORT -> output.writeShort(((Number) value).shortValue());
            case INT -> output.writeInt(((Number) value).intValue());
            case LONG -> output.writeLong(((Number) value).longValue());
            case FLOAT -> output.writeFloat(((Number) value).floatValue());
            case DOUBLE -> output.writeDouble(((Number) value).doubleValue());
            case DECIMAL -> {
                BigDecimal decimal = (BigDecimal) value;
                byte[] unscaled = decimal.unscaledValue().toByteArray();
                output.writeInt(decimal.scale());
                output.writeInt(unscaled.length);
                output.write(unscaled);
            }
            case STRING -> {
                byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
                output.writeInt(text.length);
                output.write(text);
            }
            case BYTES -> {
                byte[] data = (byte[]) value;
                output.writeInt(data.length);
                output.write(data);
            }
        }
    }

    private static Object readValue(ByteBuffer input, Tag tag) {
        return switch (tag) {
            case BOOLEAN -> input.get() != 0;
            case BYTE -> input.get();
            case SHORT -> input.getShort();
            case INT -> input.getInt();
            case LONG -> input.getLong();
            case FLOAT -> input.getFloat();
            case DOUBLE -> input.getDouble();
            case DECIMAL -> {
                int scale = input.getInt();
                byte[] unscaled = new byte[input.getInt()];
                input.get(unscaled);
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case STRING -> {
                int length = input.getInt();
                String text = new String(input.array(), input.position(), length, StandardCharsets.UTF_8);
                input.position(input.position() + length);
                yield text;
            }
            case BYTES -> {
                byte[] data = new byte[input.getInt()];
                input.get(data);
                yield data;
            }
        };
    }
}
