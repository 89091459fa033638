// B10 HTTP: a hello-world HTTP/1.1 server (net/http: one goroutine per connection) on
// 127.0.0.1 only. Prints "LISTENING port"; exits when stdin closes or after seconds=.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"go4jbench/harness"
)

var body = []byte("Hello, World!\n")

func main() {
	seconds := harness.Arg("seconds", 300)
	var served int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		harness.Fail("listen: %v", err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(200)
		w.Write(body)
		atomic.AddInt64(&served, 1)
	})
	fmt.Printf("LISTENING %d\n", ln.Addr().(*net.TCPAddr).Port)
	time.AfterFunc(time.Duration(seconds)*time.Second, func() {
		fmt.Printf("server lifetime over after %d s; served %d\n", seconds, atomic.LoadInt64(&served))
		os.Exit(0)
	})
	go func() {
		io.Copy(io.Discard, os.Stdin) // bench/run closes our stdin to stop us
		fmt.Printf("served %d\n", atomic.LoadInt64(&served))
		os.Exit(0)
	}()
	harness.Check(http.Serve(ln, nil) == nil, "serve")
}
