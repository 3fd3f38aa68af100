package scanners

import (
	"context"
	"os"
	"testing"
)

// BenchmarkScanPlanFile reads the plan JSON named by VIGIL_BENCH_PLAN (bench/plan.sh generates one with
// bench/gen -plan N) into an inventory: the plan stage of `vigil scan --plan`, without policy evaluation
// or report. It is skipped without the variable.
func BenchmarkScanPlanFile(b *testing.B) {
	path := os.Getenv("VIGIL_BENCH_PLAN")
	if path == "" {
		b.Skip("VIGIL_BENCH_PLAN names no plan JSON (see bench/plan.sh)")
	}
	for b.Loop() {
		inv, err := ScanPlan(context.Background(), path, PlanOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(inv.Resources)), "resources")
	}
}
