package io.flinkgw.gateway.avatica;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.query.JobStoreException;
import java.sql.SQLTransientConnectionException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

/** What a client sees for each kind of failure. */
class ErrorTranslatorTest {

    @Test
    void jobStoreOutageIsASystemErrorNotAGenericOne() {
        AvaticaRuntimeException translated = (AvaticaRuntimeException) ErrorTranslator.translate(
                new JobStoreException("Could not read query q1", new SQLTransientConnectionException("pool timed out")));
        assertThat(translated.getSqlState()).isEqualTo("58000");
        assertThat(translated.getErrorCode()).isEqualTo(ErrorCode.JOB_STORE_UNAVAILABLE.code());
        assertThat(translated.getErrorMessage()).contains("Could not read query q1").contains("pool timed out");
    }

    @Test
    void corruptResultIsClassXX() {
        AvaticaRuntimeException translated = (AvaticaRuntimeException) ErrorTranslator.translate(
                new GatewayException(ErrorCode.RESULT_CORRUPT, "damaged"));
        assertThat(translated.getSqlState()).isEqualTo("XX001");
        assertThat(translated.getErrorCode()).isEqualTo(2006);
    }

    @Test
    void aGatewayErrorWrappedByFlinkKeepsItsCode() {
        AvaticaRuntimeException translated = (AvaticaRuntimeException) ErrorTranslator.translate(
                new ValidationException("Unable to create a sink for writing table x",
                        new GatewayException(ErrorCode.ACCESS_DENIED, "Table x is read-only")));
        assertThat(translated.getSqlState()).isEqualTo("42501");
        assertThat(translated.getErrorCode()).isEqualTo(ErrorCode.ACCESS_DENIED.code());
        assertThat(translated.getErrorMessage()).isEqualTo("Table x is read-only");
    }

    @Test
    void unexpectedFailuresAreDataErrorsOnlyByType() {
        AvaticaRuntimeException classCast = (AvaticaRuntimeException) ErrorTranslator.translate(
                new IllegalStateException("wrap", new ClassCastException("String cannot be cast to Integer")));
        assertThat(classCast.getSqlState()).isEqualTo("HY000");
        AvaticaRuntimeException overflow =
                (AvaticaRuntimeException) ErrorTranslator.translate(new StackOverflowError("overflow"));
        assertThat(overflow.getSqlState()).isEqualTo("HY000");
        AvaticaRuntimeException number = (AvaticaRuntimeException) ErrorTranslator.translate(
                new IllegalStateException("wrap", new NumberFormatException("For input string: x")));
        assertThat(number.getSqlState()).isEqualTo("22000");
    }

    @Test
    void everyCodeHasASqlState() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorTranslator.sqlState(code)).hasSize(5);
        }
    }

    @Test
    void aClusterOutOfMemoryIsInsufficientMemory() {
        assertThat(ErrorTranslator.sqlState(ErrorCode.OUT_OF_MEMORY)).isEqualTo("53200");
    }
}
