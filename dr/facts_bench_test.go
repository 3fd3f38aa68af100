package dr

import (
	"fmt"
	"testing"

	"github.com/vigil-audit/vigil/inventory"
)

// BenchmarkComputeFacts: 10,000 tables against 20 selections mixing ARN patterns, tags and conditions.
func BenchmarkComputeFacts(b *testing.B) {
	inv := fixture()
	for i := 0; i < 20; i++ {
		inv.Resources = append(inv.Resources, res(fmt.Sprintf("%s/selection/s%02d", planDaily, i), inventory.TypeBackupSelection,
			region, nil, map[string]any{"plan_id": planDaily, "resources": []any{fmt.Sprintf("arn:aws:dynamodb:*:*:table/t%d*", i)},
				"not_resources": []any{"arn:aws:dynamodb:*:*:table/*-scratch"}, "selection_tags": []any{},
				"conditions": map[string]any{"string_equals": []any{cond("aws:ResourceTag/env", "prod")}}}))
	}
	for i := 0; i < 10000; i++ {
		inv.Resources = append(inv.Resources, res(fmt.Sprintf("arn:aws:dynamodb:eu-west-1:111111111111:table/t%d", i),
			inventory.TypeDynamoDBTable, region, map[string]string{"env": "prod"},
			map[string]any{"point_in_time_recovery": map[string]any{"enabled": i%2 == 0}}))
	}
	b.ReportAllocs()
	for b.Loop() {
		ComputeFacts(inv)
	}
}

// BenchmarkComputeFactsDLM: 10,000 volumes, each attached to one of 2,000 instances, against 50 DLM
// policies (half for volumes, half for instances), each targeting one tag value.
func BenchmarkComputeFactsDLM(b *testing.B) {
	inv := inventory.New()
	for i := 0; i < 50; i++ {
		kind := "VOLUME"
		if i%2 == 1 {
			kind = "INSTANCE"
		}
		inv.Resources = append(inv.Resources, dlmPolicyRes(fmt.Sprintf("policy-%02d", i), region, "ENABLED",
			"EBS_SNAPSHOT_MANAGEMENT", []any{kind}, map[string]any{"backup": fmt.Sprintf("b%d", i)},
			dlmSched("s", dlmEvery(12, "01:00"), dlmCount(14), nil, nil)))
	}
	for i := 0; i < 2000; i++ {
		inv.Resources = append(inv.Resources, res(fmt.Sprintf("%si-%d", dlmInstP, i), inventory.TypeEC2Instance, region,
			map[string]string{"backup": fmt.Sprintf("b%d", i%50)}, map[string]any{}))
	}
	for i := 0; i < 10000; i++ {
		inv.Resources = append(inv.Resources, res(fmt.Sprintf("%svol-%d", dlmVolP, i), inventory.TypeEC2Volume, region,
			map[string]string{"backup": fmt.Sprintf("b%d", i%50)},
			map[string]any{"attached_instances": []any{fmt.Sprintf("%si-%d", dlmInstP, i%2000)}}))
	}
	b.ReportAllocs()
	for b.Loop() {
		ComputeFacts(inv)
	}
}
