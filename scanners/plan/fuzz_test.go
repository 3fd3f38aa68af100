package plan

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// FuzzLoad parses arbitrary input as a plan: whatever the input, parse must not panic, and what it returns
// must keep the Result invariants (blocks sorted by address, sorted unknown paths, parseable addresses).
func FuzzLoad(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(src)
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"module.m[0].aws_x.y[\"k\"]","values":{"a":[1e999,{"b":null}]}}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_x.y","change":{"actions":["create"],"after":{"a":"b"},"after_unknown":{"a":[[true]]}}}],"configuration":{"root_module":{"resources":[{"address":"aws_x.y","expressions":{"a":[{"b":{"references":["var.v.id","module.m.o.arn","each.value.id"]}}]}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := parse("fuzz.json", data)
		if err != nil {
			if res != nil {
				t.Fatal("a result next to an error")
			}
			return
		}
		if !sort.SliceIsSorted(res.Blocks, func(i, j int) bool {
			return naturalLess(res.Blocks[i].Address, res.Blocks[j].Address)
		}) {
			t.Fatal("blocks not sorted by address")
		}
		for _, b := range res.Blocks {
			if b.Attrs == nil {
				t.Fatalf("%s: nil attributes", b.Address)
			}
			if _, ok := parseAddress(b.Address); !ok {
				t.Fatalf("block with an unreadable address %q", b.Address)
			}
			if !sort.StringsAreSorted(b.Unknown) {
				t.Fatalf("%s: unknown paths not sorted: %v", b.Address, b.Unknown)
			}
		}
	})
}
