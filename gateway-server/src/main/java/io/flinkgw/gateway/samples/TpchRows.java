package io.flinkgw.gateway.samples;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of the sample tables, each a pure function of its table and its row number: a row is drawn
 * from a pseudo-random generator seeded with the table and the key it belongs to, so any split of any
 * subtask on any cluster makes the same rows without reading or sharing anything. Foreign keys stay
 * inside the tables' key ranges, and an order's total, status and its lines are derived from the same
 * draws, so they agree wherever each is made.
 *
 * <p>Values are Java objects as Flink's external types: {@code Long}, {@code Integer}, {@code String},
 * {@code BigDecimal} (scale 2) and {@code LocalDate}.
 */
final class TpchRows {

    /** Customers at the samples' scale (TPC-H scale factor 0.005). */
    static final int CUSTOMERS = 750;
    /** Orders at the samples' scale. */
    static final int ORDERS = 7_500;
    /** The most lines an order has. */
    static final int MAX_LINES_PER_ORDER = 7;

    private static final long SEED = 0x5EED_F11B_6A7EL;
    private static final long ORDER_SALT = 0x0D;
    private static final long LINE_SALT = 0x11;
    private static final long CUSTOMER_SALT = 0xC5;
    private static final long COMMENT_SALT = 0xCC;
    private static final long DATE_SALT = 0xDA;

    private static final LocalDate FIRST_ORDER_DATE = LocalDate.of(1992, 1, 1);
    private static final LocalDate LAST_ORDER_DATE = LocalDate.of(1998, 8, 2);
    /** TPC-H's "current date": lines received by then may be returned, lines shipped by then are final. */
    private static final LocalDate CURRENT_DATE = LocalDate.of(1995, 6, 17);
    private static final int CLERKS = 5;

    private static final List<String> REGIONS = List.of("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
    private static final List<String> NATIONS = List.of(
            "ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE", "GERMANY", "INDIA", "INDONESIA",
            "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU", "CHINA", "ROMANIA",
            "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES");
    /** The region of each nation, as in TPC-H. */
    private static final int[] NATION_REGIONS = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1};
    private static final List<String> SEGMENTS = List.of("AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY");
    private static final List<String> PRIORITIES = List.of("1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW");
    private static final List<String> INSTRUCTIONS = List.of("DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN");
    private static final List<String> MODES = List.of("REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB");
    private static final List<String> WORDS = List.of(
            "furiously", "quickly", "carefully", "blithely", "slyly", "final", "regular", "special", "express",
            "pending", "bold", "even", "ironic", "silent", "packages", "deposits", "requests", "accounts",
            "instructions", "theodolites", "pinto", "beans", "foxes", "ideas", "dependencies", "platelets",
            "sleep", "wake", "haggle", "nag", "use", "boost", "affix", "detect", "integrate", "among", "across");
    private static final String ADDRESS_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,";

    /** Where each order's lines start in the lineitem table: firstLine[k - 1] for order key k, then the total. */
    private final long[] firstLine;

    TpchRows() {
        firstLine = new long[ORDERS + 1];
        for (int order = 1; order <= ORDERS; order++) {
            firstLine[order] = firstLine[order - 1] + lineCount(order);
        }
    }

    /** How many rows {@code table} has. */
    long rowCount(SampleTable table) {
        requireNonNull(table, "table is null");
        switch (table) {
            case REGION:
                return REGIONS.size();
            case NATION:
                return NATIONS.size();
            case CUSTOMER:
                return CUSTOMERS;
            case ORDERS:
                return ORDERS;
            case LINEITEM:
                return firstLine[ORDERS];
        }
        throw new AssertionError(table);
    }

    /** Row {@code index} (from 0 to {@link #rowCount} - 1) of {@code table}. */
    Object[] row(SampleTable table, long index) {
        requireNonNull(table, "table is null");
        if (index < 0 || index >= rowCount(table)) {
            throw new IndexOutOfBoundsException(table.tableName() + " has no row " + index);
        }
        switch (table) {
            case REGION:
                return region((int) index);
            case NATION:
                return nation((int) index);
            case CUSTOMER:
                return customer(index + 1);
            case ORDERS:
                return order(index + 1);
            case LINEITEM:
                return lineitem(index);
        }
        throw new AssertionError(table);
    }

    private static Object[] region(int key) {
        return new Object[] {(long) key, REGIONS.get(key), comment(random(COMMENT_SALT, key), 152)};
    }

    private static Object[] nation(int key) {
        return new Object[] {
            (long) key, NATIONS.get(key), (long) NATION_REGIONS[key], comment(random(COMMENT_SALT, 100 + key), 152)
        };
    }

