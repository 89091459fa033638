package dev.go4j.internal.sched;

/**
 * A go4j system property that is a duration in microseconds: 0 (off) or a number in a
 * range. Read once, when go4j first needs it, so the value checked is the value used; a
 * runtime that starts with a value that means nothing stops, naming the value, rather
 * than quietly using the default ({@link #check()}).
 */
final class MicrosFlag {
    private final String property;
    private final long defaultUs, minUs, maxUs;
    /** What a good value is, in the error's words. */
    private final String want;
    /** The property as read once. */
    private final String value;
    /** The value in nanoseconds: the default if unset, 0 if off, -1 if bad. */
    final long nanos;

    MicrosFlag(String property, long defaultUs, long minUs, long maxUs, String want) {
        this.property = property;
        this.defaultUs = defaultUs;
        this.minUs = minUs;
        this.maxUs = maxUs;
        this.want = want;
        this.value = System.getProperty(property);
        this.nanos = nanos(value);
    }

    /** Throws, naming the value, if the property as read means nothing. */
    void check() { check(value); }

    /** {@link #check()} for a given value. */
    void check(String v) {
        if (nanos(v) < 0) throw new IllegalArgumentException("invalid -D" + property + "=" + v + ": want " + want);
    }

    /** v in nanoseconds: the default if unset, -1 unless it is 0 or whole microseconds from min to max. */
    long nanos(String v) {
        if (v == null || v.isBlank()) return defaultUs * 1000;
        try {
            long us = Long.parseLong(v.trim());
            return us == 0 ? 0 : us < minUs || us > maxUs ? -1 : us * 1000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
