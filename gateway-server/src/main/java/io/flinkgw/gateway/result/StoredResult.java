package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A result directory found under the result store's root.
 *
 * @param queryId the query the directory belongs to (its name)
 * @param modifiedAt when the directory last changed (an entry was added, removed or renamed)
 */
public record StoredResult(String queryId, Instant modifiedAt) {

    public StoredResult {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(modifiedAt, "modifiedAt is null");
    }
}