    private static Object[] customer(long key) {
        SplittableRandom random = random(CUSTOMER_SALT, key);
        long nation = random.nextInt(NATIONS.size());
        String phone = String.format("%02d-%03d-%03d-%04d",
                10 + nation, 100 + random.nextInt(900), 100 + random.nextInt(900), 1000 + random.nextInt(9000));
        return new Object[] {
            key, String.format("Customer#%09d", key), address(random), nation, phone,
            cents(random.nextInt(-99_999, 1_000_000)), pick(random, SEGMENTS), comment(random, 117)
        };
    }

    private static Object[] order(long key) {
        SplittableRandom random = random(ORDER_SALT, key);
        long customer = 1 + random.nextInt(CUSTOMERS);
        LocalDate date = orderDate(key);
        String priority = pick(random, PRIORITIES);
        String clerk = String.format("Clerk#%09d", 1 + random.nextInt(CLERKS));
        BigDecimal total = BigDecimal.ZERO;
        int shipped = 0;
        List<Object[]> lines = lines(key);
        for (Object[] line : lines) {
            BigDecimal price = (BigDecimal) line[3];
            BigDecimal discount = (BigDecimal) line[4];
            BigDecimal tax = (BigDecimal) line[5];
            total = total.add(price.multiply(BigDecimal.ONE.add(tax)).multiply(BigDecimal.ONE.subtract(discount)));
            shipped += line[7].equals("F") ? 1 : 0;
        }
        String status = shipped == lines.size() ? "F" : shipped == 0 ? "O" : "P";
        return new Object[] {
            key, customer, status, total.setScale(2, RoundingMode.HALF_UP), date, priority, clerk, 0, comment(random, 79)
        };
    }

    private Object[] lineitem(long index) {
        // the order k whose lines hold the index: firstLine[k - 1] <= index < firstLine[k]
        int low = 0;
        int high = ORDERS - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (firstLine[middle] <= index) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return lines(low + 1).get((int) (index - firstLine[low]));
    }

    /** How many lines order {@code key} has: its lines' generator's first draw. */
    static int lineCount(long key) {
        return 1 + random(LINE_SALT, key).nextInt(MAX_LINES_PER_ORDER);
    }

    /** The lines of order {@code key}, all from one generator, so the order and its lines agree. */
    static List<Object[]> lines(long key) {
        SplittableRandom random = random(LINE_SALT, key);
        int count = 1 + random.nextInt(MAX_LINES_PER_ORDER);
        LocalDate ordered = orderDate(key);
        List<Object[]> lines = new ArrayList<>(count);
        for (int number = 1; number <= count; number++) {
            int quantity = 1 + random.nextInt(50);
            long retailCents = 90_000 + random.nextInt(120_000);
            LocalDate shipped = ordered.plusDays(1 + random.nextInt(121));
            LocalDate committed = ordered.plusDays(30 + random.nextInt(61));
            LocalDate received = shipped.plusDays(1 + random.nextInt(30));
            boolean returned = random.nextBoolean();
            String returnFlag = received.isAfter(CURRENT_DATE) ? "N" : returned ? "R" : "A";
            String lineStatus = shipped.isAfter(CURRENT_DATE) ? "O" : "F";
            lines.add(new Object[] {
                key, number, cents(quantity * 100L), cents(quantity * retailCents), cents(random.nextInt(11)),
                cents(random.nextInt(9)), returnFlag, lineStatus, shipped, committed, received,
                pick(random, INSTRUCTIONS), pick(random, MODES), comment(random, 44)
            });
        }
        return lines;
    }

    /** The date of order {@code key}: early enough that its lines are received before 1998-12-31. */
    private static LocalDate orderDate(long key) {
        long days = LAST_ORDER_DATE.toEpochDay() - FIRST_ORDER_DATE.toEpochDay() + 1;
        return FIRST_ORDER_DATE.plusDays(random(DATE_SALT, key).nextLong(days));
    }

    private static String address(SplittableRandom random) {
        int length = 10 + random.nextInt(31);
        StringBuilder address = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            address.append(ADDRESS_CHARACTERS.charAt(random.nextInt(ADDRESS_CHARACTERS.length())));
        }
        return address.toString().strip();
    }

    /** Words of TPC-H's comment vocabulary, between a third and all of {@code maxLength}. */
    private static String comment(SplittableRandom random, int maxLength) {
        int target = maxLength / 3 + random.nextInt(maxLength - maxLength / 3);
        StringBuilder text = new StringBuilder();
        while (text.length() < target) {
            String word = pick(random, WORDS);
            if (text.length() + 1 + word.length() > maxLength) {
                break;
            }
            text.append(text.length() == 0 ? "" : " ").append(word);
        }
        return text.toString();
    }

    private static String pick(SplittableRandom random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** The generator of one key of one kind of row: a function of both only. */
    private static SplittableRandom random(long salt, long key) {
        return new SplittableRandom(mix(SEED ^ mix(salt * 0x9E37_79B9_7F4A_7C15L + key)));
    }

    /** SplitMix64's finalizer: neighbouring keys get unrelated seeds. */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
