// Goroutine costs, three measurements:
//   spawn       N goroutines that each block receiving on one channel: ns per spawn
//               (until all have run up to their receive) and resident memory per parked
//               goroutine (VmRSS from /proc/self/status, before and after)
//   ping-pong   N round trips over two unbuffered channels: ns per hand-off
//   buffered    10 N items through a channel of capacity 128, one producer, one
//               consumer: ns per item
// Usage: goroutines N
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

func rssBytes() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb * 1024
		}
	}
	return 0
}

func parked(block chan int, started, finished *sync.WaitGroup) {
	started.Done()
	<-block
	finished.Done()
}

func spawn(n int) {
	block := make(chan int)
	var started, finished sync.WaitGroup
	started.Add(n)
	finished.Add(n)
	runtime.GC()
	before := rssBytes()
	t := time.Now()
	for i := 0; i < n; i++ {
		go parked(block, &started, &finished)
	}
	started.Wait()
	ns := time.Since(t).Nanoseconds()
	after := rssBytes()
	close(block)
	finished.Wait()
	fmt.Printf("spawned, parked and released all\n")
	fmt.Printf("spawned: %d goroutines\n", n)
	fmt.Printf("spawn: %.1f ns\n", float64(ns)/float64(n))
	fmt.Printf("parked rss: %d bytes\n", (after-before)/n)
}

func pingPong(rounds int) {
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	t := time.Now()
	sum := 0
	for i := 0; i < rounds; i++ {
		ping <- i
		sum += <-pong
	}
	ns := time.Since(t).Nanoseconds()
	close(ping)
	fmt.Printf("ping-pong %d round trips, sum %d\n", rounds, sum)
	fmt.Printf("ping-pong: %.1f ns\n", float64(ns)/float64(2*rounds))
}

func buffered(items int) {
	q := make(chan int, 128)
	done := make(chan int)
	go func() {
		s := 0
		for v := range q {
			s += v
		}
		done <- s
	}()
	t := time.Now()
	for i := 0; i < items; i++ {
		q <- i
	}
	close(q)
	sum := <-done
	ns := time.Since(t).Nanoseconds()
	fmt.Printf("buffered %d items, sum %d\n", items, sum)
	fmt.Printf("buffered: %.1f ns\n", float64(ns)/float64(items))
}

func main() {
	n := 100000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	spawn(n)
	pingPong(n)
	buffered(10 * n)
}
