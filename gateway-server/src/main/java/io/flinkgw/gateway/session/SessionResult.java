package io.flinkgw.gateway.session;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.flink.table.types.logical.RowType;

/**
 * What a statement run in the session returned: rows (already in wire form) or an update count.
 *
 * @param rowType the columns, when the statement returned rows
 * @param rows the rows in wire form
 * @param updateCount the update count, when it returned none
 */
public record SessionResult(Optional<RowType> rowType, List<Object[]> rows, long updateCount) {

    public SessionResult {
        requireNonNull(rowType, "rowType is null");
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    /** A result with rows. */
    public static SessionResult rows(RowType rowType, List<Object[]> rows) {
        return new SessionResult(Optional.of(rowType), rows, -1);
    }

    /** A result with only an update count. */
    public static SessionResult updateCount(long count) {
        return new SessionResult(Optional.empty(), List.of(), count);
    }
}
