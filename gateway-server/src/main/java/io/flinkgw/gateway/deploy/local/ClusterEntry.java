package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The record of one cluster process.
 *
 * @param tag the random tag on its command line
 * @param process the process
 * @param restPort the port of its REST endpoint on 127.0.0.1
 * @param owner the gateway process that started it, or that follows its query since a restart
 * @param queryId the query it runs, once it was given one
 */
record ClusterEntry(String tag, ProcessIdentity process, int restPort, ProcessIdentity owner, Optional<String> queryId) {

    ClusterEntry {
        requireNonNull(tag, "tag is null");
        requireNonNull(process, "process is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(queryId, "queryId is null");
    }

    ClusterAddress address() {
        return new ClusterAddress(process.pid(), restPort, tag);
    }

    ClusterEntry withQuery(String query, ProcessIdentity newOwner) {
        return new ClusterEntry(tag, process, restPort, newOwner, Optional.of(query));
    }
}
