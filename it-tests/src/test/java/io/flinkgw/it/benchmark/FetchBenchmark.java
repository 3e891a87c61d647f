package io.flinkgw.it.benchmark;

import static io.flinkgw.it.benchmark.Figures.cores;
import static io.flinkgw.it.benchmark.Figures.mebibytes;
import static io.flinkgw.it.benchmark.Figures.milliseconds;
import static io.flinkgw.it.benchmark.Figures.rate;
import static io.flinkgw.it.benchmark.Figures.ratio;
import static io.flinkgw.it.benchmark.Figures.seconds;

import io.flinkgw.dialect.JdbcValues;
import io.flinkgw.gateway.result.PersistedResultReader;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.it.benchmark.FetchRuns.CpuTimes;
import io.flinkgw.it.benchmark.FetchRuns.FetchRun;
import io.flinkgw.it.benchmark.FetchRuns.FetchSeries;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.data.RowData;

/**
 * Measures what a flinkgw gateway costs and how fast it answers, run by {@code bin/benchmark}.
 *
 * <p>Method:
 *
 * <ul>
 *   <li>The gateway runs as a child JVM (heap {@code --gateway-heap}, default 256m, and the parallel collector, as {@code bin/flinkgw}; same classpath as this
 *       one) over a fresh result root and job store; its output goes to {@code gateway.log}. The clusters
 *       it starts for queries are its own child processes, measured apart.
 *   <li>Latency: time from {@code executeQuery} to the first {@code next()} of {@code SELECT 1}, back to
 *       back, one warm-up then seven runs; median and minimum.
 *   <li>Throughput: {@code SELECT *} over a datagen table of 1M rows (five columns, each read with its
 *       typed getter), three runs: time to first row, fetch rate from the first row to the last, end-to-end
 *       time, and first row as a share of the whole, as medians. A 1M-group {@code GROUP BY}, three runs.
 *       {@code SELECT *} over 10M rows, one run.
 *   <li>Memory: a background thread samples every 200 ms the gateway's RSS ({@code /proc/PID/status}),
 *       its heap ({@code GET /metrics}) and the summed RSS of its child processes. Peaks are kept for the
 *       job phase (execute to first row) and the fetch phase (first row to last). Heap used after a full
 *       GC ({@code jcmd PID GC.run}) is the live-set figure.
 *   <li>Preview: what DBeaver's data tab runs, {@code setMaxRows(200)} and {@code SELECT *} over a 20M-row
 *       table, three runs, against one {@code COUNT(*)} over the same table; and how long after the
 *       preview's last row the gateway counts no running cluster.
 *   <li>Raw read: this JVM reads the files of the last 1M query with {@link ResultStore}, with and without
 *       the per-row {@link JdbcValues} conversion the gateway does; the JDBC rate over these is the share
 *       of the raw read speed that survives the network path.
 * </ul>
 *
 * <p>The summary is printed and written to {@code target/benchmark-results.txt} of this module. Arguments:
 * {@code --small-rows=N --large-rows=N --preview-rows=N --gateway-heap=SIZE}, and any
 * {@code --set key=value} gateway setting.
 */
public final class FetchBenchmark {

    private static final Duration RUN_DEADLINE = Duration.ofMinutes(20);
    private static final Duration BASELINE_DURATION = Duration.ofSeconds(3);
    private static final int LATENCY_RUNS = 7;
    private static final int SMALL_RUNS = 3;
    private static final int RAW_READ_RUNS = 3;

    /** Keeps the JIT from dropping reads whose values are otherwise unused. */
    private static volatile long sink;

    private final Settings settings;
    private final Path directory;
    private final BenchmarkGateway gateway;
    private final MemorySampler sampler;
    private final Summary summary;

    private FetchBenchmark(
            Settings settings, Path directory, BenchmarkGateway gateway, MemorySampler sampler, Summary summary) {
        this.settings = settings;
        this.directory = directory;
        this.gateway = gateway;
        this.sampler = sampler;
        this.summary = summary;
    }

    public static void main(String[] arguments) throws Exception {
        Settings settings = Settings.parse(arguments);
        long started = System.nanoTime();
        Path directory = Files.createTempDirectory("flinkgw-benchmark");
        Summary summary = new Summary();
        summary.add("gateway log", directory.resolve("gateway.log"));
        summary.add("gateway JVM heap (-Xmx)", settings.gatewayHeap());
        summary.add("gateway settings", settings.gatewaySettings());
        try (BenchmarkGateway gateway = BenchmarkGateway.start(
                        directory, classpath(), List.of("-Xmx" + settings.gatewayHeap(), "-XX:+UseParallelGC"), settings.gatewaySettings());
                MemorySampler sampler = MemorySampler.start(gateway);
                Watchdog watchdog = Watchdog.start(gateway, RUN_DEADLINE)) {
            new FetchBenchmark(settings, directory, gateway, sampler, summary).run();
        } catch (Exception | Error e) {
            summary.add("ERROR", e);
            throw e;
        } finally {
            summary.add("wall time of the benchmark (s)", seconds(System.nanoTime() - started));
            summary.print(resultsFile());
            deleteRecursively(directory.resolve("results"));
        }
    }

