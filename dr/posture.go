package dr

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/dr/schedule"
	"github.com/vigil-audit/vigil/inventory"
)

// Objective names, exactly as the attributes of a dr_tier block.
const (
	ObjectiveRPO               = "rpo"
	ObjectiveRTO               = "rto"
	ObjectiveMinRetention      = "min_retention"
	ObjectiveCrossRegionCopy   = "cross_region_copy"
	ObjectiveCrossAccountCopy  = "cross_account_copy"
	ObjectiveVaultLock         = "vault_lock"
	ObjectiveRestoreTestWithin = "restore_test_within"
	ObjectiveAirGappedCopy     = "air_gapped_copy"
)

// ObjectiveNames lists the objectives in the order reports show them.
var ObjectiveNames = []string{ObjectiveRPO, ObjectiveRTO, ObjectiveMinRetention, ObjectiveCrossRegionCopy,
	ObjectiveCrossAccountCopy, ObjectiveVaultLock, ObjectiveRestoreTestWithin, ObjectiveAirGappedCopy}

// Statuses of an objective.
const (
	ObjectivePass    = "pass"
	ObjectiveFail    = "fail"
	ObjectiveUnknown = "unknown"
)

// RPOSpan is the window over which a schedule's worst gap is measured: a whole year from the reference
// instant, so that every weekday, month end and daylight-saving change is in it.
const RPOSpan = 365 * 24 * time.Hour

// ReasonNoRestoreEvidence is why rto and restore_test_within are unknown on configuration alone.
const ReasonNoRestoreEvidence = "no restore test evidence"

// Posture is the DR posture of every protectable resource, sorted by resource id.
type Posture struct {
	// At is the reference instant schedules were walked from (UTC), so a posture can be reproduced.
	At        time.Time         `json:"at"`
	Resources []ResourcePosture `json:"resources"`
}

// ResourcePosture is one protectable resource: its tier and system, and how it fares against each
// objective its tier declares.
type ResourcePosture struct {
	Resource string `json:"resource"`
	Type     string `json:"type"`
	// Tier and System are null when the resource is in no tier (no system holds it).
	Tier   *string `json:"tier"`
	System *string `json:"system"`
	// Assignment is the Assignment status (assigned, no objective declared, unknown, invalid).
	Assignment string `json:"assignment"`
	// Reason explains an assignment other than assigned.
	Reason string `json:"reason,omitempty"`
	// Objectives has one entry per objective the tier declares, keyed by its dr_tier name; empty
	// without a tier.
	Objectives map[string]ObjectiveResult `json:"objectives"`
}

// ObjectiveResult is one objective of one resource.
type ObjectiveResult struct {
	// Name is the objective's dr_tier name (the key it is listed under).
	Name   string `json:"-"`
	Status string `json:"status"`
	// Objective is the declared value as written in vigil.hcl ("24h", "true", "compliance", "eu-west-2").
	Objective string `json:"objective"`
	// Achieved says what the protections achieve, in the objective's terms ("4380m", "35d", "none").
	Achieved string `json:"achieved"`
	// Protection names the protection that gives Achieved (plan and rule, or native kind); "" when none.
	Protection string `json:"protection"`
	// Evidence is how Achieved was computed, for a reviewer.
	Evidence string `json:"evidence"`
	// Reason explains a fail or unknown status.
	Reason string `json:"reason,omitempty"`
	// ObjectiveMinutes and AchievedMinutes are set for rpo only; AchievedMinutes is null when nothing
	// known protects the resource.
	ObjectiveMinutes *int64 `json:"-"`
	AchievedMinutes  *int64 `json:"-"`
	// ObservedMinutes is, for rpo on a live collection, the observed RPO (see ObservedRPO): null when no
	// recovery point was seen or no live source covers the resource. AchievedMinutes stays the
	// configured worst case; Status requires both to meet the objective.
	ObservedMinutes *int64 `json:"-"`
	// LiveEvidence lists what a live collection shows (recovery points, failed jobs, restores); empty
	// when no live source covers the resource.
	LiveEvidence []string `json:"live_evidence,omitempty"`
}

