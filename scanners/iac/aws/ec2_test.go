package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func sgRuleWant(proto string, from, to int64, cidrs []string, source string) m {
	return m{"protocol": proto, "from_port": from, "to_port": to, "cidr_blocks": cidrs,
		"ipv6_cidr_blocks": []string{}, "prefix_list_ids": []string{}, "security_groups": []string{},
		"self": false, "description": nil, "source": source}
}

func TestSecurityGroupJoins(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_security_group.web", m{"name": "web", "vpc_id": "aws_vpc.main",
			"ingress": l(m{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_blocks": l("0.0.0.0/0")}),
			"egress":  l(m{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": l("0.0.0.0/0")}),
		}),
		mb("aws_security_group_rule.ssh", m{"type": "ingress", "security_group_id": "aws_security_group.web",
			"protocol": "6", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": l("10.0.0.0/8", "0.0.0.0/0")}),
		mb("aws_vpc_security_group_ingress_rule.all", m{"security_group_id": "aws_security_group.web",
			"ip_protocol": "-1", "cidr_ipv6": "::/0"}),
		mb("aws_vpc_security_group_egress_rule.dns", m{"security_group_id": "aws_security_group.web",
			"ip_protocol": "17", "from_port": 53, "to_port": 53, "cidr_ipv4": "10.0.0.2/32", "description": "dns"}),
		mb("aws_security_group_rule.elsewhere", m{"type": "ingress", "security_group_id": "sg-0123",
			"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": l("0.0.0.0/0")}),
	}))
	require.Len(t, rs, 1)
	r := rs[0]
	assert.Equal(t, "web", r.Name)
	assert.Equal(t, "Managed by Terraform", get(t, r, "description"))
	assert.Equal(t, "aws_vpc.main", get(t, r, "vpc_id"))
	all := sgRuleWant("-1", 0, 65535, []string{}, "aws_vpc_security_group_ingress_rule.all")
	all["ipv6_cidr_blocks"] = []string{"::/0"}
	assert.ElementsMatch(t, l(
		sgRuleWant("tcp", 443, 443, []string{"0.0.0.0/0"}, "aws_security_group.web"),
		sgRuleWant("tcp", 22, 22, []string{"0.0.0.0/0", "10.0.0.0/8"}, "aws_security_group_rule.ssh"),
		all,
	), get(t, r, "ingress"))
	dns := sgRuleWant("udp", 53, 53, []string{"10.0.0.2/32"}, "aws_vpc_security_group_egress_rule.dns")
	dns["description"] = "dns"
	assert.ElementsMatch(t, l(sgRuleWant("-1", 0, 65535, []string{"0.0.0.0/0"}, "aws_security_group.web"), dns),
		get(t, r, "egress"))
	assert.Equal(t, []string{"aws_security_group_rule.ssh", "aws_vpc_security_group_egress_rule.dns",
		"aws_vpc_security_group_ingress_rule.all"}, r.Source.Related)
	assert.Empty(t, r.Unknown)
}

func TestNormalizeProtocol(t *testing.T) {
	for in, want := range map[string]string{"6": "tcp", "TCP": "tcp", "17": "udp", "udp": "udp", "1": "icmp",
		"icmp": "icmp", "58": "icmpv6", "-1": "-1", "all": "-1", "ALL": "-1", "50": "50", "esp": "esp"} {
		assert.Equal(t, want, normalizeProtocol(in), in)
	}
}

func TestSecurityGroupUnknowns(t *testing.T) {
	t.Run("rule attribute", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_security_group.g", m{"name": "g",
			"ingress": l(m{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": l("10.0.0.0/8", nil)})},
			"ingress.0.cidr_blocks.1")})), "aws_security_group.g")
		assert.Equal(t, []string{"ingress.0.cidr_blocks"}, r.Unknown)
		assert.Equal(t, []string{"10.0.0.0/8"}, get(t, r, "ingress.0.cidr_blocks"), "the known entries are kept")
		assert.Equal(t, int64(22), get(t, r, "ingress.0.from_port"))
	})
	t.Run("whole list unknown", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_security_group.g", m{"name": "g",
			"ingress": l(m{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": nil})},
			"ingress.0.cidr_blocks")})), "aws_security_group.g")
		assert.Equal(t, []string{"ingress.0.cidr_blocks"}, r.Unknown)
		assert.Nil(t, get(t, r, "ingress.0.cidr_blocks"))
	})
	t.Run("unknown protocol leaves ports unknown", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{
			mb("aws_security_group.g", m{"name": "g"}),
			mb("aws_security_group_rule.r", m{"type": "ingress", "security_group_id": "aws_security_group.g",
				"from_port": 0, "to_port": 0, "cidr_blocks": l("0.0.0.0/0")}, "protocol"),
		})), "aws_security_group.g")
		assert.Equal(t, []string{"ingress.0.from_port", "ingress.0.protocol", "ingress.0.to_port"}, r.Unknown)
	})
	t.Run("dynamic ingress", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_security_group.g", m{"name": "g"}, "ingress")})), "aws_security_group.g")
		assert.Equal(t, []string{"ingress"}, r.Unknown)
		assert.Equal(t, l(), get(t, r, "egress"))
	})
	// A rule resource known to apply stays known beside inline rules that are unknown; what may follow
	// is not constrained (no possible_ingress), even when a rule resource may also apply.
	t.Run("dynamic ingress with a rule resource", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{
			mb("aws_security_group.g", m{"name": "g"}, "ingress"),
			mb("aws_security_group_rule.ssh", m{"type": "ingress", "security_group_id": "aws_security_group.g",
				"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": l("0.0.0.0/0")}),
			mb("aws_security_group_rule.other", m{"type": "ingress", "protocol": "tcp", "from_port": 443,
				"to_port": 443, "cidr_blocks": l("0.0.0.0/0")}, "security_group_id"),
		})), "aws_security_group.g")
		assert.Equal(t, l(sgRuleWant("tcp", 22, 22, []string{"0.0.0.0/0"}, "aws_security_group_rule.ssh")), get(t, r, "ingress"))
		assert.Equal(t, []string{"ingress.1"}, r.Unknown)
		assert.NotContains(t, r.Attributes, "possible_ingress")
		assert.NotContains(t, r.Attributes, "possible_egress")
	})
	t.Run("rule for an unknown group", func(t *testing.T) {
		rs := schemaValid(t, Adapt([]iac.Block{
			mb("module.n.aws_security_group.a", m{"name": "a"}),
			mb("module.n.aws_security_group.b", m{"name": "b"}),
			mb("aws_security_group.root", m{"name": "root"}),
			mb("module.n.aws_vpc_security_group_ingress_rule.r", m{"ip_protocol": "tcp", "from_port": 22, "to_port": 22,
				"cidr_ipv4": "0.0.0.0/0"}, "security_group_id"),
			mb("module.n.aws_security_group_rule.e", m{"type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0},
				"security_group_id"),
		}))
		for _, id := range []string{"module.n.aws_security_group.a", "module.n.aws_security_group.b"} {
			r := resource(t, rs, id)
			assert.Equal(t, []string{"egress.0", "ingress.0"}, r.Unknown, id)
			assert.Equal(t, l(), get(t, r, "ingress"), id)
			ssh := sgRuleWant("tcp", 22, 22, []string{"0.0.0.0/0"}, "module.n.aws_vpc_security_group_ingress_rule.r")
			assert.Equal(t, l(ssh), get(t, r, "possible_ingress"), id)
			assert.Equal(t, l(sgRuleWant("-1", 0, 65535, []string{}, "module.n.aws_security_group_rule.e")),
				get(t, r, "possible_egress"), id)
			assert.Empty(t, r.Source.Related, "a rule that may not apply is not joined")
		}
		root := resource(t, rs, "aws_security_group.root")
		assert.Empty(t, root.Unknown)
		assert.NotContains(t, root.Attributes, "possible_ingress")
	})
	t.Run("rule of unknown type", func(t *testing.T) {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{
			mb("aws_security_group.g", m{"name": "g"}),
			mb("aws_security_group_rule.r", m{"security_group_id": "aws_security_group.g", "protocol": "tcp",
				"from_port": 22, "to_port": 22}, "type"),
		})), "aws_security_group.g")
		assert.Equal(t, []string{"egress.0", "ingress.0"}, r.Unknown)
		assert.Len(t, get(t, r, "possible_ingress"), 1)
		assert.Len(t, get(t, r, "possible_egress"), 1)
	})
}

