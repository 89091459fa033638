// B3 ping-pong: n round trips over two unbuffered channels; ns per round trip.
package main

import "go4jbench/harness"

func main() {
	harness.Main(func(n int64) harness.Result {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
		var count int64
		for i := int64(0); i < n; i++ {
			ping <- 1
			if <-pong == 1 {
				count++
			}
		}
		close(ping)
		harness.Check(count == n, "round trips %d, want %d", count, n)
		return harness.Result{Ops: n}
	})
}
