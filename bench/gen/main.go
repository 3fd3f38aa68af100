// Command gen writes a large, realistic Terraform tree for benchmarking vigil (see bench/README.md).
//
//	go run ./bench/gen -out bench/out/tree -files 5000 -seed 1
//	go run ./bench/gen -out bench/out/roots -roots 1132           # many small root modules, 3,100 files
//	go run ./bench/gen -out bench/out/plan-100000.json -plan 100000  # a plan JSON of 100,000 resources
//	go run ./bench/gen -inventory 100000 -out bench/out/inv.json  # a live-AWS inventory of 100,000 resources
//	go run ./bench/gen -inventory 100000 -shards 4 -out bench/out/inv.json  # inv-1.json … inv-4.json
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-audit/vigil/bench/gen/invgen"
	"github.com/vigil-audit/vigil/bench/gen/plangen"
	"github.com/vigil-audit/vigil/bench/gen/treegen"
)

func main() {
	out := flag.String("out", "bench/out/tree", "directory to write the tree into (the root module)")
	files := flag.Int("files", 0, fmt.Sprintf("number of .tf files (at least %d; default 5000, or with -roots N about 2.7 per root)", treegen.MinFiles))
	roots := flag.Int("roots", 0, "generate N small root modules (environments/<env>/<region>/<service>/) calling shared modules, instead of one root")
	seed := flag.Int64("seed", 1, "seed: the same seed and file count always give the same tree")
	planResources := flag.Int("plan", 0, "write a Terraform plan JSON of N resources to the file -out instead of a tree")
	resources := flag.Int("inventory", 0, "write a live-AWS inventory of N resources to -out (a .json file) instead of a tree")
	shards := flag.Int("shards", 1, "with -inventory: split it into this many files, -out with -1, -2, … before .json")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "gen: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	if *planResources > 0 {
		if err := writePlan(*out, *planResources, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Printf("gen: wrote a plan of %d resources to %s (seed %d)\n", *planResources, *out, *seed)
		return
	}
	if *resources > 0 {
		if err := writeInventories(*out, *resources, *shards, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		return
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "gen: %s is not empty; remove it first\n", *out)
		os.Exit(1)
	}
	var err error
	switch {
	case *roots > 0:
		if *files == 0 {
			*files = treegen.DefaultRootsFiles(*roots)
		}
		err = treegen.WriteManyRoots(*out, *roots, *files, *seed)
	default:
		if *files == 0 {
			*files = 5000
		}
		err = treegen.Write(*out, *files, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *roots > 0 {
		fmt.Printf("gen: wrote %d .tf files in %d root modules to %s (seed %d)\n", *files, *roots, *out, *seed)
	} else {
		fmt.Printf("gen: wrote %d .tf files to %s (seed %d)\n", *files, *out, *seed)
	}
}

func writePlan(path string, n int, seed int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := plangen.Write(f, n, seed); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// writeInventories writes an inventory of n resources to out, or split into shards files beside it.
func writeInventories(out string, n, shards int, seed int64) error {
	if shards < 1 {
		return fmt.Errorf("-shards %d: want at least 1", shards)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	for i, inv := range invgen.Generate(n, shards, seed) {
		path := out
		if shards > 1 {
			path = fmt.Sprintf("%s-%d.json", strings.TrimSuffix(out, ".json"), i+1)
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := inv.Write(f); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Printf("gen: wrote %d resources in %d sources to %s (seed %d)\n", len(inv.Resources), len(inv.Sources), path, seed)
	}
	return nil
}
