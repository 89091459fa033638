package dev.go4j.internal.context;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Unit;
import dev.go4j.context.Context;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Go's backgroundCtx and todoCtx: never cancelled, no deadline, no values. */
final class EmptyCtx implements Context {
    private final String name;

    EmptyCtx(String name) { this.name = name; }

    @Override public Optional<Instant> deadline() { return Optional.empty(); }

    @Override public Receiver<Unit> done() { return Chan.nil(); }

    @Override public Error err() { return null; }

    @Override public Object value(Object key) {
        Objects.requireNonNull(key, "nil key");
        return null;
    }

    @Override public String toString() { return name; }

}
