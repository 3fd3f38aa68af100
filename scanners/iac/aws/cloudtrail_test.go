package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestCloudTrailS3DataEvents(t *testing.T) {
	trail := func(attrs m, unknown ...string) iac.Block {
		attrs["name"] = "t"
		return mb("aws_cloudtrail.t", attrs, unknown...)
	}
	fs := func(field string, equals ...any) m { return m{"field": field, "equals": l(equals...)} }
	for name, tc := range map[string]struct {
		block iac.Block
		want  any
	}{
		"no selectors": {trail(m{}), m{"read": false, "write": false}},
		"all buckets, default direction": {trail(m{"event_selector": l(m{"data_resource": l(
			m{"type": "AWS::S3::Object", "values": l("arn:aws:s3")})})}), m{"read": true, "write": true}},
		"write only": {trail(m{"event_selector": l(m{"read_write_type": "WriteOnly", "data_resource": l(
			m{"type": "AWS::S3::Object", "values": l("arn:aws:s3:::")})})}), m{"read": false, "write": true}},
		"one bucket": {trail(m{"event_selector": l(m{"data_resource": l(
			m{"type": "AWS::S3::Object", "values": l("arn:aws:s3:::logs/")})})}), m{"read": false, "write": false}},
		"advanced read only": {trail(m{"advanced_event_selector": l(m{"field_selector": l(
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"), fs("readOnly", "true"))})}), m{"read": true, "write": false}},
		"advanced on one bucket": {trail(m{"advanced_event_selector": l(m{"field_selector": l(
			fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"), m{"field": "resources.ARN", "starts_with": l("arn:aws:s3:::logs/")})})}),
			m{"read": false, "write": false}},
		"unknown values": {trail(m{"event_selector": l(m{"data_resource": l(
			m{"type": "AWS::S3::Object", "values": nil})})}, "event_selector.0.data_resource.0.values"), nil},
	} {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{tc.block})), "aws_cloudtrail.t")
		if tc.want == nil {
			assert.Contains(t, r.Unknown, "s3_data_events", name)
			continue
		}
		assert.Equal(t, tc.want, get(t, r, "s3_data_events"), name)
	}
}
