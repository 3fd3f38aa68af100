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
	for _, c := range ix.dlmPolicies {
		out = append(out, c.targets(res, kind, "")...)
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
					for _, c := range ix.dlmPolicies {
						if c.mayTargetInstances(res) {
							out = append(out, DLMProtection{Policy: c.res.ID, Via: ref, State: StateUnknown,
								Unknown: []string{fmt.Sprintf("%s is attached to %s, which is not in the inventory: whether INSTANCE policy %s targets it is unknown", res.ID, ref, c.res.ID)}})
						}
					}
					continue
				}
				for _, c := range ix.dlmPolicies {
					out = append(out, c.throughInstance(in, res)...)
				}
			}
		default:
			for _, c := range ix.dlmPolicies {
				if c.mayTargetInstances(res) {
					out = append(out, DLMProtection{Policy: c.res.ID, State: StateUnknown,
						Unknown: []string{fmt.Sprintf("the instances %s is attached to are not in the inventory: whether INSTANCE policy %s snapshots it is unknown (%s)",
							res.ID, c.res.ID, describe(res, "attached_instances", st))}})
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

// dlmPolicy is a DLM policy read once: what does not depend on the resource it is matched against.
type dlmPolicy struct {
	res *inventory.Resource
	// base is the entry every schedule starts from (policy, policy id, policy state).
	base DLMProtection
	// why lists what is unknown about the policy as a whole (type, resource types, locations, tags).
	why []string
	// defaultKind is VOLUME or INSTANCE for a default policy.
	defaultKind string
	// kinds and cloud tell whether resource_types hold VOLUME/INSTANCE and resource_locations CLOUD.
	kinds map[string]valueState
	cloud valueState
	// tags are the target tags (tagsKnown false: unknown); none targets nothing.
	tags      map[string]string
	tagsKnown bool
	// schedules are the policy's schedules (State protected); schedulesWhy says why they are unknown.
	schedules    []DLMProtection
	schedulesWhy string
	// Parameters of an INSTANCE policy.
	paramsUnknown bool
	excludeBoot   bool
	excludeTags   map[string]string
}

// compileDLM reads policy p once; nil when it is known to take no EBS snapshot (an AMI or event-based
// policy), so it targets nothing.
func compileDLM(p *inventory.Resource) *dlmPolicy {
	c := &dlmPolicy{res: p, base: DLMProtection{Policy: p.ID, State: StateProtected},
		kinds: map[string]valueState{}}
	if id, st := str(p, "policy_id"); st == present {
		c.base.PolicyID = id
	}
	if s, st := str(p, "state"); st == present {
		c.base.PolicyState = s
	}
	switch t, st := str(p, "policy_type"); {
	case st == present && t != dlmSnapshotPolicy:
		return nil // AMI and event-based (cross-account copy) policies take no snapshot
	case st != present:
		c.why = append(c.why, describe(p, "policy_type", st))
	}
	switch d, st := str(p, "default_policy"); st {
	case present:
		c.defaultKind = d
	case absent:
	default:
		c.why = append(c.why, describe(p, "default_policy", st))
	}
	for _, k := range []string{dlmVolume, dlmInstance} {
		c.kinds[k] = dlmListHolds(p, "resource_types", k)
	}
	c.cloud = dlmListHolds(p, "resource_locations", dlmCloud)
	if !p.IsUnknown("target_tags") {
		c.tagsKnown = true
		c.tags = map[string]string{}
		v, _ := get(p, "target_tags")
		m, _ := v.(map[string]any)
		for k, want := range m {
			w, ok := want.(string)
			if !ok {
				c.tagsKnown = false
				break
			}
			c.tags[k] = w
		}
	}
	if schedules, st := list(p, "schedules"); st == present {
		for i := range schedules {
			c.schedules = append(c.schedules, dlmReadSchedule(p, c.base, i))
		}
	} else {
		c.schedulesWhy = describe(p, "schedules", st)
	}
	c.paramsUnknown = unknownAt(p, "parameters")
	if boot, st := boolean(p, "parameters.exclude_boot_volume"); st == present {
		c.excludeBoot = boot
	}
	if v, _ := get(p, "parameters.exclude_data_volume_tags"); v != nil {
		m, _ := v.(map[string]any)
		c.excludeTags = map[string]string{}
		for k, want := range m {
			w, _ := want.(string)
			c.excludeTags[k] = w
		}
	}
	return c
}

// mayTargetInstances reports whether the policy may snapshot instances of res's region: its resource
// types hold INSTANCE (or are unknown), and it is not known to be in another region.
func (c *dlmPolicy) mayTargetInstances(res *inventory.Resource) bool {
	if d := differ(c.res.Region, res.Region, false); d != nil && *d {
		return false
	}
	return c.kinds[dlmInstance] != absent
}

// targets returns the policy's schedules that target res as a DLM resource of kind (VOLUME or
// INSTANCE): a snapshot policy of res's region and account whose resource types hold kind, whose
// resource locations hold CLOUD, and all of whose target tags res carries. What cannot be told gives one
// entry of State unknown with the reasons; a policy known not to target res gives none. The entries
// share the policy's read-only slices.
func (c *dlmPolicy) targets(res *inventory.Resource, kind, via string) []DLMProtection {
	p := c.res
	base := c.base
	base.Via = via
	why := append([]string{}, c.why...)
	// Scope: a policy acts on the resources of its own region and account.
	if d := differ(p.Region, res.Region, false); d == nil {
		why = append(why, fmt.Sprintf("the region of %s or %s is unknown", p.ID, res.ID))
	} else if *d {
		return nil
	}
	if d := differ(p.Account, res.Account, true); d != nil && *d {
		return nil
	}
	switch {
	case c.defaultKind == kind:
		// A default policy snapshots every resource of its kind in the region that has no recent
		// snapshot; its exclusions and intervals are not mapped, and it has no target tags.
		base.State = StateUnknown
		base.Unknown = append(why, fmt.Sprintf("%s is a default policy for %s resources: vigil does not evaluate default policies", p.ID, kind))
		return []DLMProtection{base}
	case c.defaultKind != "":
		return nil
	}
	// resource_types must hold the resource's kind, resource_locations CLOUD (not Outpost or Local
	// Zone resources only).
	for _, h := range []struct {
		path string
		st   valueState
	}{{"resource_types", c.kinds[kind]}, {"resource_locations", c.cloud}} {
		switch h.st {
		case absent:
			return nil
		case unknownVal, wrongType:
			why = append(why, describe(p, h.path, h.st))
		}
	}
	// Every target tag must be on the resource; a policy without target tags targets nothing (DLM
	// requires them).
	switch {
	case !c.tagsKnown:
		why = append(why, fmt.Sprintf("target_tags of %s are unknown", p.ID))
	case len(c.tags) == 0:
		return nil
	case res.IsUnknown("tags"):
		why = append(why, fmt.Sprintf("the tags of %s are unknown", res.ID))
	default:
		for k, want := range c.tags {
			if got, ok := res.Tags[k]; !ok || got != want {
				return nil
			}
		}
	}
	if len(why) > 0 {
		base.State, base.Unknown = StateUnknown, why
		return []DLMProtection{base}
	}
	if c.schedules == nil && c.schedulesWhy != "" {
		base.State, base.Unknown = StateUnknown, []string{c.schedulesWhy}
		return []DLMProtection{base}
	}
	out := make([]DLMProtection, len(c.schedules))
	for i, d := range c.schedules {
		d.Via = via
		out[i] = d
	}
	return out
}

// throughInstance returns the schedules that snapshot volume vol because the policy targets instance
// in, to which vol is attached, less what its parameters leave out: the boot volume
// (exclude_boot_volume) and data volumes carrying any of exclude_data_volume_tags.
func (c *dlmPolicy) throughInstance(in, vol *inventory.Resource) []DLMProtection {
	out := c.targets(in, dlmInstance, in.ID)
	if len(out) == 0 {
		return out
	}
	p := c.res
	var why string
	switch {
	case c.paramsUnknown:
		why = fmt.Sprintf("parameters of %s are unknown: it may leave %s out", p.ID, vol.ID)
	case len(c.excludeTags) > 0 && vol.IsUnknown("tags"):
		why = fmt.Sprintf("the tags of %s are unknown: %s may leave it out", vol.ID, p.ID)
	default:
		for k, want := range c.excludeTags {
			if got, has := vol.Tags[k]; has && got == want {
				return nil // excluded by its tag
			}
		}
		if c.excludeBoot && vol.Source.Kind != inventory.SourceTerraform && vol.Source.Kind != inventory.SourcePlan {
			// An aws_ebs_volume attached with aws_volume_attachment is never a root volume; a live
			// volume's device is not compared with the instance's root device.
			why = fmt.Sprintf("%s leaves boot volumes out, and whether %s is %s's boot volume is not in the inventory", p.ID, vol.ID, in.ID)
		}
	}
	if why != "" {
		for i := range out {
			out[i].State = StateUnknown
			out[i].Unknown = append(append([]string{}, out[i].Unknown...), why)
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
