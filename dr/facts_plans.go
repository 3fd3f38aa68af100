package dr

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// rdsGranularityMinutes is how far behind the present an RDS point-in-time restore can reach: "the latest
// restorable time for a DB instance is typically within 5 minutes of the current time" (docs/dr.md cites
// the source; the figure is applied to Aurora clusters too).
const rdsGranularityMinutes = 5

// facts computes the facts of one protectable resource.
func (ix *index) facts(r *inventory.Resource) Facts {
	f := Facts{Resource: r.ID, Type: r.Type, Region: r.Region, Account: r.Account,
		Plans: []PlanCoverage{}, Native: []NativeProtection{}, DLM: []DLMProtection{}}
	var unknown []string
	subject := r
	if r.Type == inventory.TypeRDSInstance {
		if src, st := str(r, "replicate_source_db"); st == present && src != "" {
			f.ReplicaOf = src
		}
		switch ref, st := str(r, "cluster_identifier"); st {
		case present:
			if ref == "" {
				break
			}
			f.Cluster = ref
			if c := ix.cluster(ref, r); c != nil {
				f.Cluster = c.ID
				subject = c
			} else {
				unknown = append(unknown, fmt.Sprintf("%s is a member of cluster %q, which is not in the inventory: "+
					"its backups are the cluster's", r.ID, ref))
				subject = nil
			}
		case absent:
		default:
			unknown = append(unknown, fmt.Sprintf("%s: whether it is an Aurora cluster member (whose backups are the "+
				"cluster's) cannot be told: %s", r.ID, describe(r, "cluster_identifier", st)))
		}
	}
	if subject != nil {
		f.Plans = ix.planCoverage(subject)
		f.Native = ix.native(subject)
		f.DLM = ix.dlm(subject)
	}
	for _, p := range f.Plans {
		unknown = append(unknown, p.Unknown...)
	}
	for _, n := range f.Native {
		if n.State == StateUnknown {
			unknown = append(unknown, n.Unknown...)
		}
	}
	for _, d := range f.DLM {
		if d.State == StateUnknown {
			unknown = append(unknown, d.Unknown...)
		}
	}
	f.Unknown = sortedUnique(unknown)
	return f
}

// cluster finds the RDS cluster a member's cluster_identifier names: its inventory id (a Terraform
// reference) or its identifier in the member's region and account (live: DBClusterIdentifier).
func (ix *index) cluster(ref string, member *inventory.Resource) *inventory.Resource {
	if c, ok := ix.byID[ref]; ok && c.Type == inventory.TypeRDSCluster {
		return c
	}
	var found *inventory.Resource
	for _, c := range ix.clusters {
		if id, st := str(c, "identifier"); st == present && id == ref && c.Region == member.Region && c.Account == member.Account {
			if found != nil {
				return nil // two clusters of that name: cannot tell which
			}
			found = c
		}
	}
	return found
}

// planCoverage lists the plans whose selections cover (or may cover) res, merged per plan: a plan
// covers when any of its selections does.
func (ix *index) planCoverage(res *inventory.Resource) []PlanCoverage {
	byPlan := map[string]*PlanCoverage{}
	why := map[string][]string{}
	surely := map[string][]string{} // the selections known to cover, per plan
	var order []string
	for _, sc := range ix.selectors {
		sel, plan := sc.sel, sc.plan
		planRef, st := str(sel, "plan_id")
		v := sc.selects(res)
		if v.t == no {
			continue
		}
		key := planRef
		if st != present {
			key = "?" + sel.ID // an unknown plan: one entry per selection
			planRef = ""
		}
		pc, ok := byPlan[key]
		if !ok {
			pc = &PlanCoverage{Plan: planRef, State: StateUnknown, Selections: []string{}, Unknown: []string{}}
			byPlan[key] = pc
			order = append(order, key)
			switch {
			case st != present:
				pc.Unknown = append(pc.Unknown, fmt.Sprintf("selection %s: %s", sel.ID, describe(sel, "plan_id", st)))
			case plan == nil:
				pc.Unknown = append(pc.Unknown, fmt.Sprintf("selection %s: its plan %q is not in the inventory", sel.ID, planRef))
			default:
				pc.Name, _ = str(plan, "name")
				pc.Rules, pc.Unknown = ix.planRules(plan, res.Type, pc.Unknown)
			}
		}
		if v.t == yes {
			surely[key] = append(surely[key], sel.ID)
		} else {
			pc.Selections = append(pc.Selections, sel.ID)
			why[key] = append(why[key], v.why...)
		}
	}
	out := make([]PlanCoverage, 0, len(order))
	for _, k := range order {
		pc := byPlan[k]
		if len(surely[k]) > 0 {
			// Covered: the selections that may also cover it change nothing.
			pc.State = StateProtected
			pc.Selections = surely[k]
		} else {
			pc.Unknown = append(pc.Unknown, why[k]...)
		}
		pc.Unknown = sortedUnique(pc.Unknown)
		sort.Strings(pc.Selections)
		out = append(out, *pc)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Plan < out[j].Plan })
	return out
}

