package dr

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/inventory"
)

// airGappedCopy judges air_gapped_copy from the configuration: a rule of a plan known to cover the
// resource puts its recovery points in a logically air-gapped vault, as a copy action's destination
// or as its target vault (AWS Backup can back up to such a vault directly). With a time frame, the
// rule's worst case (its schedule's largest gap plus its start window, as for rpo) must fit it: AWS
// Backup Audit Manager's RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT asks for a recovery point copied
// there within recoveryPointAgeValue. A vault whose type is unknown (not in the inventory, such as
// another account's vault named by ARN) may be one: unknown, never a pass. `= false`: pass.
func (ev *evaluator) airGappedCopy(obj *config.AirGappedCopyObjective, f Facts) ObjectiveResult {
	res := ObjectiveResult{Name: ObjectiveAirGappedCopy, Objective: obj.Text()}
	if !obj.Required {
		res.Status, res.Achieved, res.Evidence = ObjectivePass, "not required", "the tier declares no need"
		return res
	}
	t := tally{lowerIsBetter: true}
	t.addFacts(f)
	var seen []string
	consider := func(p PlanCoverage, r RuleFacts, how string, v VaultFacts) {
		protection := ruleName(p, r) + " " + how + " " + vaultText(v)
		switch {
		case v.AirGapped():
			c := candidate{protection: protection, known: true, achieved: vaultText(v),
				evidence: "vault " + vaultText(v) + " is logically air-gapped"}
			if obj.Within != nil {
				c = ev.scheduleWorstCase(p, r)
				c.protection = protection
				if c.known {
					c.achieved = ""
					c.evidence = "vault " + vaultText(v) + " is logically air-gapped; " + c.evidence
				}
			}
			t.add(c)
		case v.Type == "":
			t.add(candidate{protection: protection, unknown: "whether vault " + vaultText(v) + " is logically air-gapped is unknown"})
		default:
			seen = append(seen, "vault "+vaultText(v)+" is "+v.Type)
		}
	}
	for _, p := range f.Plans {
		if p.State != StateProtected {
			t.add(candidate{protection: "backup plan " + p.Plan, unknown: "may cover the resource"})
			continue
		}
		for _, r := range p.Rules {
			consider(p, r, "to", r.TargetVault)
			if r.Copies == nil {
				t.add(candidate{protection: ruleName(p, r), unknown: "copies unknown"})
			}
			for _, cp := range r.Copies {
				consider(p, r, "copy to", cp.DestinationVault)
			}
		}
	}
	meets := func(int64) bool { return true }
	if obj.Within != nil {
		meets = func(v int64) bool { return v <= obj.Within.Minutes() }
	}
	res.Status, res.Reason = t.status(meets)
	res.Achieved = "none"
	sort.Strings(seen)
	seen = slices.Compact(seen)
	switch {
	case t.best != nil:
		res.Achieved = t.best.achieved
		if res.Achieved == "" {
			res.Achieved = formatMinutes(t.best.value)
		}
		res.Protection, res.Evidence = t.best.protection, t.best.evidence
		if res.Status == ObjectiveFail {
			res.Reason = fmt.Sprintf("worst case %s exceeds the objective %s", res.Achieved, obj.Within.Text)
		}
	case res.Status == ObjectiveUnknown:
		res.Achieved = "unknown"
		res.Evidence = strings.Join(seen, "; ")
	default:
		res.Evidence = strings.Join(seen, "; ")
		res.Reason = "no backup rule puts the resource's recovery points in a logically air-gapped vault"
	}
	return res
}

// airGappedVaults returns the ids of the inventory's logically air-gapped vaults (live: their ARNs,
// which recovery points and copy jobs name).
func (ev *evaluator) airGappedVaults() map[string]bool {
	if ev.airGapped != nil {
		return ev.airGapped
	}
	ev.airGapped = map[string]bool{}
	if ev.inv == nil {
		return ev.airGapped
	}
	for i := range ev.inv.Resources {
		r := &ev.inv.Resources[i]
		if r.Type == inventory.TypeBackupVault && attrString(r.Attributes, "vault_type") == VaultTypeAirGapped {
			ev.airGapped[r.ID] = true
		}
	}
	return ev.airGapped
}

// applyLiveAirGapped checks a configured air_gapped_copy pass against what the live account holds: the
// newest usable recovery point of the resource in a logically air-gapped vault of the inventory (its
// creation date; every recovery point of a vault is listed, whatever its age), or a completed copy job
// of the window to such a vault (its completion date). With a time frame it must be at most that old
// (fail otherwise, whatever the configuration); without one, any proves it. None found: a configured
// pass fails when the collection is complete, and is unknown when a backup call failed. A configured
// fail or unknown is left as it is, with the evidence listed.
func (ev *evaluator) applyLiveAirGapped(res *ObjectiveResult, obj *config.AirGappedCopyObjective, f Facts) {
	e := ev.liveOf(f)
	if e == nil || !obj.Required {
		return
	}
	vaults := ev.airGappedVaults()
	var newest time.Time
	var what string
	for _, rp := range e.RecoveryPoints {
		if rp.Usable() && !rp.Created.After(ev.at) && vaults[rp.Vault] && !rp.Created.Before(newest) {
			newest = rp.Created
			what = fmt.Sprintf("recovery point %s in %s created %s", rp.ID, rp.Vault, rp.Created.Format(time.RFC3339))
		}
	}
	start := ev.at.Add(-EvidenceWindow)
	for _, j := range e.Jobs {
		if j.Type != "copy" || j.State != "COMPLETED" || j.Completed.IsZero() || j.Completed.After(ev.at) ||
			j.Created.Before(start) || !vaults[j.DestinationVault] {
			continue
		}
		if j.Completed.After(newest) {
			newest = j.Completed
			what = fmt.Sprintf("%s to %s completed %s", j.String(), j.DestinationVault, j.Completed.Format(time.RFC3339))
		}
	}
	res.LiveEvidence = append(res.LiveEvidence, failedText("copy", e.failedJobs("copy", ev.at, EvidenceWindow)))
	if !newest.IsZero() {
		age := ceilMinutes(ev.at.Sub(newest))
		res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("newest in a logically air-gapped vault: %s (%s before %s)",
			what, minutesText(age), ev.at.Format(time.RFC3339)))
		if obj.Within != nil && age > obj.Within.Minutes() {
			res.Status = ObjectiveFail
			res.Reason = appendReason(res.Reason, fmt.Sprintf("the newest recovery point in a logically air-gapped vault is %s old, more than %s",
				formatMinutes(age), obj.Within.Text))
		}
		return
	}
	res.LiveEvidence = append(res.LiveEvidence, "no completed recovery point of the resource in a logically air-gapped vault")
	if res.Status != ObjectivePass {
		return
	}
	if len(e.Incomplete) > 0 {
		res.Status = ObjectiveUnknown
		res.Reason = "the configured air-gapped copy is not demonstrated and the live evidence is incomplete: " + joinOrNone(e.Incomplete)
		return
	}
	res.Status = ObjectiveFail
	res.Reason = "the configured air-gapped copy is not demonstrated: the live account holds no completed recovery point of the resource in a logically air-gapped vault"
}

// minutesText writes a whole number of minutes as formatMinutes does, and 0 as "0m".
func minutesText(m int64) string {
	if m <= 0 {
		return "0m"
	}
	return formatMinutes(m)
}
