package io.flinkgw.gateway.deploy.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * An operating-system process named so that a reused process id is never mistaken for it: its id and
 * when it started.
 *
 * <p>On Linux the start is the kernel's own count, in clock ticks since boot ({@code /proc/<pid>/stat}),
 * which no change of the wall clock moves. Java's start instant is derived from the boot time the JVM
 * read when it first asked, so when the clock is stepped (NTP, a virtual machine resumed) two JVMs give
 * one process start instants that differ by the step: a gateway that had run through a 64 s step was
 * taken for dead by every process it started afterwards, and its spares exited at once.
 *
 * @param pid the process id
 * @param started when it started, as this system counts it (ticks since boot on Linux, else epoch
 *     milliseconds); only ever compared with a value counted the same way; 0 when the system does not tell
 */
record ProcessIdentity(long pid, long started) {

    /** This JVM. */
    static ProcessIdentity current() {
        return of(ProcessHandle.current());
    }

    static ProcessIdentity of(ProcessHandle process) {
        return new ProcessIdentity(process.pid(), started(process));
    }

    /** Whether the process still runs (and is the same one, not a later process given the same id). */
    boolean isAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return process.isPresent() && (started == 0 || started(process.get()) == started);
    }

    private static long started(ProcessHandle process) {
        Optional<Long> ticks = startTicks(process.pid());
        if (ticks.isPresent()) {
            return ticks.get();
        }
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Field 22 of {@code /proc/<pid>/stat}, counted after the command name, which may hold spaces. */
    static Optional<Long> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux, or the process is gone
        }
    }
}
