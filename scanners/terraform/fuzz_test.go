package terraform

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad writes the input as main.tf and loads it: whatever the input, Load must not panic.
func FuzzLoad(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")) {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(string(src))
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(`resource "a_b" "c" { count = 1e30 }`)
	f.Add(`module "m" { source = "./" }`)
	f.Add(`locals { a = local.a }`)
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Load(context.Background(), dir, Options{})
		if err != nil {
			t.Fatalf("Load returned an error for a readable root: %v", err)
		}
		_ = res
	})
}