    private void run() throws Exception {
        summary.add("gateway pid", gateway.pid());
        summary.add("gateway url", gateway.url());
        summary.add("gateway startup (s)", seconds(gateway.startupNanos()));
        measureBaseline();
        try (Connection connection = connect()) {
            measureSelectOne(connection);
            String small = createTable(connection, settings.smallRows());
            FetchSeries selectAll = measure(connection, small + " SELECT *", "SELECT * FROM " + small, SMALL_RUNS);
            measureRawReads(selectAll);
            measure(connection, small + " GROUP BY",
                    "SELECT name, COUNT(*) AS n, SUM(price) AS total FROM " + small + " GROUP BY name", SMALL_RUNS);
            String large = createTable(connection, settings.largeRows());
            measure(connection, large + " SELECT *", "SELECT * FROM " + large, 1);
            String huge = createTable(connection, settings.previewRows(), false);
            new PreviewMeasurement(gateway, summary, this::awaitSpare).run(connection, huge, SMALL_RUNS);
        }
        summary.add("gateway RSS at the end (MiB)", mebibytes(sampler.endWindow().residentBytes()));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        return DriverManager.getConnection(gateway.url(), properties);
    }

    private void measureBaseline() throws Exception {
        sampler.beginWindow();
        // a window of idle samples: the sampler runs on its own; this waits for the window to close
        CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(BASELINE_DURATION.toMillis(), TimeUnit.MILLISECONDS))
                .get(BASELINE_DURATION.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        MemorySampler.Peak baseline = sampler.endWindow();
        summary.add("baseline after startup: max RSS (MiB)", mebibytes(baseline.residentBytes()));
        summary.add("baseline after startup: clusters' RSS, idle spares (MiB)", mebibytes(baseline.clusterResidentBytes()));
        summary.add("baseline after startup: heap used after full GC (MiB)", mebibytes(sampler.heapUsedAfterFullGc()));
    }

    private void measureSelectOne(Connection connection) throws Exception {
        timeToFirstRow(connection, "SELECT 1");
        measureSelectOne(connection, "SELECT 1 back to back", false);
        measureSelectOne(connection, "SELECT 1 with a spare ready", true);
    }

    private void measureSelectOne(Connection connection, String label, boolean spareReady) throws Exception {
        long[] nanos = new long[LATENCY_RUNS];
        for (int run = 0; run < LATENCY_RUNS; run++) {
            if (spareReady) {
                awaitSpare();
            }
            nanos[run] = timeToFirstRow(connection, "SELECT 1");
        }
        Arrays.sort(nanos);
        summary.add(label + ", first row, runs sorted (ms)", Arrays.stream(nanos)
                .mapToObj(Figures::milliseconds).collect(Collectors.joining(" ")));
        summary.add(label + ", first row, median of " + LATENCY_RUNS + " (ms)", milliseconds(nanos[LATENCY_RUNS / 2]));
    }

    /**
     * Before a timed query: waits until a spare cluster is ready, as on a gateway that is not saturated
     * (a query that comes right after another waits for the spare replacing the one it took: the
     * back-to-back {@code SELECT 1} shows that cost). Not waited for when the gateway keeps no spares.
     */
    private void awaitSpare() throws Exception {
        if (settings.gatewaySettings().contains("deployment.local.warm-clusters=0")) {
            return;
        }
        if (!gateway.awaitSpare()) {
            summary.add("WARNING", "no spare cluster was ready within two minutes; a run went without one");
        }
    }

