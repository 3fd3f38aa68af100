// Package parallel spreads work over a list of n items across the cores, in chunks of consecutive
// items, with results that do not depend on the number of cores: Ordered writes each chunk's bytes in
// the order of the items (the streaming report formats), Each runs a function over every chunk and
// returns the error a loop in order would have met first (redaction), SortFunc sorts parts at once and
// merges them (the canonical order of a report's results).
package parallel

import (
	"bytes"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// chunks is how many chunks of size cover n items.
func chunks(n, size int) int {
	if n <= 0 {
		return 0
	}
	return (n + size - 1) / size
}

// Ordered encodes the items [0, n) in chunks of size consecutive items on up to GOMAXPROCS goroutines
// and hands each chunk's bytes to write, in the order of the items, on the calling goroutine.
//
// encode(buf, lo, hi) appends items [lo, hi) to buf, an empty buffer of its own; it runs concurrently
// with other chunks and must only read what they share. write must not keep p: its buffer is reused.
// At most 2×workers chunks are encoded or waiting to be written at once, so memory is bounded by the
// chunk size, not by n: a slow writer holds the encoders back.
//
// The first error in the order of the items wins: encode's for a chunk, write's, or ctx's, checked
// before each chunk is written; encode is not called once ctx is done. Ordered returns once every
// goroutine it started has stopped.
func Ordered(ctx context.Context, n, size int, encode func(buf *bytes.Buffer, lo, hi int) error,
	write func(p []byte) error) error {
	total := chunks(n, size)
	if total == 0 {
		return nil
	}
	workers := min(runtime.GOMAXPROCS(0), total)
	inflight := 2 * workers
	ctx, cancel := context.WithCancel(ctx)
	type job struct {
		lo, hi int
		buf    bytes.Buffer
		err    error
		done   chan struct{}
	}
	// The queue never holds more than the jobs in flight, so sending to it never blocks.
	queue := make(chan *job, inflight)
	var wg sync.WaitGroup
	defer func() {
		cancel() // workers skip what is left in the queue
		close(queue)
		wg.Wait()
	}()
	for range workers {
		wg.Go(func() {
			for j := range queue {
				if j.err = ctx.Err(); j.err == nil {
					j.err = encode(&j.buf, j.lo, j.hi)
				}
				close(j.done)
			}
		})
	}
	// slots[c%inflight] is chunk c's job while it is in flight; a slot is reused once its chunk is written.
	slots := make([]*job, inflight)
	for i := range slots {
		slots[i] = &job{}
	}
	next := 0 // the next chunk to queue
	for c := range total {
		for ; next < total && next-c < inflight; next++ {
			j := slots[next%inflight]
			j.lo, j.hi = next*size, min((next+1)*size, n)
			j.buf.Reset()
			j.err, j.done = nil, make(chan struct{})
			queue <- j
		}
		j := slots[c%inflight]
		<-j.done
		if err := ctx.Err(); err != nil {
			return err
		}
		if j.err != nil {
			return j.err
		}
		if err := write(j.buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// Each calls fn on the items [0, n) in chunks of size consecutive items, on up to GOMAXPROCS goroutines,
// and returns the error of the first failed chunk in the order of the items, nil when none failed.
//
// Chunks are handed out in order and every chunk handed out runs to its end, so each chunk before a
// failed one has run: the error returned is the one a loop over the chunks in order would meet first.
// Once a chunk has failed no further chunk is started (chunks already started finish). fn runs
// concurrently with other chunks and must only read what they share, or synchronise.
func Each(n, size int, fn func(lo, hi int) error) error {
	total := chunks(n, size)
	workers := min(runtime.GOMAXPROCS(0), total)
	if workers <= 1 {
		for c := range total {
			if err := fn(c*size, min((c+1)*size, n)); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, total)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for !failed.Load() {
				c := int(next.Add(1) - 1)
				if c >= total {
					return
				}
				if err := fn(c*size, min((c+1)*size, n)); err != nil {
					errs[c] = err
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// minSortPart is the fewest elements SortFunc sorts on a goroutine of its own: below it, starting one
// costs more than it saves.
const minSortPart = 1 << 14

// SortFunc sorts s by cmp as slices.SortFunc does, in up to GOMAXPROCS parts sorted at once and then
// merged, with a buffer as large as s. cmp must be a total order (no two elements equal unless they are
// the same), so that the order is the one slices.SortFunc gives, whatever the number of parts.
func SortFunc[S ~[]E, E any](s S, cmp func(a, b E) int) {
	parts := min(runtime.GOMAXPROCS(0), len(s)/minSortPart)
	if parts <= 1 {
		slices.SortFunc(s, cmp)
		return
	}
	bounds := make([]int, parts+1)
	for p := range bounds {
		bounds[p] = p * len(s) / parts
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { slices.SortFunc(s[bounds[p]:bounds[p+1]], cmp) })
	}
	wg.Wait()
	// Merge neighbouring runs pairwise, the pairs of a round at once, until one run is left.
	src, dst := s, make(S, len(s))
	for len(bounds) > 2 {
		next := []int{0}
		for p := 0; p+1 < len(bounds); p += 2 {
			lo := bounds[p]
			if p+2 >= len(bounds) { // an odd run out: copied as it is
				hi := bounds[p+1]
				wg.Go(func() { copy(dst[lo:hi], src[lo:hi]) })
				next = append(next, hi)
				continue
			}
			mid, hi := bounds[p+1], bounds[p+2]
			wg.Go(func() { merge(dst[lo:hi], src[lo:mid], src[mid:hi], cmp) })
			next = append(next, hi)
		}
		wg.Wait()
		src, dst, bounds = dst, src, next
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// merge writes the sorted runs a and b into dst, sorted; on a tie a's element comes first.
func merge[E any](dst, a, b []E, cmp func(a, b E) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}
