package terraform

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// data "aws_region" and data "aws_partition" are read at plan time from the provider configuration, so
// Terraform knows them; modules build policy ARNs from them. What needs credentials or API calls
// (aws_caller_identity, a region's endpoint) stays unknown, and so does everything when the provider's
// region is not known.
func TestProviderDataSources(t *testing.T) {
	res := load(t, "provider_data", Options{})
	bs := blocks(res)
	assert.Equal(t, "arn:aws:iam::aws:policy/ReadOnlyAccess", bs["aws_iam_role_policy_attachment.ro"].Attrs["policy_arn"])
	assert.Empty(t, bs["aws_iam_role_policy_attachment.ro"].Unknown)

	p := bs["aws_ssm_parameter.p"]
	tags := p.Attrs["tags"].(map[string]any)
	tests := []struct {
		tag  string
		want any
	}{
		{"region", "eu-west-1"},
		{"region_v6", "eu-west-1"},
		{"named", "us-west-2"},
		{"cn", "aws-cn"},
		{"cn_dns", "amazonaws.com.cn"},
		{"reverse_dns", "com.amazonaws"},
		{"unk_part", nil},
		{"unk_region", nil},
		{"account", nil},
		{"endpoint", nil},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			assert.Equal(t, tt.want, tags[tt.tag])
			assert.Equal(t, tt.want == nil, slices.Contains(p.Unknown, "tags."+tt.tag), p.Unknown)
		})
	}
}

func TestPartitionOf(t *testing.T) {
	tests := []struct {
		region, partition string
		ok                bool
	}{
		{"us-east-1", "aws", true},
		{"ap-southeast-4", "aws", true},
		{"cn-northwest-1", "aws-cn", true},
		{"us-gov-west-1", "aws-us-gov", true},
		{"us-iso-east-1", "aws-iso", true},
		{"us-isob-east-1", "aws-iso-b", true},
		{"eu-isoe-west-1", "aws-iso-e", true},
		{"localstack", "", false},
	}
	for _, tt := range tests {
		p, _, ok := partitionOf(tt.region)
		assert.Equal(t, tt.partition, p, tt.region)
		assert.Equal(t, tt.ok, ok, tt.region)
	}
}

// A data source vigil does not model yields unknown for any attribute the configuration does not set, also
// when the instance is chosen by an expression (x[each.key].attr), a splat or a for expression, and inside
// try() and can(), which used to turn the missing attribute into a failed call.
func TestUnmodelledDataSourceComputedAttributes(t *testing.T) {
	res := load(t, "data_computed", Options{})
	assert.Empty(t, issueMessages(res))
	bs := blocks(res)
	s3 := bs[`aws_vpc_endpoint.this["s3"]`]
	assert.Nil(t, s3.Attrs["service_name"])
	assert.Contains(t, s3.Unknown, "service_name")
	ecr := bs[`aws_vpc_endpoint.this["ecr"]`]
	assert.Equal(t, "com.amazonaws.vpce.ecr", ecr.Attrs["service_name"])
	assert.NotContains(t, ecr.Unknown, "service_name")

	p := bs["aws_ssm_parameter.p"]
	tags := p.Attrs["tags"].(map[string]any)
	assert.Equal(t, "s3", tags["service"])
	for _, tag := range []string{"splat", "for", "can"} {
		assert.Contains(t, p.Unknown, "tags."+tag)
	}
}
