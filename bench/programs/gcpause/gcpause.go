// The GC pause benchmark from Pusher's "Golang's real-time GC in theory and practice"
// (2017): a ring of 200,000 messages, each push a fresh 1,024-byte buffer filled with
// the message number, replacing the oldest; the program times every push itself and
// reports the worst, which is a stop-the-world pause whenever a collection lands in
// one. The live set is about 200 MB. Usage: gcpause PUSHES
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

const (
	window  = 200000
	msgSize = 1024
)

type message []byte

func mkMessage(n int) message {
	m := make(message, msgSize)
	for i := range m {
		m[i] = byte(n)
	}
	return m
}

var worst time.Duration

func pushMsg(b []message, highID int) {
	start := time.Now()
	m := mkMessage(highID)
	b[highID%window] = m
	elapsed := time.Since(start)
	if elapsed > worst {
		worst = elapsed
	}
}

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	b := make([]message, window)
	start := time.Now()
	for i := 0; i < n; i++ {
		pushMsg(b, i)
	}
	total := time.Since(start)
	checksum := 0
	for _, m := range b {
		if len(m) > 0 {
			checksum += int(m[0]) + int(m[msgSize-1])
		}
	}
	fmt.Printf("ring %d messages of %d bytes, %d pushes, checksum %d\n", window, msgSize, n, checksum)
	fmt.Printf("worst push: %.3f ms\n", float64(worst.Nanoseconds())/1e6)
	fmt.Printf("total: %.1f ms\n", float64(total.Nanoseconds())/1e6)
}
