/**
 * Go's {@code context} package: cancellation, deadlines and request-scoped values that flow
 * down a tree of goroutines. Start from {@link dev.go4j.context.Context#background()} and
 * derive children with {@code withCancel}, {@code withTimeout}, {@code withDeadline} and
 * {@code withValue}; a context's {@code done()} channel works in a
 * {@link dev.go4j.Select}.
 */
package dev.go4j.context;
