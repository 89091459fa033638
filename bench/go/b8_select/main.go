// B8 select fan-in: 8 producers each send n/8 items on their own channel (capacity 128);
// one consumer selects over the 8 channels until it has them all. ns per item.
package main

import "go4jbench/harness"

const producers, capacity = 8, 128

func main() {
	harness.Main(func(n int64) harness.Result {
		per := n / producers
		var c [producers]chan int
		for p := range c {
			ch := make(chan int, capacity)
			c[p] = ch
			go func() {
				for i := 0; i < int(per); i++ {
					ch <- i
				}
			}()
		}
		var sum int64
		total := per * producers
		for k := int64(0); k < total; k++ {
			select {
			case v := <-c[0]:
				sum += int64(v)
			case v := <-c[1]:
				sum += int64(v)
			case v := <-c[2]:
				sum += int64(v)
			case v := <-c[3]:
				sum += int64(v)
			case v := <-c[4]:
				sum += int64(v)
			case v := <-c[5]:
				sum += int64(v)
			case v := <-c[6]:
				sum += int64(v)
			case v := <-c[7]:
				sum += int64(v)
			}
		}
		want := producers * (per * (per - 1) / 2)
		harness.Check(sum == want, "sum %d, want %d", sum, want)
		return harness.Result{Ops: total}
	})
}