// MarshalJSON writes rpo with objective_minutes and achieved_minutes (null when nothing protects), and
// the other objectives without them.
func (o ObjectiveResult) MarshalJSON() ([]byte, error) {
	type plain ObjectiveResult
	if o.Name != ObjectiveRPO {
		return json.Marshal(plain(o))
	}
	return json.Marshal(struct {
		plain
		ObjectiveMinutes *int64 `json:"objective_minutes"`
		AchievedMinutes  *int64 `json:"achieved_minutes"`
		ObservedMinutes  *int64 `json:"observed_minutes,omitempty"`
	}{plain(o), o.ObjectiveMinutes, o.AchievedMinutes, o.ObservedMinutes})
}

// Counts returns how many objectives of p have each status.
func (p Posture) Counts() map[string]int {
	out := map[string]int{ObjectivePass: 0, ObjectiveFail: 0, ObjectiveUnknown: 0}
	for _, r := range p.Resources {
		for _, o := range r.Objectives {
			out[o.Status]++
		}
	}
	return out
}

// Evaluate computes the DR posture of every protectable resource of inv against decl, from the
// configuration evidence (backup plans, selections, vaults, native protections). at is the reference
// instant from which schedules are walked (a command passes the scan's start time): the worst gap of a
// schedule depends on which year it is measured over. Diagnostics are Assign's, plus one per backup
// plan rule whose schedule or time zone is invalid (such a rule contributes nothing known: the
// objectives it could meet are unknown, never passed).
func Evaluate(decl config.DR, inv *inventory.Inventory, at time.Time) (Posture, []Diagnostic) {
	assignments, diags := Assign(decl, inv)
	facts := ComputeFacts(inv)
	ev := evaluator{at: at, byID: map[string]*inventory.Resource{}, reported: map[string]bool{},
		live: CollectLiveEvidence(inv), inv: inv}
	if inv != nil {
		for i := range inv.Resources {
			ev.byID[inv.Resources[i].ID] = &inv.Resources[i]
		}
	}
	ev.checkSchedules(facts)
	out := Posture{At: at.UTC(), Resources: make([]ResourcePosture, 0, len(assignments))}
	for _, a := range assignments {
		rp := ResourcePosture{Resource: a.Resource, Type: a.Type, Assignment: a.Status, Reason: a.Reason,
			Objectives: map[string]ObjectiveResult{}}
		tier := decl.Tier(a.Tier)
		if a.Status != StatusAssigned || tier == nil {
			if rp.Reason == "" && a.Status == StatusNoObjective {
				rp.Reason = StatusNoObjective
			}
			out.Resources = append(out.Resources, rp)
			continue
		}
		rp.Tier = ptr(a.Tier)
		if a.System != "" {
			rp.System = ptr(a.System)
		}
		f := facts[a.Resource]
		for _, o := range ev.objectives(tier, f) {
			rp.Objectives[o.Name] = o
		}
		out.Resources = append(out.Resources, rp)
	}
	sort.SliceStable(out.Resources, func(i, j int) bool { return out.Resources[i].Resource < out.Resources[j].Resource })
	slices.SortStableFunc(ev.diags, func(a, b Diagnostic) int { return strings.Compare(a.String(), b.String()) })
	return out, append(diags, ev.diags...)
}

type evaluator struct {
	at    time.Time
	byID  map[string]*inventory.Resource
	cache schedule.Cache
	diags []Diagnostic
	// reported holds the plan rules already diagnosed, so that a plan covering many resources is
	// reported once.
	reported map[string]bool
	// live is the live evidence by resource id (CollectLiveEvidence).
	live map[string]*LiveEvidence
	inv  *inventory.Inventory
	// gaps holds each distinct schedule's worst gap (worstGap).
	gaps map[gapKey]gapResult
	// restoreTesting is the restore testing plans by account and region (restorePlans).
	restoreTesting restoreTestingIndex
	// airGapped holds the ids of the logically air-gapped vaults (airGappedVaults).
	airGapped map[string]bool
}

