//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNonblock opens path for reading without blocking: opening a named pipe with no writer returns at
// once instead of waiting (the caller then refuses it as not regular).
func openNonblock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
