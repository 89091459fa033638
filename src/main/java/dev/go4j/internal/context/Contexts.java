package dev.go4j.internal.context;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Unit;
import dev.go4j.context.Context;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The functions of Go's context package behind {@link Context}'s static methods. */
public final class Contexts {
    private Contexts() {}

    public static final Context BACKGROUND = new EmptyCtx("context.Background");
    public static final Context TODO = new EmptyCtx("context.TODO");

    /** A reusable closed channel (Go's closedchan): done() of a context cancelled before anyone asked. */
    static final Chan<Unit> CLOSED = Chan.make();
    static {
        CLOSED.close();
    }

    /** The key under which a cancelCtx returns itself (Go's &cancelCtxKey). */
    static final Object CANCEL_CTX_KEY = new Object();

    private static void checkParent(Context parent) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
    }

    public static CancelCtx withCancel(Context parent) {
        checkParent(parent);
        CancelCtx c = new CancelCtx(parent);
        c.propagateCancel(parent, c);
        return c;
    }

    public static CancelCtx withCancelCause(Context parent) {
        return withCancel(parent);
    }

    /** Mirrors WithDeadlineCause. */
    public static Context.Cancelable withDeadline(Context parent, Instant d, Throwable cause) {
        checkParent(parent);
        Objects.requireNonNull(d, "deadline");
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(d)) {
            // The current deadline is already sooner than the new one.
            return withCancel(parent);
        }
        TimerCtx c = new TimerCtx(parent, d);
        c.propagateCancel(parent, c);
        long dur = nanosUntil(d);
        if (dur <= 0) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // deadline has already passed
            return c;
        }
        c.arm(dur, cause);
        return c;
    }

    public static Context.Cancelable withTimeout(Context parent, Duration timeout, Throwable cause) {
        checkParent(parent);
        Objects.requireNonNull(timeout, "timeout");
        Instant now = Instant.now();
        Instant d;
        try {
            d = now.plus(timeout);
        } catch (DateTimeException | ArithmeticException e) {
            d = timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
        return withDeadline(parent, d, cause);
    }

    public static Context withValue(Context parent, Object key, Object value) {
        checkParent(parent);
        Objects.requireNonNull(key, "nil key");
        return new ValueCtx(parent, key, value);
    }

    public static Context withoutCancel(Context parent) {
        checkParent(parent);
        return new WithoutCancelCtx(parent);
    }

    /** Mirrors Cause. */
    public static Throwable cause(Context c) {
        Objects.requireNonNull(c, "context");
        if (c.value(CANCEL_CTX_KEY) instanceof CancelCtx cc) {
            synchronized (cc) {
                return cc.cause;
            }
        }
        // There is no cancelCtx (a context from outside go4j, or withoutCancel): its err.
        return c.err();
    }

    /** Mirrors AfterFunc. */
    public static BooleanSupplier afterFunc(Context ctx, Runnable f) {
        Objects.requireNonNull(ctx, "context");
        Objects.requireNonNull(f, "f");
        AfterFuncCtx a = new AfterFuncCtx(ctx, f);
        a.propagateCancel(ctx, a);
        return a::stop;
    }

    /** Mirrors value: walks up the chain without recursion through go4j's own contexts. */
    static Object value(Context c, Object key) {
        Objects.requireNonNull(key, "nil key");
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (key.equals(v.key)) return v.val;
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CANCEL_CTX_KEY) return cc;
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CANCEL_CTX_KEY) return null;
                c = w.parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /**
     * Mirrors parentCancelCtx: the underlying cancelCtx of parent, if parent's done
     * channel is that cancelCtx's (a wrapper with its own done channel does not count).
     */
    static CancelCtx parentCancelCtx(Context parent) {
        Receiver<Unit> done = parent.done();
        if (done == CLOSED || isNil(done)) return null;
        if (!(parent.value(CANCEL_CTX_KEY) instanceof CancelCtx p)) return null;
        if (p.done() != done) return null;
        return p;
    }

    /**
     * A done channel that can never be ready: go4j's nil channel, or {@code null} from a
     * Context implemented outside go4j before done() returned the nil channel.
     */
    static boolean isNil(Receiver<?> done) {
        return done == null || done == Chan.nil();
    }

    /** Mirrors removeChild. */
    static void removeChild(Context parent, Canceler child) {
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) p.removeChild(child);
    }

    private static long nanosUntil(Instant d) {
        try {
            return Duration.between(Instant.now(), d).toNanos();
        } catch (ArithmeticException e) {
            return d.isBefore(Instant.now()) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
