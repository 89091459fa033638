// B1 spawn: n goroutines, each counting down one WaitGroup; ns per goroutine.
package main

import (
	"sync"

	"go4jbench/harness"
)

func main() {
	harness.Main(func(n int64) harness.Result {
		var wg sync.WaitGroup
		wg.Add(int(n))
		for i := int64(0); i < n; i++ {
			go wg.Done()
		}
		wg.Wait()
		return harness.Result{Ops: n}
	})
}
