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
