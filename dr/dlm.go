package dr

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/vigil-audit/vigil/inventory"
)

// Amazon Data Lifecycle Manager values the facts compare with (Amazon DLM API Reference).
const (
	dlmSnapshotPolicy = "EBS_SNAPSHOT_MANAGEMENT"
	dlmVolume         = "VOLUME"
	dlmInstance       = "INSTANCE"
	dlmCloud          = "CLOUD"
	dlmEnabled        = "ENABLED"
	dlmDisabled       = "DISABLED"
)

// DLMProtection is one schedule of an Amazon Data Lifecycle Manager snapshot policy that targets the
// resource (or, for a volume, an instance it is attached to). The schedule is kept raw: its worst gap
// is computed when objectives are judged, from the reference instant.
type DLMProtection struct {
	// Policy is the policy's inventory id; PolicyID its DLM id (policy-…), "" when unknown (Terraform).
	Policy   string `json:"policy"`
	PolicyID string `json:"policy_id"`
	// Schedule is the schedule's name; "" for an entry about the policy as a whole (State unknown).
	Schedule string `json:"schedule"`
	// Via is, for a volume targeted through an INSTANCE policy, the instance it is attached to.
	Via string `json:"via,omitempty"`
	// State is StateProtected when the policy is known to target the resource, StateUnknown when it may.
	State string `json:"state"`
	// PolicyState is the policy's state: ENABLED, DISABLED, ERROR ("" when unknown). Only ENABLED
	// policies take snapshots.
	PolicyState string `json:"policy_state"`
	// CronExpression (UTC) or IntervalHours (with Times, its UTC start) say when snapshots are taken.
	CronExpression *string  `json:"cron_expression"`
	IntervalHours  *int     `json:"interval_hours"`
	IntervalUnit   *string  `json:"interval_unit"`
	Times          []string `json:"times"`
	// RetainCount keeps the last N snapshots; RetainInterval/RetainUnit keep each for a time.
	RetainCount    *int    `json:"retain_count"`
	RetainInterval *int    `json:"retain_interval"`
	RetainUnit     *string `json:"retain_unit"`
	// Copies are the schedule's cross-Region copy rules, sorted by target.
	Copies []DLMCopy `json:"copies"`
	// SharedWith lists the accounts the snapshots are shared with: a share, not a copy (the snapshot
	// stays in this account and is gone when it is deleted).
	SharedWith []string `json:"shared_with"`
	// Unknown lists the fields above that are unknown, or why the targeting is unknown.
	Unknown []string `json:"unknown"`
}

// DLMCopy is one cross-Region copy rule of a DLM schedule.
type DLMCopy struct {
	// Target is the destination as written: a region, or an Outpost ARN (whose region it names).
	Target         string   `json:"target"`
	Region         string   `json:"region"`
	CrossRegion    *bool    `json:"cross_region"`
	RetainInterval *int     `json:"retain_interval"`
	RetainUnit     *string  `json:"retain_unit"`
	Unknown        []string `json:"unknown"`
}

// Label is how reports name the protection: dlm:<policy id or address>/<schedule>.
func (d DLMProtection) Label() string {
	id := d.PolicyID
	if id == "" {
		id = d.Policy
	}
	label := dlmPrefix + id
	if d.Schedule != "" {
		label += "/" + d.Schedule
	}
	if d.Via != "" {
		label += " via " + d.Via
	}
	return label
}

// dlmKindOf returns the DLM resource type that targets a protectable resource ("" when none does).
func dlmKindOf(t string) string {
	switch t {
	case inventory.TypeEC2Volume:
		return dlmVolume
	case inventory.TypeEC2Instance:
		return dlmInstance
	}
	return ""
}

