package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// Static inline rules next to a dynamic rule block whose for_each is unknown (a partly known list:
// ingress.N unknown, N the number of known blocks) stay known: a known rule open to the internet fails
// EC2.1, and only what the dynamic block may add is unknown, marked as rule resources that may follow are.
func TestSecurityGroupPartlyKnownInlineRules(t *testing.T) {
	open := m{"protocol": "tcp", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": l("0.0.0.0/0")}
	t.Run("inline only", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_security_group.g", m{"name": "g",
			"ingress": l(open),
			"egress":  l(m{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": l("10.0.0.0/8")}),
		}, "egress.1", "ingress.1")})), "aws_security_group.g")
		assert.Equal(t, l(sgRuleWant("tcp", 22, 22, []string{"0.0.0.0/0"}, "aws_security_group.g")), get(t, r, "ingress"))
		assert.Equal(t, l(sgRuleWant("-1", 0, 65535, []string{"10.0.0.0/8"}, "aws_security_group.g")), get(t, r, "egress"))
		assert.Equal(t, []string{"egress.1", "ingress.1"}, r.Unknown)
		assert.NotContains(t, r.Attributes, "possible_ingress")
	})
	t.Run("with rule resources", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{
			mb("aws_security_group.g", m{"name": "g", "ingress": l(open)}, "ingress.1"),
			mb("aws_security_group_rule.https", m{"type": "ingress", "security_group_id": "aws_security_group.g",
				"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": l("10.0.0.0/8")}),
			mb("aws_security_group_rule.maybe", m{"type": "ingress", "protocol": "tcp", "from_port": 80,
				"to_port": 80, "cidr_blocks": l("0.0.0.0/0")}, "security_group_id"),
		})), "aws_security_group.g")
		assert.Equal(t, l(
			sgRuleWant("tcp", 22, 22, []string{"0.0.0.0/0"}, "aws_security_group.g"),
			sgRuleWant("tcp", 443, 443, []string{"10.0.0.0/8"}, "aws_security_group_rule.https"),
		), get(t, r, "ingress"))
		// What the dynamic block may add is anything: no possible_ingress list may say that only the rule
		// of unknown group may follow (the rules would then pass a group the dynamic rules could open).
		assert.NotContains(t, r.Attributes, "possible_ingress")
		assert.Equal(t, []string{"ingress.2"}, r.Unknown)
		assert.Equal(t, l(), get(t, r, "egress"))
	})
}

// Every other adapter judges a list as a whole (a lifecycle whose known rules expire objects, a backup
// plan whose known rules keep recovery points long enough): a partly known list is unknown to it, as the
// whole list was before its known blocks were kept.
func TestPartlyKnownListsAreUnknownElsewhere(t *testing.T) {
	bucket := mb("aws_s3_bucket.b", m{"bucket": "b"})
	tests := []struct {
		name    string
		blocks  []iac.Block
		id      string
		unknown string
	}{
		{
			name: "s3 lifecycle rules",
			blocks: []iac.Block{bucket, mb("aws_s3_bucket_lifecycle_configuration.lc", m{"bucket": "aws_s3_bucket.b",
				"rule": l(m{"id": "a", "status": "Enabled", "expiration": l(m{"days": 30})})}, "rule.1")},
			id: "aws_s3_bucket.b", unknown: "lifecycle.rules",
		},
		{
			name: "s3 lifecycle transitions of a known rule",
			blocks: []iac.Block{bucket, mb("aws_s3_bucket_lifecycle_configuration.lc", m{"bucket": "aws_s3_bucket.b",
				"rule": l(m{"id": "a", "status": "Enabled", "transition": l(m{"days": 30, "storage_class": "GLACIER"})})},
				"rule.0.transition.1")},
			id: "aws_s3_bucket.b", unknown: "lifecycle.rules.0.transitions",
		},
		{
			name: "s3 replication rules",
			blocks: []iac.Block{bucket, mb("aws_s3_bucket_replication_configuration.r", m{"bucket": "aws_s3_bucket.b",
				"rule": l(m{"status": "Disabled", "destination": l(m{"bucket": "arn:aws:s3:::dr"})})}, "rule.1")},
			id: "aws_s3_bucket.b", unknown: "replication",
		},
		{
			name: "backup plan rules",
			blocks: []iac.Block{mb("aws_backup_plan.p", m{"name": "p", "rule": l(
				m{"rule_name": "r", "target_vault_name": "v", "lifecycle": l(m{"delete_after": 35})})}, "rule.1")},
			id: "aws_backup_plan.p", unknown: "rules",
		},
		{
			name: "backup copy actions",
			blocks: []iac.Block{mb("aws_backup_plan.p", m{"name": "p", "rule": l(
				m{"rule_name": "r", "target_vault_name": "v", "copy_action": l(m{"destination_vault_arn": "arn:x"})})},
				"rule.0.copy_action.1")},
			id: "aws_backup_plan.p", unknown: "rules.0.copy_actions",
		},
		{
			name: "policy document statements",
			blocks: []iac.Block{
				db("data.aws_iam_policy_document.d", m{"statement": l(m{"actions": l("s3:GetObject"), "resources": l("*")})},
					"statement.1"),
				mb("aws_iam_policy.p", m{"name": "p", "policy": "data.aws_iam_policy_document.d"}),
			},
			id: "aws_iam_policy.p", unknown: "document",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(t, schemaValid(t, Adapt(tt.blocks)), tt.id)
			assert.Contains(t, r.Unknown, tt.unknown)
			for _, u := range r.Unknown {
				require.NotContains(t, u, tt.unknown+".", "the list is unknown as a whole")
			}
		})
	}
}
