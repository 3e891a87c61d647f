package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * How a gateway hands a query to a warm application, through files beside the results (the only store
 * both see, on any file system): the gateway writes {@code _spares/<spare>.claim} naming the query, and
 * the spare, polling for it, runs that query. The gateway also renews a lease, {@code
 * _spares/<gateway>.lease}; a spare whose gateway stops renewing it ends by itself, so a gateway that died
 * for good leaves no application waiting forever.
 */
final class SpareClaims {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,100}");

    private final Path directory;

    /** Claims under {@code <resultRoot>/_spares}. */
    SpareClaims(Path resultRoot) {
        this.directory = new Path(requireNonNull(resultRoot, "resultRoot is null"), "_spares");
    }

    /** Hands {@code queryId} to the spare; the file appears all at once. */
    void claim(String spareId, String queryId) throws IOException {
        write(file(spareId, ".claim"), queryId);
    }

    /** The query handed to the spare, if any. */
    Optional<String> claimOf(String spareId) throws IOException {
        Path file = file(spareId, ".claim");
        FileSystem fileSystem = file.getFileSystem();
        if (!fileSystem.exists(file)) {
            return Optional.empty();
        }
        try (InputStream input = fileSystem.open(file)) {
            String queryId = new String(input.readAllBytes(), StandardCharsets.UTF_8).strip();
            return queryId.isEmpty() ? Optional.empty() : Optional.of(queryId);
        }
    }

    /** Forgets the spare's claim once its query has run. */
    void release(String spareId) throws IOException {
        Path file = file(spareId, ".claim");
        file.getFileSystem().delete(file, false);
    }

    /** Renews the gateway's lease: its spares keep waiting while it is renewed. */
    void renewLease(String gatewayTag) throws IOException {
        write(file(gatewayTag, ".lease"), Long.toString(System.currentTimeMillis()));
    }

    /**
     * When the gateway's lease was last renewed, by the file system's clock; empty when there is no
     * lease. Compare two readings with each other, never with a local clock.
     */
    Optional<Long> leaseRenewedAt(String gatewayTag) throws IOException {
        Path file = file(gatewayTag, ".lease");
        FileSystem fileSystem = file.getFileSystem();
        if (!fileSystem.exists(file)) {
            return Optional.empty();
        }
        FileStatus status = fileSystem.getFileStatus(file);
        return Optional.of(status.getModificationTime());
    }

    /** Removes the gateway's lease when it stops. */
    void dropLease(String gatewayTag) throws IOException {
        Path file = file(gatewayTag, ".lease");
        file.getFileSystem().delete(file, false);
    }

    private Path file(String name, String suffix) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a spare or gateway name: " + name);
        }
        return new Path(directory, name + suffix);
    }

    private static void write(Path target, String content) throws IOException {
        FileSystem fileSystem = target.getFileSystem();
        fileSystem.mkdirs(target.getParent());
        Path temporary = new Path(target.getParent(), "." + target.getName() + "." + Long.toHexString(System.nanoTime()));
        try (OutputStream output = fileSystem.create(temporary, FileSystem.WriteMode.OVERWRITE)) {
            output.write(content.getBytes(StandardCharsets.UTF_8));
        }
        fileSystem.delete(target, false);
        if (!fileSystem.rename(temporary, target)) {
            fileSystem.delete(temporary, false);
            throw new IOException("Could not write " + target);
        }
    }
}
