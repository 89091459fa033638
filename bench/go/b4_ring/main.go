// B4 ring: 503 goroutines in a ring of unbuffered channels pass a token n times; the
// goroutine that receives 0 reports its number. ns per hop.
package main

import "go4jbench/harness"

const ring = 503

func main() {
	harness.Main(func(n int64) harness.Result {
		chans := make([]chan int, ring)
		for i := range chans {
			chans[i] = make(chan int)
		}
		done := make(chan int, 1)
		for i := 0; i < ring; i++ {
			id, in, out := i+1, chans[i], chans[(i+1)%ring]
			go func() {
				for t := range in {
					if t == 0 {
						done <- id
						return
					}
					out <- t - 1
				}
			}()
		}
		chans[0] <- int(n)
		winner := <-done
		for _, c := range chans {
			close(c) // the other 502 goroutines end
		}
		harness.Check(int64(winner) == n%ring+1, "winner %d, want %d", winner, n%ring+1)
		return harness.Result{Ops: n}
	})
}
