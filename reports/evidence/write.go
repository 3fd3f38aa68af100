package evidence

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// zipTime is every entry's modification time: a fixed instant keeps the pack's bytes a function of its
// content (the manifest holds the real times). It is the zip format's earliest date.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteZip writes the pack as a zip archive: entries in path order, deflated, fixed times, mode 0644.
func WriteZip(w io.Writer, p *Pack) error {
	zw := zip.NewWriter(w)
	for _, f := range p.Files {
		h := &zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	return nil
}

// WriteZipFile writes the pack to path through a temporary file in the same folder, so a failed run
// never leaves a partial pack under the final name. It never replaces an existing file: that would be
// evidence lost (an earlier pack, or the very pack this one chains to).
func WriteZipFile(path string, p *Pack) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".vigil-evidence-*.zip")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := WriteZip(tmp, p); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("write %s: the file exists; an evidence pack is never overwritten", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteDir writes the pack's files under dir, which must not exist or be empty: a pack folder holding
// anything else would not verify.
func WriteDir(dir string, p *Pack) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("write pack to %s: the folder is not empty", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer root.Close()
	for _, f := range p.Files {
		if err := checkName(f.Path); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		if d := filepath.Dir(filepath.FromSlash(f.Path)); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("write %s: %w", f.Path, err)
			}
		}
		if err := root.WriteFile(filepath.FromSlash(f.Path), f.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	return nil
}
