package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded job store commits before a client hears of the commit. */
class DurableJobStoreUrlTest {

    @Test
    void embeddedH2FileUrlsGetWriteDelayZero() {
        assertThat(DurableJobStoreUrl.of("jdbc:h2:file:./data/jobstore/flinkgw"))
                .isEqualTo("jdbc:h2:file:./data/jobstore/flinkgw;WRITE_DELAY=0");
        assertThat(DurableJobStoreUrl.of("jdbc:h2:/var/flinkgw/jobs;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:/var/flinkgw/jobs;AUTO_SERVER=TRUE;WRITE_DELAY=0");
    }

    @Test
    void aWriteDelayTheUserChoseIsKept() {
        assertThat(DurableJobStoreUrl.of("jdbc:h2:file:/x;write_delay=100")).isEqualTo("jdbc:h2:file:/x;write_delay=100");
    }

    @Test
    void otherDatabasesAndInMemoryH2AreLeftAlone() {
        assertThat(DurableJobStoreUrl.of("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(DurableJobStoreUrl.of("jdbc:postgresql://db/flinkgw")).isEqualTo("jdbc:postgresql://db/flinkgw");
        assertThat(DurableJobStoreUrl.of("jdbc:h2:tcp://db/x")).isEqualTo("jdbc:h2:tcp://db/x");
    }

    @Test
    void h2AcceptsTheDurableUrl(@TempDir Path directory) {
        try (JdbcJobStore store =
                JdbcJobStore.create("jdbc:h2:file:" + directory.resolve("flinkgw"), "sa", "", Clock.systemUTC())) {
            assertThat(store.findByStates(EnumSet.of(QueryState.RUNNING))).isEmpty();
        }
    }
}