func (ev *evaluator) objectives(t *config.DRTier, f Facts) []ObjectiveResult {
	var out []ObjectiveResult
	if t.RPO != nil {
		out = append(out, ev.rpo(t.RPO, f))
	}
	for _, o := range []struct {
		name string
		obj  *config.DurationObjective
	}{{ObjectiveRTO, t.RTO}, {ObjectiveRestoreTestWithin, t.RestoreTestWithin}} {
		if o.obj != nil {
			out = append(out, ev.restoreObjective(o.name, o.obj, f))
		}
	}
	if t.MinRetention != nil {
		res := ev.minRetention(t.MinRetention, f)
		ev.applyLiveRetention(&res, t.MinRetention, f)
		out = append(out, res)
	}
	for _, c := range []struct {
		name string
		obj  *config.CopyObjective
	}{{ObjectiveCrossRegionCopy, t.CrossRegionCopy}, {ObjectiveCrossAccountCopy, t.CrossAccountCopy}} {
		if c.obj != nil {
			res := copyObjective(c.name, c.obj, f)
			if strings.HasPrefix(res.Protection, dlmPrefix) {
				ev.dlmLiveCopy(&res, f)
			} else {
				ev.applyLiveCopy(&res, c.obj, f)
			}
			out = append(out, res)
		}
	}
	if t.VaultLock != nil {
		out = append(out, vaultLockObjective(t.VaultLock, f))
	}
	if t.AirGappedCopy != nil {
		res := ev.airGappedCopy(t.AirGappedCopy, f)
		ev.applyLiveAirGapped(&res, t.AirGappedCopy, f)
		out = append(out, res)
	}
	return out
}

// candidate is one protection's contribution to an objective: a known value, or unknown with a reason.
type candidate struct {
	protection string
	// achieved, when set, is what the objective shows as achieved instead of the value.
	achieved string
	known    bool
	value    int64 // minutes (rpo), days (retention; kept forever: the constant forever)
	evidence string
	unknown  string
}

// tally collects candidates and picks the best known one (lower is better for rpo, higher for retention).
type tally struct {
	lowerIsBetter bool
	best          *candidate
	unknown       []string
}

func (t *tally) add(c candidate) {
	if !c.known {
		t.unknown = append(t.unknown, c.protection+": "+c.unknown)
		return
	}
	if t.best == nil || (t.lowerIsBetter && c.value < t.best.value) || (!t.lowerIsBetter && c.value > t.best.value) ||
		(c.value == t.best.value && c.protection < t.best.protection) {
		cc := c
		t.best = &cc
	}
}

// addFacts adds the reasons why the resource's protections are not fully known (a plan that may cover it).
func (t *tally) addFacts(f Facts) { t.unknown = append(t.unknown, f.Unknown...) }

// status judges the best known value: meeting the objective passes whatever else is unknown (a known
// protection suffices); missing it fails only when nothing else is unknown, since an unknown protection
// might meet it.
func (t *tally) status(meets func(int64) bool) (string, string) {
	sort.Strings(t.unknown)
	t.unknown = slices.Compact(t.unknown)
	switch {
	case t.best != nil && meets(t.best.value):
		return ObjectivePass, ""
	case len(t.unknown) > 0:
		return ObjectiveUnknown, strings.Join(t.unknown, "; ")
	case t.best == nil:
		return ObjectiveFail, "nothing protects the resource"
	}
	return ObjectiveFail, ""
}

func ruleName(p PlanCoverage, r RuleFacts) string {
	name := p.Name
	if name == "" {
		name = p.Plan
	}
	return fmt.Sprintf("backup plan %s rule %s", name, r.Name)
}

func hasUnknown(list []string, field string) bool { return slices.Contains(list, field) }

