// Command gen writes a large, realistic Terraform tree for benchmarking vigil (see bench/README.md).
//
//	go run ./bench/gen -out bench/out/tree -files 5000 -seed 1
//	go run ./bench/gen -out bench/out/roots -roots 1132           # many small root modules, 3,100 files
//	go run ./bench/gen -out bench/out/plan-100000.json -plan 100000  # a plan JSON of 100,000 resources
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vigil-audit/vigil/bench/gen/plangen"
	"github.com/vigil-audit/vigil/bench/gen/treegen"
)

func main() {
	out := flag.String("out", "bench/out/tree", "directory to write the tree into (the root module)")
	files := flag.Int("files", 0, fmt.Sprintf("number of .tf files (at least %d; default 5000, or with -roots N about 2.7 per root)", treegen.MinFiles))
	roots := flag.Int("roots", 0, "generate N small root modules (environments/<env>/<region>/<service>/) calling shared modules, instead of one root")
	seed := flag.Int64("seed", 1, "seed: the same seed and file count always give the same tree")
	planResources := flag.Int("plan", 0, "write a Terraform plan JSON of N resources to the file -out instead of a tree")
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
