package io.flinkgw.it.benchmark;

import io.flinkgw.dialect.JdbcValues;
import io.flinkgw.gateway.result.PersistedResultReader;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.data.RowData;

/**
 * Measures how fast a flinkgw gateway serves a persisted batch result over JDBC, and what serving it
 * costs the gateway in memory.
 *
 * <p>Method:
 *
 * <ul>
 *   <li>The gateway runs as a separate child JVM ({@code -Xmx2g}, same classpath as this one) over a
 *       fresh temporary result root and job store, so its memory is measured alone; its output goes to
 *       {@code gateway.log} in that directory.
 *   <li>Latency: time from {@code executeQuery} to the first {@code next()} of {@code SELECT 1}, one
 *       warm-up then seven runs; median and minimum.
 *   <li>Throughput: {@code SELECT *} over a datagen table of 1M rows (five columns, each read with its
 *       typed getter), three runs; time to first row, fetch rate from the first row to the last, and
 *       end-to-end time, as medians. The same for 10M rows, one run.
 *   <li>Memory: a background thread samples the child every 200 ms: resident set size from
 *       {@code /proc/PID/status} (VmRSS) and heap used from {@code GET /metrics}. Peaks are kept
 *       separately for the job phase (execute to first row; the per-query MiniCluster runs inside the
 *       gateway) and the fetch phase (first row to last); for the fetch phase also the RSS growth over
 *       its first sample, and the CPU time of gateway and client per second of fetching. Heap used
 *       after a full GC ({@code jcmd PID GC.run}) is taken after startup and after each size, as the
 *       live-set figure.
 *   <li>Raw read: this JVM opens the same persisted files of the last 1M query with {@link ResultStore}
 *       and reads every row, with and without the per-row {@link JdbcValues} conversion the gateway does;
 *       three runs each, median. The JDBC fetch rate divided by these rates is the share of the raw read
 *       speed that survives the network path.
 * </ul>
 *
 * <p>The summary is printed and written to {@code target/benchmark-results.txt} of this module.
 * Arguments (for a quick smoke run): {@code --small-rows=N --large-rows=N}. Run it on the test
 * classpath with the {@code --add-opens} flags Flink needs (this JVM reads the result files with Flink
 * classes), e.g. {@code java -Xmx3g <flags> -cp target/test-classes:target/classes:<dependencies>
 * io.flinkgw.it.benchmark.FetchBenchmark}; under {@code exec:java} the child's classpath is taken from
 * the class loader instead of {@code java.class.path}.
 */
public final class FetchBenchmark {

