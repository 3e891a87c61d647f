package io.flinkgw.gateway.monitor;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.query.JobStatusSource;
import io.flinkgw.gateway.query.ObservedStatus;
import io.flinkgw.gateway.query.QueryRecord;
import java.util.List;
import java.util.Optional;

/** Asks each source in order and takes the first answer. */
public final class StatusChain implements JobStatusSource {

    private final List<JobStatusSource> sources;

    /** Creates the chain; earlier sources win. */
    public StatusChain(List<JobStatusSource> sources) {
        this.sources = List.copyOf(requireNonNull(sources, "sources is null"));
    }

    @Override
    public Optional<ObservedStatus> observe(QueryRecord record) {
        for (JobStatusSource source : sources) {
            Optional<ObservedStatus> status = source.observe(record);
            if (status.isPresent()) {
                return status;
            }
        }
        return Optional.empty();
    }
}
