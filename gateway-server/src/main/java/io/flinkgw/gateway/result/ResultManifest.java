package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * The commit marker of a persisted result: written once, last, after every data file is complete.
 *
 * @param rowType the result's columns and their Flink types
 * @param rowCount how many rows the files hold together
 * @param attempt the cluster attempt that wrote the files and committed them
 * @param files the data files in the order their rows are served, relative to the result directory
 * @param committedAt when the result was committed
 */
public record ResultManifest(
        RowType rowType, long rowCount, String attempt, List<String> files, Instant committedAt) {

    public ResultManifest {
        requireNonNull(rowType, "rowType is null");
        requireNonNull(attempt, "attempt is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        requireNonNull(committedAt, "committedAt is null");
    }

    void writeTo(OutputStream output) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("format", "flinkgw-rows-" + RowBlockFormat.VERSION);
        properties.setProperty("schema", rowType.asSerializableString());
        properties.setProperty("rowCount", Long.toString(rowCount));
        properties.setProperty("attempt", attempt);
        properties.setProperty("files", String.join(",", files));
        properties.setProperty("committedAt", committedAt.toString());
        properties.store(output, "flinkgw result manifest");
    }

    static ResultManifest readFrom(InputStream input) throws IOException {
        Properties properties = new Properties();
        properties.load(new java.io.InputStreamReader(input, StandardCharsets.ISO_8859_1));
        LogicalType type =
                LogicalTypeParser.parse(required(properties, "schema"), ResultManifest.class.getClassLoader());
        if (!(type instanceof RowType rowType)) {
            throw new IOException("Result manifest schema is not a ROW type: " + type);
        }
        String files = required(properties, "files");
        return new ResultManifest(
                rowType,
                Long.parseLong(required(properties, "rowCount")),
                // results committed before attempts had names were written by one attempt, into data/
                properties.getProperty("attempt", ""),
                files.isEmpty() ? List.of() : Arrays.asList(files.split(",")),
                Instant.parse(required(properties, "committedAt")));
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("Result manifest lacks '" + key + "'");
        }
        return value;
    }
}
