package aws

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestForEach(t *testing.T) {
	for _, tt := range []struct{ n, limit int }{{0, 4}, {1, 4}, {100, 1}, {100, 3}} {
		items := make([]int, tt.n)
		for i := range items {
			items[i] = i * 10
		}
		calls := make([]atomic.Int32, tt.n)
		var running, peak atomic.Int64
		forEach(tt.limit, items, func(i, item int) {
			r := running.Add(1)
			for p := peak.Load(); r > p && !peak.CompareAndSwap(p, r); p = peak.Load() {
			}
			assert.Equal(t, i*10, item)
			calls[i].Add(1)
			running.Add(-1)
		})
		for i := range calls {
			assert.EqualValues(t, 1, calls[i].Load(), "n=%d: item %d", tt.n, i)
		}
		assert.LessOrEqual(t, int(peak.Load()), tt.limit, "n=%d limit=%d", tt.n, tt.limit)
	}
}
