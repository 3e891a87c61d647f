package io.flinkgw.gateway.query;

import java.security.SecureRandom;

/** Unguessable query ids: 128 random bits in lower-case base 32 (26 characters). */
public final class QueryIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /** A fresh id. */
    public String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        StringBuilder id = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (byte value : bytes) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                id.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            id.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return id.toString();
    }
}
