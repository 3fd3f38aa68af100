package dr

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/config"
)

// restorePlans indexes the inventory's restore testing plans on first use.
func (ev *evaluator) restorePlans() restoreTestingIndex {
	if ev.restoreTesting == nil {
		ev.restoreTesting = restoreTestingPlans(ev.inv)
	}
	return ev.restoreTesting
}

// liveOf returns the live evidence of the resource whose facts are f: an Aurora member's backups are
// its cluster's. nil when no live source covers it.
func (ev *evaluator) liveOf(f Facts) *LiveEvidence {
	e := ev.live[f.Resource]
	if f.Cluster != "" {
		if c := ev.live[f.Cluster]; c != nil {
			e = c
		}
	}
	if e == nil || !e.Collected {
		return nil
	}
	return e
}

func formatMinutes(m int64) string {
	return config.FormatObjectiveDuration(time.Duration(m) * time.Minute)
}

// applyLiveRPO combines the configured worst case in res with what the recovery points show: the
// objective passes only when both meet it. Observed worse than the objective fails whatever the
// configuration; a protected resource with no usable recovery point in a complete collection fails
// ("no recovery point"); an incomplete collection leaves a configured pass unknown.
func (ev *evaluator) applyLiveRPO(res *ObjectiveResult, obj *config.DurationObjective, f Facts) {
	e := ev.liveOf(f)
	if e == nil {
		return
	}
	failed := e.failedJobs("backup", ev.at, EvidenceWindow)
	res.LiveEvidence = append(res.LiveEvidence, failedText("backup", failed))
	o, ok := e.Observe(ev.at, EvidenceWindow)
	var observed *int64
	if ok {
		observed = ptr(o.Minutes())
		res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf(
			"newest completed recovery point %s (%s old); largest gap %s from %s to %s over the %d days before %s (%d recovery points)",
			o.Newest.Format(time.RFC3339), formatMinutes(o.AgeMinutes), formatMinutes(o.LargestGapMinutes),
			o.GapFrom.Format(time.RFC3339), o.GapTo.Format(time.RFC3339), int(EvidenceWindow.Hours()/24),
			ev.at.Format(time.RFC3339), o.Points))
	}
	if age, latest, kind, has := ev.pointInTimeAge(f); has {
		res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("%s: latest restorable time %s (%s before %s)",
			kind, latest.Format(time.RFC3339), formatMinutes(age), ev.at.Format(time.RFC3339)))
		if observed == nil || age < *observed {
			observed = ptr(age)
		}
	}
	if observed != nil {
		res.ObservedMinutes = observed
		if *observed > obj.Minutes() {
			res.Status = ObjectiveFail
			res.Reason = appendReason(res.Reason, fmt.Sprintf("observed RPO %s exceeds the objective %s",
				formatMinutes(*observed), obj.Text))
		}
		// Points a failed call hid could only shorten the gaps seen: the observed value stands.
		return
	}
	if len(e.Incomplete) > 0 {
		if res.Status == ObjectivePass {
			res.Status = ObjectiveUnknown
		}
		if res.Status != ObjectiveFail {
			res.Reason = appendReason(res.Reason, "live evidence incomplete: "+joinOrNone(e.Incomplete))
		}
		res.LiveEvidence = append(res.LiveEvidence, "no recovery point seen; backup calls failed: "+joinOrNone(e.Incomplete))
		return
	}
	if !backedUpByAWSBackup(f) {
		// Native protections (RDS automated backups, DynamoDB PITR, S3 replication) keep no AWS Backup
		// recovery points: their absence says nothing.
		return
	}
	res.Status = ObjectiveFail
	res.Reason = appendReason(res.Reason, "no recovery point: a backup plan covers the resource but the live account holds no completed recovery point of it")
	res.LiveEvidence = append(res.LiveEvidence, "no completed recovery point in any vault")
}

// backedUpByAWSBackup reports whether an AWS Backup plan is known to cover the resource with a rule and
// no native protection is known to protect it.
func backedUpByAWSBackup(f Facts) bool {
	for _, n := range f.Native {
		if n.State == StateProtected {
			return false
		}
	}
	for _, p := range f.Plans {
		if p.State == StateProtected && len(p.Rules) > 0 {
			return true
		}
	}
	return false
}

func failedText(kind string, failed []string) string {
	if len(failed) == 0 {
		return fmt.Sprintf("no failed or expired %s job in the last %d days", kind, int(EvidenceWindow.Hours()/24))
	}
	return fmt.Sprintf("failed %s jobs: %s", kind, joinOrNone(failed))
}