// rpo: the achieved RPO is the best (smallest) worst case among the protections known to cover the
// resource. A scheduled AWS Backup rule's worst case is the largest gap between consecutive scheduled
// starts over RPOSpan from ev.at, in the rule's time zone, plus its start window (a job may start that
// late after its scheduled time, so the recovery point can be that much older). A point-in-time rule or
// native protection's worst case is its documented granularity.
func (ev *evaluator) rpo(obj *config.DurationObjective, f Facts) ObjectiveResult {
	t := tally{lowerIsBetter: true}
	t.addFacts(f)
	for _, p := range f.Plans {
		if p.State != StateProtected {
			t.add(candidate{protection: "backup plan " + p.Plan, unknown: "may cover the resource"})
			continue
		}
		for _, r := range p.Rules {
			t.add(ev.ruleRPO(p, r))
		}
	}
	for _, n := range f.Native {
		c := candidate{protection: n.Kind + " of " + n.Source}
		switch {
		case n.State != StateProtected:
			c.unknown = "may be enabled: " + strings.Join(n.Unknown, "; ")
		case n.GranularityMinutes == nil:
			c.unknown = "AWS documents no bound on the data lost"
		default:
			c.known, c.value = true, int64(*n.GranularityMinutes)
			if n.PointInTime {
				c.evidence = fmt.Sprintf("point-in-time recovery, latest restorable time within %d minutes", c.value)
			} else {
				c.evidence = fmt.Sprintf("documented granularity %d minutes", c.value)
			}
		}
		t.add(c)
	}
	for _, d := range f.DLM {
		if c, ok := ev.dlmRPO(d); ok {
			t.add(c)
		}
	}
	res := ObjectiveResult{Name: ObjectiveRPO, Objective: obj.Text, ObjectiveMinutes: ptr(obj.Minutes()), Achieved: "none"}
	res.Status, res.Reason = t.status(func(v int64) bool { return v <= obj.Minutes() })
	if t.best != nil {
		res.AchievedMinutes = ptr(t.best.value)
		res.Achieved = config.FormatObjectiveDuration(time.Duration(t.best.value) * time.Minute)
		res.Protection, res.Evidence = t.best.protection, t.best.evidence
		if res.Status == ObjectiveFail {
			res.Reason = fmt.Sprintf("worst case %s exceeds the objective %s", res.Achieved, obj.Text)
		}
	} else if res.Status == ObjectiveUnknown {
		res.Achieved = "unknown"
	}
	if res.Status == ObjectiveFail {
		res.Reason += dlmDisabledNote(f)
	}
	ev.applyLiveRPO(&res, obj, f)
	return res
}

func (ev *evaluator) ruleRPO(p PlanCoverage, r RuleFacts) candidate {
	c := candidate{protection: ruleName(p, r)}
	if r.PointInTime {
		if r.GranularityMinutes == nil {
			c.unknown = "continuous backup with no documented granularity"
			return c
		}
		c.known, c.value = true, int64(*r.GranularityMinutes)
		c.evidence = fmt.Sprintf("continuous backup, point-in-time recovery within %d minutes", c.value)
		return c
	}
	return ev.scheduleWorstCase(p, r)
}

// scheduleWorstCase is the worst case of a rule's schedule: the largest gap between consecutive
// scheduled starts over RPOSpan from ev.at, plus the start window.
func (ev *evaluator) scheduleWorstCase(p PlanCoverage, r RuleFacts) candidate {
	c := candidate{protection: ruleName(p, r)}
	for _, field := range []string{"schedule", "schedule_timezone", "start_window_minutes"} {
		if hasUnknown(r.Unknown, field) {
			c.unknown = field + " is unknown"
			return c
		}
	}
	if r.Schedule == nil || r.StartWindowMinutes == nil {
		c.unknown = "no schedule"
		return c
	}
	tz := ""
	if r.ScheduleTimezone != nil {
		tz = *r.ScheduleTimezone
	}
	gap, loc, err := ev.worstGap(*r.Schedule, tz)
	if err != nil {
		ev.diagnose(p, r, err)
		c.unknown = "invalid schedule: " + err.Error()
		return c
	}
	if gap.Stops {
		c.unknown = "the schedule " + gap.Describe(loc) + " within a year: it protects nothing from then on"
		return c
	}
	window := int64(*r.StartWindowMinutes)
	c.known, c.value = true, int64(gap.Largest/time.Minute)+window
	c.evidence = fmt.Sprintf("%s: %s, plus start window %dm", *r.Schedule, gap.Describe(loc), window)
	return c
}

// gapKey is a schedule expression and its time zone name.
type gapKey struct{ expr, tz string }

type gapResult struct {
	gap schedule.Gap
	loc *time.Location
	err error
}

