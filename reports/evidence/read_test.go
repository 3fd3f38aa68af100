package evidence

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type zipEntry struct {
	name string
	body []byte
	mode fs.FileMode
}

func makeZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		require.NoError(t, err)
		_, err = w.Write(e.body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// lyingZip holds one entry whose header declares 10 bytes while its deflated data holds n zero bytes.
func lyingZip(t *testing.T, n int) []byte {
	t.Helper()
	var raw bytes.Buffer
	fw, err := flate.NewWriter(&raw, flate.BestCompression)
	require.NoError(t, err)
	_, err = fw.Write(make([]byte, n))
	require.NoError(t, err)
	require.NoError(t, fw.Close())
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "bomb.json", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(make([]byte, n)),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 10})
	require.NoError(t, err)
	_, err = w.Write(raw.Bytes())
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestReadZipRefusesHostileArchives(t *testing.T) {
	small := Limits{Entries: 4, FileBytes: 1 << 20, TotalBytes: 3 << 20 / 2}
	mib := make([]byte, 1<<20)
	tests := []struct {
		name string
		zip  []byte
		want string
	}{
		{"zip slip", makeZip(t, zipEntry{name: "../../etc/cron.d/x"}), `"../../etc/cron.d/x": not a clean relative path`},
		{"inner dotdot", makeZip(t, zipEntry{name: "reports/../../x"}), "not a clean relative path"},
		{"absolute", makeZip(t, zipEntry{name: "/etc/passwd"}), "not a clean relative path"},
		{"backslash", makeZip(t, zipEntry{name: `..\..\x`}), `contains '\\'`},
		{"drive letter", makeZip(t, zipEntry{name: `C:/x`}), `contains ':'`},
		{"control character", makeZip(t, zipEntry{name: "a\x1b[2Jb"}), `contains '\x1b'`},
		{"duplicate", makeZip(t, zipEntry{name: "a.json"}, zipEntry{name: "a.json"}), `"a.json" repeats "a.json"`},
		{"duplicate in another case", makeZip(t, zipEntry{name: "A.json"}, zipEntry{name: "a.json"}), `"a.json" repeats "A.json"`},
		{"file and folder", makeZip(t, zipEntry{name: "a"}, zipEntry{name: "a/b"}), `"a" is both a file and the folder of "a/b"`},
		{"symlink", makeZip(t, zipEntry{name: "link", body: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), `"link" is a symbolic link`},
		{"too many entries", makeZip(t, zipEntry{name: "1"}, zipEntry{name: "2"}, zipEntry{name: "3"}, zipEntry{name: "4"}, zipEntry{name: "5"}), "5 entries, over the cap of 4"},
		{"declared too large", makeZip(t, zipEntry{name: "big", body: append(mib, 1)}), `"big" declares 1048577 bytes`},
		// archive/zip itself stops reading at the declared size; either way the entry is refused.
		{"bomb lying about its size", lyingZip(t, 8<<20), `entry "bomb.json"`},
		{"bomb", makeZip(t, zipEntry{name: "bomb.json", body: make([]byte, 8<<20)}), `"bomb.json" declares 8388608 bytes`},
		{"total too large", makeZip(t, zipEntry{name: "a", body: mib}, zipEntry{name: "b", body: mib}), "more than 1572864 bytes"},
		{"not a zip", []byte("PK\x03\x04 but not really"), "not a zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadZip(tt.zip, "pack.zip", small)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrUnreadable))
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReadZipSkipsFolderEntries(t *testing.T) {
	c, err := ReadZip(makeZip(t, zipEntry{name: "reports/"}, zipEntry{name: "reports/a.json", body: []byte("{}")}), "p.zip", DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, []string{"reports/a.json"}, c.Paths)
}

func TestOpenFolderRefusesWhatIsNotARegularFile(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(outside, []byte("outside"), 0o600))
	tests := []struct {
		name  string
		setup func(dir string) error
		want  string
	}{
		{"symlink to a file outside", func(dir string) error { return os.Symlink(outside, filepath.Join(dir, "inventory.json")) }, "inventory.json is a symbolic link"},
		{"symlinked folder", func(dir string) error { return os.Symlink(filepath.Dir(outside), filepath.Join(dir, "reports")) }, "reports is a symbolic link"},
		{"named pipe", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600) }, "fifo is a named pipe"},
		{"too many entries", func(dir string) error {
			for _, n := range []string{"a", "b", "c", "d", "e"} {
				if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
					return err
				}
			}
			return nil
		}, "more than 4 entries"},
		{"too large", func(dir string) error { return os.WriteFile(filepath.Join(dir, "big"), make([]byte, 1<<20+1), 0o644) }, "big holds more than 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, tt.setup(dir))
			_, err := Open(dir, Limits{Entries: 4, FileBytes: 1 << 20, TotalBytes: 2 << 20})
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrUnreadable))
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "outside")
		})
	}
}

func TestWriteAndOpenBothLayouts(t *testing.T) {
	p, _ := signedPack(t, testRun(t), testKey(1))
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "pack.zip")
	require.NoError(t, WriteZipFile(zipPath, p))
	folder := filepath.Join(dir, "pack") + "/"
	require.NoError(t, WriteDir(folder, p))
	for _, path := range []string{zipPath, folder} {
		c, err := Open(path, DefaultLimits)
		require.NoError(t, err, path)
		assert.Equal(t, contentsOf(p), c, path)
	}
	assert.ErrorContains(t, WriteDir(folder, p), "not empty")
	_, err := Open(filepath.Join(dir, "missing.zip"), DefaultLimits)
	assert.True(t, errors.Is(err, ErrUnreadable))
	assert.True(t, strings.HasPrefix(err.Error(), "unreadable evidence pack"))
}