// dlm returns the DLM schedules that target res: directly (a VOLUME policy for a volume, an INSTANCE
// policy for an instance), and, for a volume, through each instance it is attached to (an INSTANCE
// policy snapshots every volume of the instances it targets), sorted by label.
func (ix *index) dlm(res *inventory.Resource) []DLMProtection {
	kind := dlmKindOf(res.Type)
	out := []DLMProtection{}
	if kind == "" {
		return out
	}
	for _, p := range ix.dlmPolicies {
		out = append(out, dlmTargets(p, res, kind, "")...)
	}
	if res.Type == inventory.TypeEC2Volume {
		instances, st := list(res, "attached_instances")
		switch st {
		case present:
			for _, v := range instances {
				ref, _ := v.(string)
				in := ix.byID[ref]
				if in == nil || in.Type != inventory.TypeEC2Instance {
					// The instance is not in the inventory: its tags, and so its policies, are unknown.
					for _, p := range ix.dlmPolicies {
						if dlmMayTargetInstances(p, res) {
							out = append(out, DLMProtection{Policy: p.ID, Via: ref, State: StateUnknown,
								Unknown: []string{fmt.Sprintf("%s is attached to %s, which is not in the inventory: whether INSTANCE policy %s targets it is unknown", res.ID, ref, p.ID)}})
						}
					}
					continue
				}
				for _, p := range ix.dlmPolicies {
					out = append(out, dlmThroughInstance(p, in, res)...)
				}
			}
		default:
			for _, p := range ix.dlmPolicies {
				if dlmMayTargetInstances(p, res) {
					out = append(out, DLMProtection{Policy: p.ID, State: StateUnknown,
						Unknown: []string{fmt.Sprintf("the instances %s is attached to are not in the inventory: whether INSTANCE policy %s snapshots it is unknown (%s)",
							res.ID, p.ID, describe(res, "attached_instances", st))}})
				}
			}
		}
	}
	for i := range out {
		d := &out[i]
		if d.Times == nil {
			d.Times = []string{}
		}
		if d.Copies == nil {
			d.Copies = []DLMCopy{}
		}
		if d.SharedWith == nil {
			d.SharedWith = []string{}
		}
		d.Unknown = sortedUnique(d.Unknown)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label() < out[j].Label() })
	return out
}

// dlmThroughInstance returns the schedules of policy p that snapshot volume vol because it targets
// instance in, to which vol is attached, less what the policy's parameters leave out: the boot volume
// (exclude_boot_volume) and data volumes carrying any of exclude_data_volume_tags.
func dlmThroughInstance(p, in, vol *inventory.Resource) []DLMProtection {
	out := dlmTargets(p, in, dlmInstance, in.ID)
	if len(out) == 0 {
		return out
	}
	var why string
	switch {
	case unknownAt(p, "parameters"):
		why = fmt.Sprintf("parameters of %s are unknown: it may leave %s out", p.ID, vol.ID)
	default:
		if boot, st := boolean(p, "parameters.exclude_boot_volume"); st == present && boot &&
			vol.Source.Kind != inventory.SourceTerraform && vol.Source.Kind != inventory.SourcePlan {
			// An aws_ebs_volume attached with aws_volume_attachment is never a root volume; a live
			// volume's device is not compared with the instance's root device.
			why = fmt.Sprintf("%s leaves boot volumes out, and whether %s is %s's boot volume is not in the inventory", p.ID, vol.ID, in.ID)
		}
		v, _ := get(p, "parameters.exclude_data_volume_tags")
		if excluded, ok := v.(map[string]any); ok && len(excluded) > 0 {
			if vol.IsUnknown("tags") {
				why = fmt.Sprintf("the tags of %s are unknown: %s may leave it out", vol.ID, p.ID)
				break
			}
			for k, want := range excluded {
				if got, has := vol.Tags[k]; has && got == want {
					return nil // excluded by its tag
				}
			}
		}
	}
	if why != "" {
		for i := range out {
			out[i].State, out[i].Unknown = StateUnknown, append(out[i].Unknown, why)
		}
	}
	return out
}

// dlmListHolds tells whether the list attribute at path holds v: present (it does), absent (it does
// not), or the list's own state when it is not known.
func dlmListHolds(p *inventory.Resource, path, v string) valueState {
	l, st := list(p, path)
	if st != present {
		return st
	}
	for _, e := range l {
		if s, _ := e.(string); s == v {
			return present
		}
	}
	return absent
}

// dlmMayTargetInstances reports whether policy p may snapshot instances of res's region: a snapshot
// policy (or one of unknown type) whose resource types hold INSTANCE (or are unknown), not known to be
// in another region.
func dlmMayTargetInstances(p, res *inventory.Resource) bool {
	if t, st := str(p, "policy_type"); st == present && t != dlmSnapshotPolicy {
		return false
	}
	if d := differ(p.Region, res.Region, false); d != nil && *d {
		return false
	}
	return dlmListHolds(p, "resource_types", dlmInstance) != absent
}