// worstGap is the largest gap of expr in zone tz over RPOSpan from ev.at, walked once per evaluation for
// each distinct schedule and zone: a plan covering many resources would otherwise walk its year of
// starts once per resource.
func (ev *evaluator) worstGap(expr, tz string) (schedule.Gap, *time.Location, error) {
	key := gapKey{expr, tz}
	if g, ok := ev.gaps[key]; ok {
		return g.gap, g.loc, g.err
	}
	var g gapResult
	s, err := ev.cache.Parse(expr)
	if err == nil {
		g.loc, err = schedule.LoadLocation(tz)
	}
	if err == nil {
		g.gap, err = s.WorstGap(g.loc, ev.at, RPOSpan)
	}
	g.err = err
	if ev.gaps == nil {
		ev.gaps = map[gapKey]gapResult{}
	}
	ev.gaps[key] = g
	return g.gap, g.loc, g.err
}

// checkSchedules diagnoses every rule with a schedule AWS would reject, in the plans that cover (or may
// cover) any protectable resource, whether or not the resource has a tier: the plan is wrong either way.
func (ev *evaluator) checkSchedules(facts map[string]Facts) {
	ids := make([]string, 0, len(facts))
	for id := range facts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	ev.checkDLMSchedules(ids, facts)
	for _, id := range ids {
		for _, p := range facts[id].Plans {
			for _, r := range p.Rules {
				if r.PointInTime || r.Schedule == nil {
					continue
				}
				_, err := ev.cache.Parse(*r.Schedule)
				if err == nil && r.ScheduleTimezone != nil {
					_, err = schedule.LoadLocation(*r.ScheduleTimezone)
				}
				if err != nil {
					ev.diagnose(p, r, err)
				}
			}
		}
	}
}

// diagnose reports a rule whose schedule cannot be evaluated, once per plan and rule, at the plan's
// source when it has one.
func (ev *evaluator) diagnose(p PlanCoverage, r RuleFacts, err error) {
	key := p.Plan + "\x00" + r.Name
	if ev.reported[key] {
		return
	}
	ev.reported[key] = true
	d := Diagnostic{Summary: "invalid backup schedule", Resource: p.Plan,
		Detail: fmt.Sprintf("backup plan %s rule %q: %v; the rule's protection is unknown", p.Plan, r.Name, err)}
	if res := ev.byID[p.Plan]; res != nil {
		d.Source = res.Source
	}
	ev.diags = append(ev.diags, d)
}

// forever is the retention of recovery points that no lifecycle deletes; compared, never multiplied.
const forever = int64(1<<62 - 1)

func daysText(v int64) string {
	if v == forever {
		return "forever"
	}
	return fmt.Sprintf("%dd", v)
}

// minRetention: the achieved retention is the longest among the resource's sources of recovery points
// known to cover it: each rule's recovery points (delete_after_days; null keeps them forever), each of
// its copies (their own delete_after_days), and native backups with a retention (RDS automated
// backups, DynamoDB PITR, EFS automatic backups). S3 replication keeps a replica, not past versions, so
// it gives no retention.
func (ev *evaluator) minRetention(obj *config.DurationObjective, f Facts) ObjectiveResult {
	t := tally{}
	t.addFacts(f)
	retention := func(protection string, days *int, unknown bool) {
		c := candidate{protection: protection}
		switch {
		case unknown:
			c.unknown = "delete_after_days is unknown"
		case days == nil:
			c.known, c.value, c.evidence = true, forever, "no delete_after_days: kept until deleted"
		default:
			c.known, c.value, c.evidence = true, int64(*days), fmt.Sprintf("delete_after_days = %d", *days)
		}
		t.add(c)
	}
	for _, p := range f.Plans {
		if p.State != StateProtected {
			t.add(candidate{protection: "backup plan " + p.Plan, unknown: "may cover the resource"})
			continue
		}
		for _, r := range p.Rules {
			retention(ruleName(p, r), r.DeleteAfterDays, hasUnknown(r.Unknown, "delete_after_days"))
			for i, cp := range r.Copies {
				retention(fmt.Sprintf("%s copy %d to %s", ruleName(p, r), i+1, vaultText(cp.DestinationVault)),
					cp.DeleteAfterDays, hasUnknown(cp.Unknown, "delete_after_days"))
			}
		}
	}
	for _, n := range f.Native {
		if n.Kind == NativeS3Replication {
			continue
		}
		c := candidate{protection: n.Kind + " of " + n.Source}
		switch {
		case n.State != StateProtected:
			c.unknown = "may be enabled"
		case n.RetentionDays == nil:
			c.unknown = "retention is unknown"
		default:
			c.known, c.value, c.evidence = true, int64(*n.RetentionDays), fmt.Sprintf("retention %d days", *n.RetentionDays)
		}
		t.add(c)
	}
	for _, d := range f.DLM {
		for _, c := range ev.dlmRetention(d) {
			t.add(c)
		}
	}
	res := ObjectiveResult{Name: ObjectiveMinRetention, Objective: obj.Text, Achieved: "none"}
	res.Status, res.Reason = t.status(func(v int64) bool { return v == forever || v*24*60 >= obj.Minutes() })
	if t.best != nil {
		res.Achieved = daysText(t.best.value)
		res.Protection, res.Evidence = t.best.protection, t.best.evidence
		if res.Status == ObjectiveFail {
			res.Reason = fmt.Sprintf("longest retention %s is below the objective %s", res.Achieved, obj.Text)
		}
	} else if res.Status == ObjectiveUnknown {
		res.Achieved = "unknown"
	}
	if res.Status == ObjectiveFail {
		res.Reason += dlmDisabledNote(f)
	}
	return res
}

