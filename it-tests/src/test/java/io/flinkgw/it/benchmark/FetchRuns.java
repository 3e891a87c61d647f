package io.flinkgw.it.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;

/** What one full read of a result over JDBC measured, and a series of them over one query. */
final class FetchRuns {

    private FetchRuns() {}

    /** One full read of a result over JDBC. */
    record FetchRun(
            String queryId,
            long rows,
            long firstRowNanos,
            long fetchNanos,
            MemorySampler.Peak jobPhase,
            MemorySampler.Peak fetchPhase,
            CpuTimes fetchCpu) {

        long endToEndNanos() {
            return firstRowNanos + fetchNanos;
        }

        /** Rows after the first one, over the time from the first row to the last. */
        double rowsPerSecond() {
            return (rows - 1) / (double) Math.max(1, fetchNanos) * 1e9;
        }

        /** The gateway's peak RSS over the whole run. */
        long peakResidentBytes() {
            return Math.max(jobPhase.residentBytes(), fetchPhase.residentBytes());
        }

        /** The clusters' peak RSS over the whole run. */
        long peakClusterResidentBytes() {
            return Math.max(jobPhase.clusterResidentBytes(), fetchPhase.clusterResidentBytes());
        }
    }

    /** The runs of one query. */
    record FetchSeries(String label, List<FetchRun> runs) {

        String lastQueryId() {
            return runs.get(runs.size() - 1).queryId();
        }

        long median(ToLongFunction<FetchRun> measure) {
            return Figures.median(runs.stream().mapToLong(measure).toArray());
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

    /** CPU time used so far by the gateway process and by this one; -1 when the platform does not tell. */
    record CpuTimes(long gatewayNanos, long clientNanos) {

        static CpuTimes now(BenchmarkGateway gateway) {
            return new CpuTimes(gateway.cpuNanos(),
                    ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L));
        }

        CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(difference(gatewayNanos, earlier.gatewayNanos), difference(clientNanos, earlier.clientNanos));
        }

        private static long difference(long later, long earlier) {
            return later < 0 || earlier < 0 ? -1 : later - earlier;
        }
    }
}
