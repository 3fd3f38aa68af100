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

// datasvcResource builds a resource of one of the data-service types; every third one is misconfigured
// and has a public policy, so the policy helpers walk statements on the failing path too.
func datasvcResource(t string, i int) inventory.Resource {
	bad := i%3 == 0
	principal := any(map[string]any{"AWS": "arn:aws:iam::123456789012:root"})
	if bad {
		principal = "*"
	}
	policy := map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Principal": principal, "Action": []any{"sqs:SendMessage"}, "Resource": []any{"*"}},
		map[string]any{"Effect": "Deny", "Principal": "*", "Action": []any{"sqs:*"}, "Resource": []any{"*"},
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}},
	}}
	key := any("arn:aws:kms:eu-west-1:123456789012:key/k")
	if bad {
		key = nil
	}
	var attrs map[string]any
	switch t {
	case inventory.TypeSNSTopic, inventory.TypeSQSQueue:
		attrs = map[string]any{"name": fmt.Sprintf("q%d", i), "kms_master_key_id": key, "sqs_managed_sse_enabled": !bad, "policy": policy}
	case inventory.TypeSecretsManagerSecret:
		attrs = map[string]any{"name": fmt.Sprintf("s%d", i), "kms_key_id": key, "policy": policy,
			"rotation":                 map[string]any{"enabled": !bad, "automatically_after_days": 30, "schedule_expression": nil},
			"days_since_last_accessed": 3, "days_since_created": 400}
	case inventory.TypeElastiCacheReplicationGroup:
		attrs = map[string]any{"engine": "redis", "at_rest_encryption_enabled": !bad, "transit_encryption_enabled": !bad,
			"auth_token_enabled": !bad, "user_group_ids": []any{}, "automatic_failover_enabled": true, "multi_az_enabled": !bad,
			"snapshot_retention_limit": 7, "subnet_group_name": "private"}
	case inventory.TypeRedshiftCluster:
		attrs = map[string]any{"encrypted": !bad, "kms_key_id": key, "publicly_accessible": bad, "logging": map[string]any{"enabled": true},
			"require_ssl": !bad, "enhanced_vpc_routing": true, "automated_snapshot_retention_period": 7}
	case inventory.TypeOpenSearchDomain:
		attrs = map[string]any{"encrypt_at_rest": map[string]any{"enabled": !bad}, "node_to_node_encryption": true, "enforce_https": true,
			"tls_security_policy": "Policy-Min-TLS-1-2-2019-07", "fine_grained_access_control": !bad, "in_vpc": !bad,
			"access_policies": policy, "logs": map[string]any{"audit": true, "index_slow": !bad, "search_slow": true, "application": false}}
	}
	id := fmt.Sprintf("module.m%d.%s.r%d", i%100, t, i)
	return inventory.Resource{ID: id, Type: t, Name: fmt.Sprintf("r%d", i), Attributes: attrs,
		Source: inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", StartLine: i, EndLine: i + 5, Address: id}}
}

var datasvcTypes = []string{
	inventory.TypeSNSTopic, inventory.TypeSQSQueue, inventory.TypeSecretsManagerSecret,
	inventory.TypeElastiCacheReplicationGroup, inventory.TypeRedshiftCluster, inventory.TypeOpenSearchDomain,
}

// BenchmarkEvaluateDataServices100k measures every built-in rule over 100,000 resources of the six
// data-service types (the 35 data-service rules do the work), against the same 2 s target as
// BenchmarkEvaluate100k.
func BenchmarkEvaluateDataServices100k(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	inv := inventory.New()
	for i := 0; i < 100_000; i++ {
		inv.Resources = append(inv.Resources, datasvcResource(datasvcTypes[i%len(datasvcTypes)], i))
	}
	inv.Normalize()
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Results) < 500_000 {
			b.Fatalf("only %d results", len(rep.Results))
		}
	}
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
