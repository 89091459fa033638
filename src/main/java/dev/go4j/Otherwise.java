package dev.go4j;

/**
 * What {@link Select#of} returns when no case was ready and the select had an
 * {@link Select#otherwise()} case: Go's {@code default:}. (Named after {@code otherwise},
 * go4j's name for Go's {@code default}, so that it is not confused with the
 * {@code default} label of a Java {@code switch}.) There is one instance, {@link #OTHERWISE}.
 */
public record Otherwise() implements Selected {
    /** The only instance; {@link Select#of} returns it without allocating. */
    public static final Otherwise OTHERWISE = new Otherwise();
}
