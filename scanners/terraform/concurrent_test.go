package terraform

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vigil-audit/vigil/bench/gen/treegen"
)

// loadSequential loads dir with every module directory parsed and every module instance evaluated on
// the calling goroutine, as before concurrent loading.
func loadSequential(t *testing.T, dir string, opts Options) *Result {
	t.Helper()
	sequential = true
	defer func() { sequential = false }()
	res, err := Load(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestConcurrentLoadMatchesSequential checks that background parsing and concurrent module evaluation
// give exactly the result of a sequential load: blocks in the same order, the same issues and modules.
func TestConcurrentLoadMatchesSequential(t *testing.T) {
	gen := t.TempDir()
	if err := treegen.Write(gen, 400, 3); err != nil {
		t.Fatal(err)
	}
	dirs := []string{gen}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		// testdata/limits holds roots that exceed the limits, one per folder (limits_test.go).
		if e.IsDir() && e.Name() != "limits" {
			dirs = append(dirs, filepath.Join("testdata", e.Name()))
		}
	}
	for _, dir := range dirs {
		want := loadSequential(t, dir, Options{})
		for i := 0; i < 3; i++ {
			got, err := Load(context.Background(), dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: concurrent load differs from sequential load", dir)
			}
		}
	}
}
