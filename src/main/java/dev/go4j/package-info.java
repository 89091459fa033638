/**
 * Goroutines, channels and {@code select}: Go's core concurrency for Java.
 *
 * <p>{@link dev.go4j.Go} starts goroutines ({@code go f()} is {@code Go.go(f)}), runs a
 * program's main as goroutine 1 ({@link dev.go4j.Go#run}) and holds the {@code runtime}
 * package's calls ({@code gosched}, {@code gomaxprocs}, {@code numGoroutine}).
 * {@link dev.go4j.Chan} is {@code chan T}, with {@link dev.go4j.Sender} and
 * {@link dev.go4j.Receiver} as its send-only and receive-only views; {@link dev.go4j.Select}
 * is the {@code select} statement. A goroutine is a JDK virtual thread scheduled by go4j's
 * re-implementation of Go's G-M-P scheduler. Everything here also works from plain Java
 * threads.
 *
 * <p>Go's panics are exceptions with Go's text ({@code send on closed channel}, ...). When
 * a goroutine of a {@code Go.run} throws, the run throws {@link dev.go4j.GoroutinePanic}
 * at once; when every goroutine is blocked for good, it throws
 * {@link dev.go4j.DeadlockError}. {@code null} is never a channel element: a receive that
 * returns {@code null} means the channel is closed and drained.
 */
package dev.go4j;
