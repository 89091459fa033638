// B5 producer/consumer: 4 producers send n items in all into one channel of capacity
// 128; 4 consumers range over it; the channel is closed when the producers are done.
package main

import (
	"sync"
	"sync/atomic"

	"go4jbench/harness"
)

const producers, consumers, capacity = 4, 4, 128

func main() {
	harness.Main(func(n int64) harness.Result {
		per := n / producers
		ch := make(chan int, capacity)
		var pwg, cwg sync.WaitGroup
		var total, count int64
		pwg.Add(producers)
		for p := 0; p < producers; p++ {
			go func() {
				for i := 0; i < int(per); i++ {
					ch <- i
				}
				pwg.Done()
			}()
		}
		cwg.Add(consumers)
		for c := 0; c < consumers; c++ {
			go func() {
				var sum, k int64
				for v := range ch {
					sum += int64(v)
					k++
				}
				atomic.AddInt64(&total, sum)
				atomic.AddInt64(&count, k)
				cwg.Done()
			}()
		}
		pwg.Wait()
		close(ch)
		cwg.Wait()
		want := producers * (per * (per - 1) / 2)
		harness.Check(count == per*producers && total == want, "count %d sum %d, want %d %d", count, total, per*producers, want)
		return harness.Result{Ops: per * producers}
	})
}
