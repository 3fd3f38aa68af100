package aws

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

func TestCloudTrailCollectsTrailsOfTheirHomeRegion(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "us-east-1") // kumo's home region for trails
	ctx := context.Background()
	api := cloudtrail.NewFromConfig(sess.Cfg)
	for _, in := range []*cloudtrail.CreateTrailInput{
		{Name: aws.String("gov-org"), S3BucketName: aws.String("trail-logs"), IsMultiRegionTrail: aws.Bool(true),
			EnableLogFileValidation: aws.Bool(true), KmsKeyId: aws.String("arn:aws:kms:us-east-1:123456789012:key/k1"),
			IncludeGlobalServiceEvents: aws.Bool(true), CloudWatchLogsLogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:ct:*"),
			CloudWatchLogsRoleArn: aws.String("arn:aws:iam::123456789012:role/ct"),
			TagsList:              []cttypes.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}},
		{Name: aws.String("gov-local"), S3BucketName: aws.String("local-logs"), IncludeGlobalServiceEvents: aws.Bool(false)},
	} {
		_, err := api.CreateTrail(ctx, in)
		require.NoError(t, err)
		name := in.Name
		t.Cleanup(func() { _, _ = api.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: name}) })
	}
	_, err := api.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("gov-org")})
	require.NoError(t, err)
	// kumo lacks GetEventSelectors.
	govJSONAnswer(srv, "cloudtrail", "GetEventSelectors", func(req map[string]any) string {
		if name, _ := req["TrailName"].(string); strings.HasSuffix(name, "/gov-local") {
			return `{"TrailARN":"x","EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":false,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]}`
		}
		return `{"TrailARN":"x","AdvancedEventSelectors":[{"Name":"mgmt","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]}`
	})

	sink := govSink()
	collectCloudTrail(ctx, sess, sink)
	assert.Empty(t, sink.Issues(govAccount, "us-east-1"))
	byName := map[string]inventory.Resource{}
	for _, r := range schemaValid(t, sink.Resources()) {
		if r.Type == inventory.TypeCloudTrailTrail {
			byName[r.Name] = r
		}
	}
	org := byName["gov-org"]
	assert.Equal(t, "us-east-1", org.Region)
	assert.Contains(t, org.ID, ":trail/gov-org")
	assert.Equal(t, map[string]any{
		"name": "gov-org", "s3_bucket_name": "trail-logs", "multi_region": true, "log_file_validation": true,
		"kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/k1", "logging": true, "include_global_service_events": true,
		"cloudwatch_logs_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:ct:*",
		"management_events":         map[string]any{"enabled": true, "read_write_type": "All"},
		"s3_data_events":            map[string]any{"read": false, "write": false},
	}, org.Attributes)
	assert.Equal(t, map[string]string{"team": "sec"}, org.Tags)
	assert.Empty(t, org.Unknown)

	local := byName["gov-local"]
	assert.Equal(t, false, local.Attributes["multi_region"])
	assert.Equal(t, false, local.Attributes["logging"])
	assert.Nil(t, local.Attributes["kms_key_id"])
	assert.Nil(t, local.Attributes["cloudwatch_logs_group_arn"])
	assert.Equal(t, map[string]any{"enabled": false, "read_write_type": nil}, local.Attributes["management_events"])
	assert.Equal(t, map[string]any{"read": true, "write": true}, local.Attributes["s3_data_events"], "every bucket's objects")

	acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, map[string]any{"us-east-1": map[string]any{"cloudtrail_trails": int64(len(byName))}}, acct.Attributes["regions"])
}

func TestCloudTrailFailuresAndShadowTrails(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	arn := func(region, name string) string {
		return "arn:aws:cloudtrail:" + region + ":123456789012:trail/" + name
	}
	govJSONAnswer(srv, "cloudtrail", "DescribeTrails", func(req map[string]any) string {
		if req["includeShadowTrails"] != false {
			t.Errorf("includeShadowTrails = %v, want false", req["includeShadowTrails"])
		}
		return `{"trailList":[` +
			`{"Name":"home","TrailARN":"` + arn("eu-west-1", "home") + `","HomeRegion":"eu-west-1","IsMultiRegionTrail":true,"S3BucketName":"b","IncludeGlobalServiceEvents":true,"LogFileValidationEnabled":false},` +
			`{"Name":"elsewhere","TrailARN":"` + arn("us-east-1", "elsewhere") + `","HomeRegion":"us-east-1","IsMultiRegionTrail":true,"S3BucketName":"b"}]}`
	})
	govJSONError(srv, "cloudtrail", "GetTrailStatus", func(map[string]any) bool { return true }, http.StatusBadRequest, "AccessDeniedException")
	govJSONError(srv, "cloudtrail", "GetEventSelectors", func(map[string]any) bool { return true }, http.StatusBadRequest, "ThrottlingException")
	govJSONError(srv, "cloudtrail", "ListTags", func(map[string]any) bool { return true }, http.StatusBadRequest, "AccessDeniedException")

	sink := govSink()
	collectCloudTrail(context.Background(), sess, sink)
	got := govByID(t, sink)
	assert.NotContains(t, got, arn("us-east-1", "elsewhere"), "collected in its home region only")
	home := got[arn("eu-west-1", "home")]
	assert.ElementsMatch(t, []string{"logging", "management_events", "s3_data_events", "tags"}, home.Unknown)
	assert.NotContains(t, home.Attributes, "logging")
	assert.Equal(t, true, home.Attributes["multi_region"])
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink, govAccount, "eu-west-1", "GetTrailStatus").Code)
	is := govIssue(t, sink, govAccount, "eu-west-1", "GetEventSelectors")
	assert.Equal(t, CodeThrottling, is.Code)
	assert.Equal(t, "cloudtrail", is.Service)
	assert.Equal(t, 3, srv.Calls()[awstest.Op{Service: "cloudtrail", Action: "GetEventSelectors"}])
	acct := got["arn:aws:iam::123456789012:root"]
	assert.Equal(t, int64(1), acct.Attributes["regions"].(map[string]any)["eu-west-1"].(map[string]any)["cloudtrail_trails"])

	// DescribeTrails denied: nothing is known about the region's trails.
	srv2 := awstest.New(t)
	sess2 := govSession(t, srv2, "eu-west-1")
	govJSONError(srv2, "cloudtrail", "DescribeTrails", func(map[string]any) bool { return true }, http.StatusBadRequest, "AccessDeniedException")
	sink2 := govSink()
	collectCloudTrail(context.Background(), sess2, sink2)
	acct2 := govByID(t, sink2)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, []string{"regions.eu-west-1.cloudtrail_trails"}, acct2.Unknown)
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink2, govAccount, "eu-west-1", "DescribeTrails").Code)
}

