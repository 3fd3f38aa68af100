//go:build unix

package engine_test

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// TestPolicyWalkRefusesFIFO checks that a FIFO named like a policy is refused instead of blocking the
// read forever.
func TestPolicyWalkRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.rego"), goodRule)
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.rego"), 0o644))
	_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pipe.rego: not a regular file")
}
