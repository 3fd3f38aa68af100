package aws

import (
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

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
		s3DataEvents(r.f, b)
		out = append(out, r)
	}
	return out
}

// s3DataEvents sets s3_data_events {read, write}: whether the trail records the S3 object-level events
// of every bucket, as the live collector reads them. An event_selector counts with a data_resource of type
// AWS::S3::Object whose values name all buckets (an S3 ARN prefix without a bucket); its read_write_type
// (default All) decides the directions. An advanced_event_selector counts when its field selectors are
// eventCategory = Data and resources.type = AWS::S3::Object, and at most readOnly; any other field or
// operator leaves events out. Selectors with unknown parts make the whole value unknown.
func s3DataEvents(f *fields, b *iac.Block) {
	if unknownWithin(b, "event_selector") || unknownWithin(b, "advanced_event_selector") ||
		b.MayHoldMore("event_selector") || b.MayHoldMore("advanced_event_selector") {
		f.setUnknown("s3_data_events")
		return
	}
	read, write := false, false
	add := func(rw string) {
		read = read || rw == "All" || rw == "ReadOnly"
		write = write || rw == "All" || rw == "WriteOnly"
	}
	n, _ := count(b, "event_selector")
	for i := 0; i < n; i++ {
		p := "event_selector." + strconv.Itoa(i) + "."
		rw, st := getString(b, p+"read_write_type")
		if st != known || rw == "" {
			rw = "All"
		}
		m, _ := count(b, p+"data_resource")
		for j := 0; j < m; j++ {
			q := p + "data_resource." + strconv.Itoa(j) + "."
			typ, _ := getString(b, q+"type")
			values, _ := getStrings(b, q+"values", false)
			if typ == "AWS::S3::Object" && allS3Buckets(values) {
				add(rw)
			}
		}
	}
	n, _ = count(b, "advanced_event_selector")
	for i := 0; i < n; i++ {
		if rw, ok := advancedAllS3Objects(b, "advanced_event_selector."+strconv.Itoa(i)+".field_selector"); ok {
			add(rw)
		}
	}
	f.set("s3_data_events.read", read)
	f.set("s3_data_events.write", write)
}

// allS3Buckets reports whether data resource values select every bucket.
func allS3Buckets(values []string) bool {
	for _, v := range values {
		rest, ok := strings.CutPrefix(v, "arn:")
		if !ok {
			continue
		}
		if _, svc, _ := strings.Cut(rest, ":"); svc == "s3" || svc == "s3:::" {
			return true
		}
	}
	return false
}

// advancedAllS3Objects reads the field selectors at path: whether they select every S3 object-level
// event, and in which direction (All, ReadOnly or WriteOnly).
func advancedAllS3Objects(b *iac.Block, path string) (string, bool) {
	data, objects, rw := false, false, "All"
	n, _ := count(b, path)
	for i := 0; i < n; i++ {
		p := path + "." + strconv.Itoa(i) + "."
		for _, op := range []string{"not_equals", "starts_with", "not_starts_with", "ends_with", "not_ends_with"} {
			if v, _ := getStrings(b, p+op, false); len(v) > 0 {
				return "", false
			}
		}
		field, _ := getString(b, p+"field")
		equals, _ := getStrings(b, p+"equals", false)
		switch field {
		case "eventCategory":
			data = len(equals) == 1 && equals[0] == "Data"
		case "resources.type":
			objects = len(equals) == 1 && equals[0] == "AWS::S3::Object"
		case "readOnly":
			hasTrue, hasFalse := false, false
			for _, e := range equals {
				hasTrue = hasTrue || strings.EqualFold(e, "true")
				hasFalse = hasFalse || strings.EqualFold(e, "false")
			}
			switch {
			case hasTrue && !hasFalse:
				rw = "ReadOnly"
			case hasFalse && !hasTrue:
				rw = "WriteOnly"
			}
		default:
			return "", false
		}
	}
	return rw, data && objects
}
