package io.flinkgw.gateway.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {

    @TempDir Path root;

    @Test
    void queryIdsCannotNameOtherPaths() {
        ResultStore store = new ResultStore(root.toUri().toString());
        assertThatThrownBy(() -> store.directoryFor("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.directoryFor("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.directoryFor("abcdefghijklmnop234567abcd").getName()).isEqualTo("abcdefghijklmnop234567abcd");
    }

    @Test
    void uncommittedResultIsNotVisibleAndFailureIsRecorded() throws IOException {
        ResultStore store = new ResultStore(root.toUri().toString());
        String queryId = "abcdefghijklmnop234567abcd";
        assertThat(store.manifest(queryId)).isEmpty();
        assertThatThrownBy(() -> store.open(queryId)).isInstanceOf(IOException.class).hasMessageContaining("not committed");
        store.writeFailure(queryId, new FailureRecord("ArithmeticException: / by zero", "java.lang.ArithmeticException", Instant.EPOCH));
        assertThat(store.failure(queryId)).get().extracting(FailureRecord::message).isEqualTo("ArithmeticException: / by zero");
        store.delete(queryId);
        assertThat(store.failure(queryId)).isEmpty();
    }
}
