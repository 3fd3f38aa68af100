package engine_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

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

// benchTypes are the 16 types the built-in rules evaluate. The benchmark spreads its resources over
// this fixed list, not inventory.Types, so that adding a type to the schema does not change what it
// measures.
var benchTypes = []string{
	inventory.TypeS3Bucket, inventory.TypeIAMPolicy, inventory.TypeIAMRole, inventory.TypeIAMUser,
	inventory.TypeEC2SecurityGroup, inventory.TypeEC2Volume, inventory.TypeEC2Instance, inventory.TypeRDSInstance,
	inventory.TypeRDSCluster, inventory.TypeDynamoDBTable, inventory.TypeKMSKey, inventory.TypeCloudTrailTrail,
	inventory.TypeEFSFileSystem, inventory.TypeBackupPlan, inventory.TypeBackupSelection, inventory.TypeBackupVault,
}

// syntheticInventory spreads n resources evenly over benchTypes.
func syntheticInventory(n int) *inventory.Inventory {
	inv := inventory.New()
	inv.Resources = make([]inventory.Resource, 0, n)
	for i := 0; i < n; i++ {
		inv.Resources = append(inv.Resources, syntheticResource(benchTypes[i%len(benchTypes)], i))
	}
	return inv
}

// BenchmarkEvaluate100k measures policy evaluation of every built-in rule over a 100,000-resource
// inventory (target: under 2 s and 1 GiB on 2 cores; bench/engine.sh runs it and reports the peak
// memory). cpu-s/op is the CPU time of the whole process, garbage collection included: on a shared
// machine wall time varies with the load, CPU time much less.
func BenchmarkEvaluate100k(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	inv := syntheticInventory(100_000)
	inv.Normalize() // as the scanners hand it over: Evaluate then finds it in order
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Results) < 100_000 {
			b.Fatalf("only %d results", len(rep.Results))
		}
	}
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// BenchmarkEngineNew measures loading, validating and compiling the built-in policies.
func BenchmarkEngineNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := engine.New(context.Background(), engine.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
