package io.flinkgw.gateway.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which recorded cluster processes a starting gateway ends: those of gateways now gone that run no
 * live query; never those of a live gateway, nor a process that merely got a recorded pid. Stand-in
 * processes carry the tag on their command line as a cluster process does.
 */
class LocalProcessDeployerOrphansTest {

    @TempDir Path directory;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endStandIns() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void endsTheProcessesOfAGoneGatewayWhoseQueriesAreOverOrUnknownAndKeepsTheOthers() throws Exception {
        ClusterRegistry registry = new ClusterRegistry(directory.resolve("clusters"));
        ProcessIdentity goneGateway = gone();
        ProcessIdentity liveGateway = ProcessIdentity.of(standIn(ClusterRegistry.newTag()).toHandle());
        Process spareOfTheGone = record(registry, goneGateway, Optional.empty());
        Process overQueryOfTheGone = record(registry, goneGateway, Optional.of("over"));
        Process liveQueryOfTheGone = record(registry, goneGateway, Optional.of("live"));
        Process ofTheLiveGateway = record(registry, liveGateway, Optional.of("over"));

        try (LocalProcessDeployer deployer = new LocalProcessDeployer(settings())) {
            assertThat(deployer.killOrphans(queryId -> queryId.equals("live"))).isEqualTo(2);
        }

        assertThat(spareOfTheGone.waitFor(30, TimeUnit.SECONDS)).as("the spare of a gone gateway").isTrue();
        assertThat(overQueryOfTheGone.waitFor(30, TimeUnit.SECONDS)).as("a gone gateway's process of a query that is over").isTrue();
        assertThat(liveQueryOfTheGone.isAlive()).as("a process of a query still running").isTrue();
        assertThat(ofTheLiveGateway.isAlive()).as("a process of a live gateway").isTrue();
        assertThat(registry.list()).extracting(ClusterEntry::queryId)
                .containsExactlyInAnyOrder(Optional.of("live"), Optional.of("over"));
    }

    @Test
    void aLiveProcessWithoutTheTagIsNeverTakenForTheCluster() throws Exception {
        Process standIn = standIn(ClusterRegistry.newTag());
        ClusterAddress sameIdOtherTag = new ClusterAddress(standIn.pid(), 1, ClusterRegistry.newTag());
        assertThat(sameIdOtherTag.isRunning()).isFalse();
        try (LocalProcessDeployer deployer = new LocalProcessDeployer(settings())) {
            assertThat(deployer.reattach("query", Optional.of(sameIdOtherTag.toString()))).isEmpty();
            assertThat(deployer.reattach("query", Optional.of("not a local cluster id"))).isEmpty();
        }
        assertThat(standIn.isAlive()).isTrue();
    }

    @Test
    void aClusterIdNamesPidPortAndTag() {
        ClusterAddress address = new ClusterAddress(4242, 8081, "0123abcd");
        assertThat(address.toString()).isEqualTo("local-process:4242:8081:0123abcd");
        assertThat(ClusterAddress.parse(address.toString())).contains(address);
        assertThat(ClusterAddress.parse("application_1_0001")).isEmpty();
    }

    private LocalProcessDeployer.Settings settings() {
        return new LocalProcessDeployer.Settings(1, 0, MemorySize.parse("256m"), List.of(), directory.resolve("clusters"));
    }

    private Process record(ClusterRegistry registry, ProcessIdentity owner, Optional<String> queryId) throws Exception {
        String tag = ClusterRegistry.newTag();
        Process process = standIn(tag);
        registry.write(new ClusterEntry(tag, ProcessIdentity.of(process.toHandle()), 1, owner, queryId));
        return process;
    }

    /** A process whose command line carries the tag as a cluster process's does, and that waits. */
    private Process standIn(String tag) throws Exception {
        // the shell runs two commands, so it stays the process (it does not exec sleep)
        Process process = new ProcessBuilder("sh", "-c", "sleep 120; true", "sh", LocalClusterProcess.TAG_ARGUMENT, tag).start();
        started.add(process);
        return process;
    }

    /** The identity of a process that has ended. */
    private ProcessIdentity gone() throws Exception {
        Process process = new ProcessBuilder("true").start();
        ProcessIdentity identity = ProcessIdentity.of(process.toHandle());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return identity;
    }
}
