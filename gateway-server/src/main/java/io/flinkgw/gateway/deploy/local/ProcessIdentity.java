package io.flinkgw.gateway.deploy.local;

import java.time.Instant;
import java.util.Optional;

/**
 * An operating-system process named so that a reused process id is never mistaken for it: its id and
 * the instant it started.
 *
 * @param pid the process id
 * @param startMillis when it started, in epoch milliseconds (0 when the system does not tell)
 */
record ProcessIdentity(long pid, long startMillis) {

    /** This JVM. */
    static ProcessIdentity current() {
        return of(ProcessHandle.current());
    }

    static ProcessIdentity of(ProcessHandle process) {
        return new ProcessIdentity(process.pid(), startMillis(process));
    }

    /** Whether the process still runs (and is the same one, not a later process given the same id). */
    boolean isAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return process.isPresent() && (startMillis == 0 || startMillis(process.get()) == startMillis);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
