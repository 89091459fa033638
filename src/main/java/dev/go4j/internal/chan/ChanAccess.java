package dev.go4j.internal.chan;

import dev.go4j.Chan;

import java.lang.invoke.MethodHandles;

/**
 * The bridge between the public {@link Chan} and its {@link HChan}, so that runtime code
 * (timers, context) can make and reach channels without Chan exposing its internals
 * (the JDK's SharedSecrets pattern). Chan installs the bridge in its static initializer.
 */
public final class ChanAccess {
    private ChanAccess() {}

    /** Implemented by Chan. */
    public interface Bridge {
        <T> Chan<T> wrap(HChan h);

        HChan unwrap(Chan<?> c);
    }

    private static volatile Bridge bridge;

    public static void install(Bridge b) {
        if (bridge != null) throw new IllegalStateException("ChanAccess bridge already installed");
        bridge = b;
    }

    static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Chan.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }

    static <T> Chan<T> wrap(HChan h) {
        return bridge().wrap(h);
    }

    /** The channel behind a Chan. */
    public static HChan unwrap(Chan<?> c) {
        return bridge().unwrap(c);
    }
}
