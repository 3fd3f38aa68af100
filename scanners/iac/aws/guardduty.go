package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// GuardDuty protection plans (feature names of the GuardDuty API) and the legacy datasources block that
// configured the first three.
var guardDutyFeatures = []struct{ name, datasource string }{
	{"S3_DATA_EVENTS", "datasources.0.s3_logs.0.enable"},
	{"EKS_AUDIT_LOGS", "datasources.0.kubernetes.0.audit_logs.0.enable"},
	{"EBS_MALWARE_PROTECTION", "datasources.0.malware_protection.0.scan_ec2_instance_with_findings.0.ebs_volumes.0.enable"},
	{"RDS_LOGIN_EVENTS", ""},
	{"LAMBDA_NETWORK_LOGS", ""},
}

// adaptGuardDuty maps aws_guardduty_detector and joins aws_guardduty_detector_feature by detector_id.
// A protection plan the configuration does not set is unknown: whether GuardDuty turns it on for a new
// detector depends on the account and region, not on the Terraform.
func adaptGuardDuty(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_guardduty_detector") {
		r := newRes(b, inventory.TypeGuardDutyDetector)
		own.add(r, false)
		r.f.boolean("enabled", b, "enable", true)
		// The provider's default for an account that is not a GuardDuty member account.
		r.f.str("finding_publishing_frequency", b, "finding_publishing_frequency", "SIX_HOURS")
	}
	for _, feat := range guardDutyFeatures {
		var blocks []*iac.Block
		for _, c := range ix.managed("aws_guardduty_detector_feature") {
			if name, st := getString(c, "name"); st == known && name == feat.name {
				blocks = append(blocks, c)
			} else if st == unknown {
				blocks = append(blocks, c) // may configure this feature: taints below
			}
		}
		family := "features." + feat.name
		own.connect(blocks, "detector_id", family)
		for _, r := range own.list {
			for _, c := range r.children[family] {
				if name, st := getString(c, "name"); st != known || name != feat.name {
					r.taint(family)
				}
			}
			// Set on the detector's own fields: merging would replace the whole features object.
			if v, ok := guardDutyFeature(r, family, feat.datasource).get(family); ok {
				r.f.set(family, v)
			} else {
				r.f.setUnknown(family)
			}
		}
	}
	return own.list
}

// guardDutyFeature settles one protection plan of a detector: the feature block joined to it, else the
// legacy datasources setting, else unknown. Feature blocks that disagree, or may not exist, make it unknown.
func guardDutyFeature(r *res, family, datasource string) *fields {
	f := newFields()
	children := r.children[family]
	switch {
	case r.tainted[family] || anyUncertain(children):
		f.setUnknown(family)
	case len(children) > 0:
		var first any
		for i, c := range children {
			g := newFields()
			g.strFunc("v", c, "status", nil, func(s string) any { return s == "ENABLED" })
			v, ok := g.get("v")
			if !ok || v == nil || (i > 0 && v != first) {
				f.setUnknown(family)
				return f
			}
			first = v
		}
		f.set(family, first)
	case datasource != "" && present(r.block, datasource):
		f.boolean(family, r.block, datasource, nil)
	default:
		f.setUnknown(family)
	}
	return f
}
