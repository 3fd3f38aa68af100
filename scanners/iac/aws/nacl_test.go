package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func aclEntryWant(n int64, action, proto string, from, to int64, cidr any) m {
	return m{"rule_number": n, "action": action, "protocol": proto, "from_port": from, "to_port": to,
		"cidr_block": cidr, "ipv6_cidr_block": nil}
}

func TestNetworkACLJoins(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_network_acl.public", m{"vpc_id": "aws_vpc.main", "tags": m{"Name": "public"},
			"ingress": l(
				m{"rule_no": int64(200), "action": "allow", "protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_block": "0.0.0.0/0"},
				m{"rule_no": int64(100), "action": "deny", "protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_block": "10.9.0.0/16"},
			),
			"egress": l(m{"rule_no": int64(100), "action": "allow", "protocol": "all", "from_port": int64(0), "to_port": int64(0), "cidr_block": "0.0.0.0/0"}),
		}),
		mb("aws_network_acl_rule.ssh", m{"network_acl_id": "aws_network_acl.public", "rule_number": int64(150),
			"rule_action": "allow", "protocol": "6", "from_port": int64(22), "to_port": int64(22), "cidr_block": "0.0.0.0/0"}),
		mb("aws_network_acl_rule.ping", m{"network_acl_id": "aws_network_acl.public.id", "rule_number": int64(160), "egress": true,
			"rule_action": "allow", "protocol": "icmp", "icmp_type": int64(0), "icmp_code": int64(-1), "cidr_block": "0.0.0.0/0"}),
		mb("aws_network_acl.private", m{"vpc_id": "aws_vpc.main"}),
		mb("aws_default_network_acl.default", m{"default_network_acl_id": "aws_vpc.main.default_network_acl_id"}),
		mb("aws_network_acl_rule.default_in", m{"network_acl_id": "aws_vpc.main.default_network_acl_id", "rule_number": int64(100),
			"rule_action": "allow", "protocol": "-1", "cidr_block": "0.0.0.0/0"}),
	}))
	pub := resource(t, rs, "aws_network_acl.public")
	assert.Equal(t, "public", pub.Name)
	assert.Equal(t, false, get(t, pub, "is_default"))
	assert.Equal(t, "aws_vpc.main", get(t, pub, "vpc_id"))
	assert.Equal(t, l(
		aclEntryWant(100, "deny", "-1", 0, 65535, "10.9.0.0/16"),
		aclEntryWant(150, "allow", "tcp", 22, 22, "0.0.0.0/0"),
		aclEntryWant(200, "allow", "tcp", 443, 443, "0.0.0.0/0"),
	), get(t, pub, "ingress"), "sorted by rule number, inline and joined")
	assert.Equal(t, l(
		aclEntryWant(100, "allow", "-1", 0, 65535, "0.0.0.0/0"),
		aclEntryWant(160, "allow", "icmp", 0, 0, "0.0.0.0/0"),
	), get(t, pub, "egress"))
	assert.Empty(t, pub.Unknown)
	assert.Equal(t, []string{"aws_network_acl_rule.ping", "aws_network_acl_rule.ssh"}, pub.Source.Related)

	priv := resource(t, rs, "aws_network_acl.private")
	assert.Equal(t, l(), get(t, priv, "ingress"), "a custom ACL without entries denies everything")

	def := resource(t, rs, "aws_default_network_acl.default")
	assert.Equal(t, true, get(t, def, "is_default"))
	assert.Equal(t, l(aclEntryWant(100, "allow", "-1", 0, 65535, "0.0.0.0/0")), get(t, def, "ingress"),
		"joined through the VPC's default_network_acl_id")
	assert.Equal(t, []string{"vpc_id"}, def.Unknown)
}

// A rule that may belong to an ACL, but not for sure, leaves the lists it may belong to unknown.
func TestNetworkACLUncertainRules(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_network_acl.a", m{"vpc_id": "aws_vpc.main"}),
		mb("aws_network_acl.b", m{"vpc_id": "aws_vpc.main"}),
		mb("aws_network_acl.c", m{"vpc_id": "aws_vpc.main"}),
		mb("aws_network_acl_rule.who", m{"rule_number": int64(100), "rule_action": "allow", "protocol": "-1", "cidr_block": "0.0.0.0/0"}, "network_acl_id"),
		mb("aws_network_acl_rule.maybe", m{"network_acl_id": "aws_network_acl.c", "rule_number": int64(100), "rule_action": "allow",
			"protocol": "-1", "cidr_block": "0.0.0.0/0", "egress": true, "count": nil}, "count"),
	}))
	for _, id := range []string{"aws_network_acl.a", "aws_network_acl.b", "aws_network_acl.c"} {
		assert.Contains(t, resource(t, rs, id).Unknown, "ingress", id)
	}
	assert.Contains(t, resource(t, rs, "aws_network_acl.c").Unknown, "egress")
	assert.NotContains(t, resource(t, rs, "aws_network_acl.a").Unknown, "egress")
}