func vaultText(v VaultFacts) string {
	switch {
	case v.Name != "" && v.Region != "":
		return v.Name + " (" + v.Region + ")"
	case v.Name != "":
		return v.Name
	}
	return v.Ref
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// copyObjective: cross_region_copy (cross_account_copy) passes when a rule of a plan known to cover the
// resource copies its recovery points to a vault in another region (account) than its target vault,
// one of the listed ones when the tier lists them, or when a native protection keeps the data in such a
// place (S3 replication, RDS automated backups replicated to another region). `= false` declares no
// need: pass.
func copyObjective(name string, obj *config.CopyObjective, f Facts) ObjectiveResult {
	res := ObjectiveResult{Name: name, Objective: boolText(obj.Required)}
	if len(obj.Values) > 0 {
		res.Objective = strings.Join(obj.Values, ", ")
	}
	if !obj.Required {
		res.Status, res.Achieved, res.Evidence = ObjectivePass, "not required", "the tier declares no need"
		return res
	}
	region := name == ObjectiveCrossRegionCopy
	counts := func(regionOrAccount string) bool {
		return len(obj.Values) == 0 || slices.Contains(obj.Values, regionOrAccount)
	}
	var unknown []string
	var seen []string
	consider := func(protection string, cross *bool, where string) bool {
		switch {
		case cross == nil:
			unknown = append(unknown, protection+": destination unknown")
		case *cross && counts(where):
			res.Status, res.Achieved, res.Protection = ObjectivePass, where, protection
			res.Evidence = protection + " keeps a copy in " + where
			return true
		default:
			seen = append(seen, protection+" → "+where)
		}
		return false
	}
	unknown = append(unknown, f.Unknown...)
	for _, p := range f.Plans {
		if p.State != StateProtected {
			unknown = append(unknown, "backup plan "+p.Plan+": may cover the resource")
			continue
		}
		for _, r := range p.Rules {
			if r.Copies == nil {
				unknown = append(unknown, ruleName(p, r)+": copies unknown")
			}
			for _, cp := range r.Copies {
				cross, where := cp.CrossAccount, cp.DestinationVault.Account
				if region {
					cross, where = cp.CrossRegion, cp.DestinationVault.Region
				}
				if consider(ruleName(p, r)+" copy to "+vaultText(cp.DestinationVault), cross, where) {
					return res
				}
			}
		}
	}
	for _, n := range f.Native {
		if n.State != StateProtected {
			continue
		}
		for _, d := range n.Destinations {
			cross, where := d.CrossAccount, d.Account
			if region {
				cross, where = d.CrossRegion, d.Region
			}
			dest := d.Resource
			if dest == "" {
				dest = d.Region
			}
			if consider(n.Kind+" to "+dest, cross, where) {
				return res
			}
		}
	}
	for _, d := range f.DLM {
		if ok, _ := dlmActive(d); !ok {
			continue // unknown entries are in f.Unknown; disabled policies copy nothing
		}
		if d.Copies == nil {
			unknown = append(unknown, d.Label()+": copies unknown")
		}
		for _, cp := range d.Copies {
			// DLM copies stay in the policy's account; a share is not a copy.
			cross, where := ptr(false), f.Account
			if region {
				cross, where = cp.CrossRegion, cp.Region
			}
			if consider(d.Label()+" copy to "+cp.Target, cross, where) {
				return res
			}
		}
		if !region && len(d.SharedWith) > 0 {
			seen = append(seen, d.Label()+" shares with "+strings.Join(d.SharedWith, ", ")+" (a share, not a copy)")
		}
	}
	sort.Strings(unknown)
	unknown = slices.Compact(unknown)
	sort.Strings(seen)
	res.Achieved = "none"
	if len(seen) > 0 {
		res.Evidence = "copies: " + strings.Join(seen, "; ")
	} else {
		res.Evidence = "no copy"
	}
	what := "another region"
	if !region {
		what = "another account"
	}
	if len(obj.Values) > 0 {
		what = strings.Join(obj.Values, " or ")
	}
	if len(unknown) > 0 {
		res.Status, res.Achieved, res.Reason = ObjectiveUnknown, "unknown", strings.Join(unknown, "; ")
		return res
	}
	res.Status, res.Reason = ObjectiveFail, "no copy in "+what
	return res
}

// vaultLockObjective passes when the recovery points of a rule of a plan known to cover the resource are kept in
// a locked vault (its target vault, or one of its copies' destination vaults), in compliance mode when
// the tier asks for "compliance". Native protections keep no recovery points in a vault. `= false`
// declares no need: pass.
func vaultLockObjective(obj *config.VaultLockObjective, f Facts) ObjectiveResult {
	res := ObjectiveResult{Name: ObjectiveVaultLock, Objective: boolText(obj.Required)}
	if obj.Required && obj.Mode == config.VaultLockCompliance {
		res.Objective = config.VaultLockCompliance
	}
	if !obj.Required {
		res.Status, res.Achieved, res.Evidence = ObjectivePass, "not required", "the tier declares no need"
		return res
	}
	var unknown, seen []string
	unknown = append(unknown, f.Unknown...)
	check := func(protection string, v VaultFacts) bool {
		name := vaultText(v)
		switch {
		case v.Lock == nil:
			unknown = append(unknown, protection+": lock of vault "+name+" unknown")
		case !v.Lock.Enabled:
			seen = append(seen, "vault "+name+" unlocked")
		case obj.Mode == config.VaultLockCompliance && v.Lock.Mode == nil:
			unknown = append(unknown, protection+": lock mode of vault "+name+" unknown")
		case obj.Mode == config.VaultLockCompliance && *v.Lock.Mode != config.VaultLockCompliance:
			seen = append(seen, "vault "+name+" locked in "+*v.Lock.Mode+" mode")
		default:
			mode := "locked"
			if v.Lock.Mode != nil {
				mode = *v.Lock.Mode
			}
			res.Status, res.Achieved, res.Protection = ObjectivePass, mode, protection
			res.Evidence = "vault " + name + " locked (" + mode + ")"
			return true
		}
		return false
	}
	for _, p := range f.Plans {
		if p.State != StateProtected {
			unknown = append(unknown, "backup plan "+p.Plan+": may cover the resource")
			continue
		}
		for _, r := range p.Rules {
			if check(ruleName(p, r), r.TargetVault) {
				return res
			}
			for _, cp := range r.Copies {
				if check(ruleName(p, r)+" copy", cp.DestinationVault) {
					return res
				}
			}
		}
	}
	for _, d := range f.DLM {
		if ok, _ := dlmActive(d); ok {
			seen = append(seen, d.Label()+" keeps EBS snapshots outside any backup vault")
		}
	}
	sort.Strings(unknown)
	unknown = slices.Compact(unknown)
	sort.Strings(seen)
	seen = slices.Compact(seen)
	res.Achieved = "none"
	res.Evidence = strings.Join(seen, "; ")
	if res.Evidence == "" {
		res.Evidence = "no backup plan keeps the resource's recovery points in a vault"
	}
	if len(unknown) > 0 {
		res.Status, res.Achieved, res.Reason = ObjectiveUnknown, "unknown", strings.Join(unknown, "; ")
		return res
	}
	res.Status, res.Reason = ObjectiveFail, "no locked vault holds the recovery points"
	if obj.Mode == config.VaultLockCompliance {
		res.Reason = "no vault locked in compliance mode holds the recovery points"
	}
	return res
}
