//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readWithin runs Read and fails the test, rather than hanging it, when Read blocks.
func readWithin(t *testing.T, path string, limit int64) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := Read(path, limit)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Read(%s) blocked", path)
		return nil, nil
	}
}

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.tf")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	require.NoError(t, os.Symlink(fifo, filepath.Join(dir, "link-to-fifo.tf")))
	require.NoError(t, os.Symlink("nowhere.tf", filepath.Join(dir, "dangling.tf")))
	require.NoError(t, os.Symlink("loop.tf", filepath.Join(dir, "loop.tf")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "dir.tf"), 0o755))

	tests := []struct {
		name string
		want error
		msg  string
	}{
		{"x.tf", ErrNotRegular, "named pipe"},
		{"link-to-fifo.tf", ErrNotRegular, "named pipe"},
		{"dir.tf", ErrNotRegular, "directory"},
		{"dangling.tf", fs.ErrNotExist, "no such file"},
		{"loop.tf", nil, "too many levels of symbolic links"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readWithin(t, filepath.Join(dir, tc.name), MaxConfigFile)
			require.Error(t, err)
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
			}
			assert.Contains(t, err.Error(), tc.msg)
			assert.NotContains(t, err.Error(), dir, "errors must not carry the absolute path")
		})
	}
}

func TestReadCapsSize(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(p, make([]byte, 11), 0o644))
	_, err := Read(p, 10)
	assert.ErrorIs(t, err, ErrTooLarge)
	b, err := Read(p, 11)
	require.NoError(t, err)
	assert.Len(t, b, 11)
}

func TestReadDevice(t *testing.T) {
	_, err := readWithin(t, "/dev/zero", 10)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrNotRegular), err.Error())
}
