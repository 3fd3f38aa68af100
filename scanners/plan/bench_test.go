package plan

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse reads the equivalence fixture (37 resources in three modules).
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "equiv", "plan.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parse("plan.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLarge reads a plan creating 2,000 buckets, each with a versioning resource joined by
// reference: the shape of a large account's plan.
func BenchmarkParseLarge(b *testing.B) {
	data := largePlan(b, 2000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parse("plan.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

func largePlan(b *testing.B, n int) []byte {
	type m = map[string]any
	var planned, changes, cfg []any
	for i := 0; i < n; i++ {
		bucket := fmt.Sprintf("aws_s3_bucket.b%d", i)
		vers := fmt.Sprintf("aws_s3_bucket_versioning.b%d", i)
		planned = append(planned,
			m{"address": bucket, "mode": "managed", "type": "aws_s3_bucket", "name": fmt.Sprintf("b%d", i),
				"values": m{"bucket": fmt.Sprintf("bucket-%d", i), "tags_all": m{"owner": "x"}}},
			m{"address": vers, "mode": "managed", "type": "aws_s3_bucket_versioning", "name": fmt.Sprintf("b%d", i),
				"values": m{"versioning_configuration": []any{m{"status": "Enabled"}}}})
		changes = append(changes,
			m{"address": bucket, "change": m{"actions": []string{"create"},
				"after_unknown": m{"id": true, "arn": true, "versioning": true, "region": true}}},
			m{"address": vers, "change": m{"actions": []string{"create"}, "after_unknown": m{"id": true, "bucket": true}}})
		cfg = append(cfg,
			m{"address": fmt.Sprintf("aws_s3_bucket.b%d", i), "mode": "managed", "type": "aws_s3_bucket",
				"name": fmt.Sprintf("b%d", i), "provider_config_key": "aws",
				"expressions": m{"bucket": m{"constant_value": fmt.Sprintf("bucket-%d", i)}}},
			m{"address": fmt.Sprintf("aws_s3_bucket_versioning.b%d", i), "mode": "managed",
				"type": "aws_s3_bucket_versioning", "name": fmt.Sprintf("b%d", i), "provider_config_key": "aws",
				"expressions": m{"bucket": m{"references": []string{bucket + ".id", bucket}},
					"versioning_configuration": []any{m{"status": m{"constant_value": "Enabled"}}}}})
	}
	data, err := json.Marshal(m{
		"format_version": "1.2", "planned_values": m{"root_module": m{"resources": planned}},
		"resource_changes": changes,
		"configuration": m{"provider_config": m{"aws": m{"name": "aws", "expressions": m{
			"region": m{"constant_value": "eu-west-1"}}}},
			"root_module": m{"resources": cfg}},
	})
	if err != nil {
		b.Fatal(err)
	}
	return data
}
