package dev.go4j.internal.context;

import dev.go4j.Receiver;
import dev.go4j.Unit;
import dev.go4j.context.Context;

/** A context that can be cancelled directly (Go's canceler): what a parent keeps as a child. */
interface Canceler {
    void cancel(boolean removeFromParent, Context.Error err, Throwable cause);

    Receiver<Unit> done();
}
