package io.flinkgw.gateway.http;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.apache.calcite.avatica.proto.Common;

/**
 * Lets clients whose Avatica classes are relocated (the flinkgw driver jar shades Avatica so that it
 * never clashes with another Avatica or Calcite on the application's class path) speak protobuf to
 * this server. Avatica's protobuf envelope names its message by Java class name; a relocated client
 * sends and expects {@code <prefix>.org.apache.calcite.avatica...}. The prefix is taken off each
 * request and put back on the response.
 */
final class RelocatedClientNames {

    private static final String AVATICA_PACKAGE = "org.apache.calcite.avatica.";

    private RelocatedClientNames() {}

    /** A request in the names this server knows, and the prefix to put back on its response. */
    record Normalized(byte[] body, Optional<String> prefix) {}

    static Normalized normalize(byte[] body) {
        Common.WireMessage message;
        try {
            message = Common.WireMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            // not ours to judge: Avatica's handler answers malformed input with its own error
            return new Normalized(body, Optional.empty());
        }
        String name = message.getName();
        int avatica = name.indexOf(AVATICA_PACKAGE);
        if (avatica <= 0) {
            return new Normalized(body, Optional.empty());
        }
        String prefix = name.substring(0, avatica);
        byte[] renamed = message.toBuilder().setName(name.substring(avatica)).build().toByteArray();
        return new Normalized(renamed, Optional.of(prefix));
    }

    static byte[] restore(byte[] response, Optional<String> prefix) {
        if (prefix.isEmpty()) {
            return response;
        }
        try {
            Common.WireMessage message = Common.WireMessage.parseFrom(response);
            return message.toBuilder().setName(prefix.get() + message.getName()).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return response;
        }
    }
}
