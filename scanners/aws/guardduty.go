package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: guardDutyService, Collect: collectGuardDuty})
}

const guardDutyService = "guardduty"

// guardDutyFeatureNames are the protection plans recorded on aws.guardduty.detector features.
var guardDutyFeatureNames = []gdtypes.DetectorFeatureResult{
	gdtypes.DetectorFeatureResultS3DataEvents, gdtypes.DetectorFeatureResultEksAuditLogs,
	gdtypes.DetectorFeatureResultEbsMalwareProtection, gdtypes.DetectorFeatureResultRdsLoginEvents,
	gdtypes.DetectorFeatureResultLambdaNetworkLogs,
}

// collectGuardDuty reads the region's GuardDuty detectors and records on aws.account whether one is
// enabled there (regions.<region>.guardduty_enabled).
func collectGuardDuty(ctx context.Context, sess *Session, sink *Sink) {
	api := guardduty.NewFromConfig(sess.Cfg)
	path := "regions." + sess.Region + ".guardduty_enabled"
	var ids []string
	p := guardduty.NewListDetectorsPaginator(api, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, guardDutyService, "ListDetectors", err)
			sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, path, nil); r.MarkUnknown(path) })
			return
		}
		ids = append(ids, page.DetectorIds...)
	}
	enabled, allRead := false, true
	for _, id := range ids {
		r := sink.NewResource(sess, sess.ARN("guardduty", sess.Region, "detector/"+id), inventory.TypeGuardDutyDetector, id, "guardduty:GetDetector")
		out, err := api.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			sink.Fail(sess, guardDutyService, "GetDetector", err)
			allRead = false
			storeUnknown(&r, "enabled")
			storeUnknown(&r, "finding_publishing_frequency")
			storeUnknown(&r, "features")
			sink.Add(r)
			continue
		}
		on := out.Status == gdtypes.DetectorStatusEnabled
		enabled = enabled || on
		storeAttr(&r, "enabled", on)
		if out.FindingPublishingFrequency != "" {
			storeAttr(&r, "finding_publishing_frequency", string(out.FindingPublishingFrequency))
		} else {
			storeUnknown(&r, "finding_publishing_frequency")
		}
		status := map[gdtypes.DetectorFeatureResult]bool{}
		for _, f := range out.Features {
			status[f.Name] = f.Status == gdtypes.FeatureStatusEnabled
		}
		for _, name := range guardDutyFeatureNames {
			storeAttr(&r, "features."+string(name), status[name]) // a plan GetDetector does not list is off
		}
		for k, v := range out.Tags {
			r.Tags[k] = v
		}
		sink.Add(r)
	}
	sink.Account(sess, func(r *inventory.Resource) {
		if enabled || allRead {
			setAttrPath(r, path, enabled)
			return
		}
		setAttrPath(r, path, nil)
		r.MarkUnknown(path)
	})
}
