package io.flinkgw.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void errorBodyRoundTripsAnyMessage() {
        ErrorBody error = new ErrorBody("42S02", 1002, "Table \"t\" not found\n\tat line 1: a\\b ✓ \u0001");
        assertThat(ErrorBody.parse(error.toJson())).contains(error);
        assertThat(error.toJson()).startsWith("{\"sqlState\":\"42S02\",\"code\":1002,");
    }

    @Test
    void errorBodyParsesOnlyErrorBodies() {
        assertThat(ErrorBody.parse("Gateway is busy")).isEmpty();
        assertThat(ErrorBody.parse("{\"queryId\":\"abc\"}")).isEmpty();
        assertThat(ErrorBody.parse("{\"sqlState\":\"HY000\",\"message\":\"m\"}")).contains(new ErrorBody("HY000", -1, "m"));
    }

    @Test
    void flatJsonReadsWhatItWrites() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("canceled", true);
        fields.put("count", 42L);
        fields.put("ratio", 0.5);
        fields.put("none", null);
        fields.put("text", "a \"quoted\" word");
        assertThat(FlatJson.parse(FlatJson.write(fields))).isEqualTo(fields);
        assertThat(FlatJson.parse(" { } ")).isEmpty();
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1} trailing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parameterDeclarationRoundTripsThroughItsQueryParameters() {
        ParameterDeclaration declaration = new ParameterDeclaration(Map.of(3, 12, 0, 93), 5);
        assertThat(declaration.encodeTypes()).isEqualTo("0:93,3:12");
        assertThat(ParameterDeclaration.decode(declaration.encodeTypes(), "5")).isEqualTo(declaration);
        assertThat(ParameterDeclaration.decode("", null)).isEqualTo(ParameterDeclaration.NONE);
        assertThat(ParameterDeclaration.NONE.isEmpty()).isTrue();
        assertThatThrownBy(() -> ParameterDeclaration.decode("1", "0")).isInstanceOf(IllegalArgumentException.class);
    }
}
