package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one Flink type looks to a JDBC client.
 *
 * @param sqlType the {@link java.sql.Types} constant
 * @param typeName the type name clients show ({@code getColumnTypeName})
 * @param precision column size: digits for numbers, characters for text, bytes for binary
 * @param scale fractional digits (DECIMAL scale, fractional seconds of TIME/TIMESTAMP)
 * @param displaySize the widest rendering of a value, in characters
 * @param signed whether values can be negative
 * @param nullable whether the column admits NULL
 * @param className the Java class {@code getObject} returns
 * @param wireForm how values travel to the client
 * @param children the element type of an ARRAY, the key and value types of a MAP, the fields of a ROW
 * @param childNames the field names of a ROW, else empty
 */
public record JdbcType(
        int sqlType,
        String typeName,
        int precision,
        int scale,
        int displaySize,
        boolean signed,
        boolean nullable,
        String className,
        WireForm wireForm,
        List<JdbcType> children,
        List<String> childNames) {

    public JdbcType {
        requireNonNull(typeName, "typeName is null");
        requireNonNull(className, "className is null");
        requireNonNull(wireForm, "wireForm is null");
        children = List.copyOf(requireNonNull(children, "children is null"));
        childNames = List.copyOf(requireNonNull(childNames, "childNames is null"));
    }

    /** The Java form a value of a column takes on the wire. */
    public enum WireForm {
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@link Byte}. */
        BYTE,
        /** {@link Short}. */
        SHORT,
        /** {@link Integer}. */
        INTEGER,
        /** {@link Long}. */
        LONG,
        /** {@link Float}. */
        FLOAT,
        /** {@link Double}. */
        DOUBLE,
        /** {@link java.math.BigDecimal}. */
        DECIMAL,
        /** {@link String}. */
        STRING,
        /** {@code byte[]}. */
        BYTES,
        /** {@link Integer} days since 1970-01-01. */
        DATE_DAYS,
        /** {@link Integer} milliseconds since midnight. */
        TIME_MILLIS,
        /** {@link Long} milliseconds since 1970-01-01T00:00 of the wall-clock time. */
        TIMESTAMP_MILLIS,
        /**
         * {@link java.math.BigDecimal} milliseconds since 1970-01-01T00:00 of the wall-clock time, with the
         * nanoseconds below the millisecond as six fraction digits: exact at any precision, and a plain
         * Avatica client that reads it as a number of milliseconds still gets the millisecond.
         */
        TIMESTAMP_EXACT_MILLIS,
        /** A {@link java.util.List} of element values. */
        ARRAY,
        /** A {@link java.util.List} of {@code [key, value]} lists. */
        MAP,
        /** A {@link java.util.List} of field values. */
        STRUCT,
        /** Always null. */
        NULL
    }
}