    private static final List<String> JVM_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(15);
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);
    private static final Duration BASELINE_DURATION = Duration.ofSeconds(3);
    private static final int LATENCY_WARM_UPS = 1;
    private static final int LATENCY_RUNS = 7;
    private static final int SMALL_FETCH_RUNS = 3;
    private static final int LARGE_FETCH_RUNS = 1;
    private static final int RAW_READ_RUNS = 3;
    private static final long MEBIBYTE = 1024L * 1024L;

    /** Keeps the JIT from dropping reads whose values are otherwise unused. */
    private static volatile long sink;

    private final Settings settings;
    private final Path directory;
    private final GatewayProcess gateway;
    private final MemorySampler sampler;
    private final Summary summary;

    private FetchBenchmark(
            Settings settings, Path directory, GatewayProcess gateway, MemorySampler sampler, Summary summary) {
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
        try (GatewayProcess gateway = GatewayProcess.start(directory, classpath());
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
            FetchSeries small = measureFetches(connection, settings.smallRows(), SMALL_FETCH_RUNS);
            measureRawReads(small);
            measureFetches(connection, settings.largeRows(), LARGE_FETCH_RUNS);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        return DriverManager.getConnection(gateway.url(), properties);
    }

    private void measureBaseline() throws InterruptedException {
        sampler.beginWindow();
        Thread.sleep(BASELINE_DURATION.toMillis());
        MemoryPeak baseline = sampler.endWindow();
        summary.add("baseline after startup: max RSS (MiB)", mebibytes(baseline.residentBytes()));
        summary.add("baseline after startup: max heap used (MiB)", mebibytes(baseline.heapUsedBytes()));
        summary.add("baseline after startup: heap used after full GC (MiB)", mebibytes(sampler.heapUsedAfterFullGc()));
    }

    private void measureSelectOne(Connection connection) throws SQLException {
        for (int run = 0; run < LATENCY_WARM_UPS; run++) {
            timeToFirstRow(connection, "SELECT 1");
        }
        long[] nanos = new long[LATENCY_RUNS];
        for (int run = 0; run < LATENCY_RUNS; run++) {
            nanos[run] = timeToFirstRow(connection, "SELECT 1");
        }
        Arrays.sort(nanos);
        summary.add("SELECT 1 time to first row, runs sorted (ms)", Arrays.stream(nanos)
                .mapToObj(value -> milliseconds(value)).collect(Collectors.joining(" ")));
        summary.add("SELECT 1 time to first row, median of " + LATENCY_RUNS + " (ms)", milliseconds(nanos[LATENCY_RUNS / 2]));
        summary.add("SELECT 1 time to first row, min (ms)", milliseconds(nanos[0]));
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

    private FetchSeries measureFetches(Connection connection, long rowCount, int runs) throws SQLException {
        String table = "bench_" + sizeLabel(rowCount);
        createTable(connection, table, rowCount);
        List<FetchRun> series = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            FetchRun fetch = fetchAll(connection, table);
            if (fetch.rows() != rowCount) {
                summary.add("WARNING " + table + " run " + (run + 1), "read " + fetch.rows() + " rows, expected " + rowCount);
            }
            series.add(fetch);
        }
        FetchSeries fetches = new FetchSeries(table, series);
        report(fetches);
        summary.add(table + ": heap used after full GC (MiB)", mebibytes(sampler.heapUsedAfterFullGc()));
        return fetches;
    }

    private static void createTable(Connection connection, String table, long rowCount) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + table + " (id BIGINT, name VARCHAR(20), price DOUBLE,"
                    + " amount DECIMAL(20,4), ts TIMESTAMP(3)) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='" + rowCount + "', 'rows-per-second'='1000000000',"
                    + " 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='" + rowCount + "',"
                    + " 'fields.name.length'='20')");
        }
    }

    private FetchRun fetchAll(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            sampler.beginWindow();
            long start = System.nanoTime();
            try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                if (!rows.next()) {
                    throw new IllegalStateException("No row from " + table);
                }
                long firstRow = System.nanoTime();
                MemoryPeak jobPhase = sampler.endWindow();
                sampler.beginWindow();
                CpuTimes cpuAtFirstRow = CpuTimes.now(gateway);
                long count = 0;
                do {
                    count++;
                    sink += readRow(rows);
                } while (rows.next());
                long lastRow = System.nanoTime();
                CpuTimes fetchCpu = CpuTimes.now(gateway).minus(cpuAtFirstRow);
                MemoryPeak fetchPhase = sampler.endWindow();
                String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                return new FetchRun(queryId, count, firstRow - start, lastRow - firstRow, jobPhase, fetchPhase, fetchCpu);
            }
        }
    }

    private static long readRow(ResultSet rows) throws SQLException {
        long id = rows.getLong(1);
        String name = rows.getString(2);
        double price = rows.getDouble(3);
        BigDecimal amount = rows.getBigDecimal(4);
        Timestamp timestamp = rows.getTimestamp(5);
        return id + (name == null ? 0 : name.length()) + (long) price
                + (amount == null ? 0 : amount.scale()) + (timestamp == null ? 0 : timestamp.getNanos());
    }

    private void report(FetchSeries fetches) {
        String table = fetches.table();
        summary.add(table + ": rows", fetches.runs().get(0).rows());
        summary.add(table + ": runs", fetches.runs().size());
        summary.add(table + ": query id (last run)", fetches.lastQueryId());
        long persistedBytes = directorySize(resultDirectory(fetches.lastQueryId()));
        summary.add(table + ": persisted result size (MiB)", String.format(Locale.ROOT, "%.1f", persistedBytes / (double) MEBIBYTE));
        summary.add(table + ": persisted bytes per row", persistedBytes / Math.max(1, fetches.runs().get(0).rows()));
        summary.add(table + ": time to first row, median (s)", seconds(fetches.median(FetchRun::firstRowNanos)));
        summary.add(table + ": JDBC fetch rate first to last row, median (rows/s)", rate(fetches.medianRate()));
        summary.add(table + ": JDBC fetch rate, all runs (rows/s)", fetches.runs().stream()
                .map(run -> rate(run.rowsPerSecond())).collect(Collectors.joining(" ")));
        summary.add(table + ": end-to-end execute to last row, median (s)", seconds(fetches.median(FetchRun::endToEndNanos)));
        summary.add(table + ": job phase max RSS (MiB)", mebibytes(fetches.max(run -> run.jobPhase().residentBytes())));
        summary.add(table + ": job phase max heap used (MiB)", mebibytes(fetches.max(run -> run.jobPhase().heapUsedBytes())));
        summary.add(table + ": fetch phase RSS at first row, max over runs (MiB)",
                mebibytes(fetches.max(run -> run.fetchPhase().firstResidentBytes())));
        summary.add(table + ": fetch phase max RSS (MiB)", mebibytes(fetches.max(run -> run.fetchPhase().residentBytes())));
        summary.add(table + ": fetch phase max RSS growth over RSS at first row (MiB)",
                mebibytes(fetches.max(run -> run.fetchPhase().residentBytes() - run.fetchPhase().firstResidentBytes())));
        summary.add(table + ": fetch phase max heap used (MiB)", mebibytes(fetches.max(run -> run.fetchPhase().heapUsedBytes())));
        summary.add(table + ": fetch phase max heap committed (MiB)",
                mebibytes(fetches.max(run -> run.fetchPhase().heapCommittedBytes())));
        summary.add(table + ": fetch phase CPU busy, gateway / benchmark client (cores)",
                cores(fetches.sum(run -> run.fetchCpu().gatewayNanos()), fetches.sum(FetchRun::fetchNanos)) + " / "
                        + cores(fetches.sum(run -> run.fetchCpu().clientNanos()), fetches.sum(FetchRun::fetchNanos)));
        summary.add(table + ": memory samples (job phase / fetch phase)",
                fetches.sum(run -> run.jobPhase().samples()) + " / " + fetches.sum(run -> run.fetchPhase().samples()));
    }

    private void measureRawReads(FetchSeries fetches) throws IOException {
        ResultStore store = new ResultStore(directory.resolve("results").toFile().toURI().toString());
        String queryId = fetches.lastQueryId();
        double plain = medianRawRate(store, queryId, false);
        double converted = medianRawRate(store, queryId, true);
        double jdbc = fetches.medianRate();
        String table = fetches.table();
        summary.add(table + ": raw in-process read, no conversion, median (rows/s)", rate(plain));
        summary.add(table + ": raw in-process read + JdbcValues conversion, median (rows/s)", rate(converted));
        summary.add(table + ": JDBC fetch rate / raw read rate (no conversion)", ratio(jdbc / plain));
        summary.add(table + ": JDBC fetch rate / raw read rate (with conversion)", ratio(jdbc / converted));
    }

    private static double medianRawRate(ResultStore store, String queryId, boolean convert) throws IOException {
        double[] rates = new double[RAW_READ_RUNS];
        for (int run = 0; run < RAW_READ_RUNS; run++) {
            rates[run] = rawReadRate(store, queryId, convert);
        }
        Arrays.sort(rates);
        return rates[RAW_READ_RUNS / 2];
    }

    private static double rawReadRate(ResultStore store, String queryId, boolean convert) throws IOException {
        long start = System.nanoTime();
        long count = 0;
        try (PersistedResultReader reader = store.open(queryId)) {
            JdbcValues.RowConverter converter = JdbcValues.forRows(reader.manifest().rowType(), ZoneId.systemDefault());
            for (RowData row = reader.next(); row != null; row = reader.next()) {
                count++;
                sink += convert ? converter.convert(row).length : row.getArity();
            }
        }
        return count / (double) (System.nanoTime() - start) * 1e9;
    }

    private Path resultDirectory(String queryId) {
        return directory.resolve("results").resolve(queryId);
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
            return files.filter(Files::isRegularFile).mapToLong(FetchBenchmark::fileSize).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static String milliseconds(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    private static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(bytes / MEBIBYTE);
    }

    private static String rate(double rowsPerSecond) {
        return String.format(Locale.ROOT, "%.0f", rowsPerSecond);
    }

    private static String cores(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", cpuNanos / (double) Math.max(1, wallNanos));
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Row counts of the two sizes; {@code --small-rows=N --large-rows=N}. */
    private record Settings(long smallRows, long largeRows) {

        static Settings parse(String[] arguments) {
            long smallRows = 1_000_000;
            long largeRows = 10_000_000;
            for (String argument : arguments) {
                if (argument.startsWith("--small-rows=")) {
                    smallRows = Long.parseLong(argument.substring("--small-rows=".length()));
                } else if (argument.startsWith("--large-rows=")) {
                    largeRows = Long.parseLong(argument.substring("--large-rows=".length()));
                } else if (!argument.isBlank()) {
                    throw new IllegalArgumentException("Usage: FetchBenchmark [--small-rows=N] [--large-rows=N]");
                }
            }
            return new Settings(smallRows, largeRows);
        }
    }

    /** One full read of a result over JDBC. */
    private record FetchRun(
            String queryId,
            long rows,
            long firstRowNanos,
            long fetchNanos,
            MemoryPeak jobPhase,
            MemoryPeak fetchPhase,
            CpuTimes fetchCpu) {

        long endToEndNanos() {
            return firstRowNanos + fetchNanos;
        }

        /** Rows after the first one, over the time from the first row to the last. */
        double rowsPerSecond() {
            return (rows - 1) / (double) Math.max(1, fetchNanos) * 1e9;
        }
    }

    /** The runs over one table. */
    private record FetchSeries(String table, List<FetchRun> runs) {

        String lastQueryId() {
            return runs.get(runs.size() - 1).queryId();
        }

        long median(ToLongFunction<FetchRun> measure) {
            long[] values = runs.stream().mapToLong(measure).sorted().toArray();
            return values[values.length / 2];
        }

        double medianRate() {
            double[] values = runs.stream().mapToDouble(FetchRun::rowsPerSecond).sorted().toArray();
            return values[values.length / 2];
        }

        long max(ToLongFunction<FetchRun> measure) {
            return runs.stream().mapToLong(measure).max().orElse(-1);
        }

        long sum(ToLongFunction<FetchRun> measure) {
            return runs.stream().mapToLong(measure).sum();
        }
    }

    /** Peaks seen by the sampler over one window, and the RSS of its first sample. */
    private record MemoryPeak(
            long firstResidentBytes, long residentBytes, long heapUsedBytes, long heapCommittedBytes, int samples) {}

    /** CPU time used so far by the gateway process and by this one; -1 when the platform does not tell. */
    private record CpuTimes(long gatewayNanos, long clientNanos) {

        static CpuTimes now(GatewayProcess gateway) {
            return new CpuTimes(gateway.cpuNanos(), cpuNanos(ProcessHandle.current()));
        }

        static long cpuNanos(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(difference(gatewayNanos, earlier.gatewayNanos), difference(clientNanos, earlier.clientNanos));
        }

        private static long difference(long later, long earlier) {
            return later < 0 || earlier < 0 ? -1 : later - earlier;
        }
    }

    /** The gateway as a child JVM, its output drained to {@code gateway.log}. */
    private static final class GatewayProcess implements AutoCloseable {

        private static final Pattern READY = Pattern.compile("flinkgw ready: (jdbc:flinkgw://[^:]+:(\\d+))");

        private final Process process;
        private final Thread drain;
        private final String url;
        private final int port;
        private final long startupNanos;

        private GatewayProcess(Process process, Thread drain, String url, int port, long startupNanos) {
            this.process = process;
            this.drain = drain;
            this.url = url;
            this.port = port;
            this.startupNanos = startupNanos;
        }

        static GatewayProcess start(Path directory, String classpath) throws IOException, InterruptedException {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command(directory, classpath)).redirectErrorStream(true).start();
            Path log = directory.resolve("gateway.log");
            CompletableFuture<Matcher> ready = new CompletableFuture<>();
            Thread drain = new Thread(() -> drain(process.getInputStream(), log, ready), "gateway-log-drain");
            drain.setDaemon(true);
            drain.start();
            try {
                Matcher matcher = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return new GatewayProcess(
                        process, drain, matcher.group(1), Integer.parseInt(matcher.group(2)), System.nanoTime() - start);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Gateway not ready within " + READY_TIMEOUT.toSeconds()
                        + " s (exit: " + (process.isAlive() ? "still alive" : process.exitValue()) + "); see " + log, e);
            }
        }

        private static List<String> command(Path directory, String classpath) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx2g");
            command.addAll(JVM_OPENS);
            command.addAll(List.of(
                    "-cp", classpath,
                    "io.flinkgw.gateway.FlinkgwServer",
                    "-Dgateway.port=0",
                    "-Dresult-store.root=" + directory.resolve("results"),
                    "-Djob-store.url=jdbc:h2:file:" + directory.resolve("jobstore").resolve("flinkgw")));
            return command;
        }

        private static void drain(InputStream output, Path log, CompletableFuture<Matcher> ready) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                    BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    writer.write(line);
                    writer.newLine();
                    writer.flush();
                    Matcher matcher = READY.matcher(line);
                    if (!ready.isDone() && matcher.find()) {
                        ready.complete(matcher);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("Gateway output ended before it was ready"));
        }

        long pid() {
            return process.pid();
        }

        String url() {
            return url;
        }

        URI metricsUri() {
            return URI.create("http://127.0.0.1:" + port + "/metrics");
        }

        long startupNanos() {
            return startupNanos;
        }

        long cpuNanos() {
            return CpuTimes.cpuNanos(process.toHandle());
        }

        void kill() {
            process.destroyForcibly();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** Samples the gateway's RSS and heap every {@link #SAMPLE_INTERVAL}, keeping peaks per window. */
    private static final class MemorySampler implements AutoCloseable {

        private static final Pattern RESIDENT = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
        private static final Pattern HEAP_USED = Pattern.compile("\"heapUsedBytes\":(\\d+)");
        private static final Pattern HEAP_COMMITTED = Pattern.compile("\"heapCommittedBytes\":(\\d+)");

        private final long pid;
        private final URI metrics;
        private final ScheduledExecutorService executor;
        private long firstResident;
        private long peakResident;
        private long peakHeapUsed;
        private long peakHeapCommitted;
        private int samples;

        private MemorySampler(long pid, URI metrics, ScheduledExecutorService executor) {
            this.pid = pid;
            this.metrics = metrics;
            this.executor = executor;
        }

        static MemorySampler start(GatewayProcess gateway) {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("memory-sampler"));
            MemorySampler sampler = new MemorySampler(gateway.pid(), gateway.metricsUri(), executor);
            long interval = SAMPLE_INTERVAL.toMillis();
            executor.scheduleAtFixedRate(sampler::sample, 0, interval, TimeUnit.MILLISECONDS);
            return sampler;
        }

        /** Forgets the peaks so far and takes the window's first sample. */
        synchronized void beginWindow() {
            firstResident = -1;
            peakResident = -1;
            peakHeapUsed = -1;
            peakHeapCommitted = -1;
            samples = 0;
            sample();
        }

        /** Takes one last sample and returns the window's peaks. */
        synchronized MemoryPeak endWindow() {
            sample();
            return new MemoryPeak(firstResident, peakResident, peakHeapUsed, peakHeapCommitted, samples);
        }

        synchronized void sample() {
            try {
                long resident = residentBytes();
                String json = metricsJson();
                firstResident = samples == 0 ? resident : firstResident;
                peakResident = Math.max(peakResident, resident);
                peakHeapUsed = Math.max(peakHeapUsed, number(HEAP_USED, json));
                peakHeapCommitted = Math.max(peakHeapCommitted, number(HEAP_COMMITTED, json));
                samples++;
            } catch (IOException | RuntimeException e) {
                // the gateway is gone or busy; the window keeps the samples it has
            }
        }

        /** Heap used right after {@code jcmd PID GC.run}: the live set; -1 when jcmd is not available. */
        long heapUsedAfterFullGc() {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (!Files.isExecutable(jcmd)) {
                return -1;
            }
            try {
                Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return -1;
                }
                return process.exitValue() == 0 ? number(HEAP_USED, metricsJson()) : -1;
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private long residentBytes() throws IOException {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return number(RESIDENT, status) * 1024L;
        }

        private String metricsJson() throws IOException {
            HttpURLConnection connection = (HttpURLConnection) metrics.toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(2_000);
            try (InputStream input = connection.getInputStream()) {
                return new String(input.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        }

        private static long number(Pattern pattern, String text) {
            Matcher matcher = pattern.matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException("No " + pattern + " in " + text);
            }
            return Long.parseLong(matcher.group(1));
        }

        @Override
        public void close() throws InterruptedException {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Kills the gateway if the whole run overstays its deadline, so a hung fetch fails instead of waiting. */
    private static final class Watchdog implements AutoCloseable {

        private final ScheduledExecutorService executor;

        private Watchdog(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        static Watchdog start(GatewayProcess gateway, Duration deadline) {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("benchmark-watchdog"));
            executor.schedule(() -> {
                System.err.println("Benchmark overstayed " + deadline + "; killing the gateway");
                gateway.kill();
            }, deadline.toSeconds(), TimeUnit.SECONDS);
            return new Watchdog(executor);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Labelled figures, one a line, printed and written to a file. */
    private static final class Summary {

        private final List<String[]> lines = new ArrayList<>();

        synchronized void add(String label, Object value) {
            lines.add(new String[] {label, String.valueOf(value)});
        }

        synchronized void print(Path file) {
            StringBuilder text = new StringBuilder("==== flinkgw fetch benchmark ====\n");
            for (String[] line : lines) {
                text.append(String.format(Locale.ROOT, "%-76s %s%n", line[0] + ":", line[1]));
            }
            text.append("=================================\n");
            System.out.print(text);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                System.out.println("Summary written to " + file);
            } catch (IOException e) {
                System.err.println("Could not write " + file + ": " + e);
            }
        }
    }
}
