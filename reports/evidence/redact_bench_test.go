package evidence

import (
	"fmt"
	"testing"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/heappeak"
	"github.com/vigil-audit/vigil/inventory"
)

// redactBenchReport is a report of n results over 215 rules; evidence and controls are shared per rule
// as the engine shares them, resource ids and fingerprints are distinct.
func redactBenchReport(n int) *engine.Report {
	rep := &engine.Report{Tool: "vigil", Complete: true}
	controls := map[string][]string{engine.FrameworkISO27001: {"8.13"}, engine.FrameworkNIST80053: {"CP-9"}}
	evidence := map[string]any{"versioning": map[string]any{"enabled": false}, "name": "bucket"}
	rep.Results = make([]engine.Result, n)
	for i := range rep.Results {
		rule := fmt.Sprintf("BENCH.%d", i%215)
		id := fmt.Sprintf("aws_s3_bucket.b%07d", i)
		rep.Results[i] = engine.Result{RuleID: rule, RuleTitle: "Benchmark rule holds", Severity: engine.SeverityHigh,
			Status: engine.StatusFail, ResourceID: id, ResourceType: "aws_s3_bucket", ResourceName: id[14:],
			Location: &inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", StartLine: i%5000 + 1,
				Address: id},
			Message: "S3 bucket has versioning disabled", Controls: controls, Evidence: evidence,
			Fingerprint: engine.Fingerprint(rule, id)}
	}
	return rep
}

// BenchmarkRedactReportLarge redacts a report of 1.9 million results with nothing to redact (the common
// case) and with one planted secret. heappeak.Figures says how much is held
// at once above the report.
//
//	go test ./reports/evidence -run '^$' -bench RedactReportLarge -benchmem -benchtime 1x
func BenchmarkRedactReportLarge(b *testing.B) {
	rep := redactBenchReport(1_900_000)
	for _, secret := range []bool{false, true} {
		b.Run(map[bool]string{false: "clean", true: "one-secret"}[secret], func(b *testing.B) {
			in := *rep
			if secret {
				in.Results = append([]engine.Result(nil), rep.Results...)
				in.Results[len(in.Results)/2].Message = "key AKIAPLANTEDKEY12345X in use"
			}
			b.ResetTimer()
			h := heappeak.Start()
			cpu0, wait0 := cputime.Used(), cputime.Waited()
			for range b.N {
				out, err := RedactReport(&in)
				if err != nil {
					b.Fatal(err)
				}
				if (out == &in) == secret {
					b.Fatalf("secret %v: report returned as is: %v", secret, out == &in)
				}
			}
			cpu, wait := cputime.Used()-cpu0, cputime.Waited()-wait0
			fig := h.Stop()
			b.StopTimer()
			fig.Report(b)
			// CPU time next to wall time: on a shared machine wall time cannot tell two cores from a wait for one.
			if cpu > 0 {
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			}
			if wait > 0 {
				b.ReportMetric(wait.Seconds()/float64(b.N), "runq-s/op")
			}
		})
	}
}
