package io.railhead.order;

import io.railhead.shared.Sha256;

/**
 * Text as the order store's columns can hold it, whatever a channel sent: no NUL characters (a
 * PostgreSQL text column refuses them, and a refused insert would dead-letter the delivery again and
 * again), and no value longer than its column — a longer one keeps its start and ends with a hash of
 * the whole, so two different values never become the same. Identity is derived before this, from
 * the values as sent; this only keeps a store write from failing on them.
 */
final class StoredText {

    private static final int HASH_CHARS = 16;

    private StoredText() {
    }

    /** {@code value} without NULs, at most {@code max} characters; null stays null. */
    static String fit(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
        if (clean.length() <= max) {
            return clean;
        }
        return clean.substring(0, max - HASH_CHARS - 2) + "…#" + sha256(value).substring(0, HASH_CHARS);
    }

    /** {@code value} without NULs, any length (text columns). */
    static String clean(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    static boolean hasNul(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    static String sha256(String value) {
        return Sha256.hex(value);
    }
}
