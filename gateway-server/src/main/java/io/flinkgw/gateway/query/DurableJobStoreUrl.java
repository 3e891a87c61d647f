package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Makes an embedded H2 job store commit durably. H2 writes a commit to its file up to {@code
 * WRITE_DELAY} (500 ms) later, so a gateway killed in that window forgets a query id it already gave
 * a client, or a FINISHED it already reported. {@code WRITE_DELAY=0} writes every commit before the
 * commit returns; a URL that sets WRITE_DELAY itself is left as it is (its owner chose), as are
 * in-memory H2 and every other database.
 */
final class DurableJobStoreUrl {

    private DurableJobStoreUrl() {}

    static String of(String url) {
        requireNonNull(url, "url is null");
        String lower = url.toLowerCase(Locale.ROOT);
        boolean embeddedFile = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
                && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
        if (!embeddedFile || lower.contains(";write_delay=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }
}
