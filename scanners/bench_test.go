package scanners_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/bench/gen/treegen"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/reports"
	"github.com/vigil-audit/vigil/scanners"
)

// benchFiles is the size of the generated tree (bench/gen): the product target is at least 1,000
// files/s end to end on 2 cores for a tree of at least 5,000 files.
const benchFiles = 5000

func TestMain(m *testing.M) {
	code := m.Run()
	treegen.RemoveTempTrees()
	os.Exit(code)
}

func generatedTree(b *testing.B) string {
	b.Helper()
	dir, err := treegen.TempTree(benchFiles, 1)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func scan(b *testing.B, dir string) *inventory.Inventory {
	b.Helper()
	inv, err := scanners.ScanTerraformPaths(context.Background(), []string{dir}, scanners.TerraformOptions{}) // as vigil scan does
	if err != nil {
		b.Fatal(err)
	}
	if n := inv.Sources[0].Files; n != benchFiles || len(inv.Sources[0].Errors) > 0 {
		b.Fatalf("files %d, errors %v", n, inv.Sources[0].Errors)
	}
	return inv
}

// start settles the heap, then starts the timer and the CPU clock.
func start(b *testing.B) time.Duration {
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	return cputime.Used()
}

// reportCPU adds cpu-s/op: on a shared machine wall time varies with the load, CPU time much less.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// BenchmarkScanTerraform measures the scanner end to end on the generated tree: parse, evaluate, adapt
// and normalise into the inventory.
func BenchmarkScanTerraform(b *testing.B) {
	dir := generatedTree(b)
	var resources int
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		resources = len(scan(b, dir).Resources)
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(resources), "resources")
	reportCPU(b, cpu0)
}

// BenchmarkPolicyEvaluate measures policy evaluation of every built-in rule over the inventory of the
// generated tree (engine.New excluded).
func BenchmarkPolicyEvaluate(b *testing.B) {
	ctx := context.Background()
	inv := scan(b, generatedTree(b))
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var results int
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		results = len(rep.Results)
	}
	b.ReportMetric(float64(len(inv.Resources)*b.N)/b.Elapsed().Seconds(), "resources/s")
	b.ReportMetric(float64(results), "results")
	reportCPU(b, cpu0)
}

// BenchmarkEndToEnd is what `vigil scan DIR --format json` does, without the CLI: load the policies,
// scan, evaluate and render the JSON report.
func BenchmarkEndToEnd(b *testing.B) {
	ctx := context.Background()
	dir := generatedTree(b)
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		eng, err := engine.New(ctx, engine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := eng.Evaluate(ctx, scan(b, dir), engine.EvalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		r, err := reports.New("json", reports.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Render(ctx, io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
	reportCPU(b, cpu0)
}
