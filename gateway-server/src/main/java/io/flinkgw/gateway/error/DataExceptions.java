package io.flinkgw.gateway.error;

import java.time.DateTimeException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.util.SerializedThrowable;

/**
 * Which exceptions are errors in the data (SQLState class 22), judged by type. What Flink 2.3 throws
 * at run time for bad values: a failing CAST of text to a number throws {@link NumberFormatException}
 * (to a date or time: {@link DateTimeException} and its subclasses), integer division by
 * zero an {@link ArithmeticException}. A DECIMAL overflow is no error in Flink: it yields NULL.
 */
final class DataExceptions {

    /** Simple names of the data exceptions, as a recorded failure states its root cause. */
    private static final Set<String> SIMPLE_NAMES = Set.of(
            "NumberFormatException",
            "ArithmeticException",
            "DateTimeException",
            "DateTimeParseException",
            "UnsupportedTemporalTypeException");

    private DataExceptions() {}

    /** Whether an exception with this (simple or qualified) class name is an error in the data. */
    static boolean isDataExceptionClass(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return SIMPLE_NAMES.contains(simple);
    }

    /** Whether {@code error} or any of its causes is an error in the data; cycles are tolerated. */
    static boolean inCauseChain(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            if (isDataException(current)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDataException(Throwable error) {
        if (error instanceof SerializedThrowable serialized) {
            // a failure from a cluster keeps only the name of its original class
            return isDataExceptionClass(serialized.getOriginalErrorClassName());
        }
        return error instanceof NumberFormatException
                || error instanceof ArithmeticException
                || error instanceof DateTimeException;
    }
}
