/**
 * go4j: Go's goroutine runtime for the JVM. Goroutines, channels and {@code select}
 * ({@link dev.go4j}), Go's {@code sync} primitives ({@link dev.go4j.sync}), timers
 * ({@link dev.go4j.time}), {@code context} ({@link dev.go4j.context}) and the runtime's
 * introspection ({@link dev.go4j.runtime}), scheduled by a re-implementation of Go's G-M-P
 * scheduler.
 *
 * <p>The module needs one JVM flag: {@code --add-opens java.base/java.lang=dev.go4j} on the
 * module path ({@code =ALL-UNNAMED} on the class path). Only the five API packages are
 * exported; {@code dev.go4j.internal.*} is the scheduler and is not API.
 */
module dev.go4j {
    requires java.management;          // the MXBeans and the GC watcher of the execution trace
    requires jdk.jfr;                  // go4j's JFR events (off unless a recording enables them)
    requires static java.management.rmi; // ./go4j dump's JMX client (a tool, not the runtime)
    requires static jdk.attach;        // ./go4j dump's Attach API client
    exports dev.go4j;
    exports dev.go4j.sync;
    exports dev.go4j.time;
    exports dev.go4j.context;
    exports dev.go4j.runtime;
}
