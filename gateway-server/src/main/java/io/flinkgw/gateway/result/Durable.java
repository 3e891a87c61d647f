package io.flinkgw.gateway.result;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Makes written files and renames durable before a commit is reported. A file's bytes are synced
 * through {@link FSDataOutputStream#sync()} (an fsync on a local file system, hsync on HDFS); a
 * directory, whose entries a rename changes, is fsync'd on a local file system only: a distributed
 * file system (HDFS) persists a rename in its NameNode's journal, and offers no directory sync.
 */
final class Durable {

    private Durable() {}

    /** Flushes and syncs a stream's bytes to stable storage. */
    static void sync(FSDataOutputStream output) throws IOException {
        output.flush();
        try {
            output.sync();
        } catch (UnsupportedOperationException e) {
            // an object store (S3A) has no sync: its object becomes durable, whole, when the stream closes
        }
    }

    /** Syncs a directory's entries (renames, new files) on a local file system; elsewhere nothing. */
    static void syncDirectory(Path directory) throws IOException {
        FileSystem fileSystem = directory.getFileSystem();
        String scheme = directory.toUri().getScheme();
        boolean local = !fileSystem.isDistributedFS() && (scheme == null || scheme.equals("file"));
        if (!local || !fileSystem.exists(directory)) {
            return;
        }
        try (FileChannel channel =
                FileChannel.open(new File(directory.toUri().getPath()).toPath(), StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
