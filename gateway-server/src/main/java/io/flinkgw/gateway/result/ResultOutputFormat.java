package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.io.CleanupWhenUnsuccessful;
import org.apache.flink.api.common.io.FinalizeOnMaster;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs inside the query's own cluster: each subtask writes its rows to a data file of its own, and
 * once every subtask has finished, the JobManager commits the result by writing the manifest.
 *
 * <p>Every run of the job writes under a folder of its own, named by its {@linkplain #attempt() cluster
 * attempt} (a new YARN application attempt reruns the job), so a rerun never touches the files an
 * earlier commit names. A data file gets its trailer only once its subtask has seen the end of its
 * input ({@link #endOfInput}, called by {@link ResultSinkFunction}); a writer that fails or is
 * cancelled deletes its file and never leaves one that reads as complete. The first commit is final:
 * a later attempt that finds a manifest leaves it alone.
 */
final class ResultOutputFormat implements OutputFormat<RowData>, FinalizeOnMaster, CleanupWhenUnsuccessful {

    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(ResultOutputFormat.class);

    /** A block that is not full is published anyway once rows waited this long in it (a slow query). */
    private static final long PUBLISH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final String resultDirectory;
    private final String rowTypeString;
    private final long maxRows;
    private final long rowLimit;
    private final long commitAtRows;
    private String attempt = ResultFiles.FIRST_ATTEMPT;
    private transient RowBlockWriter writer;
    private transient Path file;
    private transient FSDataOutputStream stream;
    private transient boolean complete;
    private transient boolean committed;
    private transient long lastPublishNanos;

    /**
     * @param maxRows rows kept at most (the sink runs with parallelism 1, so this is global); 0 keeps all
     * @param rowLimit rows above which the job fails (the gateway's limits.max-result-rows); 0: none
     * @param commitAtRows rows after which the result is complete (the statement's maxRows or the query's
     *     top-level LIMIT): the writer commits it at once, without waiting for the job to end; 0: never
     */
    ResultOutputFormat(String resultDirectory, RowType rowType, long maxRows, long rowLimit, long commitAtRows) {
        this.rowLimit = rowLimit;
        this.resultDirectory = requireNonNull(resultDirectory, "resultDirectory is null");
        this.rowTypeString = rowType.asSerializableString();
        this.maxRows = maxRows;
        this.commitAtRows = commitAtRows;
    }

    /** The cluster attempt this job's files are written, and committed, under. */
    String attempt() {
        return attempt;
    }

    /** Names the cluster attempt that runs the job; set before the job is submitted. */
    void attempt(String attempt) {
        this.attempt = ResultFiles.checkAttempt(attempt);
    }

    @Override
    public void configure(Configuration parameters) {}

    @Override
    public void open(InitializationContext context) throws IOException {
        Path directory = new Path(resultDirectory);
        file = ResultFiles.dataFile(directory, attempt, context.getTaskNumber(), context.getAttemptNumber());
        FileSystem fileSystem = file.getFileSystem();
        OwnerOnly.directory(new Path(directory, ResultFiles.DATA));
        OwnerOnly.directory(file.getParent());
        complete = false;
        committed = false;
        stream = fileSystem.create(file, FileSystem.WriteMode.OVERWRITE);
        writer = new RowBlockWriter(new BufferedOutputStream(stream, 1 << 16), rowType());
        lastPublishNanos = System.nanoTime();
    }

    @Override
    public void writeRecord(RowData record) throws IOException {
        if (committed) {
            return; // the result is complete; the gateway cancels the rest of the job
        }
        if (rowLimit > 0 && writer.rowCount() >= rowLimit && (maxRows <= 0 || maxRows > rowLimit)) {
            throw new IOException("The result has more than " + rowLimit + " rows (limits.max-result-rows)");
        }
        if (maxRows > 0 && writer.rowCount() >= maxRows) {
            return;
        }
        boolean blockDone = writer.write(record);
        if (commitAtRows > 0 && writer.rowCount() >= commitAtRows) {
            commitEarly();
        } else if (blockDone || writer.rowCount() == 1
                || (writer.hasPendingRows() && System.nanoTime() - lastPublishNanos >= PUBLISH_INTERVAL_NANOS)) {
            // the first row goes out alone and at once: a client is waiting for it
            publish();
        }
    }

    /**
     * Makes the blocks written so far visible to the gateway, which serves them while the job runs
     * (on HDFS the flush is an hflush), and durable. A reader sees only whole blocks it can check.
     */
    private void publish() throws IOException {
        writer.publish();
        Durable.sync(stream);
        lastPublishNanos = System.nanoTime();
    }

    /**
     * The result holds all the rows it can ever hold: the file is finished and committed here, as the
     * sink runs alone (parallelism 1) and knows the whole result. Later rows are dropped, and the job
     * that still runs is cancelled by the gateway once it sees the manifest.
     */
    private void commitEarly() throws IOException {
        endOfInput();
        committed = true;
        Path directory = new Path(resultDirectory);
        if (commit(directory, List.of(file), writer.rowCount(), true)) {
            LOG.info("Result {} is complete after {} rows; committed before the job ends", directory, writer.rowCount());
        }
    }

    /**
     * The subtask has seen all of its input: the file gets its last block and its trailer, and is
     * synced, so that the data is on disk before the manifest (written after every subtask) commits it.
     */
    void endOfInput() throws IOException {
        writer.finish();
        Durable.sync(stream);
        complete = true;
    }

    @Override
    public void close() throws IOException {
        if (writer == null) {
            return;
        }
        RowBlockWriter closing = writer;
        writer = null;
        stream = null;
        if (!complete) {
            abort(closing);
            return;
        }
        closing.close();
        OwnerOnly.file(file);
    }

    @Override
    public void tryCleanupOnError() throws IOException {
        RowBlockWriter closing = writer;
        writer = null;
        stream = null;
        if (committed) {
            // the job fails or is cancelled after the writer committed: the manifest names this file
            if (closing != null) {
                closing.close();
            }
            return;
        }
        if (closing != null || file != null) {
            abort(closing);
        }
    }

    /** Ends a writer that never saw the end of its input: its file, without a trailer, is removed. */
    private void abort(RowBlockWriter closing) throws IOException {
        try {
            if (closing != null) {
                closing.close();
            }
        } finally {
            if (file != null) {
                file.getFileSystem().delete(file, false);
            }
        }
    }

    @Override
    public void finalizeGlobal(FinalizationContext context) throws IOException {
        Path directory = new Path(resultDirectory);
        if (ResultFiles.manifest(directory).getFileSystem().exists(ResultFiles.manifest(directory))) {
            // committed early by the writer, or by an earlier attempt whose cluster was lost before it could
            // report it: that commit stands
            LOG.info("Result {} is committed already; attempt {} leaves it as it is", directory, attempt);
            return;
        }
        List<Path> files = new ArrayList<>();
        long rowCount = 0;
        for (int subtask = 0; subtask < context.getParallelism(); subtask++) {
            Path file = ResultFiles.dataFile(directory, attempt, subtask, context.getFinishedAttempt(subtask));
            rowCount += readRowCount(file);
            files.add(file);
        }
        commit(directory, files, rowCount, false);
    }

    /**
     * Writes the manifest naming {@code files}, unless a commit exists already; returns whether it wrote it.
     * An {@code early} commit, made while the job runs, is marked first, so that only such a job is ended.
     */
    private boolean commit(Path directory, List<Path> files, long rowCount, boolean early) throws IOException {
        Path manifestFile = ResultFiles.manifest(directory);
        if (manifestFile.getFileSystem().exists(manifestFile)) {
            LOG.info("Result {} is committed already; attempt {} leaves it as it is", directory, attempt);
            return false;
        }
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(ResultFiles.DATA + "/" + attempt + "/" + file.getName());
        }
        // the data files' directory entries are on disk before the manifest names them
        Durable.syncDirectory(ResultFiles.attemptDirectory(directory, attempt));
        Durable.syncDirectory(new Path(directory, ResultFiles.DATA));
        if (early) {
            ResultStore.writeAtomically(ResultFiles.earlyCommit(directory), output -> {});
        }
        ResultManifest manifest = new ResultManifest(rowType(), rowCount, attempt, names, Instant.now());
        ResultStore.writeAtomically(manifestFile, manifest::writeTo);
        removeOtherAttempts(directory);
        return true;
    }

    /** Earlier attempts' files are never served once this attempt committed; they are removed, best effort. */
    private void removeOtherAttempts(Path directory) {
        Path data = new Path(directory, ResultFiles.DATA);
        try {
            FileSystem fileSystem = data.getFileSystem();
            for (FileStatus status : fileSystem.listStatus(data)) {
                if (status.isDir() && !status.getPath().getName().equals(attempt)) {
                    fileSystem.delete(status.getPath(), true);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the files of earlier attempts under {}; they go with the result", data, e);
        }
    }

    private static long readRowCount(Path file) throws IOException {
        FileSystem fileSystem = file.getFileSystem();
        long length = fileSystem.getFileStatus(file).getLen();
        try (FSDataInputStream input = fileSystem.open(file)) {
            input.seek(length - RowBlockFormat.TRAILER_BYTES);
            DataInputStream data = new DataInputStream(input);
            int endOfBlocks = data.readInt();
            long rowCount = data.readLong();
            int magic = data.readInt();
            if (endOfBlocks != RowBlockFormat.END_OF_BLOCKS || magic != RowBlockFormat.MAGIC) {
                throw new IOException("Result file " + file + " has no valid trailer");
            }
            return rowCount;
        }
    }

    private RowType rowType() {
        return (RowType) LogicalTypeParser.parse(rowTypeString, ResultOutputFormat.class.getClassLoader());
    }
}