    private static long timeToFirstRow(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            try (ResultSet rows = statement.executeQuery(sql)) {
                if (!rows.next()) {
                    throw new IllegalStateException("No row from " + sql);
                }
                long elapsed = System.nanoTime() - start;
                sink += rows.getInt(1);
                return elapsed;
            }
        }
    }

    /** Creates {@code bench_<size>}: a datagen table of {@code rowCount} rows, five columns, ids 1 to rowCount. */
    static String createTable(Connection connection, long rowCount) throws SQLException {
        return createTable(connection, rowCount, true);
    }

    /**
     * Creates {@code bench_<size>}: a datagen table of {@code rowCount} rows, five columns; ids 1 to
     * rowCount, or random. Flink's datagen sequence holds each subtask's whole range in memory before its
     * first row (seconds for 20M rows): a cost of the generator, not of reading a stored table.
     */
    static String createTable(Connection connection, long rowCount, boolean sequenceIds) throws SQLException {
        String table = "bench_" + sizeLabel(rowCount);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + table + " (id BIGINT, name VARCHAR(20), price DOUBLE,"
                    + " amount DECIMAL(20,4), ts TIMESTAMP(3)) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='" + rowCount + "', 'rows-per-second'='1000000000',"
                    + (sequenceIds ? " 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='" + rowCount + "',"
                            : " 'fields.id.min'='1', 'fields.id.max'='" + rowCount + "',")
                    + " 'fields.name.length'='20')");
        }
        return table;
    }

    private FetchSeries measure(Connection connection, String label, String sql, int runs) throws Exception {
        List<FetchRun> series = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            awaitSpare();
            series.add(fetchAll(connection, sql));
        }
        FetchSeries fetches = new FetchSeries(label, series);
        report(fetches);
        summary.add(label + ": gateway heap used after full GC (MiB)", mebibytes(sampler.heapUsedAfterFullGc()));
        return fetches;
    }

    private FetchRun fetchAll(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            sampler.beginWindow();
            long start = System.nanoTime();
            try (ResultSet rows = statement.executeQuery(sql)) {
                if (!rows.next()) {
                    throw new IllegalStateException("No row from " + sql);
                }
                long firstRow = System.nanoTime();
                MemorySampler.Peak jobPhase = sampler.endWindow();
                sampler.beginWindow();
                CpuTimes cpuAtFirstRow = CpuTimes.now(gateway);
                int[] types = columnTypes(rows.getMetaData());
                long count = 0;
                do {
                    count++;
                    sink += readRow(rows, types);
                } while (rows.next());
                long lastRow = System.nanoTime();
                CpuTimes fetchCpu = CpuTimes.now(gateway).minus(cpuAtFirstRow);
                MemorySampler.Peak fetchPhase = sampler.endWindow();
                String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                return new FetchRun(queryId, count, firstRow - start, lastRow - firstRow, jobPhase, fetchPhase, fetchCpu);
            }
        }
    }

    private static int[] columnTypes(ResultSetMetaData metadata) throws SQLException {
        int[] types = new int[metadata.getColumnCount()];
        for (int column = 1; column <= types.length; column++) {
            types[column - 1] = metadata.getColumnType(column);
        }
        return types;
    }

    /** Reads every column with its typed getter. */
    private static long readRow(ResultSet rows, int[] types) throws SQLException {
        long value = 0;
        for (int column = 1; column <= types.length; column++) {
            switch (types[column - 1]) {
                case java.sql.Types.BIGINT -> value += rows.getLong(column);
                case java.sql.Types.DOUBLE -> value += (long) rows.getDouble(column);
                case java.sql.Types.DECIMAL -> {
                    BigDecimal amount = rows.getBigDecimal(column);
                    value += amount == null ? 0 : amount.scale();
                }
                case java.sql.Types.TIMESTAMP -> {
                    Timestamp timestamp = rows.getTimestamp(column);
                    value += timestamp == null ? 0 : timestamp.getNanos();
                }
                default -> {
                    String text = rows.getString(column);
                    value += text == null ? 0 : text.length();
                }
            }
        }
        return value;
    }

    private void report(FetchSeries fetches) {
        String label = fetches.label();
        summary.add(label + ": rows, runs", fetches.runs().get(0).rows() + ", " + fetches.runs().size());
        long persistedBytes = directorySize(directory.resolve("results").resolve(fetches.lastQueryId()));
        summary.add(label + ": persisted result size (MiB)", String.format(Locale.ROOT, "%.1f", persistedBytes / (double) Figures.MEBIBYTE));
        summary.add(label + ": time to first row, median (s)", seconds(fetches.median(FetchRun::firstRowNanos)));
        summary.add(label + ": end-to-end execute to last row, median (s)", seconds(fetches.median(FetchRun::endToEndNanos)));
        summary.add(label + ": first row as a share of the whole, median", ratio(Figures.median(fetches.runs().stream()
                .mapToLong(run -> Math.round(1000.0 * run.firstRowNanos() / run.endToEndNanos())).toArray()) / 1000.0));
        summary.add(label + ": JDBC fetch rate first to last row, median (rows/s)", rate(fetches.medianRate()));
        summary.add(label + ": gateway peak RSS, max over runs (MiB)", mebibytes(fetches.max(FetchRun::peakResidentBytes)));
        summary.add(label + ": gateway peak heap used (MiB)", mebibytes(fetches.max(run ->
                Math.max(run.jobPhase().heapUsedBytes(), run.fetchPhase().heapUsedBytes()))));
        summary.add(label + ": query clusters' peak RSS, max over runs (MiB)",
                mebibytes(fetches.max(FetchRun::peakClusterResidentBytes)));
        summary.add(label + ": fetch phase CPU busy, gateway / benchmark client (cores)",
                cores(fetches.sum(run -> run.fetchCpu().gatewayNanos()), fetches.sum(FetchRun::fetchNanos)) + " / "
                        + cores(fetches.sum(run -> run.fetchCpu().clientNanos()), fetches.sum(FetchRun::fetchNanos)));
    }

    private void measureRawReads(FetchSeries fetches) throws IOException {
        ResultStore store = new ResultStore(directory.resolve("results").toFile().toURI().toString());
        double plain = medianRawRate(store, fetches.lastQueryId(), false);
        double converted = medianRawRate(store, fetches.lastQueryId(), true);
        double jdbc = fetches.medianRate();
        String label = fetches.label();
        summary.add(label + ": raw in-process read, no conversion, median (rows/s)", rate(plain));
        summary.add(label + ": raw in-process read + JdbcValues conversion, median (rows/s)", rate(converted));
        summary.add(label + ": JDBC fetch rate / raw read rate (no conversion / with conversion)",
                ratio(jdbc / plain) + " / " + ratio(jdbc / converted));
    }

    private static double medianRawRate(ResultStore store, String queryId, boolean convert) throws IOException {
        double[] rates = new double[RAW_READ_RUNS];
        for (int run = 0; run < RAW_READ_RUNS; run++) {
            long start = System.nanoTime();
            long count = 0;
            try (PersistedResultReader reader = store.open(queryId)) {
                JdbcValues.RowConverter converter = JdbcValues.forRows(reader.manifest().rowType(), ZoneId.systemDefault());
                for (RowData row = reader.next(); row != null; row = reader.next()) {
                    count++;
                    sink += convert ? converter.convert(row).length : row.getArity();
                }
            }
            rates[run] = count / (double) (System.nanoTime() - start) * 1e9;
        }
        Arrays.sort(rates);
        return rates[RAW_READ_RUNS / 2];
    }

    /** The classpath of this benchmark: the class loader's URLs under exec:java, else java.class.path. */
    private static String classpath() {
        ClassLoader loader = FetchBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            return Arrays.stream(urls.getURLs()).map(FetchBenchmark::toPath).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String toPath(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a file URL on the classpath: " + url, e);
        }
    }

    /** {@code target/benchmark-results.txt} beside {@code target/test-classes}. */
    private static Path resultsFile() {
        try {
            Path testClasses = Path.of(FetchBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent().resolve("benchmark-results.txt");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sizeLabel(long rowCount) {
        if (rowCount % 1_000_000 == 0) {
            return rowCount / 1_000_000 + "m";
        }
        if (rowCount % 1_000 == 0) {
            return rowCount / 1_000 + "k";
        }
        return Long.toString(rowCount);
    }

    private static long directorySize(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + path + ": " + e);
        }
    }

    /** {@code --small-rows=N --large-rows=N --preview-rows=N --gateway-heap=SIZE --set key=value}. */
    private record Settings(long smallRows, long largeRows, long previewRows, String gatewayHeap, List<String> gatewaySettings) {

        static Settings parse(String[] arguments) {
            long smallRows = 1_000_000;
            long largeRows = 10_000_000;
            long previewRows = 20_000_000;
            String heap = "256m";
            List<String> gatewaySettings = new ArrayList<>();
            for (int index = 0; index < arguments.length; index++) {
                String argument = arguments[index];
                if (argument.startsWith("--small-rows=")) {
                    smallRows = Long.parseLong(argument.substring("--small-rows=".length()));
                } else if (argument.startsWith("--large-rows=")) {
                    largeRows = Long.parseLong(argument.substring("--large-rows=".length()));
                } else if (argument.startsWith("--preview-rows=")) {
                    previewRows = Long.parseLong(argument.substring("--preview-rows=".length()));
                } else if (argument.startsWith("--gateway-heap=")) {
                    heap = argument.substring("--gateway-heap=".length());
                } else if (argument.equals("--set") && index + 1 < arguments.length) {
                    gatewaySettings.add(arguments[++index]);
                } else if (!argument.isBlank()) {
                    throw new IllegalArgumentException("Usage: FetchBenchmark [--small-rows=N] [--large-rows=N]"
                            + " [--preview-rows=N] [--gateway-heap=SIZE] [--set key=value]...");
                }
            }
            return new Settings(smallRows, largeRows, previewRows, heap, List.copyOf(gatewaySettings));
        }
    }
}
