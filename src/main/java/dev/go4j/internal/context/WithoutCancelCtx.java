package dev.go4j.internal.context;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Unit;
import dev.go4j.context.Context;

import java.time.Instant;
import java.util.Optional;

/** Go's withoutCancelCtx: the parent's values, but never cancelled and no deadline. */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) { this.parent = parent; }

    @Override public Optional<Instant> deadline() { return Optional.empty(); }

    @Override public Receiver<Unit> done() { return Chan.nil(); }

    @Override public Error err() { return null; }

    @Override public Object value(Object key) { return Contexts.value(this, key); }

    @Override public String toString() { return parent + ".WithoutCancel"; }
}
