package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

const monitoringEstate = "../../examples/estate/monitoring.tf"

var (
	monResourceLine = regexp.MustCompile(`^resource "([a-z0-9_]+)" "([a-z0-9_]+)" \{(.*)$`)
	monMarker       = regexp.MustCompile(`#\s*expect(-unknown)?:\s*([A-Z0-9.,]+)`)
)

// monitoringExpectations reads the markers of the monitoring estate: "address rule" for each failure and
// each unknown it expects. A line may carry both kinds (`# expect: A # expect-unknown: B`).
func monitoringExpectations(t *testing.T) (fails, unknowns []string) {
	t.Helper()
	raw, err := os.ReadFile(monitoringEstate)
	require.NoError(t, err)
	for _, line := range strings.Split(string(raw), "\n") {
		m := monResourceLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		addr := m[1] + "." + m[2]
		for _, mk := range monMarker.FindAllStringSubmatch(m[3], -1) {
			for _, id := range strings.Split(mk[2], ",") {
				if mk[1] == "" {
					fails = append(fails, addr+" "+id)
				} else {
					unknowns = append(unknowns, addr+" "+id)
				}
			}
		}
	}
	sort.Strings(fails)
	sort.Strings(unknowns)
	return fails, unknowns
}

func monitoringResults(t *testing.T, inv *inventory.Inventory) (fails, unknowns []string, status map[string]engine.Status) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	status = map[string]engine.Status{}
	for _, r := range rep.Results {
		key := r.ResourceID + " " + r.RuleID
		status[key] = r.Status
		switch r.Status {
		case engine.StatusFail:
			fails = append(fails, key)
		case engine.StatusUnknown:
			unknowns = append(unknowns, key)
		}
	}
	sort.Strings(fails)
	sort.Strings(unknowns)
	return fails, unknowns, status
}

// TestMonitoringEstate scans examples/estate/monitoring.tf on its own, as Terraform and as the plan JSON
// Terraform would write for it (testdata/monitoring_plan/plan.json), and checks that exactly the marked
// resources fail or are unknown, and that the complete chains pass.
func TestMonitoringEstate(t *testing.T) {
	wantFail, wantUnknown := monitoringExpectations(t)
	require.NotEmpty(t, wantFail)
	require.NotEmpty(t, wantUnknown)

	dir := t.TempDir()
	src, err := os.ReadFile(monitoringEstate)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "monitoring.tf"), src, 0o600))
	ctx := context.Background()
	tf, err := scanners.ScanTerraform(ctx, dir, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, tf.Complete(), "sources: %+v", tf.Sources)
	plan, err := scanners.ScanPlan(ctx, "testdata/monitoring_plan/plan.json", scanners.PlanOptions{})
	require.NoError(t, err)
	require.True(t, plan.Complete(), "sources: %+v", plan.Sources)

	for name, inv := range map[string]*inventory.Inventory{"terraform": tf, "plan": plan} {
		t.Run(name, func(t *testing.T) {
			fails, unknowns, status := monitoringResults(t, inv)
			assert.Equal(t, wantFail, fails, "failing results")
			assert.Equal(t, wantUnknown, unknowns, "unknown results")
			for key, want := range map[string]engine.Status{
				// The benchmark's root usage filter and a rewritten IAM policy filter, each with an alarm that
				// notifies a subscribed topic.
				"aws_cloudtrail.main MON.3": engine.StatusPass,
				"aws_cloudtrail.main MON.4": engine.StatusPass,
				"aws_cloudtrail.main CT.4":  engine.StatusPass,
				// Met through the main trail.
				"aws_cloudtrail.archive MON.3": engine.StatusNotApplicable,
				"aws_cloudtrail.team MON.1":    engine.StatusNotApplicable,
				// 400 days, with a KMS key.
				"aws_cloudwatch_log_group.trail LOGS.1":       engine.StatusPass,
				"aws_cloudwatch_log_group.trail LOGS.3":       engine.StatusPass,
				"aws_cloudwatch_log_group.app LOGS.1":         engine.StatusNotApplicable,
				"aws_cloudwatch_metric_alarm.root_usage CW.1": engine.StatusPass,
				"aws_guardduty_detector.main GD.3":            engine.StatusPass,
				"aws_guardduty_detector.main GD.4":            engine.StatusPass,
			} {
				assert.Equal(t, want, status[key], key)
			}
		})
	}
}