func appendReason(reason, more string) string {
	if reason == "" {
		return more
	}
	return reason + "; " + more
}

// restoreObjective judges rto or restore_test_within from the restore jobs of a live collection.
//
// rto: the latest successful restore (one a restore testing plan started when there is one, else a
// manual restore) passes when its duration is within the objective and fails otherwise; no successful
// restore leaves it unknown, never passed.
//
// restore_test_within: the latest successful restore of any kind passes when it completed within the
// objective before at. None found fails when the collection is complete and the objective is within
// the jobs' window (30 days: every restore it could name was listed); for a longer objective a restore
// older than the window cannot be seen, so it is unknown.
func (ev *evaluator) restoreObjective(name string, obj *config.DurationObjective, f Facts) ObjectiveResult {
	res := ObjectiveResult{Name: name, Status: ObjectiveUnknown, Objective: obj.Text, Achieved: "unknown",
		Evidence: "configuration only: no restore job or restore testing evidence", Reason: ReasonNoRestoreEvidence}
	e := ev.liveOf(f)
	if e == nil {
		return res
	}
	res.LiveEvidence = append(res.LiveEvidence, failedText("restore", e.failedJobs("restore", ev.at, EvidenceWindow)))
	covers, mayCover := ev.restorePlans().coverage(ev.byID[f.Resource])
	switch {
	case len(covers) > 0:
		res.LiveEvidence = append(res.LiveEvidence, "restore testing plans covering it: "+strings.Join(covers, ", "))
	case len(mayCover) > 0:
		res.LiveEvidence = append(res.LiveEvidence, "restore testing plans that may cover it: "+strings.Join(mayCover, ", "))
	default:
		res.LiveEvidence = append(res.LiveEvidence, "no restore testing plan covers it")
	}
	j := e.latestRestore(ev.at, name == ObjectiveRTO)
	days := int(EvidenceWindow.Hours() / 24)
	if j == nil {
		res.Evidence = fmt.Sprintf("live: no successful restore job in the last %d days", days)
		rp, restored := e.lastRestoreBeforeWindow(ev.at, EvidenceWindow)
		if restored {
			res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("recovery point %s last restored %s (LastRestoreTime, before the %d days of restore jobs listed: duration unknown)",
				rp.ID, rp.LastRestore.Format(time.RFC3339), days))
		}
		if restored && name == ObjectiveRestoreTestWithin && ev.at.Sub(rp.LastRestore) <= time.Duration(obj.Minutes())*time.Minute {
			res.Status, res.Reason = ObjectivePass, ""
			res.Achieved = minutesText(ceilMinutes(ev.at.Sub(rp.LastRestore))) + " ago"
			res.Protection = "restore of recovery point " + rp.ID
			res.Evidence = fmt.Sprintf("recovery point %s in %s last restored %s (its LastRestoreTime; the restore job is older than the %d days listed)",
				rp.ID, rp.Vault, rp.LastRestore.Format(time.RFC3339), days)
			return res
		}
		switch {
		case len(e.Incomplete) > 0:
			res.Reason = "live evidence incomplete: " + joinOrNone(e.Incomplete)
		case name == ObjectiveRestoreTestWithin && time.Duration(obj.Minutes())*time.Minute <= EvidenceWindow:
			res.Status, res.Achieved = ObjectiveFail, "none"
			res.Reason = fmt.Sprintf("no successful restore within %s", obj.Text)
		case name == ObjectiveRestoreTestWithin:
			res.Reason = fmt.Sprintf("no successful restore in the %d days of restore jobs collected; an older one within %s cannot be seen", days, obj.Text)
		default:
			res.Reason = fmt.Sprintf("no successful restore in the last %d days: restore time unknown", days)
		}
		return res
	}
	kind := "manual restore"
	if j.RestoreTestingPlan != "" {
		kind = "restore test of " + j.RestoreTestingPlan
	}
	res.Protection = kind
	res.Evidence = j.String()
	if j.ValidationStatus != "" {
		res.Evidence += ", validation " + j.ValidationStatus
	}
	res.Reason = ""
	if name == ObjectiveRTO {
		if j.DurationSeconds < 0 {
			res.Reason = "the restore's duration is unknown"
			return res
		}
		minutes := (j.DurationSeconds + 59) / 60 // a started minute counts: never round a restore down
		res.Achieved = formatMinutes(minutes)
		res.Status = ObjectivePass
		if j.DurationSeconds > obj.Minutes()*60 {
			res.Status = ObjectiveFail
			res.Reason = fmt.Sprintf("the restore took %ds, more than the objective %s", j.DurationSeconds, obj.Text)
		}
		return res
	}
	age := ceilMinutes(ev.at.Sub(j.Completed))
	res.Achieved = formatMinutes(age) + " ago"
	res.Status = ObjectivePass
	if ev.at.Sub(j.Completed) > time.Duration(obj.Minutes())*time.Minute {
		res.Status = ObjectiveFail
		res.Reason = fmt.Sprintf("the latest successful restore completed %s, more than %s before %s",
			j.Completed.Format(time.RFC3339), obj.Text, ev.at.Format(time.RFC3339))
	}
	return res
}

