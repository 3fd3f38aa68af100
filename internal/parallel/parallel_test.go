package parallel

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withProcs runs f with GOMAXPROCS set to n, so that a test sees the same workers on any machine.
func withProcs(t *testing.T, n int, f func()) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

// itemsText is what writing items [0, n) one by one gives: "0 1 2 ".
func itemsText(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%d ", i)
	}
	return b.String()
}

func encodeItems(buf *bytes.Buffer, lo, hi int) error {
	for i := lo; i < hi; i++ {
		fmt.Fprintf(buf, "%d ", i)
	}
	return nil
}

// TestOrderedWritesInOrder: whatever the workers and the chunk size, the chunks arrive in the order of
// the items, each written once, and no more chunks than two per worker are encoded and not yet written.
func TestOrderedWritesInOrder(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		for _, tc := range []struct{ n, size int }{{0, 4}, {1, 4}, {4, 4}, {5, 4}, {1000, 7}, {10_000, 64}} {
			t.Run(fmt.Sprintf("procs %d n %d size %d", procs, tc.n, tc.size), func(t *testing.T) {
				withProcs(t, procs, func() {
					var pending, most atomic.Int64 // chunks encoded and not yet written
					encode := func(buf *bytes.Buffer, lo, hi int) error {
						p := pending.Add(1)
						for m := most.Load(); p > m && !most.CompareAndSwap(m, p); m = most.Load() {
						}
						return encodeItems(buf, lo, hi)
					}
					var out bytes.Buffer
					err := Ordered(context.Background(), tc.n, tc.size, encode, func(p []byte) error {
						pending.Add(-1)
						out.Write(p)
						return nil
					})
					require.NoError(t, err)
					assert.Equal(t, itemsText(tc.n), out.String())
					assert.LessOrEqual(t, most.Load(), int64(2*procs))
				})
			})
		}
	}
}

// TestOrderedFirstErrorInOrder: when several chunks fail, the error returned is that of the first in
// the order of the items, and nothing from that chunk on is written.
func TestOrderedFirstErrorInOrder(t *testing.T) {
	withProcs(t, 4, func() {
		for range 20 { // the later chunk often fails first
			var out bytes.Buffer
			err := Ordered(context.Background(), 1000, 10, func(buf *bytes.Buffer, lo, hi int) error {
				if lo == 300 || lo == 900 {
					return fmt.Errorf("chunk at %d", lo)
				}
				return encodeItems(buf, lo, hi)
			}, func(p []byte) error { out.Write(p); return nil })
			require.EqualError(t, err, "chunk at 300")
			assert.Equal(t, itemsText(300), out.String())
		}
	})
}

// TestOrderedWriteErrorStops: a failed write is returned and nothing more is written or encoded for long.
func TestOrderedWriteErrorStops(t *testing.T) {
	withProcs(t, 2, func() {
		failed := errors.New("disk full")
		var encoded, writes atomic.Int64
		err := Ordered(context.Background(), 100_000, 10, func(buf *bytes.Buffer, lo, hi int) error {
			encoded.Add(1)
			return encodeItems(buf, lo, hi)
		}, func([]byte) error {
			if writes.Add(1) == 3 {
				return failed
			}
			return nil
		})
		require.ErrorIs(t, err, failed)
		assert.Equal(t, int64(3), writes.Load())
		assert.Less(t, encoded.Load(), int64(3+2*2+1), "encoding went on after the failure")
	})
}

// TestOrderedStopsOnCancel: a context cancelled while writing stops the encoding and is returned; no
// goroutine is left running (encode is never called after Ordered returns).
func TestOrderedStopsOnCancel(t *testing.T) {
	withProcs(t, 2, func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var returned atomic.Bool
		var encoded atomic.Int64
		writes := 0
		err := Ordered(ctx, 100_000, 10, func(buf *bytes.Buffer, lo, hi int) error {
			assert.False(t, returned.Load(), "encode called after Ordered returned")
			encoded.Add(1)
			return encodeItems(buf, lo, hi)
		}, func([]byte) error {
			if writes++; writes == 2 {
				cancel()
			}
			return nil
		})
		returned.Store(true)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 2, writes)
		assert.Less(t, encoded.Load(), int64(2+2*2+1))
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Ordered(ctx, 10, 4, encodeItems, func([]byte) error {
		t.Error("wrote with a cancelled context")
		return nil
	}), context.Canceled)
}

// TestEachCoversEveryItemOnce: every item is in exactly one chunk, whatever the workers.
func TestEachCoversEveryItemOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		withProcs(t, procs, func() {
			for _, n := range []int{0, 1, 63, 64, 65, 10_000} {
				seen := make([]int32, n)
				require.NoError(t, Each(n, 64, func(lo, hi int) error {
					assert.LessOrEqual(t, hi-lo, 64)
					for i := lo; i < hi; i++ {
						atomic.AddInt32(&seen[i], 1)
					}
					return nil
				}))
				for i, c := range seen {
					if c != 1 {
						t.Fatalf("procs %d n %d: item %d seen %d times", procs, n, i, c)
					}
				}
			}
		})
	}
}

// TestEachFirstErrorInOrder: the error returned is the first a loop in order would meet, however the
// chunks were scheduled, and every chunk before it ran.
func TestEachFirstErrorInOrder(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		withProcs(t, procs, func() {
			for range 20 {
				var mu sync.Mutex
				ran := map[int]bool{}
				err := Each(1000, 10, func(lo, hi int) error {
					mu.Lock()
					ran[lo] = true
					mu.Unlock()
					if lo == 500 || lo == 970 {
						return fmt.Errorf("chunk at %d", lo)
					}
					return nil
				})
				require.EqualError(t, err, "chunk at 500")
				for lo := 0; lo <= 500; lo += 10 {
					require.True(t, ran[lo], "chunk at %d did not run", lo)
				}
			}
		})
	}
}

// TestSortFuncEqualsSlicesSort: on any number of parts (odd ones leave a run out of a merge round), the
// order is the one slices.SortFunc gives for a total order.
func TestSortFuncEqualsSlicesSort(t *testing.T) {
	type item struct{ key, at int }
	byKey := func(a, b item) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.at, b.at)) }
	rng := rand.New(rand.NewPCG(1, 2))
	for _, procs := range []int{1, 2, 3, 5, 8} {
		for _, n := range []int{0, 1, minSortPart - 1, 2 * minSortPart, 5*minSortPart + 3, 100_003} {
			items := make([]item, n)
			for i := range items {
				items[i] = item{key: rng.IntN(n/3 + 1), at: i} // many equal keys, told apart by at
			}
			want := slices.Clone(items)
			slices.SortFunc(want, byKey)
			withProcs(t, procs, func() { SortFunc(items, byKey) })
			if !slices.Equal(want, items) {
				t.Fatalf("procs %d n %d: order differs from slices.SortFunc", procs, n)
			}
		}
	}
}
