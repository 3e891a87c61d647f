package io.flinkgw.gateway.security;

import static java.util.Objects.requireNonNull;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Users from a file of {@code user:bcrypt-hash} lines ({@code #} starts a comment), as written by
 * {@code bin/flinkgw-passwd}. bcrypt is salted and deliberately slow; {@link CachingAuthenticator}
 * keeps that cost off every request.
 */
public final class FileAuthenticator implements Authenticator {

    /** bcrypt reads 72 bytes, the password's terminating zero byte included. */
    private static final int MAX_PASSWORD_BYTES = 71;

    private final Map<String, byte[]> hashes;

    private FileAuthenticator(Map<String, byte[]> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    /** Reads the users file. */
    public static FileAuthenticator load(Path file) throws IOException {
        requireNonNull(file, "file is null");
        Map<String, byte[]> hashes = new HashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || !trimmed.substring(colon + 1).startsWith("$2")) {
                throw new IOException("Line " + lineNumber + " of " + file + " is not 'user:bcrypt-hash'");
            }
            hashes.put(trimmed.substring(0, colon), trimmed.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        return new FileAuthenticator(hashes);
    }

    @Override
    public Optional<String> authenticate(String user, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            // the bcrypt library refuses longer input (72 bytes with the terminator); such a password
            // cannot have been hashed by flinkgw-passwd, so it is simply wrong
            return Optional.empty();
        }
        byte[] hash = hashes.get(user);
        if (hash == null) {
            // spend the same time as for a known user, so timing does not tell which users exist
            BCrypt.verifyer().verify(password.toCharArray(), DUMMY_HASH);
            return Optional.empty();
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified ? Optional.of(user) : Optional.empty();
    }

    /** A bcrypt hash line for {@code bin/flinkgw-passwd}; passwords are at most 71 bytes (bcrypt's limit). */
    public static String hashLine(String user, char[] password) {
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("A password may have at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt's limit)");
        }
        return user + ":" + new String(BCrypt.withDefaults().hash(12, password), StandardCharsets.UTF_8);
    }

    private static final byte[] DUMMY_HASH =
            BCrypt.withDefaults().hash(12, "flinkgw-no-such-user".toCharArray());

    /** Prints a users-file line: {@code FileAuthenticator USER} reads the password from standard input. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: flinkgw-passwd USER   (the password is read from standard input)");
            System.exit(2);
        }
        char[] password = System.console() != null
                ? System.console().readPassword("Password for %s: ", args[0])
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip().toCharArray();
        System.out.println(hashLine(args[0], password));
    }
}
