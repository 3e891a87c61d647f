package io.flinkgw.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Answers that end a connection: every refusal is said, never left as silence. */
final class HttpAnswers {

    private HttpAnswers() {}

    /** A plain-text response. */
    static FullHttpResponse text(HttpResponseStatus status, String contentType, byte[] payload) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(payload));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, payload.length);
        if (status.equals(HttpResponseStatus.UNAUTHORIZED)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"flinkgw\", charset=\"UTF-8\"");
        }
        return response;
    }

    /** Answers {@code status} with {@code message} and closes the connection once it is written. */
    static void refuse(ChannelHandlerContext context, HttpResponseStatus status, String message) {
        FullHttpResponse response = text(status, "text/plain; charset=UTF-8", message.getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