// pointInTimeTypes are the types AWS Backup takes continuous backups of (a continuous rule takes
// snapshots of the others), with the documented lag of their latest restorable time (nil: none documented).
var pointInTimeTypes = map[string]*int{
	inventory.TypeRDSInstance: ptr(rdsGranularityMinutes),
	inventory.TypeRDSCluster:  ptr(rdsGranularityMinutes),
	inventory.TypeS3Bucket:    nil,
}

// planRules returns the plan's rules as facts for a resource of type typ; null with a reason when
// unknown. The facts are computed once per plan and type, and shared: callers do not modify them.
func (ix *index) planRules(plan *inventory.Resource, typ string, unknown []string) ([]RuleFacts, []string) {
	elems, st := list(plan, "rules")
	if st != present {
		return nil, append(unknown, fmt.Sprintf("plan %s: %s", plan.ID, describe(plan, "rules", st)))
	}
	key := [2]string{plan.ID, typ}
	if out, ok := ix.rules[key]; ok {
		return out, unknown
	}
	out := make([]RuleFacts, 0, len(elems))
	for i := range elems {
		out = append(out, ix.rule(plan, "rules."+strconv.Itoa(i)+".", typ))
	}
	ix.rules[key] = out
	return out, unknown
}

func (ix *index) rule(plan *inventory.Resource, p string, typ string) RuleFacts {
	rf := RuleFacts{Copies: []CopyFacts{}}
	var unknown []string
	strField := func(field string) *string {
		s, st := str(plan, p+field)
		if st == present {
			return &s
		}
		unknown = append(unknown, field)
		return nil
	}
	intField := func(field string, nullable bool) *int {
		n, st := integer(plan, p+field)
		switch {
		case st == present:
			return &n
		case st == absent && nullable:
			return nil
		}
		unknown = append(unknown, field)
		return nil
	}
	rf.Name, _ = str(plan, p+"name")
	rf.Schedule = strField("schedule")
	rf.ScheduleTimezone = strField("schedule_timezone")
	rf.StartWindowMinutes = intField("start_window_minutes", false)
	rf.CompletionWindowMinutes = intField("completion_window_minutes", false)
	rf.DeleteAfterDays = intField("delete_after_days", true)
	if b, st := boolean(plan, p+"continuous_backup"); st == present {
		rf.ContinuousBackup = &b
		if g, ok := pointInTimeTypes[typ]; ok && b {
			rf.PointInTime = true
			rf.GranularityMinutes = g
			if g == nil {
				unknown = append(unknown, "granularity_minutes")
			}
		}
	} else {
		unknown = append(unknown, "continuous_backup")
	}
	if ref, st := str(plan, p+"target_vault"); st == present {
		rf.TargetVault = ix.vault(ref, plan)
	} else {
		rf.TargetVault = VaultFacts{Unknown: []string{"ref: " + describe(plan, p+"target_vault", st)}}
		unknown = append(unknown, "target_vault")
	}
	copies, cSt := list(plan, p+"copy_actions")
	switch cSt {
	case present:
		for j := range copies {
			rf.Copies = append(rf.Copies, ix.copyAction(plan, p+"copy_actions."+strconv.Itoa(j)+".", rf.TargetVault))
		}
	case absent:
	default:
		rf.Copies = nil
		unknown = append(unknown, "copies")
	}
	rf.Unknown = sortedUnique(unknown)
	return rf
}

func (ix *index) copyAction(plan *inventory.Resource, p string, source VaultFacts) CopyFacts {
	c := CopyFacts{}
	var unknown []string
	if ref, st := str(plan, p+"destination_vault"); st == present {
		c.DestinationVault = ix.vault(ref, plan)
	} else {
		c.DestinationVault = VaultFacts{Unknown: []string{"ref: " + describe(plan, p+"destination_vault", st)}}
		unknown = append(unknown, "destination_vault")
	}
	switch n, st := integer(plan, p+"delete_after_days"); st {
	case present:
		c.DeleteAfterDays = &n
	case absent:
	default:
		unknown = append(unknown, "delete_after_days")
	}
	// The source is the rule's target vault; when it cannot be placed, the plan (in whose region and
	// account the target vault must be).
	srcRegion, srcAccount := source.Region, source.Account
	if source.ID == "" && !strings.HasPrefix(source.Ref, "arn:") {
		srcRegion, srcAccount = plan.Region, plan.Account
	}
	c.CrossRegion = differ(srcRegion, c.DestinationVault.Region, false)
	c.CrossAccount = differ(srcAccount, c.DestinationVault.Account, true)
	if c.CrossRegion == nil {
		unknown = append(unknown, "cross_region")
	}
	if c.CrossAccount == nil {
		unknown = append(unknown, "cross_account")
	}
	c.Unknown = sortedUnique(unknown)
	return c
}

