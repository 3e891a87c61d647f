package io.flinkgw.it.coverage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The corpus's user functions packed as a jar, as an operator would put a UDF jar beside the
 * gateway's runtime jars: on YARN it is shipped with every application.
 */
public final class UserFunctionJar {

    private static final List<Class<?>> FUNCTIONS = List.of(Twice.class, LabelOf.class);

    private UserFunctionJar() {}

    /** Writes the jar into {@code directory} and returns its path. */
    public static Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve("flinkgw-coverage-functions.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream output = new JarOutputStream(file)) {
            for (Class<?> function : FUNCTIONS) {
                String entry = function.getName().replace('.', '/') + ".class";
                output.putNextEntry(new JarEntry(entry));
                try (InputStream input = function.getClassLoader().getResourceAsStream(entry)) {
                    input.transferTo(output);
                }
                output.closeEntry();
            }
        }
        return jar;
    }
}
