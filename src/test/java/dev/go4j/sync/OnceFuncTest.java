package dev.go4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Go 1.21's sync.OnceFunc, OnceValue, OnceValues as Once.func, value, values. */
@Timeout(60)
class OnceFuncTest {

    @Test
    void funcRunsOnceUnderConcurrency() {
        for (int procs : new int[] {1, 4}) {
            for (int round = 0; round < 20; round++) {
                AtomicInteger calls = new AtomicInteger(), returned = new AtomicInteger();
                Runnable f = Once.func(() -> {
                    calls.incrementAndGet();
                    dev.go4j.Go.gosched(); // let the others arrive and wait
                });
                GoRun.run(procs, () -> {
                    var wg = new WaitGroup();
                    for (int i = 0; i < 16; i++) wg.go(() -> { f.run(); returned.incrementAndGet(); });
                    wg.await();
                });
                assertEquals(1, calls.get());
                assertEquals(16, returned.get());
            }
        }
    }

    @Test
    void valueIsComputedOnce() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> v = Once.value(() -> "v" + calls.incrementAndGet());
        assertEquals("v1", v.get());
        assertEquals("v1", v.get());
        assertEquals(1, calls.get());
    }

    @Test
    void exceptionsAreRethrownEveryCall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException boom = new IllegalStateException("boom");
        Runnable f = Once.func(() -> { calls.incrementAndGet(); throw boom; });
        assertSame(boom, assertThrows(IllegalStateException.class, f::run));
        assertSame(boom, assertThrows(IllegalStateException.class, f::run));
        Supplier<Integer> s = Once.value(() -> { calls.incrementAndGet(); throw boom; });
        assertSame(boom, assertThrows(IllegalStateException.class, s::get));
        assertSame(boom, assertThrows(IllegalStateException.class, s::get));
        assertEquals(2, calls.get());

        IOException io = new IOException("no file");
        Callable<byte[]> read = Once.values(() -> { calls.incrementAndGet(); throw io; });
        assertSame(io, assertThrows(IOException.class, read::call), "Go's (T, error): the error each time");
        assertSame(io, assertThrows(IOException.class, read::call));
        assertEquals(3, calls.get());
        Callable<Integer> ok = Once.values(() -> calls.incrementAndGet());
        assertEquals(4, ok.call());
        assertEquals(4, ok.call());
    }
}
