// Command gen writes a large, realistic Terraform tree for benchmarking vigil (see bench/README.md).
//
//	go run ./bench/gen -out bench/out/tree -files 5000 -seed 1
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vigil-audit/vigil/bench/gen/treegen"
)

func main() {
	out := flag.String("out", "bench/out/tree", "directory to write the tree into (the root module)")
	files := flag.Int("files", 5000, fmt.Sprintf("number of .tf files (at least %d)", treegen.MinFiles))
	seed := flag.Int64("seed", 1, "seed: the same seed and file count always give the same tree")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "gen: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "gen: %s is not empty; remove it first\n", *out)
		os.Exit(1)
	}
	if err := treegen.Write(*out, *files, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: wrote %d .tf files to %s (seed %d)\n", *files, *out, *seed)
}
