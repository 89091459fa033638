// B11 TCP echo server: fixed 64-byte messages, one goroutine per connection, on 127.0.0.1
// only. Prints "LISTENING port"; exits when stdin closes or after seconds=. With busy=1
// (B11/busy), a CPU-bound pair runs beside it: two goroutines that burn CPU (burn)
// and hand a token to each other over unbuffered channels, for ever.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"sync/atomic"
	"time"

	"go4jbench/harness"
)

const msgSize = 64

var sink int64

// burn is B11/busy's unit of CPU work between two hand-offs of the pair (as the JVM
// variants' EchoServer.burn).
func burn(x int64) int64 {
	for i := 0; i < 20000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

func busyPair() {
	ping, pong := make(chan int64), make(chan int64)
	go func() {
		for x := int64(1); ; {
			x = burn(x)
			ping <- x
			x = <-pong
		}
	}()
	go func() {
		for {
			x := burn(<-ping)
			atomic.StoreInt64(&sink, x)
			pong <- x
		}
	}()
}

func main() {
	seconds := harness.Arg("seconds", 300)
	if harness.Arg("busy", 0) != 0 {
		busyPair()
	}
	if harness.Arg("spin", 0) != 0 {
		// B11/spin: two goroutines that only compute, for ever.
		for i := 0; i < 2; i++ {
			go func() {
				for x := int64(1); ; {
					x = burn(x)
					atomic.StoreInt64(&sink, x)
				}
			}()
		}
	}
	var echoed int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		harness.Fail("listen: %v", err)
	}
	fmt.Printf("LISTENING %d\n", ln.Addr().(*net.TCPAddr).Port)
	time.AfterFunc(time.Duration(seconds)*time.Second, func() {
		fmt.Printf("server lifetime over after %d s; echoed %d\n", seconds, atomic.LoadInt64(&echoed))
		os.Exit(0)
	})
	go func() {
		io.Copy(io.Discard, os.Stdin) // bench/run closes our stdin to stop us
		fmt.Printf("echoed %d\n", atomic.LoadInt64(&echoed))
		os.Exit(0)
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			harness.Fail("accept: %v", err)
		}
		go func(c net.Conn) {
			defer c.Close()
			msg := make([]byte, msgSize)
			for {
				if _, err := io.ReadFull(c, msg); err != nil {
					return // the client is done
				}
				if _, err := c.Write(msg); err != nil {
					return
				}
				atomic.AddInt64(&echoed, 1)
			}
		}(c)
	}
}
