package reports

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/heappeak"
	"github.com/vigil-audit/vigil/inventory"
)

// benchResults is the size of the largest estate in issue 12: about 1.9 million results.
const benchResults = 1_900_000

var (
	largeReportOnce sync.Once
	largeReport     *engine.Report
)

// syntheticReport builds a report of n results over 215 rules, results out of canonical order so that
// the renderers must sort. Rule-level values (controls, evidence, titles) are shared between results as
// the engine shares them; resource ids, addresses and fingerprints are distinct per result.
func syntheticReport(n int) *engine.Report {
	const rules = 215
	rep := &engine.Report{Tool: "vigil", Version: "bench", Complete: true,
		Frameworks: []string{engine.FrameworkISO27001, engine.FrameworkNIST80053},
		Sources:    []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra", Files: 50_000}}}
	statuses := []engine.Status{engine.StatusPass, engine.StatusFail, engine.StatusPass, engine.StatusUnknown,
		engine.StatusPass, engine.StatusNotApplicable}
	for i := range rules {
		rep.Rules = append(rep.Rules, engine.Rule{
			ID: fmt.Sprintf("BENCH.%d", rules-i), Title: fmt.Sprintf("Benchmark rule %d holds", rules-i),
			Severity: engine.SeverityHigh, ResourceTypes: []string{"aws_s3_bucket"},
			Controls: map[string][]string{engine.FrameworkISO27001: {"8.13"}, engine.FrameworkNIST80053: {"CP-9"}},
			Package:  "vigil.bench", File: "policies/bench.rego", Line: i + 1, Builtin: true,
		})
	}
	evidence := map[string]any{"versioning": false, "name": "bucket"}
	rep.Results = make([]engine.Result, n)
	for i := range rep.Results {
		rule := rep.Rules[i%rules]
		id := fmt.Sprintf("aws_s3_bucket.b%07d", n-i)
		res := engine.Result{RuleID: rule.ID, RuleTitle: rule.Title, Severity: rule.Severity,
			Status: statuses[i%len(statuses)], ResourceID: id, ResourceType: "aws_s3_bucket",
			ResourceName: id[len("aws_s3_bucket."):],
			Location: &inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", StartLine: i%5000 + 1,
				EndLine: i%5000 + 9, Address: id},
			Message: "S3 bucket has versioning disabled", Controls: rule.Controls,
			Fingerprint: engine.Fingerprint(rule.ID, id)}
		if res.Status == engine.StatusFail {
			res.Evidence = evidence
		}
		if res.Status == engine.StatusUnknown {
			res.Missing = []string{"versioning"}
		}
		rep.Results[i] = res
	}
	return rep
}

// reportCPU reports the CPU time the process used per operation and how long its threads waited for a
// core: on a shared machine wall time alone cannot tell work done on several cores from a wait for one.
func reportCPU(b *testing.B, cpu, wait time.Duration) {
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
	if wait > 0 {
		b.ReportMetric(wait.Seconds()/float64(b.N), "runq-s/op")
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkRenderLarge writes 1.9 million results in each streaming format. Besides -benchmem's B/op it
// reports the heap before (base-MB: mostly the report), the peaks above it of the live heap
// (peak-live-extra-MB: what rendering holds at once) and of the heap with its garbage (peak-heap-extra-MB,
// which the collector lets grow to about the live heap again under GOGC=100), and the output size.
//
//	go test ./reports -run '^$' -bench RenderLarge -benchmem -benchtime 1x
func BenchmarkRenderLarge(b *testing.B) {
	largeReportOnce.Do(func() { largeReport = syntheticReport(benchResults) })
	for _, format := range []string{"json", "sarif", "csv"} {
		b.Run(format, func(b *testing.B) {
			r, err := New(format, Options{})
			if err != nil {
				b.Fatal(err)
			}
			var out countingWriter
			b.ResetTimer()
			h := heappeak.Start()
			cpu0, wait0 := cputime.Used(), cputime.Waited()
			for range b.N {
				out.n = 0
				if err := r.Render(context.Background(), &out, largeReport); err != nil {
					b.Fatal(err)
				}
			}
			cpu, wait := cputime.Used()-cpu0, cputime.Waited()-wait0
			fig := h.Stop()
			b.StopTimer()
			fig.Report(b)
			reportCPU(b, cpu, wait)
			b.ReportMetric(float64(out.n)/(1<<20), "out-MB")
		})
	}
}

// BenchmarkRenderWhole measures the formats that still build their whole document (OSCAL, HTML), at a
// tenth of the size, so that the streaming work can be seen not to make them worse.
//
//	go test ./reports -run '^$' -bench RenderWhole -benchmem -benchtime 1x
func BenchmarkRenderWhole(b *testing.B) {
	rep := syntheticReport(benchResults / 10)
	for _, format := range []string{"oscal", "html"} {
		b.Run(format, func(b *testing.B) {
			r, err := New(format, Options{})
			if err != nil {
				b.Fatal(err)
			}
			var out countingWriter
			b.ResetTimer()
			h := heappeak.Start()
			for range b.N {
				out.n = 0
				if err := r.Render(context.Background(), &out, rep); err != nil {
					b.Fatal(err)
				}
			}
			fig := h.Stop()
			b.StopTimer()
			fig.Report(b)
			b.ReportMetric(float64(out.n)/(1<<20), "out-MB")
		})
	}
}
