package io.flinkgw.gateway.result;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.flink.core.fs.Path;

/**
 * Restricts result directories and files on a local file system to the gateway's own OS user:
 * results are one user's data. Other file systems (HDFS, S3) are left to their own permissions.
 */
final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates the directory (and its parents) and makes it owner-only. */
    static void directory(Path directory) throws IOException {
        directory.getFileSystem().mkdirs(directory);
        restrict(directory, DIRECTORY);
    }

    /** Makes an existing file owner-only. */
    static void file(Path file) throws IOException {
        restrict(file, FILE);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (!POSIX || path.toUri().getScheme() == null || !path.toUri().getScheme().equals("file")) {
            return;
        }
        java.nio.file.Path local = Paths.get(path.toUri());
        if (Files.exists(local)) {
            Files.setPosixFilePermissions(local, permissions);
        }
    }
}
