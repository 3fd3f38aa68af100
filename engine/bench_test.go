package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// syntheticResource builds a plausible resource of type t; every third one is misconfigured so the
// rules produce a realistic mix of passes and failures.
func syntheticResource(t string, i int) inventory.Resource {
	bad := i%3 == 0
	doc := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": []any{"s3:GetObject"}, "Resource": []any{"arn:aws:s3:::b/*"}}}}
	attrs := map[string]any{}
	switch t {
	case inventory.TypeS3Bucket:
		attrs = map[string]any{
			"bucket":              fmt.Sprintf("b-%d", i),
			"versioning":          map[string]any{"enabled": !bad, "mfa_delete": !bad, "configured": true},
			"encryption":          map[string]any{"enabled": true, "algorithm": "aws:kms", "kms_key_id": "k", "configured": true},
			"public_access_block": map[string]any{"block_public_acls": true, "block_public_policy": !bad, "ignore_public_acls": true, "restrict_public_buckets": true, "configured": true},
			"logging":             map[string]any{"enabled": !bad, "target_bucket": "logs"},
			"policy":              doc,
			"replication":         map[string]any{"enabled": false, "destinations": []any{}},
			"object_lock":         map[string]any{"enabled": !bad},
			"lifecycle":           map[string]any{"rules": []any{map[string]any{"id": "expire", "enabled": !bad, "expiration_days": 90}}},
		}
	case inventory.TypeIAMPolicy:
		attrs = map[string]any{"name": "p", "document": doc}
	case inventory.TypeIAMRole:
		attrs = map[string]any{"name": "r", "assume_role_policy": doc, "inline_policies": []any{map[string]any{"name": "i", "document": doc}}, "managed_policy_arns": []any{}}
	case inventory.TypeIAMUser:
		attrs = map[string]any{"name": "u", "inline_policies": []any{}, "managed_policy_arns": []any{}}
	case inventory.TypeEC2SecurityGroup:
		cidr := "10.0.0.0/8"
		if bad {
			cidr = "0.0.0.0/0"
		}
		attrs = map[string]any{"name": "sg", "ingress": []any{map[string]any{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": []any{cidr}, "ipv6_cidr_blocks": []any{}}}, "egress": []any{}}
	case inventory.TypeEC2Volume:
		attrs = map[string]any{"encrypted": !bad}
	case inventory.TypeEC2Instance:
		attrs = map[string]any{"metadata_options": map[string]any{"http_tokens": "required", "http_endpoint": "enabled"}, "root_block_device": map[string]any{"encrypted": true}, "ebs_block_devices": []any{}}
	case inventory.TypeRDSInstance:
		attrs = map[string]any{"storage_encrypted": !bad, "backup_retention_period": 7, "multi_az": true, "deletion_protection": true, "publicly_accessible": false, "iam_database_authentication_enabled": !bad}
	case inventory.TypeRDSCluster:
		attrs = map[string]any{"storage_encrypted": true, "backup_retention_period": 1, "deletion_protection": true, "multi_az": !bad, "iam_database_authentication_enabled": !bad}
	case inventory.TypeDynamoDBTable:
		attrs = map[string]any{"point_in_time_recovery": map[string]any{"enabled": !bad}, "server_side_encryption": map[string]any{"enabled": true, "kms_key_arn": "k"}, "deletion_protection": !bad}
	case inventory.TypeKMSKey:
		attrs = map[string]any{"rotation_enabled": !bad, "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"}
	case inventory.TypeCloudTrailTrail:
		attrs = map[string]any{"multi_region": true, "log_file_validation": !bad, "kms_key_id": "k", "logging": true}
	case inventory.TypeEFSFileSystem:
		attrs = map[string]any{"encrypted": true, "backup_policy": map[string]any{"status": "ENABLED"}}
	case inventory.TypeBackupVault:
		attrs = map[string]any{"name": "v", "kms_key_arn": "k", "lock": map[string]any{"enabled": !bad}}
	case inventory.TypeBackupPlan:
		attrs = map[string]any{"name": "p", "rules": []any{map[string]any{"name": "daily", "delete_after_days": 35, "copy_actions": []any{map[string]any{"destination_vault": "v"}}}}}
	case inventory.TypeBackupSelection:
		attrs = map[string]any{"name": "s", "plan_id": "p", "resources": []any{"*"}}
	}
	id := fmt.Sprintf("module.m%d.%s.r%d", i%100, t, i)
	return inventory.Resource{ID: id, Type: t, Name: fmt.Sprintf("r%d", i), Attributes: attrs,
		Source: inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", StartLine: i, EndLine: i + 5, Address: id}}
}

// benchMix is how many of every 10,000 resources of the benchmark inventory have each type: every type
// a built-in rule judges or reads, in the proportions of a real estate (many roles, buckets, volumes,
// functions and log groups; one account, trail, detector and recorder per account and region). The list
// is fixed, not derived from inventory.Types, so that adding a type to the schema does not change what
// the benchmark measures. The first 16 types are built by syntheticResource; the others replicate the
// example estates' resources (testdata/bench/templates.json) or are built by syntheticAccountResource.
var benchMix = []struct {
	typ   string
	count int
}{
	{inventory.TypeS3Bucket, 750}, {inventory.TypeIAMPolicy, 450}, {inventory.TypeIAMRole, 1000},
	{inventory.TypeIAMUser, 250}, {inventory.TypeEC2SecurityGroup, 650}, {inventory.TypeEC2Volume, 700},
	{inventory.TypeEC2Instance, 500}, {inventory.TypeRDSInstance, 220}, {inventory.TypeRDSCluster, 70},
	{inventory.TypeDynamoDBTable, 280}, {inventory.TypeKMSKey, 300}, {inventory.TypeCloudTrailTrail, 10},
	{inventory.TypeEFSFileSystem, 70}, {inventory.TypeBackupPlan, 40}, {inventory.TypeBackupSelection, 60},
	{inventory.TypeBackupVault, 40},

	{inventory.TypeLambdaFunction, 800}, {inventory.TypeECRRepository, 250}, {inventory.TypeEKSCluster, 30},
	{inventory.TypeECSTaskDef, 400}, {inventory.TypeSNSTopic, 250}, {inventory.TypeSQSQueue, 350},
	{inventory.TypeSecretsManagerSecret, 250}, {inventory.TypeElastiCacheReplicationGroup, 50},
	{inventory.TypeRedshiftCluster, 20}, {inventory.TypeOpenSearchDomain, 30}, {inventory.TypeLogsLogGroup, 800},
	{inventory.TypeCloudWatchAlarm, 300}, {inventory.TypeGuardDutyDetector, 10},
	{inventory.TypeELBv2LoadBalancer, 130}, {inventory.TypeELBLoadBalancer, 30},
	{inventory.TypeCloudFrontDistribution, 70}, {inventory.TypeAPIGatewayRestAPI, 50},
	{inventory.TypeAPIGatewayStage, 80}, {inventory.TypeAPIGatewayV2API, 40}, {inventory.TypeAPIGatewayV2Stage, 50},
	{inventory.TypeAPIGatewayDomainName, 20}, {inventory.TypeEC2NetworkACL, 80}, {inventory.TypeEC2VPC, 50},

	{inventory.TypeAccount, 5}, {inventory.TypeConfigRecorder, 10}, {inventory.TypeEC2Snapshot, 300},
	{inventory.TypeIAMServerCert, 5}, {inventory.TypeBackupRecoveryPoint, 150},
}

// benchTemplates are the example estates' resources by type (testdata/bench/templates.json, written by
// bench/enginetemplates), kept as JSON so that every copy gets its own attribute values.
func benchTemplates(tb testing.TB) map[string][]json.RawMessage {
	data, err := os.ReadFile(filepath.Join("testdata", "bench", "templates.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		tb.Fatal(err)
	}
	out := map[string][]json.RawMessage{}
	for _, raw := range list {
		var head struct{ Type string }
		if err := json.Unmarshal(raw, &head); err != nil {
			tb.Fatal(err)
		}
		out[head.Type] = append(out[head.Type], raw)
	}
	return out
}

// fromTemplate copies the k-th template of the type under the benchmark's id and name for resource i.
func fromTemplate(tb testing.TB, templates []json.RawMessage, k, i int) inventory.Resource {
	var r inventory.Resource
	if err := json.Unmarshal(templates[k%len(templates)], &r); err != nil {
		tb.Fatal(err)
	}
	raw, err := json.Marshal(r.Attributes)
	if err != nil {
		tb.Fatal(err)
	}
	attrs, err := inventory.DecodeJSON(raw) // numbers as a scan holds them: int64 or float64
	if err != nil {
		tb.Fatal(err)
	}
	r.Attributes = attrs.(map[string]any)
	r.ID = fmt.Sprintf("module.m%d.%s.r%d", i%100, r.Type, i)
	r.Name = fmt.Sprintf("r%d", i)
	if _, ok := r.Attributes["name"].(string); ok {
		r.Attributes["name"] = r.Name
	}
	r.Account = benchAccount(i)
	r.Source = inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", StartLine: i, EndLine: i + 5, Address: r.ID}
	return r
}

// benchAccount spreads the resources over 50 accounts, as one organisation's inventory.
func benchAccount(i int) string { return fmt.Sprintf("1000000000%02d", i%50) }

// syntheticAccountResource builds the account-level types the examples do not declare (they come from
// live collection): accounts, Config recorders, snapshots, server certificates and recovery points.
func syntheticAccountResource(t string, k, i int) inventory.Resource {
	bad := k%3 == 0
	var attrs map[string]any
	switch t {
	case inventory.TypeAccount:
		regions := map[string]any{}
		for _, region := range []string{"eu-west-1", "eu-central-1", "us-east-1", "us-west-2"} {
			regions[region] = map[string]any{"config_recorder_on": true, "cloudtrail_trails": 1, "guardduty_enabled": !bad,
				"cloudwatch_alarms": 12, "ebs_encryption_by_default": true, "ebs_default_kms_key_id": nil,
				"access_analyzer_active": true, "securityhub_enabled": !bad}
		}
		attrs = map[string]any{
			"account_id": benchAccount(k), "partition": "aws", "root_mfa_enabled": !bad, "root_access_keys_present": bad,
			"password_policy": map[string]any{"minimum_password_length": 14, "require_symbols": true, "require_numbers": true,
				"require_uppercase_characters": true, "require_lowercase_characters": true, "max_password_age": 90,
				"password_reuse_prevention": 24, "allow_users_to_change_password": true, "hard_expiry": false},
			"s3_public_access_block": map[string]any{"block_public_acls": true, "block_public_policy": true,
				"ignore_public_acls": true, "restrict_public_buckets": !bad, "configured": true},
			"regions": regions, "support_roles": []any{"arn:aws:iam::" + benchAccount(k) + ":role/support"},
		}
	case inventory.TypeConfigRecorder:
		attrs = map[string]any{"name": "default", "recording": true, "all_supported": !bad, "include_global_resource_types": true,
			"last_status": "SUCCESS", "role_arn": "arn:aws:iam::" + benchAccount(k) + ":role/config"}
	case inventory.TypeEC2Snapshot:
		attrs = map[string]any{"encrypted": !bad, "kms_key_id": nil, "volume_id": fmt.Sprintf("vol-%d", i),
			"start_time": "2026-11-01T00:00:00Z", "public": false, "shared_with": []any{}}
	case inventory.TypeIAMServerCert:
		attrs = map[string]any{"name": fmt.Sprintf("cert-%d", i), "path": "/", "expiration": "2027-06-01T00:00:00Z", "expired": bad}
	case inventory.TypeBackupRecoveryPoint:
		attrs = map[string]any{"resource_arn": fmt.Sprintf("arn:aws:dynamodb:eu-west-1:%s:table/t%d", benchAccount(k), i),
			"resource_type": "DynamoDB", "resource_name": fmt.Sprintf("t%d", i), "vault": "v", "source_vault": nil,
			"creation_date": "2026-12-01T00:00:00Z", "completion_date": "2026-12-01T00:10:00Z", "last_restore_time": nil,
			"status": "COMPLETED", "encrypted": true, "encryption_key_arn": "k",
			"lifecycle":            map[string]any{"delete_after_days": 35, "cold_storage_after_days": nil},
			"calculated_lifecycle": map[string]any{"delete_at": "2027-01-05T00:00:00Z", "cold_storage_at": nil},
			"is_parent":            false, "parent_recovery_point_arn": nil, "backup_plan_arn": nil, "backup_rule_id": nil}
	}
	id := fmt.Sprintf("%s.r%d", t, i)
	if t == inventory.TypeAccount {
		id = "aws_account." + benchAccount(k)
	}
	return inventory.Resource{ID: id, Type: t, Name: fmt.Sprintf("r%d", i), Account: benchAccount(k), Region: "eu-west-1",
		Attributes: attrs, Source: inventory.Location{Kind: inventory.SourceAWS, API: "bench"}}
}

// syntheticInventory builds n resources in the proportions of benchMix (n a multiple of 10,000 gives
// them exactly). It is deterministic.
func syntheticInventory(tb testing.TB, n int) *inventory.Inventory {
	templates := benchTemplates(tb)
	inv := inventory.New()
	inv.Resources = make([]inventory.Resource, 0, n)
	i := 0
	for _, m := range benchMix {
		count := m.count * n / 10_000
		for k := 0; k < count; k++ {
			switch {
			case isHandmade(m.typ):
				inv.Resources = append(inv.Resources, syntheticResource(m.typ, i))
			case len(templates[m.typ]) > 0:
				inv.Resources = append(inv.Resources, fromTemplate(tb, templates[m.typ], k, i))
			default:
				inv.Resources = append(inv.Resources, syntheticAccountResource(m.typ, k, i))
			}
			i++
		}
	}
	return inv
}

func isHandmade(t string) bool {
	for _, m := range benchMix[:16] {
		if m.typ == t {
			return true
		}
	}
	return false
}

// BenchmarkEvaluate100k measures policy evaluation of every built-in rule over a 100,000-resource
// inventory (target: under 2 s and 1 GiB on 2 cores; bench/engine.sh runs it and reports the peak
// memory). cpu-s/op is the CPU time of the whole process, garbage collection included: on a shared
// machine wall time varies with the load, CPU time much less. runq-s/op is how long its threads were
// ready to run but found both cores taken by other processes: wall time near cpu-s/op with runq-s/op
// near the wall time is a busy machine, not an evaluation that uses one core.
func BenchmarkEvaluate100k(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	inv := syntheticInventory(b, 100_000)
	inv.Normalize() // as the scanners hand it over: Evaluate then finds it in order
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, wait0 := cputime.Used(), cputime.Waited()
	results := 0
	for i := 0; i < b.N; i++ {
		rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Results) < 100_000 {
			b.Fatalf("only %d results", len(rep.Results))
		}
		results = len(rep.Results)
	}
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
	if wait := cputime.Waited() - wait0; wait > 0 {
		b.ReportMetric(wait.Seconds()/float64(b.N), "runq-s/op")
	}
	b.ReportMetric(float64(results), "results/op")
}

// BenchmarkEngineNew measures loading, validating and compiling the built-in policies.
func BenchmarkEngineNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := engine.New(context.Background(), engine.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchInventoryCoversRuleTypes keeps the benchmark meaningful: every type a built-in rule judges or
// reads is in the synthetic inventory, so a rule added on a new type is measured too.
func TestBenchInventoryCoversRuleTypes(t *testing.T) {
	eng, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	inv := syntheticInventory(t, 10_000)
	have := map[string]int{}
	for _, r := range inv.Resources {
		have[r.Type]++
	}
	for _, rule := range eng.Rules() {
		for _, typ := range append(append([]string(nil), rule.ResourceTypes...), rule.Reads...) {
			if typ == inventory.TypeBackupSelection || typ == inventory.TypeDLMPolicy || typ == inventory.TypeBackupJob ||
				typ == inventory.TypeBackupRestoreTestingPlan || typ == inventory.TypeOrganizationsAccount || typ == inventory.TypeIAMGroup {
				continue
			}
			assert.Positive(t, have[typ], "rule %s reads %s, which the benchmark inventory lacks", rule.ID, typ)
		}
	}
	assert.Equal(t, 10_000, len(inv.Resources), "benchMix counts add up to 10,000")
}

// BenchmarkRuleCosts100k evaluates each rule on its own over the benchmark inventory and logs the
// costliest by CPU time, garbage collection left out (run with -v; it needs about 4 GiB): where BenchmarkEvaluate100k's time goes, rule by rule. It then
// evaluates the tasks Evaluate schedules (groups of a service's rules and single rules) one after
// the other and logs the longest: Evaluate on n cores takes at least the longest task, and about the
// sum over n when no task is much longer than that.
func BenchmarkRuleCosts100k(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	inv := syntheticInventory(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		costs, err := eng.RuleCosts(ctx, inv)
		if err != nil {
			b.Fatal(err)
		}
		logCosts(b, "rules", costs, 30)
		tasks, err := eng.TaskCosts(ctx, inv)
		if err != nil {
			b.Fatal(err)
		}
		logCosts(b, "tasks", tasks, 10)
	}
}

// logCosts logs the total and the n costliest entries by CPU time.
func logCosts(b *testing.B, what string, costs []engine.RuleCost, n int) {
	sort.Slice(costs, func(a, c int) bool { return costs[a].CPU > costs[c].CPU })
	var wall, cpu time.Duration
	for _, c := range costs {
		wall, cpu = wall+c.Time, cpu+c.CPU
	}
	b.Logf("%d %s, one after the other: %.2f s wall, %.2f CPU-s in all", len(costs), what, wall.Seconds(), cpu.Seconds())
	for _, c := range costs[:min(n, len(costs))] {
		b.Logf("%6.0f ms CPU %6.0f ms wall %6d verdicts  %s", float64(c.CPU.Microseconds())/1000,
			float64(c.Time.Microseconds())/1000, c.Verdicts, c.ID)
	}
}
