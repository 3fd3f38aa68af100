//go:build !unix

package safefile

import "os"

// openNonblock opens path for reading. Without O_NONBLOCK, the Stat that Read does first is what keeps
// a named pipe from being opened.
func openNonblock(path string) (*os.File, error) { return os.Open(path) }
