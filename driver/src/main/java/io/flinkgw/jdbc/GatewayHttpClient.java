package io.flinkgw.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaCommonsHttpClientImpl;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Avatica's HTTP client (pooling, TLS and authentication as configured) with bounded retries: Avatica's
 * own sends a request again for as long as the server answers 503 or drops the connection unanswered,
 * so a gateway at its connection cap, or one that is shutting down, would hang the application for
 * good. Here a refusal (503) is asked again three times over about a second and a half, then raised as
 * a rejected connection (SQLState 08004) with the gateway's reason; an unanswered request is sent
 * again twice (a pooled connection the gateway closed as it was reused), then raised as the network
 * failure it is. Selected by the driver unless the {@code httpclient_impl} property names another.
 */
public final class GatewayHttpClient extends AvaticaCommonsHttpClientImpl {

    /** SQLState of a connection the server rejected. */
    static final String REJECTED = "08004";

    private static final int MAX_REFUSALS = 4;
    private static final int MAX_UNANSWERED = 3;
    private static final long FIRST_BACK_OFF_MILLIS = 200;

    /** Creates the client for the gateway at {@code url} (Avatica's factory configures it further). */
    public GatewayHttpClient(URL url) {
        super(url);
    }

    @Override
    public byte[] send(byte[] request) {
        int refusals = 0;
        int unanswered = 0;
        while (true) {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new ByteArrayEntity(request, ContentType.APPLICATION_OCTET_STREAM));
            try (ClassicHttpResponse response = client.executeOpen(host(post), post, context)) {
                int status = response.getCode();
                // Avatica answers its errors with 500 and an error response the caller decodes
                if (status == 200 || status == 500) {
                    userToken = context.getUserToken();
                    return EntityUtils.toByteArray(response.getEntity());
                }
                String reason = response.getEntity() == null
                        ? "" : new String(EntityUtils.toByteArray(response.getEntity()), StandardCharsets.UTF_8).strip();
                if (status != 503) {
                    // the wording Avatica uses, which callers read the status from (401, 403, 429)
                    throw new RuntimeException("Failed to execute HTTP Request, got HTTP/" + status + (reason.isEmpty() ? "" : ": " + reason));
                }
                if (++refusals >= MAX_REFUSALS) {
                    throw new AvaticaClientRuntimeException("The gateway refused the request (HTTP/503)"
                            + (reason.isEmpty() ? "" : ": " + reason), -1, REJECTED, AvaticaSeverity.ERROR, List.of(), null);
                }
                backOff(refusals);
            } catch (NoHttpResponseException e) {
                if (++unanswered >= MAX_UNANSWERED) {
                    throw new UncheckedIOException("The gateway closed the connection without answering", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to execute HTTP request: " + e.getMessage(), e);
            }
        }
    }

    private HttpHost host(HttpPost post) {
        if (httpHost == null) {
            try {
                httpHost = RoutingSupport.determineHost(post);
            } catch (HttpException e) {
                throw new IllegalArgumentException("Could not determine the HTTP host of " + uri, e);
            }
        }
        return httpHost;
    }

    /** Waits 200, 400, 800 ms before the next try; an interrupted wait ends the request. */
    private static void backOff(int refusals) {
        try {
            TimeUnit.MILLISECONDS.sleep(FIRST_BACK_OFF_MILLIS << (refusals - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to ask the gateway again", e);
        }
    }
}