// dlmTargets returns the schedules of policy p that target res as a DLM resource of kind (VOLUME or
// INSTANCE): a snapshot policy of res's region and account whose resource types hold kind, whose
// resource locations hold CLOUD, and all of whose target tags res carries. What cannot be told gives one
// entry of State unknown with the reason; a policy known not to target res gives none.
func dlmTargets(p, res *inventory.Resource, kind, via string) []DLMProtection {
	base := DLMProtection{Policy: p.ID, Via: via, State: StateProtected}
	if id, st := str(p, "policy_id"); st == present {
		base.PolicyID = id
	}
	if s, st := str(p, "state"); st == present {
		base.PolicyState = s
	}
	var why []string
	maybe := func(reason string) { why = append(why, reason) }

	// Scope: a policy acts on the resources of its own region and account.
	if d := differ(p.Region, res.Region, false); d == nil {
		maybe(fmt.Sprintf("the region of %s or %s is unknown", p.ID, res.ID))
	} else if *d {
		return nil
	}
	if d := differ(p.Account, res.Account, true); d != nil && *d {
		return nil
	}
	switch t, st := str(p, "policy_type"); {
	case st == present && t != dlmSnapshotPolicy:
		return nil // AMI and event-based (cross-account copy) policies take no snapshot of res
	case st != present:
		maybe(describe(p, "policy_type", st))
	}
	switch d, st := str(p, "default_policy"); {
	case st == present && d == kind:
		// A default policy snapshots every resource of its kind in the region that has no recent
		// snapshot; its exclusions and intervals are not mapped, and it has no target tags.
		base.State = StateUnknown
		base.Unknown = append(why, fmt.Sprintf("%s is a default policy for %s resources: vigil does not evaluate default policies", p.ID, d))
		return []DLMProtection{base}
	case st == present:
		return nil
	case st == unknownVal:
		maybe(describe(p, "default_policy", st))
	}
	// resource_types must hold the resource's kind, resource_locations CLOUD (not Outpost or Local
	// Zone resources only).
	for _, c := range []struct{ path, want string }{{"resource_types", kind}, {"resource_locations", dlmCloud}} {
		switch st := dlmListHolds(p, c.path, c.want); st {
		case absent:
			return nil
		case unknownVal, wrongType:
			maybe(describe(p, c.path, st))
		}
	}
	switch m, st := dlmTagsMatch(p, res); st {
	case absent:
		return nil
	case unknownVal, wrongType:
		maybe(m)
	}
	if len(why) > 0 {
		base.State, base.Unknown = StateUnknown, why
		return []DLMProtection{base}
	}
	schedules, st := list(p, "schedules")
	if st != present {
		base.State, base.Unknown = StateUnknown, []string{describe(p, "schedules", st)}
		return []DLMProtection{base}
	}
	var out []DLMProtection
	for i := range schedules {
		out = append(out, dlmReadSchedule(p, base, i))
	}
	return out
}

// dlmTagsMatch: present when res carries every target tag, absent when it does not (or the policy has
// none: DLM requires target tags, and a policy without them targets nothing), unknown when either side's
// tags are unknown.
func dlmTagsMatch(p, res *inventory.Resource) (string, valueState) {
	if p.IsUnknown("target_tags") {
		return fmt.Sprintf("target_tags of %s are unknown", p.ID), unknownVal
	}
	v, _ := get(p, "target_tags")
	tags, ok := v.(map[string]any)
	if !ok || len(tags) == 0 {
		return "", absent
	}
	if res.IsUnknown("tags") {
		return fmt.Sprintf("the tags of %s are unknown", res.ID), unknownVal
	}
	for k, want := range tags {
		w, _ := want.(string)
		if got, ok := res.Tags[k]; !ok || got != w {
			return "", absent
		}
	}
	return "", present
}

