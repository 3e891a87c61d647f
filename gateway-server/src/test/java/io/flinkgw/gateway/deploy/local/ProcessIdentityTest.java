package io.flinkgw.gateway.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {

    @Test
    void aProcessIsAliveUntilItEndsAndItsIdentityIsTheSameFromAnyJvm() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessIdentity identity = ProcessIdentity.of(child.toHandle());
            assertThat(identity.isAlive()).isTrue();
            assertThat(new ProcessIdentity(identity.pid(), identity.started() + 1).isAlive()).as("another start").isFalse();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ProcessIdentity.of(child.toHandle()).isAlive()).isFalse();
    }

    @Test
    void onLinuxTheStartIsTheKernelsTickCountSinceBootWhichNoClockStepMoves() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux");
        double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        long started = ProcessIdentity.current().started();
        // ticks since boot (USER_HZ is 100 on Linux), not epoch milliseconds read off the wall clock
        assertThat(started).isPositive().isLessThanOrEqualTo((long) Math.ceil(uptimeSeconds * 1000));
        assertThat(ProcessIdentity.startTicks(ProcessHandle.current().pid())).contains(started);
    }
}
