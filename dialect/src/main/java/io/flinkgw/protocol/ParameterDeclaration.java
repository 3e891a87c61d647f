package io.flinkgw.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the driver tells the gateway before a prepared statement's execution, which Avatica's execute
 * request cannot carry: the SQL types of parameters (nulls, and dates and times sent as text to keep
 * their nanoseconds) and the statement's row limit. It applies to the next execution only.
 *
 * @param types {@link java.sql.Types} constants by 0-based parameter index
 * @param maxRows the most rows the execution returns; 0 for no limit
 */
public record ParameterDeclaration(Map<Integer, Integer> types, long maxRows) {

    /** No declared types, no row limit. */
    public static final ParameterDeclaration NONE = new ParameterDeclaration(Map.of(), 0);

    public ParameterDeclaration {
        types = Map.copyOf(requireNonNull(types, "types is null"));
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative: " + maxRows);
        }
    }

    /** Whether anything is declared. */
    public boolean isEmpty() {
        return types.isEmpty() && maxRows == 0;
    }

    /** {@code 0:4,3:12}: index and type pairs, for {@link SidePaths#TYPES}. */
    public String encodeTypes() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(types).forEach((index, type) -> text.append(text.length() == 0 ? "" : ",").append(index).append(':').append(type));
        return text.toString();
    }

    /**
     * The declaration sent as {@link SidePaths#TYPES} (may be empty) and {@link SidePaths#MAX_ROWS}.
     *
     * @throws IllegalArgumentException if either is malformed
     */
    public static ParameterDeclaration decode(String types, String maxRows) {
        Map<Integer, Integer> parsed = new TreeMap<>();
        for (String pair : types == null ? new String[0] : types.split(",")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split(":", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("Expected index:type, got '" + pair + "'");
            }
            parsed.put(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }
        return new ParameterDeclaration(parsed, maxRows == null || maxRows.isEmpty() ? 0 : Long.parseLong(maxRows.trim()));
    }
}