// differ compares two regions or accounts: nil when either is unknown (""), except that two unknown
// accounts are taken as the same one (Terraform resources carry no account; docs/dr.md).
func differ(a, b string, bothUnknownSame bool) *bool {
	switch {
	case a != "" && b != "":
		return ptr(a != b)
	case a == "" && b == "" && bothUnknownSame:
		return ptr(false)
	}
	return nil
}

// vault resolves a vault reference of a plan: an inventory id, a vault ARN, or a vault name (which
// is in the plan's region and account).
func (ix *index) vault(ref string, plan *inventory.Resource) VaultFacts {
	v := VaultFacts{Ref: ref}
	var res *inventory.Resource
	if r, ok := ix.byID[ref]; ok && r.Type == inventory.TypeBackupVault {
		res = r
	} else if arnRegion, arnAccount, name, ok := parseVaultARN(ref); ok {
		v.Region, v.Account, v.Name = arnRegion, arnAccount, name
		res = ix.vaultNamed(name, arnRegion, arnAccount)
	} else {
		v.Region, v.Account, v.Name = plan.Region, plan.Account, ref
		res = ix.vaultNamed(ref, plan.Region, plan.Account)
	}
	var unknown []string
	if res != nil {
		v.ID = res.ID
		if n, st := str(res, "name"); st == present {
			v.Name = n
		}
		if res.Region != "" {
			v.Region = res.Region
		}
		if res.Account != "" {
			v.Account = res.Account
		}
		switch t, st := str(res, "vault_type"); st {
		case present:
			v.Type = t
		case absent:
		default:
			unknown = append(unknown, "type: "+describe(res, "vault_type", st))
		}
		lock, why := vaultLock(res)
		v.Lock = lock
		if why != "" {
			unknown = append(unknown, "lock: "+why)
		}
	} else {
		unknown = append(unknown, fmt.Sprintf("lock: vault %q is not in the inventory", ref))
	}
	if v.Region == "" {
		unknown = append(unknown, fmt.Sprintf("region: the region of vault %q is unknown", ref))
	}
	v.Unknown = sortedUnique(unknown)
	return v
}

// vaultNamed finds the inventory vault of that name in the region and account (an unknown region or
// account matches only a vault whose own is unknown too); nil when none, or several, match.
func (ix *index) vaultNamed(name, region, account string) *inventory.Resource {
	var found *inventory.Resource
	for _, r := range ix.vaults {
		n, st := str(r, "name")
		if st != present || n != name || r.Region != region || r.Account != account {
			continue
		}
		if found != nil {
			return nil
		}
		found = r
	}
	return found
}

// parseVaultARN splits arn:<partition>:backup:<region>:<account>:backup-vault:<name>.
func parseVaultARN(s string) (region, account, name string, ok bool) {
	parts := strings.SplitN(s, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "backup" || parts[5] != "backup-vault" || parts[6] == "" {
		return "", "", "", false
	}
	return parts[3], parts[4], parts[6], true
}

// vaultLock reads a vault's lock; nil with the reason when it is unknown.
func vaultLock(r *inventory.Resource) (*VaultLock, string) {
	enabled, st := boolean(r, "lock.enabled")
	if st != present {
		return nil, describe(r, "lock.enabled", st)
	}
	l := &VaultLock{Enabled: enabled}
	if !enabled {
		return l, ""
	}
	var why []string
	if m, st := str(r, "lock.mode"); st == present {
		l.Mode = &m
	} else {
		why = append(why, describe(r, "lock.mode", st))
	}
	for _, f := range []struct {
		path string
		dst  **int
	}{{"lock.min_retention_days", &l.MinRetentionDays}, {"lock.max_retention_days", &l.MaxRetentionDays}} {
		switch n, st := integer(r, f.path); st {
		case present:
			*f.dst = &n
		case absent:
		default:
			why = append(why, describe(r, f.path, st))
		}
	}
	if len(why) > 0 {
		return l, strings.Join(why, "; ")
	}
	return l, ""
}
