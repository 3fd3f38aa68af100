package invgen

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// TestGeneratedInventoriesAreValid: what the benchmark reads is a valid inventory (else it would time the
// error path), deterministic by seed, and its shards merge into the whole.
func TestGeneratedInventoriesAreValid(t *testing.T) {
	whole := Generate(6000, 1, 1)
	require.Len(t, whole, 1)
	var buf bytes.Buffer
	require.NoError(t, whole[0].Write(&buf))
	read, err := inventory.Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Len(t, read.Resources, 6000)
	assert.Len(t, read.Sources, 3)

	var again bytes.Buffer
	require.NoError(t, Generate(6000, 1, 1)[0].Write(&again))
	assert.Equal(t, buf.String(), again.String(), "the same seed gives the same document")

	shards := Generate(6000, 3, 1)
	parts := make([]inventory.Named, len(shards))
	for i, s := range shards {
		var b bytes.Buffer
		require.NoError(t, s.Write(&b))
		inv, err := inventory.Read(&b)
		require.NoError(t, err)
		parts[i] = inventory.Named{Name: "shard", Inventory: inv}
	}
	merged, err := inventory.Merge(parts)
	require.NoError(t, err)
	var m bytes.Buffer
	require.NoError(t, merged.Write(&m))
	assert.Equal(t, buf.String(), m.String(), "the shards merge into the whole")
}
