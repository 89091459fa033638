// B2 skynet: a 10-way tree of goroutines with n leaves; each node sums its children over
// an unbuffered channel.
package main

import "go4jbench/harness"

func skynet(c chan int64, num, size, div int64) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int64)
	for i := int64(0); i < div; i++ {
		sub := num + i*(size/div)
		go skynet(rc, sub, size/div, div)
	}
	var sum int64
	for i := int64(0); i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

func main() {
	harness.Main(func(n int64) harness.Result {
		m := n
		for m > 1 && m%10 == 0 {
			m /= 10
		}
		harness.Check(m == 1, "n=%d must be a power of 10 (the tree is 10-way)", n)
		c := make(chan int64)
		go skynet(c, 0, n, 10)
		sum := <-c
		harness.Check(sum == n*(n-1)/2, "sum %d, want %d", sum, n*(n-1)/2)
		return harness.Result{Ops: n}
	})
}