// lastRestoreBeforeWindow returns the recovery point restored last, when that restore (its
// LastRestoreTime) is before the window of listed restore jobs: a restore inside the window is judged
// by its job (a recovery point's LastRestoreTime does not say whether the restore succeeded, and a
// failed restore job of the window may be the one that set it), one before it has no job to show.
func (e *LiveEvidence) lastRestoreBeforeWindow(at time.Time, window time.Duration) (RecoveryPointEvidence, bool) {
	var best RecoveryPointEvidence
	found := false
	for _, rp := range e.RecoveryPoints {
		if rp.LastRestore.IsZero() || rp.LastRestore.After(at) {
			continue
		}
		if !found || rp.LastRestore.After(best.LastRestore) {
			best, found = rp, true
		}
	}
	if !found || !best.LastRestore.Before(at.Add(-window)) {
		return RecoveryPointEvidence{}, false
	}
	return best, true
}

// recoveryPointAPIs are the calls whose failure may hide recovery points.
var recoveryPointAPIs = []string{"ListBackupVaults", "ListRecoveryPointsByBackupVault"}

// recoveryPointsIncomplete lists the failed calls of e.Incomplete that may hide recovery points.
func (e *LiveEvidence) recoveryPointsIncomplete() []string {
	var out []string
	for _, s := range e.Incomplete {
		for _, api := range recoveryPointAPIs {
			if strings.Contains(s, " "+api+" ") {
				out = append(out, s)
			}
		}
	}
	return out
}

// maxRetentionListed bounds how many short-lived recovery points a result names; the count is exact.
const maxRetentionListed = 5

// applyLiveRetention checks min_retention against every usable recovery point of the resource the live
// account holds, in every vault (AWS Backup Audit Manager's BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK
// judges each recovery point): one kept shorter than the objective fails it, naming the recovery point,
// whatever the configuration says. A recovery point whose lifecycle is unknown leaves a pass unknown;
// so does a failed call that may hide recovery points.
func (ev *evaluator) applyLiveRetention(res *ObjectiveResult, obj *config.DurationObjective, f Facts) {
	e := ev.liveOf(f)
	if e == nil {
		return
	}
	want := obj.Value
	var short, unknown []string
	checked := 0
	for _, rp := range e.RecoveryPoints {
		if !rp.Usable() || rp.Created.After(ev.at) {
			continue
		}
		checked++
		d, kept, ok := rp.Retention()
		switch {
		case !ok:
			unknown = append(unknown, rp.ID)
		case kept && d < want:
			short = append(short, fmt.Sprintf("%s in %s created %s kept %s", rp.ID, rp.Vault,
				rp.Created.Format(time.RFC3339), retentionText(d)))
		}
	}
	if len(short) > 0 {
		listed := short
		if len(listed) > maxRetentionListed {
			listed = append(slices.Clone(listed[:maxRetentionListed]), fmt.Sprintf("and %d more", len(short)-maxRetentionListed))
		}
		res.LiveEvidence = append(res.LiveEvidence, "recovery points kept less than "+obj.Text+": "+strings.Join(listed, "; "))
		res.Status = ObjectiveFail
		res.Reason = appendReason(res.Reason, fmt.Sprintf("%d of %d completed recovery points are kept less than %s: %s",
			len(short), checked, obj.Text, strings.Join(listed, "; ")))
		return
	}
	missing := e.recoveryPointsIncomplete()
	switch {
	case len(unknown) > 0:
		res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("retention unknown for %d recovery points", len(unknown)))
		if res.Status == ObjectivePass {
			res.Status = ObjectiveUnknown
			res.Reason = "the retention of live recovery points is unknown: " + strings.Join(unknown, ", ")
		}
	case len(missing) > 0:
		res.LiveEvidence = append(res.LiveEvidence, "recovery points may be missing: "+strings.Join(missing, "; "))
		if res.Status == ObjectivePass {
			res.Status = ObjectiveUnknown
			res.Reason = "live evidence incomplete: " + strings.Join(missing, "; ")
		}
	case checked == 0:
		res.LiveEvidence = append(res.LiveEvidence, "no completed recovery point to check")
	default:
		res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("each of the %d completed recovery points is kept at least %s", checked, obj.Text))
	}
}

