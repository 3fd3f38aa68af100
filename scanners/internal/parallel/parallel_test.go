package parallel

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFor(t *testing.T) {
	tests := []struct{ n, workers, wantMax int }{
		{n: 0, workers: 4, wantMax: 0},
		{n: 1, workers: 4, wantMax: 1},
		{n: 100, workers: 1, wantMax: 1},
		{n: 100, workers: 3, wantMax: 3},
		{n: 5, workers: 0, wantMax: 5}, // GOMAXPROCS, bounded by n
	}
	for _, tt := range tests {
		var mu sync.Mutex
		seen := make([]int, tt.n)
		var running, peak atomic.Int64
		For(tt.n, tt.workers, func(i int) {
			r := running.Add(1)
			for p := peak.Load(); r > p && !peak.CompareAndSwap(p, r); p = peak.Load() {
			}
			mu.Lock()
			seen[i]++
			mu.Unlock()
			running.Add(-1)
		})
		for i, c := range seen {
			assert.Equal(t, 1, c, "n=%d workers=%d: index %d called %d times", tt.n, tt.workers, i, c)
		}
		assert.LessOrEqual(t, int(peak.Load()), tt.wantMax, "n=%d workers=%d", tt.n, tt.workers)
	}
}
