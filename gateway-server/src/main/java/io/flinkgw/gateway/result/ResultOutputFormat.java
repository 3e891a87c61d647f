package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.io.FinalizeOnMaster;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * Runs inside the query's own cluster: each subtask writes its rows to a data file of its own, and
 * once every subtask has finished, the JobManager commits the result by writing the manifest.
 */
final class ResultOutputFormat implements OutputFormat<RowData>, FinalizeOnMaster {

    private static final long serialVersionUID = 1L;

    private final String resultDirectory;
    private final String rowTypeString;
    private final long maxRows;
    private final long rowLimit;
    private transient RowBlockWriter writer;
    private transient Path file;
    private transient FSDataOutputStream stream;

    /**
     * @param maxRows rows kept at most (the sink runs with parallelism 1, so this is global); 0 keeps all
     * @param rowLimit rows above which the job fails (the gateway's limits.max-result-rows); 0: none
     */
    ResultOutputFormat(String resultDirectory, RowType rowType, long maxRows, long rowLimit) {
        this.rowLimit = rowLimit;
        this.resultDirectory = requireNonNull(resultDirectory, "resultDirectory is null");
        this.rowTypeString = rowType.asSerializableString();
        this.maxRows = maxRows;
    }

    @Override
    public void configure(Configuration parameters) {}

    @Override
    public void open(InitializationContext context) throws IOException {
        file =
                ResultFiles.dataFile(
                        new Path(resultDirectory), context.getTaskNumber(), context.getAttemptNumber());
        FileSystem fileSystem = file.getFileSystem();
        OwnerOnly.directory(file.getParent().getParent());
        OwnerOnly.directory(file.getParent());
        stream = fileSystem.create(file, FileSystem.WriteMode.OVERWRITE);
        writer = new RowBlockWriter(new BufferedOutputStream(stream, 1 << 16), rowType());
    }

    @Override
    public void writeRecord(RowData record) throws IOException {
        if (rowLimit > 0 && writer.rowCount() >= rowLimit && (maxRows <= 0 || maxRows > rowLimit)) {
            throw new IOException("The result has more than " + rowLimit + " rows (limits.max-result-rows)");
        }
        if (maxRows <= 0 || writer.rowCount() < maxRows) {
            writer.write(record);
        }
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            try {
                writer.finish();
                // the data is on disk before the manifest (written after every subtask closed) commits it
                Durable.sync(stream);
            } finally {
                writer.close();
                writer = null;
                stream = null;
            }
            OwnerOnly.file(file);
        }
    }

    @Override
    public void finalizeGlobal(FinalizationContext context) throws IOException {
        Path directory = new Path(resultDirectory);
        List<String> files = new ArrayList<>();
        long rowCount = 0;
        for (int subtask = 0; subtask < context.getParallelism(); subtask++) {
            Path file = ResultFiles.dataFile(directory, subtask, context.getFinishedAttempt(subtask));
            rowCount += readRowCount(file);
            files.add(ResultFiles.DATA + "/" + file.getName());
        }
        // the data files' directory entries are on disk before the manifest names them
        Durable.syncDirectory(new Path(directory, ResultFiles.DATA));
        ResultManifest manifest = new ResultManifest(rowType(), rowCount, files, Instant.now());
        ResultStore.writeAtomically(ResultFiles.manifest(directory), manifest::writeTo);
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
