package aws

import "github.com/vigil-audit/vigil/inventory"

// adaptCloudTrail maps aws_cloudtrail.
func adaptCloudTrail(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_cloudtrail") {
		r := newRes(b, inventory.TypeCloudTrailTrail)
		r.nameFrom("name", "name")
		r.f.str("s3_bucket_name", b, "s3_bucket_name", nil)
		r.f.boolean("multi_region", b, "is_multi_region_trail", false)
		r.f.boolean("log_file_validation", b, "enable_log_file_validation", false)
		r.f.str("kms_key_id", b, "kms_key_id", nil)
		r.f.boolean("logging", b, "enable_logging", true)
		r.f.boolean("include_global_service_events", b, "include_global_service_events", true)
		r.f.str("cloudwatch_logs_group_arn", b, "cloud_watch_logs_group_arn", nil)
		out = append(out, r)
	}
	return out
}