// dlmReadSchedule reads schedule i of policy p.
func dlmReadSchedule(p *inventory.Resource, base DLMProtection, i int) DLMProtection {
	d := base
	at := func(field string) string { return fmt.Sprintf("schedules.%d.%s", i, field) }
	if s, st := str(p, at("name")); st == present {
		d.Schedule = s
	} else {
		d.Schedule = fmt.Sprintf("schedule %d", i+1)
	}
	optInt := func(path, field string) *int {
		n, st := integer(p, path)
		switch st {
		case present:
			return ptr(n)
		case absent:
		default:
			d.Unknown = append(d.Unknown, field)
		}
		return nil
	}
	optStr := func(path, field string) *string {
		s, st := str(p, path)
		switch st {
		case present:
			return ptr(s)
		case absent:
		default:
			d.Unknown = append(d.Unknown, field)
		}
		return nil
	}
	if p.IsUnknown(at("create_rule")) {
		d.Unknown = append(d.Unknown, "create_rule")
	} else {
		d.CronExpression = optStr(at("create_rule.cron_expression"), "cron_expression")
		d.IntervalHours = optInt(at("create_rule.interval"), "interval_hours")
		d.IntervalUnit = optStr(at("create_rule.interval_unit"), "interval_unit")
		if times, st := list(p, at("create_rule.times")); st == present {
			for _, t := range times {
				if s, ok := t.(string); ok {
					d.Times = append(d.Times, s)
				}
			}
		}
	}
	if p.IsUnknown(at("retain_rule")) {
		d.Unknown = append(d.Unknown, "retain_rule")
	} else {
		d.RetainCount = optInt(at("retain_rule.count"), "retain_count")
		d.RetainInterval = optInt(at("retain_rule.interval"), "retain_interval")
		d.RetainUnit = optStr(at("retain_rule.interval_unit"), "retain_unit")
	}
	copies, st := list(p, at("cross_region_copy_rules"))
	switch st {
	case present:
		for j := range copies {
			d.Copies = append(d.Copies, dlmCopy(p, at(fmt.Sprintf("cross_region_copy_rules.%d", j))))
		}
		sort.SliceStable(d.Copies, func(a, b int) bool { return d.Copies[a].Target < d.Copies[b].Target })
	case absent:
	default:
		d.Unknown = append(d.Unknown, "copies")
		d.Copies = nil
	}
	if shares, st := list(p, at("share_rules")); st == present {
		for j := range shares {
			accounts, _ := list(p, at(fmt.Sprintf("share_rules.%d.target_accounts", j)))
			for _, a := range accounts {
				if s, ok := a.(string); ok {
					d.SharedWith = append(d.SharedWith, s)
				}
			}
		}
		d.SharedWith = sortedUnique(d.SharedWith)
	}
	return d
}

func dlmCopy(p *inventory.Resource, path string) DLMCopy {
	c := DLMCopy{}
	switch t, st := str(p, path+".target"); st {
	case present:
		c.Target, c.Region = t, t
		if a, err := arn.Parse(t); err == nil {
			c.Region = a.Region // an Outpost ARN: the Outpost's parent region
		}
	default:
		c.Unknown = append(c.Unknown, "target")
	}
	c.CrossRegion = differ(c.Region, p.Region, false)
	if c.CrossRegion == nil && len(c.Unknown) == 0 {
		c.Unknown = append(c.Unknown, "cross_region")
	}
	if p.IsUnknown(path + ".retain_rule") {
		c.Unknown = append(c.Unknown, "retain_rule")
	} else {
		if n, st := integer(p, path+".retain_rule.interval"); st == present {
			c.RetainInterval = ptr(n)
		} else if st != absent {
			c.Unknown = append(c.Unknown, "retain_interval")
		}
		if s, st := str(p, path+".retain_rule.interval_unit"); st == present {
			c.RetainUnit = ptr(s)
		} else if st != absent {
			c.Unknown = append(c.Unknown, "retain_unit")
		}
	}
	c.Unknown = sortedUnique(c.Unknown)
	return c
}

// dlmMaxRetainInterval bounds an interval retention read from an inventory (DLM keeps snapshots at most
// 100 years): a larger value is not one DLM accepts.
const dlmMaxRetainInterval = 36500

// dlmRetentionDays converts an interval retention to whole days, conservatively: a month counts as 28
// days and a year as 365 (the shortest each can be), so a retention is never overstated.
func dlmRetentionDays(interval int, unit string) (int, bool) {
	if interval < 1 || interval > dlmMaxRetainInterval {
		return 0, false
	}
	switch strings.ToUpper(unit) {
	case "DAYS":
		return interval, true
	case "WEEKS":
		return interval * 7, true
	case "MONTHS":
		return interval * 28, true
	case "YEARS":
		return interval * 365, true
	}
	return 0, false
}
