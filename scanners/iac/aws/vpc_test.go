package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestVPCFlowLogs(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_vpc.main", m{"cidr_block": "10.0.0.0/16", "tags": m{"Name": "main"}}),
		mb("aws_vpc.bare", m{"cidr_block": "10.1.0.0/16"}),
		mb("aws_default_vpc.default", m{}),
		mb("aws_flow_log.main", m{"vpc_id": "aws_vpc.main", "traffic_type": "ALL", "log_destination_type": "s3"}),
		mb("aws_flow_log.default", m{"vpc_id": "aws_default_vpc.default.id", "traffic_type": "REJECT"}),
		// A subnet's flow log covers no VPC.
		mb("aws_flow_log.subnet", m{"subnet_id": "aws_subnet.a", "traffic_type": "ALL"}),
	}))
	main := resource(t, rs, "aws_vpc.main")
	assert.Equal(t, "main", main.Name)
	assert.Equal(t, m{"cidr_block": "10.0.0.0/16", "is_default": false, "flow_logs_enabled": true,
		"flow_logs": l(m{"id": nil, "traffic_type": "ALL", "destination_type": "s3", "status": nil})}, main.Attributes)
	assert.Equal(t, []string{"flow_logs.0.status"}, main.Unknown, "the status is AWS's")
	assert.Equal(t, []string{"aws_flow_log.main"}, main.Source.Related)

	bare := resource(t, rs, "aws_vpc.bare")
	assert.Equal(t, false, get(t, bare, "flow_logs_enabled"))
	assert.Equal(t, l(), get(t, bare, "flow_logs"))
	assert.Empty(t, bare.Unknown)

	def := resource(t, rs, "aws_default_vpc.default")
	assert.Equal(t, true, get(t, def, "is_default"))
	assert.Equal(t, true, get(t, def, "flow_logs_enabled"))
	assert.Equal(t, "cloud-watch-logs", get(t, def, "flow_logs.0.destination_type"), "the provider's default")
	assert.Contains(t, def.Unknown, "cidr_block")
}

// A flow log whose VPC is unknown, or that may not exist, leaves the flow logs it may belong to unknown.
func TestVPCFlowLogsUncertain(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("module.net.aws_vpc.a", m{"cidr_block": "10.0.0.0/16"}),
		mb("module.net.aws_flow_log.a", m{"vpc_id": nil, "traffic_type": "ALL"}, "vpc_id"),
		mb("aws_vpc.b", m{"cidr_block": "10.1.0.0/16"}),
		mb("aws_flow_log.b", m{"vpc_id": "aws_vpc.b", "traffic_type": "ALL", "count": nil}, "count"),
		mb("aws_vpc.c", m{"cidr_block": "10.2.0.0/16"}),
	}))
	for _, id := range []string{"module.net.aws_vpc.a", "aws_vpc.b"} {
		r := resource(t, rs, id)
		assert.ElementsMatch(t, []string{"flow_logs", "flow_logs_enabled"}, r.Unknown, id)
	}
	assert.Equal(t, false, get(t, resource(t, rs, "aws_vpc.c"), "flow_logs_enabled"), "not in the flow log's module")
}

func TestDefaultSecurityGroup(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_default_security_group.closed", m{"vpc_id": "aws_vpc.main"}),
		mb("aws_default_security_group.open", m{"vpc_id": "aws_vpc.other",
			"ingress": l(m{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "self": true})}),
		mb("aws_security_group.web", m{"name": "web"}),
	}))
	closed := resource(t, rs, "aws_default_security_group.closed")
	assert.Equal(t, "default", closed.Name)
	assert.Equal(t, true, get(t, closed, "is_default"))
	assert.Equal(t, l(), get(t, closed, "ingress"), "Terraform removes every rule not written")
	assert.Equal(t, l(), get(t, closed, "egress"))
	assert.Empty(t, closed.Unknown)

	open := resource(t, rs, "aws_default_security_group.open")
	assert.Len(t, get(t, open, "ingress"), 1)
	assert.Equal(t, true, get(t, open, "ingress.0.self"))
	assert.Equal(t, false, get(t, resource(t, rs, "aws_security_group.web"), "is_default"))
}
