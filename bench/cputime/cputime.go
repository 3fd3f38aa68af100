// Package cputime reads the CPU time the process has used, so benchmarks can report CPU seconds per
// operation next to wall time: on a shared machine wall time varies with the load, CPU time much less.
package cputime

import "time"

// Used returns the user plus system CPU time of the process so far (all threads, the garbage collector's
// included), or 0 where it cannot be read.
func Used() time.Duration { return used() }

// Waited returns how long the process's threads have been ready to run but waiting for a CPU, or 0
// where it cannot be read (Linux only). It tells a slow run on a busy machine from a run that does not
// use the cores it has: a program that keeps two threads busy on two idle cores waits for none.
func Waited() time.Duration { return waited() }
