package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Unit;

import java.time.Instant;
import java.util.Optional;

/**
 * Test helper: a Context implemented outside go4j, as a user's own type would be (Go's
 * tests call theirs myCtx), cancelled by hand. go4j cannot see inside it, so a context
 * derived from it needs a goroutine that watches {@link #done()}.
 */
final class HandmadeContext implements Context {
    final Chan<Unit> done = Chan.make();
    volatile Error err;

    @Override public Optional<Instant> deadline() { return Optional.empty(); }
    @Override public Receiver<Unit> done() { return done; }
    @Override public Error err() { return err; }
    /** "my:" + key, so that a lookup through a derived context can be told from a miss. */
    @Override public Object value(Object key) { return "my:" + key; }

    void cancel() {
        err = Context.CANCELED;
        done.close();
    }
}