// A standalone rule whose security group cannot be resolved must not hide a group's own rules (Checkov's
// example_SecurityGroupUnrestrictedIngress22: an inline rule opens port 22 to the internet): the known
// rules stay known, the unresolved rule is listed as possible on every group it may name, and only the
// index past the known rules is unknown. Before, every group of the module had its ingress unknown.
func TestSecurityGroupUnresolvedRuleKeepsKnownRules(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_security_group.open", m{"name": "open",
			"ingress": l(m{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": l("0.0.0.0/0")})}),
		mb("aws_security_group.private", m{"name": "private",
			"ingress": l(m{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": l("10.0.0.0/8")})}),
		mb("aws_security_group_rule.shared", m{"type": "ingress", "protocol": "tcp", "from_port": 443,
			"to_port": 443, "cidr_blocks": l("0.0.0.0/0", nil)}, "security_group_id", "cidr_blocks.1"),
		mb("aws_security_group_rule.known", m{"type": "ingress", "security_group_id": "aws_security_group.private",
			"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": l("10.0.0.0/8")}),
	}))
	open := resource(t, rs, "aws_security_group.open")
	assert.Equal(t, l(sgRuleWant("tcp", 22, 22, []string{"0.0.0.0/0"}, "aws_security_group.open")), get(t, open, "ingress"))
	shared := sgRuleWant("tcp", 443, 443, []string{"0.0.0.0/0"}, "aws_security_group_rule.shared")
	assert.Equal(t, l(shared), get(t, open, "possible_ingress"))
	assert.Equal(t, []string{"ingress.1", "possible_ingress.0.cidr_blocks"}, open.Unknown)
	assert.Equal(t, l(), get(t, open, "egress"))
	assert.NotContains(t, open.Attributes, "possible_egress")

	private := resource(t, rs, "aws_security_group.private")
	assert.Equal(t, l(
		sgRuleWant("tcp", 22, 22, []string{"10.0.0.0/8"}, "aws_security_group.private"),
		sgRuleWant("tcp", 80, 80, []string{"10.0.0.0/8"}, "aws_security_group_rule.known"),
	), get(t, private, "ingress"))
	assert.Equal(t, l(shared), get(t, private, "possible_ingress"))
	assert.Equal(t, []string{"ingress.2", "possible_ingress.0.cidr_blocks"}, private.Unknown)
	assert.Equal(t, []string{"aws_security_group_rule.known"}, private.Source.Related)
}

func TestEBSVolume(t *testing.T) {
	tests := []struct {
		name    string
		blocks  []iac.Block
		want    any
		unknown bool
	}{
		{"explicit", []iac.Block{mb("aws_ebs_volume.v", m{"encrypted": true, "size": 10})}, true, false},
		{"default unencrypted", []iac.Block{mb("aws_ebs_volume.v", m{"size": 10})}, false, false},
		{"unknown", []iac.Block{mb("aws_ebs_volume.v", m{}, "encrypted")}, nil, true},
		// The snapshot's encryption, which the configuration does not require: null, known.
		{"from snapshot", []iac.Block{mb("aws_ebs_volume.v", m{"snapshot_id": "snap-1"})}, nil, false},
		{"from snapshot, encryption by default", []iac.Block{mb("aws_ebs_volume.v", m{"snapshot_id": "snap-1"}), mb("aws_ebs_encryption_by_default.d", m{})}, true, false},
		{"encryption by default", []iac.Block{mb("aws_ebs_volume.v", m{}), mb("aws_ebs_encryption_by_default.d", m{})}, true, false},
		{"encryption by default off", []iac.Block{mb("aws_ebs_volume.v", m{}), mb("aws_ebs_encryption_by_default.d", m{"enabled": false})}, false, false},
		{"encryption by default unknown", []iac.Block{mb("aws_ebs_volume.v", m{}), mb("aws_ebs_encryption_by_default.d", m{}, "enabled")}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(t, schemaValid(t, Adapt(tt.blocks)), "aws_ebs_volume.v")
			assert.Equal(t, tt.want, get(t, r, "encrypted"))
			assert.Equal(t, tt.unknown, r.IsUnknown("encrypted"))
		})
	}
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_ebs_volume.v", m{"size": "10", "availability_zone": "eu-west-1a"})})), "aws_ebs_volume.v")
	assert.Equal(t, m{"encrypted": false, "kms_key_id": nil, "size": int64(10), "type": "gp2", "availability_zone": "eu-west-1a",
		"attached_instances": []string{}}, r.Attributes)
}

// TestVolumeAttachments: aws_volume_attachment gives the instances a volume is attached to (DLM
// INSTANCE policies snapshot them); one that cannot be attributed leaves the list unknown.
func TestVolumeAttachments(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_instance.web", m{}), mb("aws_instance.db", m{}),
		mb("aws_ebs_volume.data", m{}), mb("aws_ebs_volume.logs", m{}), mb("aws_ebs_volume.free", m{}),
		mb("aws_volume_attachment.web", m{"volume_id": "aws_ebs_volume.data.id", "instance_id": "aws_instance.web.id", "device_name": "/dev/sdf"}),
		mb("aws_volume_attachment.db", m{"volume_id": "aws_ebs_volume.data", "instance_id": "aws_instance.db", "device_name": "/dev/sdg"}),
		mb("aws_volume_attachment.logs", m{"volume_id": "aws_ebs_volume.logs", "device_name": "/dev/sdh"}, "instance_id"),
	}))
	data := resource(t, rs, "aws_ebs_volume.data")
	assert.Equal(t, []string{"aws_instance.db", "aws_instance.web"}, get(t, data, "attached_instances"))
	assert.Equal(t, []string{"aws_volume_attachment.db", "aws_volume_attachment.web"}, data.Source.Related)
	logs := resource(t, rs, "aws_ebs_volume.logs")
	assert.True(t, logs.IsUnknown("attached_instances"))
	assert.Equal(t, []string{}, get(t, resource(t, rs, "aws_ebs_volume.free"), "attached_instances"))
}