func TestCloudTrailManagementEvents(t *testing.T) {
	sel := func(incl *bool, rw cttypes.ReadWriteType) cttypes.EventSelector {
		return cttypes.EventSelector{IncludeManagementEvents: incl, ReadWriteType: rw}
	}
	adv := func(fields ...cttypes.AdvancedFieldSelector) cttypes.AdvancedEventSelector {
		return cttypes.AdvancedEventSelector{FieldSelectors: fields}
	}
	field := func(name string, eq ...string) cttypes.AdvancedFieldSelector {
		return cttypes.AdvancedFieldSelector{Field: aws.String(name), Equals: eq}
	}
	on := func(rw string) map[string]any { return map[string]any{"enabled": true, "read_write_type": rw} }
	off := map[string]any{"enabled": false, "read_write_type": nil}
	for name, tc := range map[string]struct {
		in   cloudtrail.GetEventSelectorsOutput
		want map[string]any
	}{
		"no selectors: the default":   {cloudtrail.GetEventSelectorsOutput{}, on("All")},
		"basic default":               {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{sel(nil, "")}}, on("All")},
		"basic read and write merged": {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{sel(aws.Bool(true), "ReadOnly"), sel(aws.Bool(true), "WriteOnly")}}, on("All")},
		"basic write only":            {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{sel(aws.Bool(true), "WriteOnly")}}, on("WriteOnly")},
		"basic excluded":              {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{sel(aws.Bool(false), "All")}}, off},
		"advanced management":         {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{adv(field("eventCategory", "Management"))}}, on("All")},
		"advanced read only": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Management"), field("readOnly", "true"))}}, on("ReadOnly")},
		"advanced data only": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"))}}, off},
	} {
		assert.Equal(t, tc.want, cloudtrailManagementEvents(&tc.in), name)
	}
}

func TestCloudTrailS3DataEvents(t *testing.T) {
	basic := func(rw string, typ string, values ...string) cttypes.EventSelector {
		return cttypes.EventSelector{ReadWriteType: cttypes.ReadWriteType(rw),
			DataResources: []cttypes.DataResource{{Type: aws.String(typ), Values: values}}}
	}
	adv := func(fields ...cttypes.AdvancedFieldSelector) cttypes.AdvancedEventSelector {
		return cttypes.AdvancedEventSelector{Name: aws.String("s"), FieldSelectors: fields}
	}
	field := func(name string, eq ...string) cttypes.AdvancedFieldSelector {
		return cttypes.AdvancedFieldSelector{Field: aws.String(name), Equals: eq}
	}
	events := func(read, write bool) map[string]any { return map[string]any{"read": read, "write": write} }
	for name, tc := range map[string]struct {
		in   cloudtrail.GetEventSelectorsOutput
		want map[string]any
	}{
		"no selectors":            {cloudtrail.GetEventSelectorsOutput{}, events(false, false)},
		"basic all buckets":       {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{basic("All", "AWS::S3::Object", "arn:aws:s3")}}, events(true, true)},
		"basic all buckets, gov":  {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{basic("WriteOnly", "AWS::S3::Object", "arn:aws-us-gov:s3:::")}}, events(false, true)},
		"basic default direction": {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{basic("", "AWS::S3::Object", "arn:aws:s3")}}, events(true, true)},
		"basic one bucket":        {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{basic("All", "AWS::S3::Object", "arn:aws:s3:::logs/")}}, events(false, false)},
		"basic lambda":            {cloudtrail.GetEventSelectorsOutput{EventSelectors: []cttypes.EventSelector{basic("All", "AWS::Lambda::Function", "arn:aws:lambda")}}, events(false, false)},
		"advanced all objects": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"))}}, events(true, true)},
		"advanced read and write apart": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"), field("readOnly", "true")),
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"), field("readOnly", "false"))}}, events(true, true)},
		"advanced write only": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"), field("readOnly", "false"))}}, events(false, true)},
		"advanced one bucket": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"), field("resources.ARN", "arn:aws:s3:::logs/"))}}, events(false, false)},
		"advanced excluding some events": {cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			adv(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object"),
				cttypes.AdvancedFieldSelector{Field: aws.String("eventName"), NotEquals: []string{"GetObject"}})}}, events(false, false)},
	} {
		assert.Equal(t, tc.want, cloudtrailS3DataEvents(&tc.in), name)
	}
}
