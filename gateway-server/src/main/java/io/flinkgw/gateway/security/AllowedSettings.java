package io.flinkgw.gateway.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The session settings a user may change, named: planner and execution options of the table layer
 * ({@code table.*}, less the ones that name files or stores), the job's name, object reuse, the
 * runtime and shuffle modes, and the parallelism up to the gateway's maximum. Everything else (memory,
 * ports, temporary directories, metrics, shipped files, class paths, processes, ...) belongs to the
 * gateway's own configuration ({@code flink.*}).
 */
final class AllowedSettings {

    private static final List<String> ALLOWED_PREFIXES = List.of("table.", "sql-client.");
    private static final List<String> DENIED_PREFIXES = List.of("table.resources.", "table.catalog-store.");
    private static final Set<String> ALLOWED_KEYS = Set.of(
            "pipeline.name", "pipeline.object-reuse", "execution.runtime-mode", "execution.batch-shuffle-mode",
            "parallelism.default");
    /** Settings whose value is a parallelism, capped by {@code sandbox.max-parallelism}. */
    static final Set<String> PARALLELISM_KEYS = Set.of(
            "parallelism.default", "table.exec.resource.default-parallelism");

    private AllowedSettings() {}

    /** Why {@code key = value} may not be set; empty when it may. */
    static Optional<String> refusal(String key, String value, int maxParallelism) {
        String lower = key.strip().toLowerCase(Locale.ROOT);
        boolean allowed = ALLOWED_KEYS.contains(lower)
                || (ALLOWED_PREFIXES.stream().anyMatch(lower::startsWith) && DENIED_PREFIXES.stream().noneMatch(lower::startsWith));
        if (!allowed) {
            return Optional.of("'" + key + "' cannot be set in a session; only the gateway's configuration (flink."
                    + key + ") may set it");
        }
        if (PARALLELISM_KEYS.contains(lower)) {
            int parallelism;
            try {
                parallelism = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                return Optional.of("'" + key + "' must be a number, not '" + value + "'");
            }
            if (parallelism > maxParallelism) {
                return Optional.of("'" + key + "' = " + parallelism + " is above the gateway's maximum of " + maxParallelism
                        + " (sandbox.max-parallelism)");
            }
        }
        return Optional.empty();
    }
}
