package evidence

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vigil-audit/vigil/internal/safefile"
)

// Limits cap what Open reads from a pack, whatever its headers claim.
type Limits struct {
	// Entries caps the number of files (and, in a zip, of entries of any kind).
	Entries int
	// FileBytes caps one file's uncompressed size; TotalBytes all of them together.
	FileBytes  int64
	TotalBytes int64
}

// DefaultLimits are far above any real pack (a few dozen files, the largest the inventory and reports
// of a large estate) and far below what would exhaust a laptop.
var DefaultLimits = Limits{Entries: 10_000, FileBytes: 1 << 30, TotalBytes: 2 << 30}

// ErrUnreadable wraps every error that makes a pack unreadable (as opposed to readable but not
// verifying): `vigil evidence verify` exits 2 on it.
var ErrUnreadable = errors.New("unreadable evidence pack")

// Contents is a pack's files as read: every path, in order, and its bytes.
type Contents struct {
	Paths []string
	Data  map[string][]byte
}

func unreadable(path string, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrUnreadable, path, fmt.Sprintf(format, args...))
}

// Open reads a pack, a zip file or a folder, as hostile input. In a zip, an entry whose name is absolute,
// holds "..", a backslash or a control character, repeats an earlier name (also in another letter case,
// which would collide when extracted on macOS or Windows), is both a file and a folder, or is a symbolic
// link or other special file is an error; so, in a folder, is any entry that is not a regular file or a
// folder. Every file is read through a cap, so a zip bomb stops at the cap.
func Open(path string, lim Limits) (*Contents, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, unreadable(path, "%v", safefile.Bare(err))
	}
	if fi.IsDir() {
		return openDir(path, lim)
	}
	// The compressed archive cannot be larger than what it holds, give or take its headers.
	data, err := safefile.Read(path, lim.TotalBytes+int64(lim.Entries)*1024+1<<20)
	if err != nil {
		return nil, unreadable(path, "%v", err)
	}
	return ReadZip(data, path, lim)
}

// ReadZip reads a zip pack held in memory; name is used in errors.
func ReadZip(data []byte, name string, lim Limits) (*Contents, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, unreadable(name, "not a zip archive: %v", err)
	}
	if len(zr.File) > lim.Entries {
		return nil, unreadable(name, "%d entries, over the cap of %d", len(zr.File), lim.Entries)
	}
	c := newContents(name)
	var total int64
	for _, f := range zr.File {
		entry := f.Name
		mode := f.Mode()
		if mode.IsDir() || (strings.HasSuffix(entry, "/") && f.UncompressedSize64 == 0) {
			if err := checkName(strings.TrimSuffix(entry, "/")); err != nil {
				return nil, unreadable(name, "entry %q: %v", entry, err)
			}
			continue
		}
		if !mode.IsRegular() {
			return nil, unreadable(name, "entry %q is a %s, not a regular file", entry, safefile.Kind(mode))
		}
		if f.UncompressedSize64 > uint64(lim.FileBytes) {
			return nil, unreadable(name, "entry %q declares %d bytes, over the cap of %d", entry, f.UncompressedSize64, lim.FileBytes)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, unreadable(name, "entry %q: %v", entry, err)
		}
		// Read one byte past the cap: the declared size is the archive's word, not a fact.
		body, err := io.ReadAll(io.LimitReader(rc, min(lim.FileBytes, lim.TotalBytes-total)+1))
		rc.Close()
		if err != nil {
			return nil, unreadable(name, "entry %q: %v", entry, err)
		}
		if int64(len(body)) > lim.FileBytes {
			return nil, unreadable(name, "entry %q holds more than %d bytes", entry, lim.FileBytes)
		}
		total += int64(len(body))
		if total > lim.TotalBytes {
			return nil, unreadable(name, "its files hold more than %d bytes", lim.TotalBytes)
		}
		if err := c.add(entry, body); err != nil {
			return nil, err
		}
	}
	return c.finish()
}

func openDir(dir string, lim Limits) (*Contents, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, unreadable(dir, "%v", safefile.Bare(err))
	}
	defer root.Close()
	c := newContents(dir)
	var total int64
	entries := 0
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return unreadable(dir, "%v", err)
		}
		if p == "." {
			return nil
		}
		entries++
		if entries > lim.Entries {
			return unreadable(dir, "more than %d entries", lim.Entries)
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return unreadable(dir, "%s is a %s, not a regular file", p, safefile.Kind(d.Type()))
		}
		f, err := root.Open(filepath.FromSlash(p))
		if err != nil {
			return unreadable(dir, "%s: %v", p, safefile.Bare(err))
		}
		defer f.Close()
		// Check the opened file itself: the walk's type may be stale if the entry was swapped.
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			return unreadable(dir, "%s is not a regular file", p)
		}
		body, err := io.ReadAll(io.LimitReader(f, min(lim.FileBytes, lim.TotalBytes-total)+1))
		if err != nil {
			return unreadable(dir, "%s: %v", p, err)
		}
		if int64(len(body)) > lim.FileBytes {
			return unreadable(dir, "%s holds more than %d bytes", p, lim.FileBytes)
		}
		total += int64(len(body))
		if total > lim.TotalBytes {
			return unreadable(dir, "its files hold more than %d bytes", lim.TotalBytes)
		}
		return c.add(p, body)
	})
	if err != nil {
		return nil, err
	}
	return c.finish()
}

type contentsBuilder struct {
	name   string
	c      *Contents
	folded map[string]string
}

func newContents(name string) *contentsBuilder {
	return &contentsBuilder{name: name, c: &Contents{Data: map[string][]byte{}}, folded: map[string]string{}}
}

func (b *contentsBuilder) add(entry string, body []byte) error {
	if err := checkName(entry); err != nil {
		return unreadable(b.name, "entry %q: %v", entry, err)
	}
	if prev, ok := b.folded[strings.ToLower(entry)]; ok {
		return unreadable(b.name, "entry %q repeats %q", entry, prev)
	}
	b.folded[strings.ToLower(entry)] = entry
	b.c.Paths = append(b.c.Paths, entry)
	b.c.Data[entry] = body
	return nil
}

// finish sorts the paths and refuses a path that is also a folder of another ("a" and "a/b").
func (b *contentsBuilder) finish() (*Contents, error) {
	slices.Sort(b.c.Paths)
	for _, p := range b.c.Paths {
		for d := filepath.ToSlash(filepath.Dir(p)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			if _, ok := b.c.Data[d]; ok {
				return nil, unreadable(b.name, "%q is both a file and the folder of %q", d, p)
			}
		}
	}
	return b.c, nil
}