func TestInstance(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_instance.i", m{"ami": "data.aws_ami.ubuntu", "instance_type": "t3.micro"})})), "aws_instance.i")
	assert.Equal(t, m{
		"instance_type": "t3.micro", "ami": "data.aws_ami.ubuntu",
		"metadata_options":            m{"http_tokens": nil, "http_endpoint": "enabled"},
		"root_block_device":           m{"encrypted": nil},
		"ebs_block_devices":           l(),
		"associate_public_ip_address": nil,
		"iam_instance_profile":        nil,
	}, r.Attributes)
	// Left to the AMI, with no account default declared: null, the configuration does not require them.
	assert.Equal(t, []string{"associate_public_ip_address"}, r.Unknown)

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_instance.i", m{"ami": "ami-1", "instance_type": "t3.micro",
		"metadata_options":            l(m{"http_tokens": "required"}),
		"root_block_device":           l(m{"encrypted": true}),
		"ebs_block_device":            l(m{"device_name": "/dev/sdb"}, m{"device_name": "/dev/sdc", "encrypted": true}),
		"associate_public_ip_address": false, "tags": m{"Name": "bastion"},
	})})), "aws_instance.i")
	assert.Empty(t, r.Unknown)
	assert.Equal(t, "bastion", r.Name)
	assert.Equal(t, "required", get(t, r, "metadata_options.http_tokens"))
	assert.Equal(t, true, get(t, r, "root_block_device.encrypted"))
	assert.Equal(t, l(m{"device_name": "/dev/sdb", "encrypted": false}, m{"device_name": "/dev/sdc", "encrypted": true}),
		get(t, r, "ebs_block_devices"))

	r = resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_instance.i", m{"metadata_options": l(m{"http_tokens": nil})}, "metadata_options.0.http_tokens"),
		mb("aws_ebs_encryption_by_default.on", m{"enabled": true}),
	})), "aws_instance.i")
	assert.Equal(t, true, get(t, r, "root_block_device.encrypted"))
	assert.True(t, r.IsUnknown("metadata_options.http_tokens"))
}

