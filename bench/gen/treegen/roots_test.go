package treegen

import (
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/terraform"
)

func TestManyRootsFiles(t *testing.T) {
	fs, err := ManyRootsFiles(200, 0, 3)
	require.NoError(t, err)
	again, err := ManyRootsFiles(200, 0, 3)
	require.NoError(t, err)
	assert.Equal(t, fs, again, "the same arguments give the same tree")

	perRoot := map[string]int{}
	tf := 0
	for _, f := range fs {
		if !strings.HasSuffix(f.Path, ".tf") {
			continue
		}
		tf++
		if strings.HasPrefix(f.Path, "environments/") {
			perRoot[path.Dir(f.Path)]++
		}
	}
	assert.Equal(t, DefaultRootsFiles(200), tf)
	assert.Len(t, perRoot, 200)
	for dir, n := range perRoot {
		assert.True(t, n >= 2 && n <= 4, "%s has %d files", dir, n)
	}

	_, err = ManyRootsFiles(10, 100, 1)
	assert.ErrorContains(t, err, "make 52 to 72 files")
}

// The roots a scan finds are the generated root modules, not the shared modules they call.
func TestManyRootsAreRoots(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, WriteManyRoots(dir, 30, 0, 1))
	roots, err := terraform.FindRoots(dir, nil, nil)
	require.NoError(t, err)
	assert.Len(t, roots, 30)
	for _, r := range roots {
		assert.True(t, strings.HasPrefix(r, "environments/"), r)
	}
}
