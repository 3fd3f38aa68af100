package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestDLMLifecyclePolicy(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_dlm_lifecycle_policy.daily", m{
			"description":        "daily volume snapshots",
			"execution_role_arn": "aws_iam_role.dlm",
			"policy_details": l(m{
				"resource_types": l("VOLUME"),
				"target_tags":    m{"backup": "daily", "env": "prod"},
				"schedule": l(
					m{"name": "twice a day",
						"create_rule": l(m{"interval": 12, "times": l("09:00")}),
						"retain_rule": l(m{"count": 14}),
						"cross_region_copy_rule": l(
							m{"target": "eu-west-2", "encrypted": true, "retain_rule": l(m{"interval": 30, "interval_unit": "DAYS"})},
							// The provider's deprecated target_region still names the region.
							m{"target_region": "eu-central-1", "encrypted": false}),
						"share_rule": l(m{"target_accounts": l("222222222222", "111111111111")}),
					},
					m{"name": "weekly",
						"create_rule": l(m{"cron_expression": "cron(0 3 ? * SUN *)"}),
						// Plan JSON writes 0 for the optional numbers left out.
						"retain_rule": l(m{"count": 0, "interval": 8, "interval_unit": "WEEKS"})},
				),
			}),
		}),
		mb("aws_dlm_lifecycle_policy.amis", m{"description": "amis", "state": "DISABLED",
			"policy_details": l(m{"policy_type": "IMAGE_MANAGEMENT", "resource_types": l("INSTANCE"),
				"resource_locations": l("OUTPOST"), "target_tags": m{"ami": "yes"},
				"parameters": l(m{"exclude_data_volume_tags": m{"scratch": "true"}})})}),
		mb("aws_dlm_lifecycle_policy.unknown_tags", m{"description": "u",
			"policy_details": l(m{"resource_types": l("VOLUME"), "target_tags": m{"team": nil},
				"schedule": l(m{"name": "s", "create_rule": l(m{"interval": 24})})})},
			"policy_details.0.target_tags.team", "policy_details.0.schedule.0.retain_rule"),
	}))

	daily := resource(t, rs, "aws_dlm_lifecycle_policy.daily")
	assert.Equal(t, inventory.TypeDLMPolicy, daily.Type)
	assert.Equal(t, "daily volume snapshots", daily.Name)
	assert.Equal(t, m{
		"policy_id": nil, "description": "daily volume snapshots", "state": "ENABLED",
		"execution_role_arn": "aws_iam_role.dlm", "default_policy": nil, "parameters": nil,
		"policy_type": "EBS_SNAPSHOT_MANAGEMENT", "resource_types": []string{"VOLUME"},
		"resource_locations": []string{"CLOUD"}, "target_tags": m{"backup": "daily", "env": "prod"},
		"schedules": []any{
			m{"name": "twice a day",
				"create_rule": m{"interval": int64(12), "interval_unit": "HOURS", "times": []string{"09:00"},
					"cron_expression": nil, "location": "CLOUD"},
				"retain_rule": m{"count": int64(14), "interval": nil, "interval_unit": nil},
				"cross_region_copy_rules": []any{
					m{"target": "eu-central-1", "encrypted": false, "cmk_arn": nil, "retain_rule": nil},
					m{"target": "eu-west-2", "encrypted": true, "cmk_arn": nil,
						"retain_rule": m{"count": nil, "interval": int64(30), "interval_unit": "DAYS"}},
				},
				"share_rules": []any{m{"target_accounts": []string{"111111111111", "222222222222"},
					"unshare_interval": nil, "unshare_interval_unit": nil}},
			},
			m{"name": "weekly",
				"create_rule": m{"interval": nil, "interval_unit": nil, "times": []string{},
					"cron_expression": "cron(0 3 ? * SUN *)", "location": "CLOUD"},
				"retain_rule":             m{"count": nil, "interval": int64(8), "interval_unit": "WEEKS"},
				"cross_region_copy_rules": []any{}, "share_rules": []any{}},
		},
	}, daily.Attributes)
	assert.Equal(t, []string{"policy_id"}, daily.Unknown)

	amis := resource(t, rs, "aws_dlm_lifecycle_policy.amis")
	assert.Equal(t, "DISABLED", amis.Attributes["state"])
	assert.Equal(t, "IMAGE_MANAGEMENT", amis.Attributes["policy_type"])
	assert.Equal(t, []string{"OUTPOST"}, amis.Attributes["resource_locations"])
	assert.Equal(t, []any{}, amis.Attributes["schedules"])
	assert.Equal(t, m{"exclude_boot_volume": false, "exclude_data_volume_tags": m{"scratch": "true"}}, amis.Attributes["parameters"])

	// An unknown tag value makes the targeting unknown as a whole; an unknown retain rule stays unknown.
	u := resource(t, rs, "aws_dlm_lifecycle_policy.unknown_tags")
	assert.Equal(t, []string{"policy_id", "schedules.0.retain_rule", "target_tags"}, u.Unknown)
	assert.Nil(t, u.Attributes["target_tags"])
}

// TestDLMCopyRulesSortedByTarget: cross_region_copy_rule is a set; its rules are sorted by target, as the
// live collector sorts them, whatever their other fields.
func TestDLMCopyRulesSortedByTarget(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{mb("aws_dlm_lifecycle_policy.p", m{"description": "p",
		"policy_details": l(m{"resource_types": l("VOLUME"), "target_tags": m{"a": "b"},
			"schedule": l(m{"name": "s", "create_rule": l(m{"interval": 24}), "retain_rule": l(m{"count": 3}),
				"cross_region_copy_rule": l(
					m{"target": "us-east-1", "encrypted": true, "cmk_arn": "arn:aws:kms:us-east-1:111111111111:key/a"},
					m{"target": "eu-west-2", "encrypted": true, "cmk_arn": "arn:aws:kms:eu-west-2:111111111111:key/z"})})})})}))
	var targets []any
	for _, c := range get(t, rs[0], "schedules.0.cross_region_copy_rules").([]any) {
		targets = append(targets, c.(map[string]any)["target"])
	}
	assert.Equal(t, []any{"eu-west-2", "us-east-1"}, targets)
}
