package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.result.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result directories no record names are removed, but only after the grace period. */
class OrphanResultsTest {

    private static final String RECORDED = "aaaaaaaaaaaaaaaaaaaa";
    private static final String OLD_ORPHAN = "bbbbbbbbbbbbbbbbbbbb";
    private static final String NEW_ORPHAN = "cccccccccccccccccccc";

    @TempDir Path directory;

    @Test
    void removesOnlyOldDirectoriesWithoutARecord() throws Exception {
        Path root = directory.resolve("results");
        Instant longAgo = Instant.now().minus(Duration.ofDays(1));
        for (String queryId : new String[] {RECORDED, OLD_ORPHAN, NEW_ORPHAN}) {
            Files.createDirectories(root.resolve(queryId).resolve("data"));
            Files.writeString(root.resolve(queryId).resolve("plan.bin"), "plan");
        }
        Files.setLastModifiedTime(root.resolve(RECORDED), FileTime.from(longAgo));
        Files.setLastModifiedTime(root.resolve(OLD_ORPHAN), FileTime.from(longAgo));
        Files.createDirectories(root.resolve("not-a-query-id"));
        Files.setLastModifiedTime(root.resolve("not-a-query-id"), FileTime.from(longAgo));
        ResultStore resultStore = new ResultStore(root.toString());
        try (JdbcJobStore jobStore =
                JdbcJobStore.create("jdbc:h2:file:" + directory.resolve("jobstore/flinkgw"), "sa", "", Clock.systemUTC())) {
            jobStore.insert(QueryRecord.submitted(
                    RECORDED, "tester", "SELECT 1", root.resolve(RECORDED).toString(), "ROW<`x` INT>", longAgo));
            OrphanResults orphans = new OrphanResults(jobStore, resultStore);

            assertThat(orphans.removeUnchangedSince(Instant.now().minus(Duration.ofHours(1)))).isEqualTo(1);

            assertThat(root.resolve(OLD_ORPHAN)).doesNotExist();
            assertThat(root.resolve(RECORDED)).isDirectory();
            assertThat(root.resolve(NEW_ORPHAN)).isDirectory();
            assertThat(root.resolve("not-a-query-id")).isDirectory();
        }
    }
}
