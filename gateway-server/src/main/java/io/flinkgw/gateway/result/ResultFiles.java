package io.flinkgw.gateway.result;

import java.util.regex.Pattern;
import org.apache.flink.core.fs.Path;

/**
 * The layout of one persisted result set under {@code <result-root>/<queryId>/}.
 *
 * <pre>
 *   plan.bin                  the job the cluster ran (a serialized Flink StreamGraph)
 *   data/C/part-S-A.rows      rows written by subtask S in task attempt A of cluster attempt C
 *   _manifest                 the commit marker: schema, row count, the attempt and its files in order
 *   _failure                  the failure record: the job's root cause
 * </pre>
 *
 * A result is visible only once {@code _manifest} exists; it is written last, atomically.
 */
public final class ResultFiles {

    /** Name of the commit marker. */
    public static final String MANIFEST = "_manifest";
    /**
     * Name of the marker a writer leaves, before the manifest, when it commits the result while its job
     * still runs (the result holds all the rows its query asks for): only then is the job ended early.
     */
    public static final String EARLY_COMMIT = "_early";
    /** Name of the failure record. */
    public static final String FAILURE = "_failure";
    /** Name of the serialized job. */
    public static final String PLAN = "plan.bin";
    /** Folder of the data files. */
    public static final String DATA = "data";

    /** The attempt a result is written by when nobody names one: a job that is run once. */
    public static final String FIRST_ATTEMPT = "attempt-1";

    private static final Pattern ATTEMPT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private ResultFiles() {}

    /** Checks that {@code attempt} is a name for a folder of its own under {@code data/}, and nothing else. */
    static String checkAttempt(String attempt) {
        if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
            throw new IllegalArgumentException("Not an attempt name: " + attempt);
        }
        return attempt;
    }

    static Path attemptDirectory(Path resultDirectory, String attempt) {
        return new Path(new Path(resultDirectory, DATA), checkAttempt(attempt));
    }

    static Path dataFile(Path resultDirectory, String attempt, int subtask, int taskAttempt) {
        return new Path(attemptDirectory(resultDirectory, attempt), "part-" + subtask + "-" + taskAttempt + ".rows");
    }

    static Path manifest(Path resultDirectory) {
        return new Path(resultDirectory, MANIFEST);
    }

    static Path earlyCommit(Path resultDirectory) {
        return new Path(resultDirectory, EARLY_COMMIT);
    }

    static Path failure(Path resultDirectory) {
        return new Path(resultDirectory, FAILURE);
    }
}
