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
		r.MarkUnknown("s3_data_events")
	} else {
		r.Attributes["management_events"] = cloudtrailManagementEvents(sel)
		r.Attributes["s3_data_events"] = cloudtrailS3DataEvents(sel)
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

// cloudtrailS3DataEvents tells whether a trail records the S3 object-level read and write events of every
// bucket: {read, write}. A basic selector counts when a data resource of type AWS::S3::Object names all
// buckets ("arn:<partition>:s3" or "arn:<partition>:s3:::"); its read_write_type decides read and write.
// An advanced selector counts when it selects eventCategory Data and resources.type AWS::S3::Object with
// no other condition than readOnly (an ARN, event name or other filter leaves events out).
func cloudtrailS3DataEvents(out *cloudtrail.GetEventSelectorsOutput) map[string]any {
	read, write := false, false
	add := func(rw string) {
		read = read || rw == ctAll || rw == ctReadOnly
		write = write || rw == ctAll || rw == ctWriteOnly
	}
	for _, s := range out.EventSelectors {
		for _, d := range s.DataResources {
			if aws.ToString(d.Type) != s3ObjectType || !allBuckets(d.Values) {
				continue
			}
			rw := string(s.ReadWriteType)
			if rw == "" {
				rw = ctAll
			}
			add(rw)
		}
	}
	for _, s := range out.AdvancedEventSelectors {
		fields := make([]advancedField, 0, len(s.FieldSelectors))
		for _, f := range s.FieldSelectors {
			fields = append(fields, advancedField{
				name: aws.ToString(f.Field), equals: f.Equals,
				other: len(f.NotEquals)+len(f.StartsWith)+len(f.NotStartsWith)+len(f.EndsWith)+len(f.NotEndsWith) > 0,
			})
		}
		if rw, ok := allS3Objects(fields); ok {
			add(rw)
		}
	}
	return map[string]any{"read": read, "write": write}
}

// s3ObjectType is the CloudTrail resource type of S3 object-level data events.
const s3ObjectType = "AWS::S3::Object"

// allBuckets reports whether data resource values select every bucket: an S3 ARN prefix without a
// bucket name, in any partition.
func allBuckets(values []string) bool {
	for _, v := range values {
		rest, ok := strings.CutPrefix(v, "arn:")
		if !ok {
			continue
		}
		_, svc, _ := strings.Cut(rest, ":")
		if svc == "s3" || svc == "s3:::" {
			return true
		}
	}
	return false
}

// advancedField is one field selector of an advanced event selector: its field, its Equals values, and
// whether it uses any other operator.
type advancedField struct {
	name   string
	equals []string
	other  bool
}

// allS3Objects reports whether an advanced event selector records every S3 object-level event (of one
// direction when it filters readOnly), and which: All, ReadOnly or WriteOnly.
func allS3Objects(fields []advancedField) (string, bool) {
	data, objects, rw := false, false, ctAll
	for _, f := range fields {
		if f.other {
			return "", false
		}
		switch f.name {
		case "eventCategory":
			data = len(f.equals) == 1 && f.equals[0] == "Data"
		case "resources.type":
			objects = len(f.equals) == 1 && f.equals[0] == s3ObjectType
		case "readOnly":
			switch {
			case cloudtrailContains(f.equals, "true") && !cloudtrailContains(f.equals, "false"):
				rw = ctReadOnly
			case cloudtrailContains(f.equals, "false") && !cloudtrailContains(f.equals, "true"):
				rw = ctWriteOnly
			}
		default:
			return "", false
		}
	}
	return rw, data && objects
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
