// B9 parked memory: n goroutines blocked receiving from one channel. Reports heap plus
// goroutine stacks in use after GC (runtime.MemStats HeapInuse+StackInuse) and the RSS
// growth, per goroutine; then closes the channel and checks all n end.
package main

import (
	"sync"

	"go4jbench/harness"
)

func main() {
	harness.Main(func(n int64) harness.Result {
		gate := make(chan int)
		var started, ended sync.WaitGroup
		heap0, rss0 := harness.HeapAfterGC(), harness.RSS()
		started.Add(int(n))
		ended.Add(int(n))
		for i := int64(0); i < n; i++ {
			go func() {
				started.Done()
				if _, ok := <-gate; !ok {
					ended.Done()
				}
			}()
		}
		started.Wait()
		heap1, rss1 := harness.HeapAfterGC(), harness.RSS()
		close(gate)
		ended.Wait()
		return harness.Result{Ops: n, Extra: map[string]float64{
			"bytes_per_g": float64(heap1-heap0) / float64(n),
			"rss_per_g":   float64(rss1-rss0) / float64(n),
		}}
	})
}
