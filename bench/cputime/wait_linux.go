//go:build linux

package cputime

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// waited sums the run-queue delay of the process's live threads (the second field of
// /proc/self/task/*/schedstat). Threads that have exited are not counted; a Go program rarely ends one.
func waited() time.Duration {
	stats, err := filepath.Glob("/proc/self/task/*/schedstat")
	if err != nil {
		return 0
	}
	var total time.Duration
	for _, f := range stats {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // the thread ended between the listing and the read
		}
		fields := strings.Fields(string(data))
		if len(fields) < 2 {
			continue
		}
		if ns, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
			total += time.Duration(ns)
		}
	}
	return total
}
