package scanners_test

import (
	"bytes"
	"context"
	"fmt"
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

// manyRoots is the size of the many-roots tree (bench/gen -roots): the proportions of the real-world
// estate of the product brief, about 3,100 files in 1,132 small root modules calling shared modules.
const manyRoots = 1132

func manyRootsTree(b *testing.B) (dir string, files int) {
	b.Helper()
	dir, err := treegen.TempManyRootsTree(manyRoots, 0, 1)
	if err != nil {
		b.Fatal(err)
	}
	return dir, treegen.DefaultRootsFiles(manyRoots)
}

func scanManyRoots(b *testing.B, dir string) *inventory.Inventory {
	b.Helper()
	inv, err := scanners.ScanTerraformPaths(context.Background(), []string{dir}, scanners.TerraformOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if len(inv.Sources) != manyRoots {
		b.Fatalf("%d sources, want one per root module (%d)", len(inv.Sources), manyRoots)
	}
	for _, s := range inv.Sources {
		if len(s.Errors) > 0 {
			b.Fatalf("%s: errors %v", s.Path, s.Errors)
		}
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

// BenchmarkScanManyRoots is BenchmarkScanTerraform on the many-roots tree: what the scanner pays per
// root module (a load, its setup and evaluation, adapt and normalise), 1,132 times.
func BenchmarkScanManyRoots(b *testing.B) {
	dir, files := manyRootsTree(b)
	var resources int
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		resources = len(scanManyRoots(b, dir).Resources)
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
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
		endToEnd(b, ctx, scan(b, dir))
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
	reportCPU(b, cpu0)
}

// endToEnd loads the policies, evaluates inv and renders the JSON report.
func endToEnd(b *testing.B, ctx context.Context, inv *inventory.Inventory) {
	b.Helper()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
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

// BenchmarkEndToEndManyRoots is BenchmarkEndToEnd on the many-roots tree: the per-source work of the
// engine and the report (1,132 sources) on top of BenchmarkScanManyRoots.
func BenchmarkEndToEndManyRoots(b *testing.B) {
	ctx := context.Background()
	dir, files := manyRootsTree(b)
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		endToEnd(b, ctx, scanManyRoots(b, dir))
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
	reportCPU(b, cpu0)
}

// BenchmarkReadInventory100k measures reading back a saved inventory of 100,000 resources (vigil scan
// --inventory): the decode, the duplicate-key check and the schema validation, typed attributes
// included, which ReadNamed runs side by side. The resources are those of the generated tree, repeated
// under new ids up to 100,000.
func BenchmarkReadInventory100k(b *testing.B) {
	scanned := scan(b, generatedTree(b))
	inv := inventory.New()
	inv.Sources = scanned.Sources
	for i := 0; len(inv.Resources) < 100_000; i++ {
		r := scanned.Resources[i%len(scanned.Resources)]
		r.ID = fmt.Sprintf("%s#%d", r.ID, i)
		inv.Resources = append(inv.Resources, r)
	}
	var buf bytes.Buffer
	if err := inv.Write(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	cpu0 := start(b)
	for b.Loop() {
		if _, err := inventory.ReadNamed(bytes.NewReader(data), "bench.json"); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}
