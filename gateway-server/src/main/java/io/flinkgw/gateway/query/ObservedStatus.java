package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A query's state as one status source sees it.
 *
 * @param state the state
 * @param source which source said so (for logs and diagnostics)
 * @param detail the failure message or row count, when the source has one
 */
public record ObservedStatus(QueryState state, String source, Optional<String> detail) {

    public ObservedStatus {
        requireNonNull(state, "state is null");
        requireNonNull(source, "source is null");
        requireNonNull(detail, "detail is null");
    }
}
