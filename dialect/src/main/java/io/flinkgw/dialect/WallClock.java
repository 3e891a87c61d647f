package io.flinkgw.dialect;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Wall-clock timestamps as the milliseconds Avatica carries, whole or exact. */
final class WallClock {

    private static final int NANOS_PER_MILLI = 1_000_000;

    private WallClock() {}

    /** Whole milliseconds since 1970-01-01T00:00 of the wall clock (the fraction below is dropped). */
    static long millis(LocalDateTime wallClock) {
        return wallClock.toEpochSecond(ZoneOffset.UTC) * 1000 + wallClock.getNano() / NANOS_PER_MILLI;
    }

    /** Milliseconds since 1970-01-01T00:00 of the wall clock with the nanoseconds as six fraction digits. */
    static BigDecimal exactMillis(LocalDateTime wallClock) {
        return BigDecimal.valueOf(millis(wallClock)).add(BigDecimal.valueOf(wallClock.getNano() % NANOS_PER_MILLI, 6));
    }
}
