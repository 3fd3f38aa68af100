package aws

import (
	"context"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "cloudfront", Global: true, Collect: collectCloudFront})
}

// s3RESTOrigin matches the domain of an S3 REST endpoint; an S3 website endpoint is a custom origin. The
// Terraform adapter (scanners/iac/aws) applies the same test.
var s3RESTOrigin = regexp.MustCompile(`\.s3(?:\.dualstack)?(?:[.-][a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)?\.amazonaws\.com(?:\.cn)?$`)

// collectCloudFront reads every distribution of the account (a global service) with its configuration.
func collectCloudFront(ctx context.Context, sess *Session, sink *Sink) {
	c := cloudfront.NewFromConfig(sess.Cfg)
	var dists []cftypes.DistributionSummary
	p := cloudfront.NewListDistributionsPaginator(c, &cloudfront.ListDistributionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "cloudfront", "ListDistributions", err)
			break
		}
		if page.DistributionList != nil {
			dists = append(dists, page.DistributionList.Items...)
		}
	}
	if len(dists) == 0 {
		return
	}
	v2, v2Known := cloudFrontLogSources(ctx, sess, sink)
	forEach(perResourceCalls, dists, func(_ int, d cftypes.DistributionSummary) {
		r := cloudFrontDistribution(ctx, c, sess, sink, d)
		// Standard logging v2 is a CloudWatch Logs delivery source for the distribution.
		logging, _ := r.Attributes["logging"].(map[string]any)
		if on, ok := logging["enabled"].(bool); ok && !on && !r.IsUnknown("logging.enabled") {
			switch {
			case v2[aws.ToString(d.ARN)]:
				storeAttr(&r, "logging.enabled", true)
			case !v2Known:
				storeUnknown(&r, "logging.enabled")
			}
		}
		sink.Add(r)
	})
}

// cloudFrontLogSources returns the ARNs of the distributions that have an access-log delivery source
// (standard logging v2), read where CloudFront's sources live: us-east-1 in the aws partition. known is
// false when the sources could not be listed.
func cloudFrontLogSources(ctx context.Context, sess *Session, sink *Sink) (arns map[string]bool, known bool) {
	cfg := sess.Cfg.Copy()
	if sess.Partition == "aws" {
		cfg.Region = "us-east-1"
	}
	arns = map[string]bool{}
	p := cloudwatchlogs.NewDescribeDeliverySourcesPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.DescribeDeliverySourcesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "cloudfront", "DescribeDeliverySources", err)
			return arns, false
		}
		for _, src := range page.DeliverySources {
			if aws.ToString(src.LogType) != "ACCESS_LOGS" {
				continue
			}
			for _, a := range src.ResourceArns {
				arns[a] = true
			}
		}
	}
	return arns, true
}

func cloudFrontDistribution(ctx context.Context, c *cloudfront.Client, sess *Session, sink *Sink,
	d cftypes.DistributionSummary) inventory.Resource {
	name := aws.ToString(d.Comment)
	if name == "" {
		name = aws.ToString(d.Id)
	}
	r := sink.NewResource(sess, aws.ToString(d.ARN), inventory.TypeCloudFrontDistribution, name, "cloudfront:ListDistributions")
	r.Region = "" // global
	storeAttr(&r, "enabled", aws.ToBool(d.Enabled))
	storeAttr(&r, "web_acl_id", nullString(d.WebACLId))
	geo := "none"
	if d.Restrictions != nil && d.Restrictions.GeoRestriction != nil && d.Restrictions.GeoRestriction.RestrictionType != "" {
		geo = string(d.Restrictions.GeoRestriction.RestrictionType)
	}
	storeAttr(&r, "geo_restriction.type", geo)
	if vc := d.ViewerCertificate; vc != nil {
		storeAttr(&r, "viewer_certificate.cloudfront_default_certificate", aws.ToBool(vc.CloudFrontDefaultCertificate))
		version := string(vc.MinimumProtocolVersion)
		if version == "" {
			version = "TLSv1"
		}
		storeAttr(&r, "viewer_certificate.minimum_protocol_version", version)
		if vc.SSLSupportMethod == "" {
			storeAttr(&r, "viewer_certificate.ssl_support_method", nil)
		} else {
			storeAttr(&r, "viewer_certificate.ssl_support_method", string(vc.SSLSupportMethod))
		}
	} else {
		storeUnknown(&r, "viewer_certificate")
	}

	behaviors := []any{}
	if b := d.DefaultCacheBehavior; b != nil {
		behaviors = append(behaviors, map[string]any{"path_pattern": "*", "target_origin_id": nullString(b.TargetOriginId),
			"viewer_protocol_policy": string(b.ViewerProtocolPolicy), "field_level_encryption_id": nullString(b.FieldLevelEncryptionId)})
	}
	if d.CacheBehaviors != nil {
		for _, b := range d.CacheBehaviors.Items {
			behaviors = append(behaviors, map[string]any{"path_pattern": nullString(b.PathPattern),
				"target_origin_id": nullString(b.TargetOriginId), "viewer_protocol_policy": string(b.ViewerProtocolPolicy),
				"field_level_encryption_id": nullString(b.FieldLevelEncryptionId)})
		}
	}
	storeAttr(&r, "cache_behaviors", behaviors)

	origins := []any{}
	if d.Origins != nil {
		for _, o := range d.Origins.Items {
			domain := aws.ToString(o.DomainName)
			e := map[string]any{
				"origin_id": nullString(o.Id), "domain_name": nullString(o.DomainName),
				"s3":                       o.S3OriginConfig != nil || (o.CustomOriginConfig == nil && s3RESTOrigin.MatchString(domain)),
				"origin_access_control_id": nullString(o.OriginAccessControlId), "origin_access_identity": nil,
				"origin_protocol_policy": nil, "origin_ssl_protocols": []any{},
			}
			if o.S3OriginConfig != nil {
				e["origin_access_identity"] = nullString(o.S3OriginConfig.OriginAccessIdentity)
			}
			if cc := o.CustomOriginConfig; cc != nil {
				e["origin_protocol_policy"] = string(cc.OriginProtocolPolicy)
				protocols := []any{}
				if cc.OriginSslProtocols != nil {
					for _, p := range cc.OriginSslProtocols.Items {
						protocols = append(protocols, string(p))
					}
				}
				e["origin_ssl_protocols"] = protocols
			}
			origins = append(origins, e)
		}
	}
	storeAttr(&r, "origins", origins)

	// Logging and the default root object are in the distribution's configuration only.
	out, err := c.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: d.Id})
	if err != nil || out.DistributionConfig == nil {
		if err != nil {
			sink.Fail(sess, "cloudfront", "GetDistributionConfig", err)
		}
		storeUnknown(&r, "logging.enabled")
		storeUnknown(&r, "default_root_object")
		return r
	}
	cfg := out.DistributionConfig
	storeAttr(&r, "logging.enabled", cfg.Logging != nil && aws.ToBool(cfg.Logging.Enabled))
	storeAttr(&r, "default_root_object", nullString(cfg.DefaultRootObject))
	return r
}
