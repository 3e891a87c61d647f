package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.RowType;

/**
 * The persisted result sets, one directory per query under a root that outlives every cluster: a
 * local directory, or any Flink file-system URI (hdfs://, s3://) shared with the clusters.
 */
public final class ResultStore {

    private static final Pattern QUERY_ID = Pattern.compile("[a-z0-9]{16,64}");

    private final Path root;

    /** Creates a store over {@code root}, a directory or file-system URI. */
    public ResultStore(String root) {
        this.root = new Path(requireNonNull(root, "root is null"));
    }

    /** Creates the root directory, owner-only on a local file system. */
    public void createRoot() throws IOException {
        OwnerOnly.directory(root);
    }

    /** The root directory, fully qualified. */
    public Path root() {
        return root;
    }

    /** The result directory of a query; the id is checked so that it can name no other path. */
    public Path directoryFor(String queryId) {
        if (!QUERY_ID.matcher(queryId).matches()) {
            throw new IllegalArgumentException("Not a query id: " + queryId);
        }
        return new Path(root, queryId);
    }

    /** Stores the serialized job the cluster runs, beside the result. */
    public void writePlan(String queryId, byte[] executionPlan) throws IOException {
        writeAtomically(new Path(directoryFor(queryId), ResultFiles.PLAN), output -> output.write(executionPlan));
    }

    /** Reads the serialized job stored by {@link #writePlan}. */
    public byte[] readPlan(String queryId) throws IOException {
        Path file = new Path(directoryFor(queryId), ResultFiles.PLAN);
        try (InputStream input = file.getFileSystem().open(file)) {
            return input.readAllBytes();
        }
    }

    /** The commit marker of a query's result, if the result is complete. */
    public Optional<ResultManifest> manifest(String queryId) throws IOException {
        Path file = ResultFiles.manifest(directoryFor(queryId));
        if (!file.getFileSystem().exists(file)) {
            return Optional.empty();
        }
        try (InputStream input = file.getFileSystem().open(file)) {
            return Optional.of(ResultManifest.readFrom(input));
        }
    }

    /**
     * Whether the query's writer committed its result while the job still ran (maxRows, a top-level
     * LIMIT): the rest of that job computes rows nobody asked for and may be ended. A result committed
     * when its job ended (every INSERT's, whose tables commit with the job) never says so.
     */
    public boolean committedEarly(String queryId) throws IOException {
        Path directory = directoryFor(queryId);
        Path marker = ResultFiles.earlyCommit(directory);
        Path manifest = ResultFiles.manifest(directory);
        return marker.getFileSystem().exists(marker) && manifest.getFileSystem().exists(manifest);
    }

    /** The failure record of a query, if its job failed. */
    public Optional<FailureRecord> failure(String queryId) throws IOException {
        Path file = ResultFiles.failure(directoryFor(queryId));
        if (!file.getFileSystem().exists(file)) {
            return Optional.empty();
        }
        try (InputStream input = file.getFileSystem().open(file)) {
            return Optional.of(FailureRecord.readFrom(input));
        }
    }

    /** Records why a query failed; its data files, if any, are never served. */
    public void writeFailure(String queryId, FailureRecord failure) throws IOException {
        writeAtomically(ResultFiles.failure(directoryFor(queryId)), failure::writeTo);
    }

    /** Removes a failure record left by an earlier attempt of the query's job, if any. */
    public void clearFailure(String queryId) throws IOException {
        Path file = ResultFiles.failure(directoryFor(queryId));
        file.getFileSystem().delete(file, false);
    }

    /** Opens a committed result for reading from its first row. */
    public PersistedResultReader open(String queryId) throws IOException {
        ResultManifest manifest =
                manifest(queryId).orElseThrow(() -> new IOException("Result of query " + queryId + " is not committed"));
        return new PersistedResultReader(directoryFor(queryId), manifest);
    }

    /**
     * Opens the rows a running query's writer has published so far, for serving before the commit; the
     * caller checks, once the query is committed, that the commit names the file it served.
     */
    public LiveResultReader openLive(String queryId, RowType rowType) {
        return new LiveResultReader(directoryFor(queryId), rowType);
    }

    /** The result directories under the root, each with its query id and when it last changed. */
    public List<StoredResult> list() throws IOException {
        FileSystem fileSystem = root.getFileSystem();
        if (!fileSystem.exists(root)) {
            return List.of();
        }
        List<StoredResult> results = new ArrayList<>();
        for (FileStatus status : fileSystem.listStatus(root)) {
            String name = status.getPath().getName();
            if (status.isDir() && QUERY_ID.matcher(name).matches()) {
                results.add(new StoredResult(name, Instant.ofEpochMilli(status.getModificationTime())));
            }
        }
        return List.copyOf(results);
    }

    /** Removes a query's result directory and everything in it. */
    public void delete(String queryId) throws IOException {
        Path directory = directoryFor(queryId);
        directory.getFileSystem().delete(directory, true);
    }

    /**
     * Writes a small file under a temporary name, syncs it, renames it and syncs its directory, so
     * readers see all or nothing, and a commit once made survives a crash of the machine.
     */
    static void writeAtomically(Path target, StreamWriter content) throws IOException {
        FileSystem fileSystem = target.getFileSystem();
        OwnerOnly.directory(target.getParent());
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".inprogress");
        try (FSDataOutputStream stream = fileSystem.create(temporary, FileSystem.WriteMode.OVERWRITE)) {
            OutputStream output = new BufferedOutputStream(stream);
            content.write(output);
            output.flush();
            // the content is on disk before the rename can make it visible
            Durable.sync(stream);
        }
        OwnerOnly.file(temporary);
        if (!fileSystem.rename(temporary, target)) {
            throw new IOException("Could not commit " + target);
        }
        // and the rename itself is on disk before the commit is reported
        Durable.syncDirectory(target.getParent());
    }

    static InputStream openBuffered(Path file) throws IOException {
        return new BufferedInputStream(file.getFileSystem().open(file), 1 << 16);
    }

    /** Writes a file's content. */
    @FunctionalInterface
    interface StreamWriter {
        void write(OutputStream output) throws IOException;
    }
}
