package plangen

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWriteIsDeterministicAndHasNResources(t *testing.T) {
	for _, n := range []int{1, PerApp, 3*PerApp + 7} {
		var a, b bytes.Buffer
		require.NoError(t, Write(&a, n, 5))
		require.NoError(t, Write(&b, n, 5))
		require.Equal(t, a.Bytes(), b.Bytes(), "same seed, same bytes")
		var doc struct {
			FormatVersion   string            `json:"format_version"`
			ResourceChanges []json.RawMessage `json:"resource_changes"`
		}
		require.NoError(t, json.Unmarshal(a.Bytes(), &doc))
		require.Equal(t, "1.2", doc.FormatVersion)
		require.Len(t, doc.ResourceChanges, n)
	}
	require.Error(t, Write(&bytes.Buffer{}, 0, 1))
}
