package dev.go4j.runtime;

/**
 * The process-wide JMX entry point for go4j, registered as {@code dev.go4j:type=Goroutines}
 * once a runtime has started: what {@code ./go4j dump PID} calls.
 */
public interface GoroutinesMXBean {
    /**
     * The dump of every runtime in the process, as {@link Goroutines#dump(int)}.
     * @param debug 1 for the grouped view, 2 for every goroutine
     * @return the dump
     */
    String dump(int debug);

    /**
     * The ids of the live runtimes (each also has its {@code dev.go4j:type=Runtime,id=N}).
     * @return the ids of the live runtimes (each also has its {@code dev.go4j:type=Runtime,id=N})
     */
    long[] getRuntimeIds();

    /**
     * Live goroutines of every runtime together.
     * @return live goroutines of every runtime together
     */
    int getNumGoroutine();
}
