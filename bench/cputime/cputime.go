// Package cputime reads the CPU time the process has used, so benchmarks can report CPU seconds per
// operation next to wall time: on a shared machine wall time varies with the load, CPU time much less.
package cputime

import "time"

// Used returns the user plus system CPU time of the process so far (all threads, the garbage collector's
// included), or 0 where it cannot be read.
func Used() time.Duration { return used() }
