package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/**
 * Reads the rows a running query's writer has published so far: the whole, checksum-valid blocks of
 * the data file being written, in file order (the result's order, the sink running alone).
 *
 * <p>The reader binds to the file it first reads rows from and never reads another, so rows of two
 * attempts are never mixed: the caller compares {@link #boundFile()} with the file the commit names.
 * A block still being written is not there yet, never damage; a file that disappears or reads as
 * other bytes (its attempt failed or was replaced) makes the reader {@linkplain #lost() lost}: it
 * serves nothing more, and the query's outcome decides. Not thread-safe.
 */
public final class LiveResultReader implements AutoCloseable {

    /** A block claiming more bytes than this is not one the writer wrote (blocks are ~256 KiB). */
    private static final int MAX_BLOCK_BYTES = 64 << 20;
    private static final int FILE_HEADER_BYTES = 8;
    private static final int BLOCK_HEADER_BYTES = 12;

    private final Path directory;
    private final RowDataSerializer serializer;
    private final ArrayDeque<RowData> pending = new ArrayDeque<>();
    private final DataInputDeserializer block = new DataInputDeserializer();
    private byte[] buffer = new byte[0];
    private Path file;
    private long nextBlockOffset;
    private long position;
    private boolean ended;
    private boolean lost;

    LiveResultReader(Path directory, RowType rowType) {
        this.directory = requireNonNull(directory, "directory is null");
        this.serializer = new RowDataSerializer(requireNonNull(rowType, "rowType is null"));
    }

    /** The offset of the next row this reader hands out. */
    public long position() {
        return position;
    }

    /** The file this reader serves, relative to the result directory (as a manifest names it), once bound. */
    public Optional<String> boundFile() {
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(ResultFiles.DATA + "/" + file.getParent().getName() + "/" + file.getName());
    }

    /** Whether the bound file disappeared or changed under the reader: it serves nothing more. */
    public boolean lost() {
        return lost;
    }

    /** Whether the writer finished its file: every row of it has been read. */
    public boolean ended() {
        return ended && pending.isEmpty();
    }

    /**
     * Up to {@code maxRows} rows published since the last call; empty when none is published yet (or
     * the reader is {@linkplain #lost() lost}).
     */
    public List<RowData> poll(int maxRows) throws IOException {
        if (pending.size() < maxRows && !ended && !lost) {
            readPublished(maxRows);
        }
        List<RowData> rows = new ArrayList<>(Math.min(maxRows, pending.size()));
        while (rows.size() < maxRows && !pending.isEmpty()) {
            rows.add(pending.poll());
        }
        position += rows.size();
        return rows;
    }

    private void readPublished(int wanted) throws IOException {
        if (file == null) {
            Optional<Path> newest = newestDataFile();
            if (newest.isEmpty()) {
                return;
            }
            file = newest.get();
            nextBlockOffset = 0;
        }
        FileSystem fileSystem = file.getFileSystem();
        try (FSDataInputStream stream = fileSystem.open(file)) {
            stream.seek(nextBlockOffset);
            DataInputStream input = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
            if (nextBlockOffset == 0 && !readFileHeader(input)) {
                return;
            }
            while (pending.size() < wanted && !ended && !lost && readBlock(input)) {
                // each block read is published in full; the next may not be yet
            }
        } catch (FileNotFoundException e) {
            fileGone();
        } catch (IOException e) {
            if (!fileSystem.exists(file)) {
                fileGone();
            } else {
                throw e;
            }
        }
    }

    private boolean readFileHeader(DataInputStream input) throws IOException {
        try {
            int magic = input.readInt();
            int version = input.readInt();
            if (magic != RowBlockFormat.MAGIC || version != RowBlockFormat.VERSION) {
                lost = true;
                return false;
            }
            nextBlockOffset = FILE_HEADER_BYTES;
            return true;
        } catch (EOFException e) {
            return false; // the writer has not flushed its header yet
        }
    }

    /** Reads the next block if the writer published all of it; false when it did not (yet). */
    private boolean readBlock(DataInputStream input) throws IOException {
        int rows;
        int bytes;
        int checksum;
        try {
            rows = input.readInt();
            if (rows == RowBlockFormat.END_OF_BLOCKS) {
                ended = true;
                return false;
            }
            bytes = input.readInt();
            checksum = input.readInt();
            if (rows <= 0 || bytes <= 0 || bytes > MAX_BLOCK_BYTES) {
                lost = true; // not a block header: the file is not the one whose blocks were read before
                return false;
            }
            if (buffer.length < bytes) {
                buffer = new byte[Math.max(bytes, buffer.length * 2)];
            }
            input.readFully(buffer, 0, bytes);
        } catch (EOFException e) {
            return false; // the block is still being written
        }
        if (RowBlockFormat.checksum(rows, buffer, bytes) != checksum) {
            lost = true; // published bytes never change: these are another file's
            return false;
        }
        block.setBuffer(buffer, 0, bytes);
        List<RowData> decoded = new ArrayList<>(rows);
        try {
            for (int i = 0; i < rows; i++) {
                decoded.add(serializer.deserialize(block));
            }
        } catch (IOException | RuntimeException e) {
            lost = true;
            return false;
        }
        pending.addAll(decoded);
        nextBlockOffset += BLOCK_HEADER_BYTES + bytes;
        return true;
    }

    /** The attempt's writer failed and removed its file; a reader that served nothing yet may pick another. */
    private void fileGone() {
        if (position == 0) {
            file = null;
            pending.clear();
            nextBlockOffset = 0;
        } else {
            lost = true;
        }
    }

    /** The data file written last: the running attempt's (earlier attempts' writers removed theirs or ended). */
    private Optional<Path> newestDataFile() throws IOException {
        Path data = new Path(directory, ResultFiles.DATA);
        FileSystem fileSystem = data.getFileSystem();
        if (!fileSystem.exists(data)) {
            return Optional.empty();
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus attempt : listOrEmpty(fileSystem, data)) {
            if (attempt.isDir()) {
                for (FileStatus status : listOrEmpty(fileSystem, attempt.getPath())) {
                    if (!status.isDir() && status.getPath().getName().endsWith(".rows")) {
                        files.add(status);
                    }
                }
            }
        }
        return files.stream()
                .max(Comparator.comparingLong(FileStatus::getModificationTime)
                        .thenComparing(status -> status.getPath().getName()))
                .map(FileStatus::getPath);
    }

    private static FileStatus[] listOrEmpty(FileSystem fileSystem, Path directory) throws IOException {
        try {
            FileStatus[] statuses = fileSystem.listStatus(directory);
            return statuses == null ? new FileStatus[0] : statuses;
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    @Override
    public void close() {
        pending.clear();
        lost = true;
    }
}