// TestInstanceExternalDefaults: a setting the configuration leaves to the AMI is null (not required)
// unless the configuration declares the account default, or the value is truly unknown.
func TestInstanceExternalDefaults(t *testing.T) {
	inst := func(attrs m, unknown ...string) iac.Block { return mb("aws_instance.i", attrs, unknown...) }
	tests := []struct {
		name            string
		blocks          []iac.Block
		tokens, encrypt any
		unknown         []string
	}{
		{"nothing declared", []iac.Block{inst(m{})}, nil, nil, nil},
		{"account defaults declared", []iac.Block{inst(m{}),
			mb("aws_ec2_instance_metadata_defaults.d", m{"http_tokens": "required"}),
			mb("aws_ebs_encryption_by_default.d", m{"enabled": true})}, "required", true, nil},
		{"account IMDS default does not require", []iac.Block{inst(m{}),
			mb("aws_ec2_instance_metadata_defaults.d", m{"http_tokens": "no-preference"})}, nil, nil, nil},
		{"account defaults unknown", []iac.Block{inst(m{}),
			mb("aws_ec2_instance_metadata_defaults.d", m{}, "http_tokens"),
			mb("aws_ebs_encryption_by_default.d", m{}, "enabled")}, nil, nil,
			[]string{"metadata_options.http_tokens", "root_block_device.encrypted"}},
		{"account defaults in another region", []iac.Block{inst(m{}),
			mb("aws_ec2_instance_metadata_defaults.d", m{"http_tokens": "required", "region": "us-east-1"}),
			mb("aws_ebs_encryption_by_default.d", m{"region": "us-east-1"})}, nil, nil, nil},
		{"launch template may set them", []iac.Block{inst(m{"launch_template": l(m{"id": "lt-1"})})}, nil, nil,
			[]string{"iam_instance_profile", "metadata_options.http_endpoint", "metadata_options.http_tokens", "root_block_device.encrypted"}},
		{"values unknown", []iac.Block{inst(m{"metadata_options": l(m{"http_tokens": nil}), "root_block_device": l(m{"encrypted": nil})},
			"metadata_options.0.http_tokens", "root_block_device.0.encrypted")}, nil, nil,
			[]string{"metadata_options.http_tokens", "root_block_device.encrypted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(t, schemaValid(t, Adapt(tt.blocks)), "aws_instance.i")
			assert.Equal(t, tt.tokens, get(t, r, "metadata_options.http_tokens"))
			assert.Equal(t, tt.encrypt, get(t, r, "root_block_device.encrypted"))
			var unknown []string
			for _, u := range r.Unknown {
				if u != "associate_public_ip_address" {
					unknown = append(unknown, u)
				}
			}
			assert.Equal(t, tt.unknown, unknown)
		})
	}
}

