//go:build !unix

package main

// lockStore does nothing where flock is not available: run one server per SQLite file there.
func lockStore(string) (func(), error) { return func() {}, nil }
