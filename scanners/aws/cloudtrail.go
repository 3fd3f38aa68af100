package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: cloudtrailService, Collect: collectCloudTrail})
}

const (
	cloudtrailService = "cloudtrail"
	cloudtrailWorkers = 4
	// cloudtrailTagBatch is how many trail ARNs ListTags accepts at once.
	cloudtrailTagBatch = 20
)

// collectCloudTrail reads the trails whose home region is the session's: a multi-region trail is
// listed once, in its home region (shadow trails are left out). The number of trails is recorded on
// aws.account as regions.<region>.cloudtrail_trails, so account rules can tell a region without trails
// from one that could not be read.
func collectCloudTrail(ctx context.Context, sess *Session, sink *Sink) {
	api := cloudtrail.NewFromConfig(sess.Cfg)
	countPath := "regions." + sess.Region + ".cloudtrail_trails"
	out, err := api.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		sink.Fail(sess, cloudtrailService, "DescribeTrails", err)
		sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, countPath, nil); r.MarkUnknown(countPath) })
		return
	}
	var trails []cttypes.Trail
	for _, t := range out.TrailList {
		if h := aws.ToString(t.HomeRegion); h != "" && h != sess.Region {
			continue // listed again in its home region
		}
		trails = append(trails, t)
	}
	sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, countPath, int64(len(trails))) })

	res := make([]inventory.Resource, len(trails))
	forEach(cloudtrailWorkers, trails, func(i int, t cttypes.Trail) { res[i] = cloudtrailTrail(ctx, api, sess, sink, t) })
	cloudtrailTags(ctx, api, sess, sink, res)
	for _, r := range res {
		sink.Add(r)
	}
}

// cloudtrailTrail maps one trail, with its logging status and event selectors.
func cloudtrailTrail(ctx context.Context, api *cloudtrail.Client, sess *Session, sink *Sink, t cttypes.Trail) inventory.Resource {
	name := aws.ToString(t.Name)
	arn := aws.ToString(t.TrailARN)
	if arn == "" {
		arn = sess.ARN("cloudtrail", sess.Region, "trail/"+name)
	}
	r := sink.NewResource(sess, arn, inventory.TypeCloudTrailTrail, name, "DescribeTrails")
	r.Attributes["name"] = name
	r.Attributes["s3_bucket_name"] = optString(t.S3BucketName)
	r.Attributes["multi_region"] = aws.ToBool(t.IsMultiRegionTrail)
	r.Attributes["log_file_validation"] = aws.ToBool(t.LogFileValidationEnabled)
	r.Attributes["kms_key_id"] = optString(t.KmsKeyId)
	r.Attributes["include_global_service_events"] = aws.ToBool(t.IncludeGlobalServiceEvents)
	r.Attributes["cloudwatch_logs_group_arn"] = optString(t.CloudWatchLogsLogGroupArn)

	st, err := api.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
	if err != nil {
		sink.Fail(sess, cloudtrailService, "GetTrailStatus", err)
		r.MarkUnknown("logging")
	} else {
		r.Attributes["logging"] = aws.ToBool(st.IsLogging)
	}

	sel, err := api.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)})
	if err != nil {
		sink.Fail(sess, cloudtrailService, "GetEventSelectors", err)
		r.MarkUnknown("management_events")
	} else {
		r.Attributes["management_events"] = cloudtrailManagementEvents(sel)
	}
	return r
}

// Read/write types of management events.
const (
	ctAll       = "All"
	ctReadOnly  = "ReadOnly"
	ctWriteOnly = "WriteOnly"
)

// cloudtrailManagementEvents summarises which management events a trail records:
// {enabled, read_write_type} with read_write_type All, ReadOnly or WriteOnly (null when disabled).
// Basic selectors record them unless IncludeManagementEvents is false; advanced selectors record them
// when a selector's eventCategory equals Management, read-only or write-only when it also filters
// readOnly. A trail without selectors records all management events (CloudTrail's default).
func cloudtrailManagementEvents(out *cloudtrail.GetEventSelectorsOutput) map[string]any {
	read, write := false, false
	add := func(rw string) {
		read = read || rw == ctAll || rw == ctReadOnly
		write = write || rw == ctAll || rw == ctWriteOnly
	}
	switch {
	case len(out.AdvancedEventSelectors) > 0:
		for _, s := range out.AdvancedEventSelectors {
			management, rw := false, ctAll
			for _, f := range s.FieldSelectors {
				switch aws.ToString(f.Field) {
				case "eventCategory":
					management = cloudtrailContains(f.Equals, "Management")
				case "readOnly":
					switch {
					case cloudtrailContains(f.Equals, "true") && !cloudtrailContains(f.Equals, "false"):
						rw = ctReadOnly
					case cloudtrailContains(f.Equals, "false") && !cloudtrailContains(f.Equals, "true"):
						rw = ctWriteOnly
					}
				}
			}
			if management {
				add(rw)
			}
		}
	case len(out.EventSelectors) > 0:
		for _, s := range out.EventSelectors {
			if s.IncludeManagementEvents != nil && !*s.IncludeManagementEvents {
				continue
			}
			rw := string(s.ReadWriteType)
			if rw == "" {
				rw = ctAll
			}
			add(rw)
		}
	default:
		add(ctAll)
	}
	switch {
	case read && write:
		return map[string]any{"enabled": true, "read_write_type": ctAll}
	case read:
		return map[string]any{"enabled": true, "read_write_type": ctReadOnly}
	case write:
		return map[string]any{"enabled": true, "read_write_type": ctWriteOnly}
	}
	return map[string]any{"enabled": false, "read_write_type": nil}
}

func cloudtrailContains(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// cloudtrailTags reads the trails' tags, up to cloudtrailTagBatch trails per ListTags call.
func cloudtrailTags(ctx context.Context, api *cloudtrail.Client, sess *Session, sink *Sink, res []inventory.Resource) {
	byARN := make(map[string]*inventory.Resource, len(res))
	for i := range res {
		byARN[res[i].ID] = &res[i]
	}
	for start := 0; start < len(res); start += cloudtrailTagBatch {
		end := min(start+cloudtrailTagBatch, len(res))
		ids := make([]string, 0, end-start)
		for _, r := range res[start:end] {
			ids = append(ids, r.ID)
		}
		p := cloudtrail.NewListTagsPaginator(api, &cloudtrail.ListTagsInput{ResourceIdList: ids})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				sink.Fail(sess, cloudtrailService, "ListTags", err)
				for _, r := range res[start:end] {
					byARN[r.ID].Tags = map[string]string{}
					byARN[r.ID].MarkUnknown("tags")
				}
				break
			}
			for _, rt := range page.ResourceTagList {
				r := byARN[aws.ToString(rt.ResourceId)]
				if r == nil {
					continue
				}
				for _, t := range rt.TagsList {
					r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
				}
			}
		}
	}
}