// AWS provider v6 lets a resource set its own region: EBS encryption by default in the provider's region
// does not cover a volume placed in another one, and a setting whose region cannot be told proves nothing.
func TestEncryptionByDefaultRegion(t *testing.T) {
	region := func(b iac.Block, provider string) iac.Block { b.Region = provider; return b }
	vol := func(attrs m, unknown ...string) iac.Block { return mb("aws_ebs_volume.v", attrs, unknown...) }
	ebd := mb("aws_ebs_encryption_by_default.d", m{})
	tests := []struct {
		name    string
		blocks  []iac.Block
		want    any
		unknown bool
		region  string
	}{
		{"volume in another region by argument", []iac.Block{vol(m{"region": "us-east-1"}), ebd}, false, false, "us-east-1"},
		{"setting in the volume's region by argument", []iac.Block{vol(m{"region": "us-east-1"}),
			mb("aws_ebs_encryption_by_default.d", m{"region": "us-east-1"})}, true, false, "us-east-1"},
		{"volume region argument unknown", []iac.Block{vol(m{}, "region"), ebd}, nil, true, ""},
		{"volume's provider region unknown", []iac.Block{region(vol(m{}), ""), ebd}, nil, true, ""},
		{"both provider regions unknown", []iac.Block{region(vol(m{}), ""), region(ebd, "")}, true, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(t, schemaValid(t, Adapt(tt.blocks)), "aws_ebs_volume.v")
			assert.Equal(t, tt.want, get(t, r, "encrypted"))
			assert.Equal(t, tt.unknown, r.IsUnknown("encrypted"))
			assert.Equal(t, tt.region, r.Region)
		})
	}
}
