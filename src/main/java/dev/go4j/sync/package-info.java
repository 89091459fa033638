/**
 * Go's {@code sync} package and its common companions: {@link dev.go4j.sync.Mutex},
 * {@link dev.go4j.sync.RWMutex}, {@link dev.go4j.sync.WaitGroup}, {@link dev.go4j.sync.Once},
 * {@link dev.go4j.sync.Cond}, the weighted {@link dev.go4j.sync.Semaphore} of
 * {@code x/sync/semaphore} and the {@link dev.go4j.sync.ErrGroup} of {@code x/sync/errgroup}.
 *
 * <p>A goroutine that blocks on any of them parks (its thread runs other goroutines); a
 * plain Java thread simply blocks. Like Go's, the locks are not owned by a thread or
 * goroutine, and misuse throws with Go's message ({@code sync: unlock of unlocked mutex}).
 */
package dev.go4j.sync;
