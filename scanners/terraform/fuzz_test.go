package terraform

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad writes the inputs as main.tf and override.tf, finds the roots and loads the folder through a
// file cache: whatever the input, neither may panic. Minimising the large seed files takes minutes per
// new input, so run it with -fuzzminimizetime 0:
//
//	go test ./scanners/terraform -run '^$' -fuzz FuzzLoad -fuzzminimizetime 0 -fuzztime 5m
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
			f.Add(string(src), "")
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(`resource "a_b" "c" { count = 1e30 }`, "")
	f.Add(`resource "a_b" "c" { n = 1e1000000 * 1e1000000 }`, `resource "a_b" "d" { n = [-1e400, 1e-400, 4.9e-324] }`)
	f.Add("locals { x = "+strings.Repeat("(", 1100)+"1"+strings.Repeat(")", 1100)+" }", `locals { y = "${"${"${1}"}"}" }`)
	f.Add(`module "m" { source = "./" }`, `module "m" { source = "../x" }`)
	f.Add(`locals { a = local.a }`, `locals { a = 1 }`)
	f.Add(`resource "a_b" "c" { x { y = 1 } }`, `resource "a_b" "c" { dynamic "x" { for_each = [1] content { y = x.value } } }`)
	f.Add(`variable "v" {}
resource "a_b" "c" {
  x { y = 1 }
  dynamic "x" { for_each = var.v content { y = x.value  z { w = 1 } dynamic "z" { for_each = var.v content {} } } }
}
resource "a_b" "d" { t = length(a_b.c.x) }`, "")
	f.Fuzz(func(t *testing.T, src, override string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "override.tf"), []byte(override), 0o644); err != nil {
			t.Fatal(err)
		}
		files, err := NewFileCache(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := FindRoots(dir, nil, files); err != nil {
			t.Fatalf("FindRoots: %v", err)
		}
		if _, err := Load(context.Background(), dir, Options{Files: files}); err != nil {
			t.Fatalf("Load returned an error for a readable root: %v", err)
		}
	})
}
