// B6 mutex: 1000 goroutines each do n/1000 lock/increment/unlock on one Mutex; ns per pair.
package main

import (
	"sync"

	"go4jbench/harness"
)

const goroutines = 1000

func main() {
	harness.Main(func(n int64) harness.Result {
		per := n / goroutines
		if per < 1 {
			per = 1
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		var counter int64
		wg.Add(goroutines)
		for g := 0; g < goroutines; g++ {
			go func() {
				for i := int64(0); i < per; i++ {
					mu.Lock()
					counter++
					mu.Unlock()
				}
				wg.Done()
			}()
		}
		wg.Wait()
		mu.Lock()
		c := counter
		mu.Unlock()
		harness.Check(c == per*goroutines, "counter %d, want %d", c, per*goroutines)
		return harness.Result{Ops: per * goroutines}
	})
}
