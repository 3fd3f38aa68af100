package reports

import "errors"

var errWrite = errors.New("disk full")

// failingWriter fails every write, to check that renderers return write errors.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }
