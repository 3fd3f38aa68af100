package aws

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

func TestConfigCollectsRecorders(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	ctx := context.Background()
	api := configservice.NewFromConfig(sess.Cfg)
	_, err := api.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cfgtypes.ConfigurationRecorder{
		Name: aws.String("gov-default"), RoleARN: aws.String("arn:aws:iam::123456789012:role/config"),
		RecordingGroup: &cfgtypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true}}})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = api.DeleteConfigurationRecorder(ctx, &configservice.DeleteConfigurationRecorderInput{ConfigurationRecorderName: aws.String("gov-default")})
	})
	// kumo lacks the delivery channel operations.
	govJSONAnswer(srv, "config", "DescribeDeliveryChannels", func(map[string]any) string {
		return `{"DeliveryChannels":[{"name":"gov-channel","s3BucketName":"gov-config-history"}]}`
	})
	// kumo lacks DescribeConfigurationRecorderStatus.
	govJSONAnswer(srv, "config", "DescribeConfigurationRecorderStatus", func(map[string]any) string {
		return `{"ConfigurationRecordersStatus":[{"name":"gov-default","recording":true,"lastStatus":"Success","lastStartTime":1.7e9}]}`
	})
	sink := govSink()
	// The EC2 collector's fact for the same region must survive.
	sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, "regions.eu-west-1.ebs_encryption_by_default", true) })
	collectConfig(ctx, sess, sink)
	assert.Empty(t, sink.Issues(govAccount, "eu-west-1"))
	var rec inventory.Resource
	for _, r := range schemaValid(t, sink.Resources()) {
		if r.Type == inventory.TypeConfigRecorder && r.Name == "gov-default" {
			rec = r
		}
	}
	require.Equal(t, "gov-default", rec.Name)
	assert.Equal(t, "arn:aws:config:eu-west-1:123456789012:configuration-recorder/gov-default", rec.ID)
	assert.Equal(t, "eu-west-1", rec.Region)
	assert.Equal(t, map[string]any{"name": "gov-default", "recording": true, "all_supported": true, "include_global_resource_types": true,
		"last_status": "SUCCESS", "role_arn": "arn:aws:iam::123456789012:role/config",
		"delivery_channel": map[string]any{"name": "gov-channel", "s3_bucket_name": "gov-config-history", "sns_topic_arn": nil}}, rec.Attributes)
	assert.Empty(t, rec.Unknown)
	acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, map[string]any{"eu-west-1": map[string]any{"ebs_encryption_by_default": true, "config_recorder_on": true}}, acct.Attributes["regions"])
}

func TestConfigRegionStates(t *testing.T) {
	for name, tc := range map[string]struct {
		setup       func(srv *awstest.Server)
		on          any
		unknown     []string
		recorder    map[string]any
		recUnknown  []string
		issueAPI    string
		statusCalls int
	}{
		"no recorder": {
			setup: func(srv *awstest.Server) {
				govJSONAnswer(srv, "config", "DescribeConfigurationRecorders", func(map[string]any) string { return `{"ConfigurationRecorders":[]}` })
			},
			on: false,
		},
		"stopped recorder": {
			setup: func(srv *awstest.Server) {
				govJSONAnswer(srv, "config", "DescribeConfigurationRecorders", func(map[string]any) string {
					return `{"ConfigurationRecorders":[{"name":"r","arn":"arn:aws:config:eu-west-1:123456789012:configuration-recorder/r/abc","recordingGroup":{"allSupported":false,"resourceTypes":["AWS::S3::Bucket"]}}]}`
				})
				govJSONAnswer(srv, "config", "DescribeConfigurationRecorderStatus", func(map[string]any) string {
					return `{"ConfigurationRecordersStatus":[{"name":"r","recording":false,"lastStatus":"Failure","lastErrorCode":"NoAvailableDeliveryChannel"}]}`
				})
				govJSONAnswer(srv, "config", "DescribeDeliveryChannels", func(map[string]any) string { return `{"DeliveryChannels":[]}` })
			},
			on: false,
			recorder: map[string]any{"name": "r", "recording": false, "all_supported": false, "include_global_resource_types": false, "last_status": "FAILURE", "role_arn": nil,
				"delivery_channel": nil},
			statusCalls: 1,
		},
		"recorders denied": {
			setup: func(srv *awstest.Server) {
				govJSONError(srv, "config", "DescribeConfigurationRecorders", func(map[string]any) bool { return true }, http.StatusBadRequest, "AccessDeniedException")
			},
			unknown:  []string{"regions.eu-west-1.config_recorder_on"},
			issueAPI: "DescribeConfigurationRecorders",
		},
		"status denied": {
			setup: func(srv *awstest.Server) {
				govJSONAnswer(srv, "config", "DescribeConfigurationRecorders", func(map[string]any) string {
					return `{"ConfigurationRecorders":[{"name":"r","arn":"arn:aws:config:eu-west-1:123456789012:configuration-recorder/r/abc"}]}`
				})
				govJSONError(srv, "config", "DescribeConfigurationRecorderStatus", func(map[string]any) bool { return true }, http.StatusBadRequest, "AccessDeniedException")
				govJSONAnswer(srv, "config", "DescribeDeliveryChannels", func(map[string]any) string {
					return `{"DeliveryChannels":[{"name":"default","s3BucketName":"history","snsTopicARN":"arn:aws:sns:eu-west-1:123456789012:config"}]}`
				})
			},
			unknown: []string{"regions.eu-west-1.config_recorder_on"},
			recorder: map[string]any{"name": "r", "all_supported": true, "include_global_resource_types": false, "role_arn": nil,
				"delivery_channel": map[string]any{"name": "default", "s3_bucket_name": "history", "sns_topic_arn": "arn:aws:sns:eu-west-1:123456789012:config"}},
			recUnknown:  []string{"recording", "last_status"},
			issueAPI:    "DescribeConfigurationRecorderStatus",
			statusCalls: 1,
		},
		"delivery channels denied": {
			setup: func(srv *awstest.Server) {
				govJSONAnswer(srv, "config", "DescribeConfigurationRecorders", func(map[string]any) string {
					return `{"ConfigurationRecorders":[{"name":"r","arn":"arn:aws:config:eu-west-1:123456789012:configuration-recorder/r/abc"}]}`
				})
				govJSONAnswer(srv, "config", "DescribeConfigurationRecorderStatus", func(map[string]any) string {
					return `{"ConfigurationRecordersStatus":[{"name":"r","recording":true,"lastStatus":"Success"}]}`
				})
				govJSONError(srv, "config", "DescribeDeliveryChannels", func(map[string]any) bool { return true }, http.StatusBadRequest, "AccessDeniedException")
			},
			on:          true,
			recorder:    map[string]any{"name": "r", "recording": true, "all_supported": true, "include_global_resource_types": false, "role_arn": nil, "last_status": "SUCCESS"},
			recUnknown:  []string{"delivery_channel"},
			issueAPI:    "DescribeDeliveryChannels",
			statusCalls: 1,
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := awstest.New(t)
			sess := govSession(t, srv, "eu-west-1")
			tc.setup(srv)
			sink := govSink()
			collectConfig(context.Background(), sess, sink)
			got := govByID(t, sink)
			acct := got["arn:aws:iam::123456789012:root"]
			assert.Equal(t, map[string]any{"eu-west-1": map[string]any{"config_recorder_on": tc.on}}, acct.Attributes["regions"])
			if tc.unknown == nil {
				assert.Empty(t, acct.Unknown)
			} else {
				assert.Equal(t, tc.unknown, acct.Unknown)
			}
			rec, ok := got["arn:aws:config:eu-west-1:123456789012:configuration-recorder/r/abc"]
			assert.Equal(t, tc.recorder != nil, ok)
			if ok {
				assert.Equal(t, tc.recorder, rec.Attributes)
				assert.ElementsMatch(t, tc.recUnknown, rec.Unknown)
			}
			if tc.issueAPI != "" {
				is := govIssue(t, sink, govAccount, "eu-west-1", tc.issueAPI)
				assert.Equal(t, CodeAccessDenied, is.Code)
				assert.Equal(t, "config", is.Service)
			} else {
				assert.Empty(t, sink.Issues(govAccount, "eu-west-1"))
			}
			assert.Equal(t, tc.statusCalls, srv.Calls()[awstest.Op{Service: "config", Action: "DescribeConfigurationRecorderStatus"}])
		})
	}
}
