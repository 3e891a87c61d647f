package io.flinkgw.gateway.monitor;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.query.JobStatusSource;
import io.flinkgw.gateway.query.ObservedStatus;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.query.QueryState;
import io.flinkgw.gateway.result.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Reads the result's commit marker and failure record, which outlive every cluster. */
public final class ResultMarkerStatusSource implements JobStatusSource {

    private final ResultStore resultStore;

    /** Creates the source over the result store. */
    public ResultMarkerStatusSource(ResultStore resultStore) {
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
    }

    @Override
    public Optional<ObservedStatus> observe(QueryRecord record) {
        try {
            var manifest = resultStore.manifest(record.queryId());
            if (manifest.isPresent()) {
                return Optional.of(
                        new ObservedStatus(
                                QueryState.FINISHED, "commit-marker", Optional.of(Long.toString(manifest.get().rowCount()))));
            }
            return resultStore
                    .failure(record.queryId())
                    .map(failure -> new ObservedStatus(QueryState.FAILED, "failure-record", Optional.of(failure.message())));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the result markers of query " + record.queryId(), e);
        }
    }
}
