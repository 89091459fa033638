// B7 sleepers: n goroutines each sleep a pseudo-random 1..100 ms; wall and CPU ms.
package main

import (
	"sync"
	"sync/atomic"
	"time"

	"go4jbench/harness"
)

func main() {
	harness.Main(func(n int64) harness.Result {
		var wg sync.WaitGroup
		var slept int64
		max := 0
		wg.Add(int(n))
		t0 := time.Now()
		for i := int64(0); i < n; i++ {
			ms := harness.SleepMillis(i)
			if ms > max {
				max = ms
			}
			go func() {
				time.Sleep(time.Duration(ms) * time.Millisecond)
				atomic.AddInt64(&slept, 1)
				wg.Done()
			}()
		}
		wg.Wait()
		wall := time.Since(t0)
		harness.Check(slept == n, "woke %d, want %d", slept, n)
		harness.Check(wall >= time.Duration(max)*time.Millisecond, "wall %v < longest sleep %d ms", wall, max)
		return harness.Result{Ops: n}
	})
}
