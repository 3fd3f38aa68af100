package inventory_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/bench/gen/invgen"
	"github.com/vigil-audit/vigil/inventory"
)

// BenchmarkRead100k measures reading (decoding and validating) a 100,000-resource live inventory, the
// first stage of `vigil scan --inventory` (bench/inventory.sh times the whole run). cpu-s/op is the CPU
// time of the whole process, garbage collection included.
func BenchmarkRead100k(b *testing.B) {
	var doc bytes.Buffer
	if err := invgen.Generate(100_000, 1, 1)[0].Write(&doc); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		inv, err := inventory.ReadNamed(bytes.NewReader(doc.Bytes()), "bench.json")
		if err != nil {
			b.Fatal(err)
		}
		if len(inv.Resources) != 100_000 {
			b.Fatalf("read %d resources", len(inv.Resources))
		}
	}
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
