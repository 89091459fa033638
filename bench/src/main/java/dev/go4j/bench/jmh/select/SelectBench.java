package dev.go4j.bench.jmh.select;

import dev.go4j.Case;
import dev.go4j.Chan;
import dev.go4j.Select;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Select over 2 and 8 receive cases of buffered channels, uncontended: each operation
 * sends one value into one of the channels (round robin) and selects it out again. The
 * cases are built once and reused, as a loop in Go would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class SelectBench {
    static final Integer ONE = 1;

    @Param({"2", "8"})
    int cases;

    Chan<Integer>[] chans;
    Case[] recvCases;
    Case[] recvWithDefault;
    int next;
    long sum;

    @Setup
    @SuppressWarnings("unchecked")
    public void setup() {
        chans = new Chan[cases];
        recvCases = new Case[cases];
        recvWithDefault = new Case[cases + 1];
        for (int i = 0; i < cases; i++) {
            chans[i] = Chan.make(1);
            recvCases[i] = Select.recv(chans[i], v -> sum += v);
            recvWithDefault[i] = recvCases[i];
        }
        recvWithDefault[cases] = Select.otherwise(() -> sum--);
    }

    /** One case ready: select takes it. */
    @Benchmark
    public int selectReady() {
        int i = next;
        next = i + 1 == cases ? 0 : i + 1;
        chans[i].send(ONE);
        return Select.select(recvCases);
    }

    /** Nothing ready, with a default case: the non-blocking poll of every channel. */
    @Benchmark
    public int selectDefault() {
        return Select.select(recvWithDefault);
    }
}