// retentionText writes a retention in whole days when it is one, else in hours and minutes rounded down.
func retentionText(d time.Duration) string {
	if d <= 0 {
		return "0m"
	}
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return minutesText(int64(d / time.Minute))
}

// arnRegionAccount returns the region and account fields of an ARN ("", "" when it is not one).
func arnRegionAccount(arn string) (region, account string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", ""
	}
	return parts[3], parts[4]
}

// applyLiveCopy checks a configured cross_region_copy or cross_account_copy pass against what happened:
// it stands when a completed copy job of the last 30 days, or a completed recovery point of the
// resource, is in a vault of another region (account) that counts. Otherwise the copy is not
// demonstrated: fail when the collection is complete (failed copy jobs are listed), unknown when a
// backup call failed. A configured fail or unknown is left as it is, with the failed copy jobs listed.
func (ev *evaluator) applyLiveCopy(res *ObjectiveResult, obj *config.CopyObjective, f Facts) {
	e := ev.liveOf(f)
	if e == nil || !obj.Required {
		return
	}
	region := res.Name == ObjectiveCrossRegionCopy
	qualifies := func(vault string) (string, bool) {
		r, a := arnRegionAccount(vault)
		where, home := r, f.Region
		if !region {
			where, home = a, f.Account
		}
		if where == "" || where == home {
			return where, false
		}
		return where, len(obj.Values) == 0 || slices.Contains(obj.Values, where)
	}
	failed := e.failedJobs("copy", ev.at, EvidenceWindow)
	res.LiveEvidence = append(res.LiveEvidence, failedText("copy", failed))
	if res.Status != ObjectivePass {
		return
	}
	start := ev.at.Add(-EvidenceWindow)
	for _, j := range e.Jobs {
		if j.Type != "copy" || j.State != "COMPLETED" || j.Created.After(ev.at) || j.Created.Before(start) {
			continue
		}
		if where, ok := qualifies(j.DestinationVault); ok {
			res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("demonstrated: %s to %s (%s)", j.String(), j.DestinationVault, where))
			return
		}
	}
	for i := len(e.RecoveryPoints) - 1; i >= 0; i-- {
		rp := e.RecoveryPoints[i]
		if !rp.Usable() || rp.Created.After(ev.at) {
			continue
		}
		if where, ok := qualifies(rp.Vault); ok {
			res.LiveEvidence = append(res.LiveEvidence, fmt.Sprintf("demonstrated: recovery point %s of %s in %s (%s)",
				rp.ID, rp.Created.Format(time.RFC3339), rp.Vault, where))
			return
		}
	}
	if len(e.Incomplete) > 0 {
		res.Status = ObjectiveUnknown
		res.Reason = "the configured copy is not demonstrated and the live evidence is incomplete: " + joinOrNone(e.Incomplete)
		return
	}
	res.Status = ObjectiveFail
	res.Reason = fmt.Sprintf("the configured copy is not demonstrated: no completed copy job or recovery point in %s in the last %d days",
		res.Achieved, int(EvidenceWindow.Hours()/24))
	if len(failed) > 0 {
		res.Reason += " (copy jobs failed)"
	}
}

// pointInTimeAge returns, for a resource a native point-in-time protection is known to protect (RDS
// automated backups, DynamoDB PITR), how long before ev.at its latest restorable time is, as the live
// collection read it (rounded up to the minute). A latest restorable time after ev.at counts as 0.
// has is false when no such protection is on or the time is absent or unknown.
func (ev *evaluator) pointInTimeAge(f Facts) (age int64, latest time.Time, kind string, has bool) {
	for _, n := range f.Native {
		if n.State != StateProtected || !n.PointInTime {
			continue
		}
		r := ev.byID[n.Source]
		if r == nil {
			continue
		}
		attrs := r.Attributes
		if n.Kind == NativeDynamoDBPITR {
			attrs, _ = r.Attributes["point_in_time_recovery"].(map[string]any)
		}
		t, ok := attrTime(attrs, "latest_restorable_time")
		if !ok {
			continue
		}
		d := ev.at.Sub(t)
		if d < 0 {
			d = 0
		}
		return ceilMinutes(d), t, n.Kind + " of " + n.Source, true
	}
	return 0, time.Time{}, "", false
}
