package io.flinkgw.it.coverage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch-SQL coverage corpus ({@code coverage/batch-queries.sql}): setup statements and named
 * queries, each run through the gateway and through Flink itself.
 */
public final class CoverageCorpus {

    /** One query of the corpus; {@code ordered} when its rows must come in order. */
    public record Query(String name, String sql, boolean ordered) {
        public Query {
            requireNonNull(name, "name is null");
            requireNonNull(sql, "sql is null");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<String> setup;
    private final List<Query> queries;

    private CoverageCorpus(List<String> setup, List<Query> queries) {
        this.setup = List.copyOf(setup);
        this.queries = List.copyOf(queries);
    }

    /** Reads the corpus from the class path. */
    public static CoverageCorpus load() throws IOException {
        String text;
        try (InputStream input = CoverageCorpus.class.getResourceAsStream("/coverage/batch-queries.sql")) {
            requireNonNull(input, "coverage/batch-queries.sql is not on the class path");
            text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> setup = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        String header = null;
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (statement.length() == 0 && trimmed.startsWith("--")) {
                String comment = trimmed.substring(2).strip();
                if (comment.equals("setup") || comment.startsWith("query:")) {
                    header = comment;
                }
                continue;
            }
            if (trimmed.isEmpty() && statement.length() == 0) {
                continue;
            }
            statement.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = statement.toString().strip();
                sql = sql.substring(0, sql.length() - 1);
                statement.setLength(0);
                if (header == null) {
                    throw new IllegalStateException("A statement before any header: " + sql);
                }
                if (header.equals("setup")) {
                    setup.add(sql);
                } else {
                    String name = header.substring("query:".length()).strip();
                    boolean ordered = name.endsWith(" ordered");
                    queries.add(new Query(ordered ? name.substring(0, name.length() - " ordered".length()) : name, sql, ordered));
                    header = null;
                }
            }
        }
        if (statement.length() > 0) {
            throw new IllegalStateException("The corpus ends inside a statement: " + statement);
        }
        return new CoverageCorpus(setup, queries);
    }

    /** Statements both sides run before the queries. */
    public List<String> setup() {
        return setup;
    }

    /** The queries. */
    public List<Query> queries() {
        return queries;
    }
}
