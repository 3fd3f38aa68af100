package aws

import (
	"sort"
	"strconv"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// Defaults of aws_dlm_lifecycle_policy that DLM applies when left out.
const (
	defaultDLMState      = "ENABLED"
	defaultDLMPolicyType = "EBS_SNAPSHOT_MANAGEMENT"
	defaultDLMLocation   = "CLOUD"
	defaultDLMIntervalU  = "HOURS"
)

// adaptDLM maps aws_dlm_lifecycle_policy: its policy_details block becomes the policy's attributes, so
// that Terraform, plan JSON and a live GetLifecyclePolicy give the same resource.
func adaptDLM(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_dlm_lifecycle_policy") {
		r := newRes(b, inventory.TypeDLMPolicy)
		if d, st := getString(b, "description"); st == known && d != "" {
			r.name = d
		}
		r.f.setUnknown("policy_id") // AWS assigns it
		r.f.str("description", b, "description", nil)
		r.f.str("state", b, "state", defaultDLMState)
		r.f.str("execution_role_arn", b, "execution_role_arn", nil)
		r.f.str("default_policy", b, "default_policy", nil)
		dlmDetails(r.f, b)
		out = append(out, r)
	}
	return out
}

// dlmDetails maps the policy_details block (one at most).
func dlmDetails(f *fields, b *iac.Block) {
	const p = "policy_details.0."
	if b.IsUnknown("policy_details") || b.IsUnknown("policy_details.0") {
		for _, path := range []string{"policy_type", "resource_types", "resource_locations", "target_tags", "parameters", "schedules"} {
			f.setUnknown(path)
		}
		return
	}
	f.str("policy_type", b, p+"policy_type", defaultDLMPolicyType)
	f.strings("resource_types", b, p+"resource_types", false)
	if present(b, p+"resource_locations") {
		f.strings("resource_locations", b, p+"resource_locations", false)
	} else {
		f.set("resource_locations", []string{defaultDLMLocation})
	}
	dlmTargetTags(f, b, p+"target_tags", "target_tags")
	switch {
	case b.IsUnknown(p + "parameters"):
		f.setUnknown("parameters")
	case !present(b, p+"parameters"):
		f.set("parameters", nil)
	default:
		q := p + "parameters.0."
		pf := newFields()
		pf.boolean("exclude_boot_volume", b, q+"exclude_boot_volume", false)
		dlmTargetTags(pf, b, q+"exclude_data_volume_tags", "exclude_data_volume_tags")
		embed(f, "parameters", pf)
	}
	if b.IsUnknown(p + "schedule") {
		f.setUnknown("schedules")
		return
	}
	n, _ := count(b, p+"schedule")
	schedules := make([]*fields, 0, n)
	for i := 0; i < n; i++ {
		schedules = append(schedules, dlmSchedule(b, p+"schedule."+strconv.Itoa(i)+"."))
	}
	f.list("schedules", schedules, true)
}

// dlmTargetTags copies a map of tags into dst; any unknown key or value makes the whole map unknown,
// since a resource is targeted (or excluded) only by all of them.
func dlmTargetTags(f *fields, b *iac.Block, path, dst string) {
	if unknownWithin(b, path) {
		f.setUnknown(dst)
		return
	}
	tags := map[string]any{}
	if v, st := lookup(b, path); st == known {
		m, ok := v.(map[string]any)
		if !ok {
			f.setUnknown(dst)
			return
		}
		for k, v := range m {
			s, ok := asString(v)
			if !ok {
				f.setUnknown(dst)
				return
			}
			tags[k] = s
		}
	}
	f.set(dst, tags)
}

func dlmSchedule(b *iac.Block, p string) *fields {
	s := newFields()
	s.str("name", b, p+"name", nil)
	switch {
	case b.IsUnknown(p + "create_rule"):
		s.setUnknown("create_rule")
	case !present(b, p+"create_rule"):
		s.set("create_rule", nil)
	default:
		c := p + "create_rule.0."
		cr := newFields()
		cr.number("interval", b, c+"interval", nil)
		cr.str("cron_expression", b, c+"cron_expression", nil)
		unit := any(defaultDLMIntervalU)
		if present(b, c+"cron_expression") {
			unit = nil
		}
		cr.str("interval_unit", b, c+"interval_unit", unit)
		cr.strings("times", b, c+"times", false)
		cr.str("location", b, c+"location", defaultDLMLocation)
		embed(s, "create_rule", cr)
	}
	dlmRetainRule(s, b, p+"retain_rule")
	if b.IsUnknown(p + "cross_region_copy_rule") {
		s.setUnknown("cross_region_copy_rules")
	} else {
		n, _ := count(b, p+"cross_region_copy_rule")
		copies := make([]*fields, 0, n)
		for j := 0; j < n; j++ {
			q := p + "cross_region_copy_rule." + strconv.Itoa(j) + "."
			c := newFields()
			if present(b, q+"target") {
				c.str("target", b, q+"target", nil)
			} else {
				c.str("target", b, q+"target_region", nil)
			}
			c.boolean("encrypted", b, q+"encrypted", nil)
			c.str("cmk_arn", b, q+"cmk_arn", nil)
			dlmRetainRule(c, b, q+"retain_rule")
			copies = append(copies, c)
		}
		// A set: sorted by target, as the live collector sorts them (then by the rest, for a stable order).
		target := func(c *fields) string { v, _ := c.get("target"); t, _ := v.(string); return t }
		sort.SliceStable(copies, func(i, j int) bool {
			if a, b := target(copies[i]), target(copies[j]); a != b {
				return a < b
			}
			return copies[i].sortKey() < copies[j].sortKey()
		})
		s.list("cross_region_copy_rules", copies, true)
	}
	if b.IsUnknown(p + "share_rule") {
		s.setUnknown("share_rules")
	} else {
		n, _ := count(b, p+"share_rule")
		shares := make([]*fields, 0, n)
		for j := 0; j < n; j++ {
			q := p + "share_rule." + strconv.Itoa(j) + "."
			c := newFields()
			c.strings("target_accounts", b, q+"target_accounts", true)
			c.positive("unshare_interval", b, q+"unshare_interval", nil)
			c.str("unshare_interval_unit", b, q+"unshare_interval_unit", nil)
			shares = append(shares, c)
		}
		s.list("share_rules", shares, true)
	}
	return s
}

// dlmRetainRule maps a retain_rule block into retain_rule: null when there is none. Zero counts and
// intervals are what plan JSON writes for optional numbers left out: absent.
func dlmRetainRule(f *fields, b *iac.Block, path string) {
	switch {
	case b.IsUnknown(path):
		f.setUnknown("retain_rule")
	case !present(b, path):
		f.set("retain_rule", nil)
	default:
		q := path + ".0."
		rr := newFields()
		rr.positive("count", b, q+"count", nil)
		rr.positive("interval", b, q+"interval", nil)
		rr.str("interval_unit", b, q+"interval_unit", nil)
		embed(f, "retain_rule", rr)
	}
}
