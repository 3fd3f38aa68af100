package aws_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/bench/gen/treegen"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
	"github.com/vigil-audit/vigil/scanners/terraform"
)

// benchFiles is the size of the generated tree (bench/gen) whose blocks are adapted.
const benchFiles = 5000

func TestMain(m *testing.M) {
	code := m.Run()
	treegen.RemoveTempTrees()
	os.Exit(code)
}

// BenchmarkAdapt joins and maps the evaluated blocks of the generated tree into canonical resources.
func BenchmarkAdapt(b *testing.B) {
	dir, err := treegen.TempTree(benchFiles, 1)
	if err != nil {
		b.Fatal(err)
	}
	res, err := terraform.Load(context.Background(), dir, terraform.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Issues) > 0 {
		b.Fatalf("issues: %v", res.Issues)
	}
	var resources int
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		resources = len(aws.Adapt(res.Blocks))
	}
	b.ReportMetric(float64(len(res.Blocks)*b.N)/b.Elapsed().Seconds(), "blocks/s")
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(resources), "resources")
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
