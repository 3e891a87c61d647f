package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

/**
 * Streams a committed result's rows in order, file after file, holding one block in memory. It
 * remembers its position, so consecutive fetches continue where the last one stopped. The files must
 * hold exactly the manifest's row count: a result that ends early or runs on is a {@link
 * ResultCorruptException}, never a shorter or longer result.
 */
public final class PersistedResultReader implements AutoCloseable {

    private final Path directory;
    private final ResultManifest manifest;
    private int fileIndex = -1;
    private RowBlockReader current;
    private long position;

    PersistedResultReader(Path directory, ResultManifest manifest) {
        this.directory = requireNonNull(directory, "directory is null");
        this.manifest = requireNonNull(manifest, "manifest is null");
    }

    /** The manifest of the result being read. */
    public ResultManifest manifest() {
        return manifest;
    }

    /** The offset of the next row. */
    public long position() {
        return position;
    }

    /** The next row, or null after the last one. */
    public RowData next() throws IOException {
        while (true) {
            if (current == null && !openNextFile()) {
                return null;
            }
            RowData row = current.next();
            if (row != null) {
                position++;
                if (position > manifest.rowCount()) {
                    throw rowCountMismatch("more than " + manifest.rowCount() + " rows");
                }
                return row;
            }
            closeCurrent();
        }
    }

    /** Moves forward to {@code offset}; a reader never moves backwards. */
    public void skipTo(long offset) throws IOException {
        if (offset < position) {
            throw new IOException("Cannot move back from row " + position + " to row " + offset);
        }
        while (position < offset) {
            if (current == null && !openNextFile()) {
                return;
            }
            long skipped = current.skip(offset - position);
            position += skipped;
            if (position < offset) {
                closeCurrent();
            }
        }
    }

    private boolean openNextFile() throws IOException {
        if (fileIndex + 1 >= manifest.files().size()) {
            if (fileIndex < manifest.files().size() && position != manifest.rowCount()) {
                throw rowCountMismatch(position + " rows");
            }
            return false;
        }
        fileIndex++;
        String name = manifest.files().get(fileIndex);
        Path file = new Path(directory, name);
        current = new RowBlockReader(ResultStore.openBuffered(file), manifest.rowType(), name);
        return true;
    }

    private ResultCorruptException rowCountMismatch(String found) {
        return new ResultCorruptException("Result in " + directory + " is corrupt: its files hold " + found
                + " but its manifest states " + manifest.rowCount() + " rows");
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
        fileIndex = manifest.files().size();
    }
}
