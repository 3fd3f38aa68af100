//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockStore takes an exclusive lock beside a SQLite history file, so that a second `vigil serve` on the
// same file stops at start: it would otherwise mark the first one's running scans interrupted, since a
// server on SQLite takes every running scan for its own leftover.
func lockStore(db string) (release func(), err error) {
	path := db + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the history store: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another vigil serve uses %s (it holds %s); run one server per SQLite file, or share a PostgreSQL", db, path)
		}
		return nil, fmt.Errorf("lock the history store %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
