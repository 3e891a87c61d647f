package io.flinkgw.gateway.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import io.flinkgw.gateway.security.Authenticator;
import io.flinkgw.gateway.security.RequestUser;
import io.flinkgw.protocol.ErrorBody;
import io.flinkgw.protocol.FlatJson;
import io.flinkgw.protocol.ParameterDeclaration;
import io.flinkgw.protocol.SidePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one HTTP request into one Avatica call (or a side-endpoint answer) and writes the response. */
final class AvaticaRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AvaticaRequestHandler.class);

    private final Dispatch dispatch;

    AvaticaRequestHandler(Dispatch dispatch) {
        this.dispatch = requireNonNull(dispatch, "dispatch is null");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(context, HttpResponseStatus.BAD_REQUEST, "text/plain", bytes("Malformed HTTP request"), false);
            return;
        }
        // Everything past decoding (password checks, Meta calls, long polls) runs on the worker pool;
        // the request is released when this method returns, so take what the worker needs now.
        HttpMethod method = request.method();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String user = context.channel().attr(AuthenticationGate.USER).getAndSet(null);
        byte[] body = ByteBufUtil.getBytes(request.content());
        // one request in flight per connection: responses keep their order, and a client that floods
        // requests (with or without credentials) waits for its own answers instead of filling the queue
        context.channel().config().setAutoRead(false);
        try {
            dispatch.requestThreads.execute(() -> serve(context, method, uri, user, body, keepAlive));
        } catch (RejectedExecutionException e) {
            write(context, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", bytes("Gateway is busy or shutting down"), false);
        }
    }

    private void serve(ChannelHandlerContext context, HttpMethod method, QueryStringDecoder uri, String user, byte[] body,
            boolean keepAlive) {
        try {
            if (method.equals(HttpMethod.GET) && uri.path().equals(SidePaths.HEALTH)) {
                serveGet(context, uri, keepAlive);
                return;
            }
            // the authentication gate checked the credentials on the request head, before the body was read
            if (dispatch.authenticator.isPresent() && user == null) {
                HttpAnswers.refuse(context, HttpResponseStatus.UNAUTHORIZED, "Authentication required");
                return;
            }
            dispatch.requestUser.runAs(Optional.ofNullable(user), () -> {
                route(context, method, uri, body, keepAlive);
                return null;
            });
        } catch (RuntimeException | Error e) {
            // an answer, never silence: a connection whose request failed here would otherwise stay unread
            LOG.warn("Request {} {} failed", method, uri.path(), e);
            HttpAnswers.refuse(context, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error: " + e.getClass().getSimpleName());
        }
    }

    private void route(ChannelHandlerContext context, HttpMethod method, QueryStringDecoder uri, byte[] body, boolean keepAlive) {
        if (method.equals(HttpMethod.GET)) {
            serveGet(context, uri, keepAlive);
        } else if (!method.equals(HttpMethod.POST)) {
            write(context, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", bytes("Use POST for Avatica requests"), keepAlive);
        } else if (uri.path().equals(SidePaths.FETCH)) {
            serveBinaryFetch(context, uri, keepAlive);
        } else if (uri.path().equals(SidePaths.PARAMETERS)) {
            serveParameters(context, uri, keepAlive);
        } else if (uri.path().equals(SidePaths.CANCEL)) {
            serveCancel(context, uri, keepAlive);
        } else {
            serveAvatica(context, body, keepAlive);
        }
    }

    private void serveAvatica(ChannelHandlerContext context, byte[] body, boolean keepAlive) {
        try {
            Handler.HandlerResponse<?> response;
            String contentType;
            byte[] payload;
            if (looksLikeJson(body)) {
                Handler.HandlerResponse<String> json = dispatch.json.apply(new String(body, StandardCharsets.UTF_8));
                response = json;
                payload = bytes(json.getResponse());
                contentType = "application/json; charset=UTF-8";
            } else {
                RelocatedClientNames.Normalized request = RelocatedClientNames.normalize(body);
                Handler.HandlerResponse<byte[]> protobuf = dispatch.protobuf.apply(request.body());
                response = protobuf;
                payload = RelocatedClientNames.restore(protobuf.getResponse(), request.prefix());
                contentType = "application/octet-stream";
            }
            write(context, HttpResponseStatus.valueOf(response.getStatusCode()), contentType, payload, keepAlive);
        } catch (RuntimeException e) {
            LOG.warn("Avatica request failed outside the protocol", e);
            write(context, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", bytes(String.valueOf(e.getMessage())), false);
        }
    }

    private void serveBinaryFetch(ChannelHandlerContext context, QueryStringDecoder uri, boolean keepAlive) {
        statementCall(context, uri, keepAlive, (connection, statement) -> {
            long offset = Long.parseLong(parameter(uri, SidePaths.OFFSET));
            int rows = Integer.parseInt(parameter(uri, SidePaths.ROWS));
            byte[] frame = dispatch.sideEndpoints.fetchBinary(connection, statement, offset, rows);
            write(context, HttpResponseStatus.OK, "application/x-flinkgw-frame", frame, keepAlive);
        });
    }

    /** A {@link ParameterDeclaration}: {@code types=0:4,3:12} (0-based index to java.sql.Types), {@code maxRows=n}. */
    private void serveParameters(ChannelHandlerContext context, QueryStringDecoder uri, boolean keepAlive) {
        statementCall(context, uri, keepAlive, (connection, statement) -> {
            ParameterDeclaration declaration =
                    ParameterDeclaration.decode(optionalParameter(uri, SidePaths.TYPES), optionalParameter(uri, SidePaths.MAX_ROWS));
            dispatch.sideEndpoints.declareParameters(connection, statement, declaration);
            write(context, HttpResponseStatus.OK, "application/json", bytes("{}"), keepAlive);
        });
    }

    private void serveCancel(ChannelHandlerContext context, QueryStringDecoder uri, boolean keepAlive) {
        statementCall(context, uri, keepAlive, (connection, statement) -> {
            boolean canceled = dispatch.sideEndpoints.cancel(connection, statement);
            String json = FlatJson.write(Map.of(SidePaths.CANCELED_FIELD, canceled));
            write(context, HttpResponseStatus.OK, "application/json", bytes(json), keepAlive);
        });
    }

    /**
     * A side call on one statement ({@code connection} and {@code statement} parameters). A gateway error
     * answers {@link SidePaths#SQL_ERROR_STATUS} with an {@link ErrorBody}, which the driver raises as a
     * SQLException; missing or malformed parameters answer 400.
     */
    private void statementCall(ChannelHandlerContext context, QueryStringDecoder uri, boolean keepAlive, StatementCall call) {
        try {
            call.run(parameter(uri, SidePaths.CONNECTION), Integer.parseInt(parameter(uri, SidePaths.STATEMENT_ID)));
        } catch (AvaticaRuntimeException e) {
            String body = new ErrorBody(e.getSqlState(), e.getErrorCode(), String.valueOf(e.getErrorMessage())).toJson();
            write(context, HttpResponseStatus.valueOf(SidePaths.SQL_ERROR_STATUS), "application/json; charset=UTF-8", bytes(body),
                    keepAlive);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            write(context, HttpResponseStatus.BAD_REQUEST, "text/plain", bytes("Bad parameters: " + e.getMessage()), keepAlive);
        } catch (RuntimeException e) {
            LOG.warn("Side call {} failed", uri.path(), e);
            write(context, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", bytes(String.valueOf(e.getMessage())), false);
        }
    }

    private static String parameter(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return values.get(0);
    }

    private static String optionalParameter(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The work of a side call on one statement. */
    @FunctionalInterface
    private interface StatementCall {
        void run(String connectionId, int statementId);
    }

    private void serveGet(ChannelHandlerContext context, QueryStringDecoder uri, boolean keepAlive) {
        switch (uri.path()) {
            case SidePaths.HEALTH: {
                boolean healthy = dispatch.sideEndpoints.healthy();
                write(context, healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                        bytes(healthy ? "OK" : "UNAVAILABLE"), keepAlive);
                return;
            }
            case SidePaths.METRICS:
                write(context, HttpResponseStatus.OK, "application/json", bytes(dispatch.sideEndpoints.metricsJson()), keepAlive);
                return;
            case SidePaths.QUERY: {
                List<String> id = uri.parameters().get(SidePaths.QUERY_ID);
                Optional<String> status = id == null ? Optional.empty() : dispatch.sideEndpoints.queryStatusJson(id.get(0));
                write(context, status.isPresent() ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, "application/json",
                        bytes(status.orElse("{}")), keepAlive);
                return;
            }
            case SidePaths.STATEMENT: {
                Optional<String> queryId = queryIdOf(uri);
                String json = FlatJson.write(queryId.map(id -> Map.of(SidePaths.QUERY_ID_FIELD, id)).orElse(Map.of()));
                write(context, HttpResponseStatus.OK, "application/json", bytes(json), keepAlive);
                return;
            }
            default:
                write(context, HttpResponseStatus.NOT_FOUND, "text/plain", bytes("Not found"), keepAlive);
        }
    }

    private Optional<String> queryIdOf(QueryStringDecoder uri) {
        List<String> connection = uri.parameters().get(SidePaths.CONNECTION);
        List<String> statement = uri.parameters().get(SidePaths.STATEMENT_ID);
        if (connection == null || statement == null) {
            return Optional.empty();
        }
        try {
            return dispatch.sideEndpoints.queryIdOf(connection.get(0), Integer.parseInt(statement.get(0)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte value : body) {
            if (!Character.isWhitespace(value)) {
                return value == '{';
            }
        }
        return false;
    }

    private static void write(
            ChannelHandlerContext context, HttpResponseStatus status, String contentType, byte[] payload, boolean keepAlive) {
        send(context, response(status, contentType, payload), keepAlive);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] payload) {
        return HttpAnswers.text(status, contentType, payload);
    }

    /** Sends the response; a kept-alive connection then reads its next request. */
    private static void send(ChannelHandlerContext context, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            context.writeAndFlush(response).addListener(written -> context.channel().config().setAutoRead(true));
        } else {
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("HTTP connection failed", cause);
        context.close();
    }

    /** What every connection's handler shares. */
    record Dispatch(
            ProtobufHandler protobuf, JsonHandler json, SideEndpoints sideEndpoints, ExecutorService requestThreads,
            Optional<Authenticator> authenticator, RequestUser requestUser) {
        Dispatch {
            requireNonNull(protobuf, "protobuf is null");
            requireNonNull(json, "json is null");
            requireNonNull(sideEndpoints, "sideEndpoints is null");
            requireNonNull(requestThreads, "requestThreads is null");
            requireNonNull(authenticator, "authenticator is null");
            requireNonNull(requestUser, "requestUser is null");
        }
    }
}
