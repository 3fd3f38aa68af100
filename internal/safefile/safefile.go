// Package safefile reads the files a user names (Terraform files, variable files, plans, configs,
// inventories, reports, the files Terraform's file functions read) without trusting them to be what their
// name says: only a regular file is read, never a named pipe, device or socket (opening a FIFO waits for a
// writer and would hang the run), and never more than a size cap. Every reader of user input goes through
// Read, so the rules are the same everywhere.
//
// Errors do not carry the path: callers name the file the way the user gave it, so a message never shows
// the machine's absolute path where the user gave a relative one.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Size caps for the kinds of user files vigil reads.
const (
	// MaxConfigFile bounds a Terraform (.tf, .tf.json, .tfvars) or vigil.hcl file.
	MaxConfigFile = 32 << 20
	// MaxDocument bounds a JSON document: a plan, a saved inventory, a report.
	MaxDocument = 1 << 30
)

var (
	// ErrNotRegular is returned for anything but a regular file (after following symbolic links).
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is returned for a file larger than the cap.
	ErrTooLarge = errors.New("file too large")
)

// Read returns the content of the regular file at path, which must hold at most limit bytes. Symbolic
// links are followed; a dangling or looping link is an error. The error never names path.
func Read(path string, limit int64) ([]byte, error) {
	f, size, err := open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := readSized(io.LimitReader(f, limit+1), size)
	if err != nil {
		return nil, Bare(err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(limit)
	}
	return b, nil
}

// Open opens the regular file at path for a reader that streams it, checked as Read checks it; what it
// returns reads at most limit+1 bytes, so a reader that meets more than limit bytes knows the file grew
// past the cap. The caller closes the file.
func Open(path string, limit int64) (io.Reader, io.Closer, error) {
	f, _, err := open(path, limit)
	if err != nil {
		return nil, nil, err
	}
	return io.LimitReader(f, limit+1), f, nil
}

// open opens a regular file of at most limit bytes and returns its size.
func open(path string, limit int64) (*os.File, int64, error) {
	// Stat first, so the usual case (a pipe or device named like a file) is refused before any open;
	// the open itself never blocks (see openNonblock), and the descriptor is checked again, so a file
	// swapped for a pipe in between is refused too.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, Bare(err)
	}
	if err := checkRegular(fi); err != nil {
		return nil, 0, err
	}
	f, err := openNonblock(path)
	if err != nil {
		return nil, 0, Bare(err)
	}
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, 0, Bare(err)
	}
	if err := checkRegular(fi); err != nil {
		f.Close()
		return nil, 0, err
	}
	if fi.Size() > limit {
		f.Close()
		return nil, 0, tooLarge(limit)
	}
	return f, fi.Size(), nil
}

// readSized reads r to its end into a buffer of the expected size: io.ReadAll grows its buffer by
// doubling, which for a file of hundreds of megabytes allocates twice its size. A file that grew since
// its size was taken still reads whole.
func readSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size+512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// CheckRegular returns nil when the file at path (symbolic links followed) is a regular file, else an
// error saying what it is; like Read's, the error does not name path.
func CheckRegular(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return Bare(err)
	}
	return checkRegular(fi)
}

func checkRegular(fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%w (%s)", ErrNotRegular, Kind(fi.Mode()))
}

// Kind names the type of file mode m: "regular file", "directory", "named pipe", ...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "regular file"
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	default:
		return "irregular file"
	}
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: larger than %d bytes", ErrTooLarge, limit)
}

// Bare strips the path from an *fs.PathError ("open /abs/x.json: no such file or directory" becomes "no
// such file or directory"), keeping the error chain for errors.Is.
func Bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
