/**
 * Introspection of the runtime, as Go's {@code runtime} and {@code runtime/debug} offer it:
 * {@link dev.go4j.runtime.Goroutines#dump()} prints every goroutine in Go's format
 * ({@code goroutine 7 [chan receive, 3 minutes]:}, its Java stack and its
 * {@code created by} line).
 */
package dev.go4j.runtime;
