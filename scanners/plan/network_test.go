package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// networkPlan creates a VPC with a flow log, adopts its default security group without rules, and a
// network ACL whose one entry is an aws_network_acl_rule: the shape of a plan Terraform 1.9 writes for it
// (every computed attribute of a created resource unknown, references in the configuration).
const networkPlan = `{"format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
     "values": {"cidr_block": "10.0.0.0/16", "tags": {"Name": "main"}}},
    {"address": "aws_flow_log.main", "mode": "managed", "type": "aws_flow_log", "name": "main",
     "values": {"traffic_type": "REJECT", "log_destination_type": "s3", "log_destination": "arn:aws:s3:::flow-logs"}},
    {"address": "aws_default_security_group.main", "mode": "managed", "type": "aws_default_security_group", "name": "main",
     "values": {"tags": null}},
    {"address": "aws_network_acl.public", "mode": "managed", "type": "aws_network_acl", "name": "public",
     "values": {"tags": {"Name": "public"}}},
    {"address": "aws_network_acl_rule.ssh", "mode": "managed", "type": "aws_network_acl_rule", "name": "ssh",
     "values": {"rule_number": 100, "egress": false, "protocol": "tcp", "rule_action": "allow", "from_port": 22, "to_port": 22,
      "cidr_block": "0.0.0.0/0"}}]}},
  "resource_changes": [
    {"address": "aws_vpc.main", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true, "default_network_acl_id": true,
      "default_security_group_id": true, "ipv6_cidr_block": true}}},
    {"address": "aws_flow_log.main", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true, "vpc_id": true}}},
    {"address": "aws_default_security_group.main", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true,
      "ingress": true, "egress": true, "name": true, "vpc_id": true}}},
    {"address": "aws_network_acl.public", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true,
      "ingress": true, "egress": true, "vpc_id": true}}},
    {"address": "aws_network_acl_rule.ssh", "change": {"actions": ["create"], "after_unknown": {"id": true, "network_acl_id": true}}}],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
     "expressions": {"cidr_block": {"constant_value": "10.0.0.0/16"}}},
    {"address": "aws_flow_log.main", "mode": "managed", "type": "aws_flow_log", "name": "main",
     "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}, "traffic_type": {"constant_value": "REJECT"}}},
    {"address": "aws_default_security_group.main", "mode": "managed", "type": "aws_default_security_group", "name": "main",
     "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
    {"address": "aws_network_acl.public", "mode": "managed", "type": "aws_network_acl", "name": "public",
     "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
    {"address": "aws_network_acl_rule.ssh", "mode": "managed", "type": "aws_network_acl_rule", "name": "ssh",
     "expressions": {"network_acl_id": {"references": ["aws_network_acl.public.id", "aws_network_acl.public"]}}}]}}}`

// TestPlanNetworkJoins: in a plan, the joins of the VPC, default security group and network ACL adapters
// follow the configuration's references, and the rules the configuration leaves out are none, as in HCL.
func TestPlanNetworkJoins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	require.NoError(t, os.WriteFile(path, []byte(networkPlan), 0o600))
	inv, err := scanners.ScanPlan(context.Background(), path, scanners.PlanOptions{})
	require.NoError(t, err)
	require.Empty(t, inv.Sources[0].Errors)
	byID := map[string]inventory.Resource{}
	for _, r := range inv.Resources {
		byID[r.ID] = r
	}

	vpc := byID["aws_vpc.main"]
	assert.Equal(t, true, vpc.Attributes["flow_logs_enabled"], "the flow log joined through its reference")
	assert.Equal(t, []string{"aws_flow_log.main"}, vpc.Source.Related)

	sg := byID["aws_default_security_group.main"]
	assert.Equal(t, true, sg.Attributes["is_default"])
	assert.Equal(t, []any{}, sg.Attributes["ingress"], "no rule written: none, not unknown")
	assert.Equal(t, []any{}, sg.Attributes["egress"])
	assert.NotContains(t, sg.Unknown, "ingress")

	acl := byID["aws_network_acl.public"]
	assert.Equal(t, []any{map[string]any{"rule_number": int64(100), "action": "allow", "protocol": "tcp",
		"from_port": int64(22), "to_port": int64(22), "cidr_block": "0.0.0.0/0", "ipv6_cidr_block": nil}},
		acl.Attributes["ingress"], "the rule resource, not the ACL's computed entries")
	assert.Equal(t, []any{}, acl.Attributes["egress"])
	assert.Empty(t, acl.Unknown)
}
