package plan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
)

// TestPolicyUnknownInPlan: a plan holds a policy as one JSON string, so a policy with a value known only
// after apply is unknown as a whole (after_unknown marks the string); the inventory never shows part of it
// as known. A known policy is read in full.
func TestPolicyUnknownInPlan(t *testing.T) {
	src := `{"format_version": "1.2",
	  "planned_values": {"root_module": {"resources": [
	    {"address": "aws_iam_policy.u", "mode": "managed", "type": "aws_iam_policy", "name": "u", "values": {"name": "u"}},
	    {"address": "aws_iam_policy.k", "mode": "managed", "type": "aws_iam_policy", "name": "k",
	     "values": {"name": "k", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}]}},
	  "resource_changes": [
	    {"address": "aws_iam_policy.u", "change": {"actions": ["create"], "after_unknown": {"policy": true, "id": true}}},
	    {"address": "aws_iam_policy.k", "change": {"actions": ["create"], "after_unknown": {"id": true}}}]}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	tests := []struct {
		id      string
		doc     any
		unknown []string
	}{
		{id: "aws_iam_policy.u", doc: nil, unknown: []string{"document"}},
		{id: "aws_iam_policy.k", doc: map[string]any{"Statement": []any{
			map[string]any{"Effect": "Allow", "Action": []string{"*"}, "Resource": []string{"*"}}}}},
	}
	rs := aws.Adapt(append([]iac.Block{}, res.Blocks...))
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			for _, r := range rs {
				if r.ID != tt.id {
					continue
				}
				assert.Equal(t, tt.doc, r.Attributes["document"])
				var unknown []string
				for _, u := range r.Unknown {
					if u == "document" || len(u) > 9 && u[:9] == "document." {
						unknown = append(unknown, u)
					}
				}
				assert.Equal(t, tt.unknown, unknown)
				return
			}
			t.Fatalf("no resource %s", tt.id)
		})
	}
}
