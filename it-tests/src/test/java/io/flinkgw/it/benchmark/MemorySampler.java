package io.flinkgw.it.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples the gateway every 200 ms: its resident set size ({@code /proc/PID/status} VmRSS), its heap
 * (from {@code GET /metrics}), and the summed RSS of its child processes (the query clusters), keeping
 * peaks per window.
 */
final class MemorySampler implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(200);

    private static final Pattern RESIDENT = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
    private static final Pattern HEAP_USED = Pattern.compile("\"heapUsedBytes\":(\\d+)");
    private static final Pattern HEAP_COMMITTED = Pattern.compile("\"heapCommittedBytes\":(\\d+)");

    /** Peaks seen over one window, and the gateway's RSS at its first sample. */
    record Peak(
            long firstResidentBytes, long residentBytes, long heapUsedBytes, long heapCommittedBytes,
            long clusterResidentBytes, int samples) {}

    private final BenchmarkGateway gateway;
    private final ScheduledExecutorService executor;
    private long firstResident;
    private long peakResident;
    private long peakHeapUsed;
    private long peakHeapCommitted;
    private long peakClusterResident;
    private int samples;

    private MemorySampler(BenchmarkGateway gateway, ScheduledExecutorService executor) {
        this.gateway = gateway;
        this.executor = executor;
    }

    static MemorySampler start(BenchmarkGateway gateway) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "memory-sampler");
            thread.setDaemon(true);
            return thread;
        });
        MemorySampler sampler = new MemorySampler(gateway, executor);
        executor.scheduleAtFixedRate(sampler::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Forgets the peaks so far and takes the window's first sample. */
    synchronized void beginWindow() {
        firstResident = -1;
        peakResident = -1;
        peakHeapUsed = -1;
        peakHeapCommitted = -1;
        peakClusterResident = -1;
        samples = 0;
        sample();
    }

    /** Takes one last sample and returns the window's peaks. */
    synchronized Peak endWindow() {
        sample();
        return new Peak(firstResident, peakResident, peakHeapUsed, peakHeapCommitted, peakClusterResident, samples);
    }

    synchronized void sample() {
        try {
            long resident = residentBytes(gateway.pid());
            String json = gateway.metricsJson();
            long clusters = gateway.handle().descendants()
                    .mapToLong(child -> residentBytesOrZero(child.pid())).sum();
            firstResident = samples == 0 ? resident : firstResident;
            peakResident = Math.max(peakResident, resident);
            peakHeapUsed = Math.max(peakHeapUsed, number(HEAP_USED, json));
            peakHeapCommitted = Math.max(peakHeapCommitted, number(HEAP_COMMITTED, json));
            peakClusterResident = Math.max(peakClusterResident, clusters);
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
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(gateway.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue() == 0 ? number(HEAP_USED, gateway.metricsJson()) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long residentBytes(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        return number(RESIDENT, status) * 1024L;
    }

    private static long residentBytesOrZero(long pid) {
        try {
            return residentBytes(pid);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
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
