package io.flinkgw.gateway.avatica;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.flinkgw.protocol.BinaryFrame;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Encodes a frame of a statement's result in the driver's binary format ({@link BinaryFrame}, in the
 * protocol package the driver reads it with): the column's Avatica representation picks its tag.
 * Plain Avatica clients never see it; they fetch through the protocol as usual.
 */
final class BinaryFrames {

    private BinaryFrames() {}

    static byte[] encode(Meta.Frame frame, List<ColumnMetaData> columns) {
        List<BinaryFrame.Tag> tags = new ArrayList<>(columns.size());
        for (ColumnMetaData column : columns) {
            tags.add(tag(column));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object row : frame.rows) {
            rows.add((Object[]) row);
        }
        // Flink's serializer buffer: unsynchronized, unlike the java.io streams
        DataOutputSerializer output = new DataOutputSerializer(256 * 1024);
        try {
            BinaryFrame.write(output, frame.offset, frame.done, tags, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.getCopyOfBuffer();
    }

    /** The tag of a column, or an error for columns only the Avatica protocol carries (ARRAY, ROW, MAP). */
    static BinaryFrame.Tag tag(ColumnMetaData column) {
        switch (column.type.rep) {
            case BOOLEAN:
                return BinaryFrame.Tag.BOOLEAN;
            case BYTE:
                return BinaryFrame.Tag.BYTE;
            case SHORT:
                return BinaryFrame.Tag.SHORT;
            case INTEGER:
                return BinaryFrame.Tag.INT;
            case LONG:
                return BinaryFrame.Tag.LONG;
            case FLOAT:
                return BinaryFrame.Tag.FLOAT;
            case DOUBLE:
                return BinaryFrame.Tag.DOUBLE;
            case NUMBER:
                return BinaryFrame.Tag.DECIMAL;
            case STRING:
                return BinaryFrame.Tag.STRING;
            case BYTE_STRING:
                return BinaryFrame.Tag.BYTES;
            case PRIMITIVE_BOOLEAN:
            case PRIMITIVE_BYTE:
            case PRIMITIVE_CHAR:
            case PRIMITIVE_SHORT:
            case PRIMITIVE_INT:
            case PRIMITIVE_LONG:
            case PRIMITIVE_FLOAT:
            case PRIMITIVE_DOUBLE:
            case UBYTE:
            case CHARACTER:
            case USHORT:
            case UINTEGER:
            case ULONG:
            case JAVA_SQL_TIME:
            case JAVA_SQL_TIMESTAMP:
            case JAVA_SQL_DATE:
            case JAVA_UTIL_DATE:
            case ARRAY:
            case MULTISET:
            case STRUCT:
            case OBJECT:
                break;
        }
        throw new GatewayException(
                ErrorCode.UNSUPPORTED_STATEMENT, "Column " + column.label + " has no binary frame form; fetch it through Avatica");
    }
}
