package io.flinkgw.gateway.result;

import org.apache.flink.core.fs.Path;

/**
 * The layout of one persisted result set under {@code <result-root>/<queryId>/}.
 *
 * <pre>
 *   plan.bin                  the job the cluster ran (a serialized Flink StreamGraph)
 *   data/part-S-A.rows        rows written by subtask S in attempt A
 *   _manifest                 the commit marker: schema, row count, files in order
 *   _failure                  the failure record: the job's root cause
 * </pre>
 *
 * A result is visible only once {@code _manifest} exists; it is written last, atomically.
 */
public final class ResultFiles {

    /** Name of the commit marker. */
    public static final String MANIFEST = "_manifest";
    /** Name of the failure record. */
    public static final String FAILURE = "_failure";
    /** Name of the serialized job. */
    public static final String PLAN = "plan.bin";
    /** Folder of the data files. */
    public static final String DATA = "data";

    private ResultFiles() {}

    static Path dataFile(Path resultDirectory, int subtask, int attempt) {
        return new Path(new Path(resultDirectory, DATA), "part-" + subtask + "-" + attempt + ".rows");
    }

    static Path manifest(Path resultDirectory) {
        return new Path(resultDirectory, MANIFEST);
    }

    static Path failure(Path resultDirectory) {
        return new Path(resultDirectory, FAILURE);
    }
}
