package io.flinkgw.it.benchmark;

import java.util.Arrays;
import java.util.Locale;

/** How the benchmarks print figures: seconds, milliseconds, MiB, rates and ratios, medians. */
final class Figures {

    static final long MEBIBYTE = 1024L * 1024L;

    private Figures() {}

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    static String milliseconds(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(bytes / MEBIBYTE);
    }

    static String rate(double rowsPerSecond) {
        return String.format(Locale.ROOT, "%.0f", rowsPerSecond);
    }

    static String cores(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", cpuNanos / (double) Math.max(1, wallNanos));
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
