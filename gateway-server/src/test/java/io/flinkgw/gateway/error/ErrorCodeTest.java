package io.flinkgw.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

/** Failures are classified by the type of exception, never by words in a message. */
class ErrorCodeTest {

    @Test
    void everyErrorCodeHasItsOwnVendorCode() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
    }

    @Test
    void recordedDataExceptionsAreDataErrors() {
        assertThat(ErrorCode.forJobFailure("NumberFormatException: For input string: \"abc\""))
                .isEqualTo(ErrorCode.DATA_ERROR);
        assertThat(ErrorCode.forJobFailure("ArithmeticException: / by zero")).isEqualTo(ErrorCode.DATA_ERROR);
        assertThat(ErrorCode.forJobFailure("DateTimeParseException: Text 'x' could not be parsed"))
                .isEqualTo(ErrorCode.DATA_ERROR);
        assertThat(ErrorCode.forJobFailure("java.lang.ArithmeticException")).isEqualTo(ErrorCode.DATA_ERROR);
    }

    @Test
    void recordedClassCastAndStackOverflowAreNotDataErrors() {
        assertThat(ErrorCode.forJobFailure(
                        "ClassCastException: class java.lang.String cannot be cast to class java.lang.Integer"))
                .isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(ErrorCode.forJobFailure("StackOverflowError: stack overflow in codegen"))
                .isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(ErrorCode.forJobFailure("IOException: cannot cast a spell, buffer overflow"))
                .isEqualTo(ErrorCode.QUERY_FAILED);
    }

    @Test
    void recordedOutOfMemoryIsOutOfMemoryNotADataError() {
        assertThat(ErrorCode.forJobFailure("OutOfMemoryError: Java heap space")).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(ErrorCode.forJobFailure("OutOfMemoryError: the query's cluster process ran out of memory"
                        + " (limit 512m, deployment.local.process-memory)"))
                .isEqualTo(ErrorCode.OUT_OF_MEMORY);
    }

    @Test
    void recordedRowLimitIsTooLarge() {
        assertThat(ErrorCode.forJobFailure("IOException: The result has more than 5 rows (limits.max-result-rows)"))
                .isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void dataExceptionAnywhereInTheCauseChainIsADataError() {
        Throwable wrapped = new JobExecutionException(
                new JobID(), "Job failed", new RuntimeException("task failed", new NumberFormatException("x")));
        assertThat(ErrorCode.forFailure(wrapped, ErrorCode.INTERNAL_ERROR)).isEqualTo(ErrorCode.DATA_ERROR);
        Throwable parse = new IllegalStateException(new DateTimeParseException("bad", "x", 0));
        assertThat(ErrorCode.forFailure(parse, ErrorCode.INTERNAL_ERROR)).isEqualTo(ErrorCode.DATA_ERROR);
    }

    @Test
    void serializedDataExceptionFromAClusterIsADataError() {
        Throwable fromCluster = new RuntimeException(new SerializedThrowable(new ArithmeticException("/ by zero")));
        assertThat(ErrorCode.forFailure(fromCluster, ErrorCode.QUERY_FAILED)).isEqualTo(ErrorCode.DATA_ERROR);
    }

    @Test
    void classCastStackOverflowAndOutOfMemoryInTheChainAreNotDataErrors() {
        assertThat(ErrorCode.forFailure(
                        new RuntimeException("cast failed", new ClassCastException("cannot be cast")), ErrorCode.QUERY_FAILED))
                .isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(ErrorCode.forFailure(new StackOverflowError("overflow"), ErrorCode.INTERNAL_ERROR))
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.forFailure(new OutOfMemoryError("Java heap space"), ErrorCode.INTERNAL_ERROR))
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void causeCyclesEnd() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(ErrorCode.forFailure(first, ErrorCode.QUERY_FAILED)).isEqualTo(ErrorCode.QUERY_FAILED);
    }
}
