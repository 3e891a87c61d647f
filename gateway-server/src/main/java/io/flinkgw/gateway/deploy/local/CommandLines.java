package io.flinkgw.gateway.deploy.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line of a process, its arguments separated by spaces. Read from {@code /proc} where there
 * is one: the JDK's {@link ProcessHandle.Info} gives no arguments at all for a long command line (a
 * class path of a few kilobytes is enough).
 */
final class CommandLines {

    private CommandLines() {}

    static String of(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            ProcessHandle.Info info = process.info();
            return info.command().orElse("") + " " + String.join(" ", info.arguments().orElse(new String[0]));
        }
    }
}
