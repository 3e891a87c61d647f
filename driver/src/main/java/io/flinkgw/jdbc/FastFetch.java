package io.flinkgw.jdbc;

import io.flinkgw.protocol.BinaryFrame;
import io.flinkgw.protocol.SidePaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * The driver's fast path for long results: after the first frame (which comes through Avatica as
 * usual), frames of scalar columns are fetched in the gateway's binary encoding instead of
 * Avatica's per-value protobuf. Everything else goes through Avatica's own client unchanged.
 * Set the connection property {@code fast_fetch=false} to use Avatica alone.
 */
final class FastFetch {

    private static final Set<Integer> SCALAR_TYPES = Set.of(
            Types.BOOLEAN, Types.BIT, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
            Types.DOUBLE, Types.DECIMAL, Types.NUMERIC, Types.CHAR, Types.VARCHAR, Types.BINARY, Types.VARBINARY,
            Types.DATE, Types.TIME, Types.TIMESTAMP);
    private static final int TIMEOUT_MILLIS = 60_000;

    private FastFetch() {}

    /** Wraps the connection's Avatica Meta so that eligible results fetch binary frames. */
    static Meta wrap(Meta avatica, AvaticaConnection connection) {
        InvocationHandler handler = new Handler(avatica, connection);
        return (Meta) Proxy.newProxyInstance(FastFetch.class.getClassLoader(), new Class<?>[] {Meta.class}, handler);
    }

    private static final class Handler implements InvocationHandler {
        private final Meta avatica;
        private final AvaticaConnection connection;

        Handler(Meta avatica, AvaticaConnection connection) {
            this.avatica = avatica;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getName().equals("createIterable") && arguments != null && arguments.length == 5) {
                Meta.StatementHandle handle = (Meta.StatementHandle) arguments[0];
                Meta.Signature signature = (Meta.Signature) arguments[2];
                Meta.Frame firstFrame = (Meta.Frame) arguments[4];
                if (eligible(signature, firstFrame)) {
                    boolean rowsAsLists = signature.cursorFactory.style == Meta.Style.LIST;
                    return (Iterable<Object>) () -> new FrameIterator(connection, handle, firstFrame, rowsAsLists);
                }
            }
            try {
                return method.invoke(avatica, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static boolean eligible(Meta.Signature signature, Meta.Frame firstFrame) {
            if (firstFrame == null || firstFrame.done || signature == null || signature.columns.isEmpty()) {
                return false;
            }
            Meta.Style style = signature.cursorFactory.style;
            if (style != Meta.Style.LIST && style != Meta.Style.ARRAY) {
                return false;
            }
            for (ColumnMetaData column : signature.columns) {
                if (!SCALAR_TYPES.contains(column.type.id)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Rows of the first frame, then of binary frames until the last one. The next frame is fetched on a
     * helper thread while the caller reads the current one, so decoding on the client overlaps with
     * reading and encoding on the gateway; the thread ends by itself a few seconds after the last use,
     * and at once when the result set closes (Avatica's cursor closes its iterator).
     */
    private static final class FrameIterator implements Iterator<Object>, AutoCloseable {
        private final AvaticaConnection connection;
        private final Meta.StatementHandle handle;
        private final boolean rowsAsLists;
        private final int fetchSize;
        private final ThreadPoolExecutor prefetcher = newPrefetcher();
        private Iterator<Object> rows;
        private long nextOffset;
        private boolean done;
        private volatile boolean closed;
        private CompletableFuture<BinaryFrame.Decoded> pending;

        FrameIterator(AvaticaConnection connection, Meta.StatementHandle handle, Meta.Frame firstFrame, boolean rowsAsLists) {
            this.connection = connection;
            this.handle = handle;
            this.rowsAsLists = rowsAsLists;
            this.fetchSize = fetchSize(connection, handle);
            List<Object> first = toList(firstFrame.rows);
            this.rows = first.iterator();
            this.nextOffset = firstFrame.offset + first.size();
            this.done = firstFrame.done;
        }

        /** The statement's fetch size (setFetchSize), else the connection's {@code fetch_size}. */
        private static int fetchSize(AvaticaConnection connection, Meta.StatementHandle handle) {
            AvaticaStatement statement = connection.statementMap.get(handle.id);
            try {
                if (statement != null && statement.getFetchSize() > 0) {
                    return statement.getFetchSize();
                }
            } catch (SQLException e) {
                // a closed statement: the connection's default serves
            }
            return Math.max(1, connection.config().fetchSize());
        }

        @Override
        public boolean hasNext() {
            while (!rows.hasNext()) {
                if (done || closed) {
                    return false;
                }
                BinaryFrame.Decoded frame = takeFrame();
                rows = frame.rows().stream().map(row -> rowsAsLists ? (Object) Arrays.asList(row) : row).iterator();
                nextOffset += frame.rows().size();
                done = frame.done();
                if (!done && !frame.rows().isEmpty()) {
                    long offset = nextOffset;
                    pending = CompletableFuture.supplyAsync(() -> fetch(offset), prefetcher);
                }
            }
            return true;
        }

        /** Stops the prefetch: a frame being fetched is abandoned, the helper thread ends now. */
        @Override
        public void close() {
            closed = true;
            CompletableFuture<BinaryFrame.Decoded> prefetched = pending;
            pending = null;
            if (prefetched != null) {
                prefetched.cancel(true);
            }
            prefetcher.shutdownNow();
        }

        private static ThreadPoolExecutor newPrefetcher() {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(
                    1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "flinkgw-prefetch");
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }

        private BinaryFrame.Decoded takeFrame() {
            CompletableFuture<BinaryFrame.Decoded> prefetched = pending;
            pending = null;
            if (prefetched == null) {
                return fetch(nextOffset);
            }
            try {
                return prefetched.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return rows.next();
        }

        private BinaryFrame.Decoded fetch(long offset) {
            try {
                String query = "&" + SidePaths.OFFSET + "=" + offset + "&" + SidePaths.ROWS + "=" + fetchSize;
                HttpURLConnection http = GatewayHttp.open(connection, handle, "POST", SidePaths.FETCH, query, TIMEOUT_MILLIS);
                int status = http.getResponseCode();
                if (status == HttpURLConnection.HTTP_OK) {
                    try (InputStream input = http.getInputStream()) {
                        return BinaryFrame.read(input.readAllBytes());
                    }
                }
                throw serverError(status, http.getErrorStream());
            } catch (IOException e) {
                throw new UncheckedIOException("Fetching rows from the gateway failed: " + e.getMessage(), e);
            }
        }

        /** The gateway's error as Avatica's client reports a failed fetch, which the result set translates. */
        private static AvaticaClientRuntimeException serverError(int status, InputStream body) throws IOException {
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            SQLException error = GatewayCalls.error(status, text);
            return new AvaticaClientRuntimeException(
                    error.getMessage(), error.getErrorCode(), error.getSQLState(), AvaticaSeverity.ERROR, List.of(), null);
        }

        private static List<Object> toList(Iterable<Object> iterable) {
            List<Object> list = new java.util.ArrayList<>();
            iterable.forEach(list::add);
            return list;
        }
    }
}
