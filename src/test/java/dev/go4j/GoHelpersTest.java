package dev.go4j;

import dev.go4j.sync.Cond;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** Go.numCPU, Time.since/until, and the hint for Java's Object.wait habit. */
@Timeout(30)
class GoHelpersTest {

    @Test
    void numCPU() {
        assertEquals(Runtime.getRuntime().availableProcessors(), Go.numCPU());
        assertTrue(Go.numCPU() >= 1);
    }

    @Test
    void sinceAndUntil() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        assertTrue(Time.since(hourAgo).compareTo(Duration.ofHours(1)) >= 0);
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        assertTrue(Time.until(inAnHour).compareTo(Duration.ofHours(1)) <= 0);
        assertTrue(Time.until(inAnHour).isPositive());
        assertTrue(Time.until(hourAgo).isNegative());
        assertFalse(Time.now().isBefore(hourAgo));
        assertThrows(NullPointerException.class, () -> Time.since(null));
    }

    /** wg.wait() compiles (Object.wait) and fails; the panic message points to await(). */
    @Test
    void objectWaitHabitGetsAHint() {
        GoroutinePanic p = assertThrows(GoroutinePanic.class, () -> Go.run(() -> {
            var wg = new WaitGroup();
            try {
                wg.wait();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        assertInstanceOf(IllegalMonitorStateException.class, p.getCause());
        assertTrue(p.getMessage().contains("await()"), p.getMessage());
        assertTrue(p.hint().contains("await()"), p.hint());
        String panicLine = p.traceback().lines().findFirst().orElseThrow();
        assertTrue(panicLine.startsWith("panic: ") && panicLine.endsWith(p.hint()), panicLine);
        assertEquals(1, p.traceback().split("hint: ", -1).length - 1, "the hint once: " + p.traceback());

        p = assertThrows(GoroutinePanic.class, () -> Go.run(() -> new Cond(new Mutex()).notifyAll()));
        assertTrue(p.getMessage().contains("signal() or broadcast()"), p.getMessage());

        p = assertThrows(GoroutinePanic.class, () -> Go.run(() -> { throw new IllegalMonitorStateException("mine"); }));
        assertFalse(p.getMessage().contains("hint"), "no hint when Object.wait is not involved: " + p.getMessage());
        assertEquals("", p.hint());
    }
}
