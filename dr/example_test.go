package dr_test

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

func ExampleAssign() {
	cfg, err := config.Load(filepath.Join("testdata", "example.hcl"))
	if err != nil {
		fmt.Println(err)
		return
	}
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		{ID: "aws_db_instance.ledger", Type: inventory.TypeRDSInstance, Tags: map[string]string{"app": "ledger"}},
		{ID: "aws_s3_bucket.logs", Type: inventory.TypeS3Bucket, Tags: map[string]string{"dr-tier": "critical"}},
		{ID: "aws_dynamodb_table.cache", Type: inventory.TypeDynamoDBTable},
		{ID: "aws_iam_role.app", Type: inventory.TypeIAMRole}, // not protectable: not listed
	}
	assignments, diags := dr.Assign(cfg.DR, inv)
	if err := dr.Err(diags); err != nil {
		fmt.Println(err) // a command prints them and exits 2
		return
	}
	for _, a := range assignments {
		fmt.Printf("%s: %s tier=%q system=%q\n", a.Resource, a.Status, a.Tier, a.System)
	}
	// Output:
	// aws_db_instance.ledger: assigned tier="critical" system="ledger"
	// aws_dynamodb_table.cache: no objective declared tier="" system=""
	// aws_s3_bucket.logs: assigned tier="critical" system=""
}

// A DynamoDB table tagged for a daily plan, with point-in-time recovery on.
func ExampleComputeFacts() {
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		{ID: "aws_backup_plan.daily", Type: inventory.TypeBackupPlan, Region: "eu-west-1", Attributes: map[string]any{
			"name": "daily", "rules": []any{map[string]any{"name": "nightly", "target_vault": "main",
				"schedule": "cron(0 2 * * ? *)", "schedule_timezone": "Etc/UTC", "start_window_minutes": 60,
				"completion_window_minutes": 180, "continuous_backup": false, "delete_after_days": 35, "copy_actions": []any{}}}}},
		{ID: "aws_backup_selection.tagged", Type: inventory.TypeBackupSelection, Region: "eu-west-1", Attributes: map[string]any{
			"plan_id": "aws_backup_plan.daily", "resources": []any{}, "not_resources": []any{},
			"selection_tags": []any{map[string]any{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}}}},
		{ID: "aws_dynamodb_table.orders", Type: inventory.TypeDynamoDBTable, Region: "eu-west-1",
			Tags:       map[string]string{"backup": "daily"},
			Attributes: map[string]any{"name": "orders", "point_in_time_recovery": map[string]any{"enabled": true}}},
	}
	f := dr.ComputeFacts(inv)["aws_dynamodb_table.orders"]
	for _, p := range f.Plans {
		r := p.Rules[0]
		fmt.Println(p.Plan, p.State, *r.Schedule, *r.DeleteAfterDays, "days")
	}
	for _, n := range f.Native {
		fmt.Println(n.Kind, n.State, *n.GranularityMinutes, "minutes")
	}
	// Output:
	// aws_backup_plan.daily protected cron(0 2 * * ? *) 35 days
	// dynamodb_pitr protected 5 minutes
}

// ExampleEvaluate judges the example estate of examples/dr against its vigil.hcl, as `vigil dr` does.
func ExampleEvaluate() {
	const root = "../examples/dr"
	cfg, err := config.Load(filepath.Join(root, "vigil.hcl"))
	if err != nil {
		fmt.Println(err)
		return
	}
	inv, err := scanners.ScanTerraform(context.Background(), root, scanners.TerraformOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // a command passes its start time
	posture, diags := dr.Evaluate(cfg.DR, inv, at)
	if err := dr.Err(diags); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range posture.Resources {
		rpo, ok := r.Objectives[dr.ObjectiveRPO]
		if !ok {
			fmt.Printf("%s: %s\n", r.Resource, r.Reason)
			continue
		}
		fmt.Printf("%s: rpo %s, want %d min, achieved %d min\n", r.Resource, rpo.Status, *rpo.ObjectiveMinutes, *rpo.AchievedMinutes)
	}
	// Output:
	// aws_db_instance.ledger: rpo pass, want 60 min, achieved 5 min
	// aws_db_instance.payments: rpo fail, want 1440 min, achieved 4380 min
	// aws_dynamodb_table.ledger_events: rpo pass, want 60 min, achieved 5 min
	// aws_dynamodb_table.scratch: no objective declared
	// aws_ebs_volume.payments_files: rpo pass, want 1440 min, achieved 780 min
}
