package io.flinkgw.it.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Labelled figures, one a line, printed and written to a file. */
final class Summary {

    private final List<String[]> lines = new ArrayList<>();

    synchronized void add(String label, Object value) {
        lines.add(new String[] {label, String.valueOf(value)});
    }

    synchronized void print(Path file) {
        StringBuilder text = new StringBuilder("==== flinkgw fetch benchmark ====\n");
        for (String[] line : lines) {
            text.append(String.format(Locale.ROOT, "%-80s %s%n", line[0] + ":", line[1]));
        }
        text.append("=================================\n");
        System.out.print(text);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            System.out.println("Summary written to " + file);
        } catch (IOException e) {
            System.err.println("Could not write " + file + ": " + e);
        }
    }
}
