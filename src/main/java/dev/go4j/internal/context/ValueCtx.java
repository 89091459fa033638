package dev.go4j.internal.context;

import dev.go4j.Receiver;
import dev.go4j.Unit;
import dev.go4j.context.Context;

import java.time.Instant;
import java.util.Optional;

/** Go's valueCtx: one key-value pair; everything else comes from the parent. */
final class ValueCtx implements Context {
    final Context parent;
    final Object key;
    final Object val;

    ValueCtx(Context parent, Object key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override public Optional<Instant> deadline() { return parent.deadline(); }

    @Override public Receiver<Unit> done() { return parent.done(); }

    @Override public Error err() { return parent.err(); }

    @Override public Object value(Object key) { return Contexts.value(this, key); }

    @Override public String toString() { return parent + ".WithValue(" + key + ", " + val + ")"; }
}
