package dev.go4j.context;

import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ports of Go's TestLayersCancel and TestLayersTimeout: a random chain of at least 30
 * value, cancel and timeout layers keeps every value through cancellation and timeout;
 * cancelling one layer cancels it and everything below, and nothing above.
 */
@Timeout(60)
class ContextLayersTest {
    private static final int MIN_LAYERS = 30;

    private static boolean closedNow(Receiver<Unit> c) {
        return Select.select(Select.recv(c), Select.otherwise(() -> { })) == 0;
    }

    private static void layers(long seed, boolean timeout) {
        Random r = new Random(seed);
        final class Value { }
        List<Value> vals = new ArrayList<>();
        List<Context.Cancelable> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < MIN_LAYERS || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    Value v = new Value();
                    ctx = Context.withValue(ctx, v, v);
                    vals.add(v);
                }
                case 1 -> {
                    Context.Cancelable c = Context.withCancel(ctx);
                    cancels.add(c);
                    ctx = c;
                }
                default -> {
                    Context.Cancelable c = Context.withTimeout(ctx, timeout ? Duration.ofMillis(1) : Duration.ofHours(1000));
                    cancels.add(c);
                    ctx = c;
                    numTimers++;
                }
            }
        }
        String msg = "seed=" + seed;
        Context leaf = ctx;
        Runnable checkValues = () -> {
            for (Value v : vals) assertSame(v, leaf.value(v), msg);
        };
        if (!timeout) assertFalse(closedNow(leaf.done()), msg + ": ctx should not be canceled yet");
        assertTrue(leaf.toString().startsWith("context.Background."), leaf.toString());
        checkValues.run();
        if (timeout) {
            assertNull(leaf.done().recv(), msg);
            assertSame(Context.DEADLINE_EXCEEDED, leaf.err(), msg);
            checkValues.run();
        } else {
            int k = r.nextInt(cancels.size());
            cancels.get(k).cancel();
            assertTrue(closedNow(leaf.done()), msg + ": ctx should be canceled");
            assertSame(Context.CANCELED, leaf.err(), msg);
            for (int i = 0; i < cancels.size(); i++) {
                Context.Cancelable c = cancels.get(i);
                if (i < k) assertNull(c.err(), msg + ": layer " + i + " is above the cancelled " + k);
                else assertSame(Context.CANCELED, c.err(), msg + ": layer " + i);
            }
            checkValues.run();
            cancels.get(0).cancel();
        }
    }

    @Test
    void layersCancelFromAGoroutine() {
        Go.run(() -> {
            for (long seed = 0; seed < 300; seed++) layers(seed, false);
        });
    }

    @Test
    void layersCancelFromAPlainThread() {
        for (long seed = 1000; seed < 1300; seed++) layers(seed, false);
    }

    @Test
    void layersTimeoutFromAGoroutine() {
        Go.run(() -> {
            for (long seed = 0; seed < 100; seed++) layers(seed, true);
        });
    }

    @Test
    void layersTimeoutFromAPlainThread() {
        for (long seed = 1000; seed < 1100; seed++) layers(seed, true);
    }
}
