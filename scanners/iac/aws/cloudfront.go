package aws

import (
	"regexp"
	"strconv"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// s3RESTEndpoint matches the domain of an S3 bucket's REST endpoint (bucket.s3.amazonaws.com,
// bucket.s3.eu-west-1.amazonaws.com, bucket.s3-eu-west-1.amazonaws.com). A website endpoint
// (s3-website) is a custom origin: it cannot use origin access control.
var s3RESTEndpoint = regexp.MustCompile(`\.s3(?:\.dualstack)?(?:[.-][a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)?\.amazonaws\.com(?:\.cn)?$`)

// adaptCloudFront maps aws_cloudfront_distribution with its cache behaviours, origins and viewer
// certificate. Standard logging v2 (aws_cloudwatch_log_delivery_source naming the distribution by
// resource_arn) counts as logging, as the legacy logging_config does.
func adaptCloudFront(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_cloudfront_distribution") {
		r := newRes(b, inventory.TypeCloudFrontDistribution)
		if s, st := getString(b, "comment"); st == known && s != "" {
			r.name = s
		}
		r.f.boolean("enabled", b, "enabled", true) // required by the provider
		r.f.str("default_root_object", b, "default_root_object", nil)
		r.f.str("web_acl_id", b, "web_acl_id", nil)
		r.f.str("geo_restriction.type", b, "restrictions.0.geo_restriction.0.restriction_type", "none")
		r.f.boolean("viewer_certificate.cloudfront_default_certificate", b,
			"viewer_certificate.0.cloudfront_default_certificate", false)
		// With the default *.cloudfront.net certificate CloudFront accepts TLSv1 whatever is asked.
		r.f.str("viewer_certificate.minimum_protocol_version", b, "viewer_certificate.0.minimum_protocol_version", "TLSv1")
		r.f.str("viewer_certificate.ssl_support_method", b, "viewer_certificate.0.ssl_support_method", nil)
		cloudFrontBehaviors(r, b)
		cloudFrontOrigins(r, b)
		own.add(r, false)
	}
	own.connect(ix.managed("aws_cloudwatch_log_delivery_source"), "resource_arn", "log_delivery")
	for _, r := range own.list {
		b := r.block
		switch {
		case unknownWithin(b, "logging_config"):
			r.f.setUnknown("logging.enabled")
		case present(b, "logging_config"):
			r.f.set("logging.enabled", true)
		case len(r.children["log_delivery"]) > 0 && !anyUncertain(r.children["log_delivery"]):
			r.f.set("logging.enabled", true)
		case r.tainted["log_delivery"] || len(r.children["log_delivery"]) > 0:
			r.f.setUnknown("logging.enabled")
		default:
			r.f.set("logging.enabled", false)
		}
	}
	return own.list
}

// cloudFrontBehaviors lists the default cache behaviour (path_pattern "*") then the ordered ones.
func cloudFrontBehaviors(r *res, b *iac.Block) {
	n, st := count(b, "ordered_cache_behavior")
	if st == unknown || b.IsUnknown("default_cache_behavior") {
		r.f.setUnknown("cache_behaviors")
		return
	}
	behavior := func(pre, pattern string) *fields {
		f := newFields()
		if pattern != "" {
			f.set("path_pattern", pattern)
		} else {
			f.str("path_pattern", b, pre+"path_pattern", nil)
		}
		f.str("target_origin_id", b, pre+"target_origin_id", nil)
		f.str("viewer_protocol_policy", b, pre+"viewer_protocol_policy", nil)
		f.str("field_level_encryption_id", b, pre+"field_level_encryption_id", nil)
		return f
	}
	elems := []*fields{behavior("default_cache_behavior.0.", "*")}
	for i := range n {
		elems = append(elems, behavior("ordered_cache_behavior."+strconv.Itoa(i)+".", ""))
	}
	r.f.list("cache_behaviors", elems, true)
}

// cloudFrontOrigins lists the origins. An origin is an S3 origin when it has s3_origin_config or its
// domain is an S3 REST endpoint.
func cloudFrontOrigins(r *res, b *iac.Block) {
	n, st := count(b, "origin")
	if st == unknown {
		r.f.setUnknown("origins")
		return
	}
	elems := make([]*fields, 0, n)
	for i := range n {
		pre := "origin." + strconv.Itoa(i) + "."
		f := newFields()
		f.str("origin_id", b, pre+"origin_id", nil)
		f.str("domain_name", b, pre+"domain_name", nil)
		domain, dst := getString(b, pre+"domain_name")
		switch {
		case present(b, pre+"s3_origin_config"):
			f.set("s3", true)
		case dst == known:
			f.set("s3", s3RESTEndpoint.MatchString(domain))
		case present(b, pre+"custom_origin_config"):
			f.set("s3", false)
		default:
			f.setUnknown("s3")
		}
		f.str("origin_access_control_id", b, pre+"origin_access_control_id", nil)
		f.str("origin_access_identity", b, pre+"s3_origin_config.0.origin_access_identity", nil)
		if present(b, pre+"custom_origin_config") {
			f.str("origin_protocol_policy", b, pre+"custom_origin_config.0.origin_protocol_policy", nil)
			f.strings("origin_ssl_protocols", b, pre+"custom_origin_config.0.origin_ssl_protocols", true)
		} else {
			f.set("origin_protocol_policy", nil)
			f.set("origin_ssl_protocols", []string{})
		}
		elems = append(elems, f)
	}
	r.f.list("origins", elems, false)
}
