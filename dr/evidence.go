package dr

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/inventory"
)

// EvidenceWindow is how far back the live collector lists backup, copy and restore jobs
// (ListBackupJobs, ListCopyJobs and ListRestoreJobs with ByCreatedAfter 30 days before the collection):
// the window over which the observed RPO's largest gap is measured.
const EvidenceWindow = 30 * 24 * time.Hour

// Inventory types of the live AWS Backup evidence.
const (
	typeRecoveryPoint = "aws.backup.recovery_point"
	typeBackupJob     = "aws.backup.job"
)

// backupEvidenceAPIs are the AWS Backup calls whose failure leaves the live evidence incomplete:
// recovery points are listed per vault, jobs per kind.
var backupEvidenceAPIs = map[string]bool{
	"ListBackupVaults": true, "ListRecoveryPointsByBackupVault": true,
	"ListBackupJobs": true, "ListCopyJobs": true, "ListRestoreJobs": true,
}

// LiveEvidence is what a live AWS collection shows happened to one resource: its recovery points and
// the backup, copy and restore jobs that name it.
type LiveEvidence struct {
	// Collected is true when an AWS source of the inventory covers the resource's account and region:
	// absent evidence then means it does not exist. False for Terraform and plan resources.
	Collected bool
	// Incomplete lists the AWS Backup calls that failed in that account and region (or in any region
	// holding a vault): evidence may be missing, so its absence proves nothing.
	Incomplete []string
	// RecoveryPoints are the resource's recovery points in every vault, sorted by creation date.
	RecoveryPoints []RecoveryPointEvidence
	// Jobs are the backup, copy and restore jobs naming the resource, sorted by creation date then id.
	Jobs []JobEvidence
}

// RecoveryPointEvidence is one recovery point of a resource.
type RecoveryPointEvidence struct {
	ID      string
	Vault   string
	Status  string
	Created time.Time
	// Copy is true when the recovery point was copied from another vault.
	Copy bool
	// DeleteAfterDays is its lifecycle's retention in days (nil: not set); DeleteAt the deletion time
	// AWS calculated from it (zero: none). Both unset: kept until deleted.
	DeleteAfterDays *int64
	DeleteAt        time.Time
	// RetentionUnknown is true when its lifecycle is not in the inventory or has a value of bad shape.
	RetentionUnknown bool
	// LastRestore is when it was last restored (LastRestoreTime); zero when never or not recorded.
	LastRestore time.Time
}

// Retention is how long the recovery point is kept: its lifecycle's whole days when set, else its
// calculated deletion time minus its creation. kept is false when it is kept until deleted; ok is false
// when its lifecycle is unknown.
func (r RecoveryPointEvidence) Retention() (d time.Duration, kept bool, ok bool) {
	switch {
	case r.RetentionUnknown:
		return 0, false, false
	case r.DeleteAfterDays != nil:
		return time.Duration(*r.DeleteAfterDays) * 24 * time.Hour, true, true
	case !r.DeleteAt.IsZero():
		return r.DeleteAt.Sub(r.Created), true, true
	}
	return 0, false, true
}

// Usable reports whether the recovery point can be restored: COMPLETED (AVAILABLE is the status of a
// continuous backup's recovery point).
func (r RecoveryPointEvidence) Usable() bool {
	return r.Status == "COMPLETED" || r.Status == "AVAILABLE"
}

// JobEvidence is one backup, copy or restore job.
type JobEvidence struct {
	ID      string
	Type    string // backup, copy, restore
	State   string
	Created time.Time
	// Completed is the zero time while the job runs or when AWS gives no completion date.
	Completed time.Time
	// DurationSeconds is -1 when unknown.
	DurationSeconds int64
	// RestoreTestingPlan is the plan ARN that started a restore; "" for a manual restore.
	RestoreTestingPlan string
	ValidationStatus   string
	DestinationVault   string
	StatusMessage      string
}

// Failed reports whether the job ended without producing what it was for.
func (j JobEvidence) Failed() bool {
	switch j.State {
	case "FAILED", "EXPIRED", "ABORTED", "PARTIAL":
		return true
	}
	return false
}

// SuccessfulRestore reports whether j is a completed restore whose validation did not fail or time out
// (a restore that restored data shown invalid proves no recovery).
func (j JobEvidence) SuccessfulRestore() bool {
	return j.Type == "restore" && j.State == "COMPLETED" && !j.Completed.IsZero() &&
		j.ValidationStatus != "FAILED" && j.ValidationStatus != "TIMED_OUT"
}

// String names a job for evidence: "restore job 7f3 COMPLETED 2026-01-10T03:00:00Z (1800s)".
func (j JobEvidence) String() string {
	s := fmt.Sprintf("%s job %s %s %s", j.Type, j.ID, j.State, j.Created.UTC().Format(time.RFC3339))
	if j.DurationSeconds >= 0 && !j.Completed.IsZero() {
		s += fmt.Sprintf(" (%ds)", j.DurationSeconds)
	}
	if j.StatusMessage != "" {
		s += ": " + j.StatusMessage
	}
	return s
}

// CollectLiveEvidence gathers the live evidence of every resource named by a recovery point or job of
// inv, and marks every resource of an AWS source as collected (with the backup calls that failed).
// Keys are inventory resource ids (ARNs for live resources). Values of bad shape (a date that is not
// RFC 3339) are skipped: they are never evidence of success.
func CollectLiveEvidence(inv *inventory.Inventory) map[string]*LiveEvidence {
	out := map[string]*LiveEvidence{}
	if inv == nil {
		return out
	}
	get := func(id string) *LiveEvidence {
		e := out[id]
		if e == nil {
			e = &LiveEvidence{}
			out[id] = e
		}
		return e
	}
	collected := map[string]bool{} // "account/region" of each AWS source
	var anyFailed []string
	for _, s := range inv.Sources {
		if s.Kind != inventory.SourceAWS {
			continue
		}
		for _, is := range s.Errors {
			if is.Service == "backup" && backupEvidenceAPIs[is.API] {
				anyFailed = append(anyFailed, fmt.Sprintf("%s %s (%s): %s", is.Service, is.API, is.Region, is.Code))
			}
		}
		collected[s.Path] = true
	}
	// Copies and vaults of other regions hold evidence too: any failed backup call may hide some, so
	// every collected resource carries them all (read only; shared).
	incomplete := sortedUnique(anyFailed)
	for i := range inv.Resources {
		r := &inv.Resources[i]
		switch r.Type {
		case typeRecoveryPoint:
			arn := attrString(r.Attributes, "resource_arn")
			created, ok := attrTime(r.Attributes, "creation_date")
			if arn == "" || !ok {
				continue
			}
			e := get(arn)
			rp := RecoveryPointEvidence{ID: r.ID,
				Vault: attrString(r.Attributes, "vault"), Status: attrString(r.Attributes, "status"),
				Created: created, Copy: attrString(r.Attributes, "source_vault") != ""}
			rp.LastRestore, _ = attrTime(r.Attributes, "last_restore_time")
			recoveryPointLifecycle(r, &rp)
			e.RecoveryPoints = append(e.RecoveryPoints, rp)
		case typeBackupJob:
			arn := attrString(r.Attributes, "resource_arn")
			created, ok := attrTime(r.Attributes, "creation_date")
			if arn == "" || !ok {
				continue
			}
			j := JobEvidence{ID: r.Name, Type: attrString(r.Attributes, "job_type"),
				State: attrString(r.Attributes, "state"), Created: created, DurationSeconds: -1,
				RestoreTestingPlan: attrString(r.Attributes, "restore_testing_plan"),
				ValidationStatus:   attrString(r.Attributes, "validation_status"),
				DestinationVault:   attrString(r.Attributes, "destination_vault"),
				StatusMessage:      attrString(r.Attributes, "status_message")}
			if j.ID == "" {
				j.ID = r.ID
			}
			if t, ok := attrTime(r.Attributes, "completion_date"); ok {
				j.Completed = t
				j.DurationSeconds = int64(t.Sub(created) / time.Second)
			}
			if d, ok := seconds(r.Attributes["duration_seconds"]); ok {
				j.DurationSeconds = d
			}
			e := get(arn)
			e.Jobs = append(e.Jobs, j)
		}
	}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		if r.Source.Kind != inventory.SourceAWS {
			continue
		}
		if !collected[r.Account+"/"+r.Region] {
			continue
		}
		e := get(r.ID)
		e.Collected = true
		e.Incomplete = incomplete
	}
	for _, e := range out {
		sort.SliceStable(e.RecoveryPoints, func(i, j int) bool {
			a, b := e.RecoveryPoints[i], e.RecoveryPoints[j]
			if !a.Created.Equal(b.Created) {
				return a.Created.Before(b.Created)
			}
			return a.ID < b.ID
		})
		sort.SliceStable(e.Jobs, func(i, j int) bool {
			a, b := e.Jobs[i], e.Jobs[j]
			if !a.Created.Equal(b.Created) {
				return a.Created.Before(b.Created)
			}
			return a.ID < b.ID
		})
	}
	return out
}

// recoveryPointLifecycle reads a recovery point's lifecycle.delete_after_days and
// calculated_lifecycle.delete_at; a value of bad shape, or one the inventory lists as unknown, leaves
// the retention unknown (never taken as "kept forever").
func recoveryPointLifecycle(r *inventory.Resource, rp *RecoveryPointEvidence) {
	for _, u := range r.Unknown {
		if u == "lifecycle" || u == "calculated_lifecycle" || strings.HasPrefix(u, "lifecycle.") ||
			strings.HasPrefix(u, "calculated_lifecycle.") {
			rp.RetentionUnknown = true
			return
		}
	}
	lc, lcOK := r.Attributes["lifecycle"].(map[string]any)
	calc, calcOK := r.Attributes["calculated_lifecycle"].(map[string]any)
	if !lcOK && !calcOK {
		rp.RetentionUnknown = true
		return
	}
	if v, present := lc["delete_after_days"]; present && v != nil {
		d, ok := seconds(v) // a whole, non-negative number: the same reading as seconds
		if !ok || d == 0 {
			rp.RetentionUnknown = true
			return
		}
		rp.DeleteAfterDays = &d
	}
	if v, present := calc["delete_at"]; present && v != nil {
		t, ok := attrTime(calc, "delete_at")
		if !ok {
			rp.RetentionUnknown = true
			return
		}
		rp.DeleteAt = t
	}
}

// seconds reads a duration in seconds as scanners (int64), JSON (float64) and a saved inventory
// (json.Number) hold it; a negative or absurd value (beyond 30,000 years) is not a duration.
func seconds(v any) (int64, bool) {
	var f float64
	switch n := v.(type) {
	case json.Number:
		v, err := n.Float64()
		if err != nil {
			return 0, false
		}
		f = v
	case int64:
		f = float64(n)
	case int:
		f = float64(n)
	case float64:
		f = n
	default:
		return 0, false
	}
	if f < 0 || f >= 1e12 || math.IsNaN(f) {
		return 0, false
	}
	return int64(f), true
}

func attrString(attrs map[string]any, key string) string {
	s, _ := attrs[key].(string)
	return s
}

func attrTime(attrs map[string]any, key string) (time.Time, bool) {
	s, ok := attrs[key].(string)
	if !ok || s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// ObservedRPO is what the recovery points of a resource show at an instant.
type ObservedRPO struct {
	// Newest is the creation date of the newest usable recovery point at or before the instant.
	Newest time.Time
	// AgeMinutes is the instant minus Newest.
	AgeMinutes int64
	// LargestGapMinutes is the largest gap between consecutive usable recovery points over the window
	// (a gap ending inside the window counts whole), or the age when it is larger.
	LargestGapMinutes int64
	// GapFrom and GapTo bound the largest gap (GapTo is the instant when the age is the largest gap).
	GapFrom, GapTo time.Time
	// Points is how many usable recovery points were created in the window.
	Points int
}

// Minutes is the observed RPO: the most data the recovery points let be lost over the window.
func (o ObservedRPO) Minutes() int64 { return o.LargestGapMinutes }

// Observe computes the observed RPO at `at` over the window before it from the usable recovery points
// (a recovery point's creation date is when its data was captured). ok is false when no usable
// recovery point exists at or before at.
func (e *LiveEvidence) Observe(at time.Time, window time.Duration) (ObservedRPO, bool) {
	var times []time.Time
	for _, rp := range e.RecoveryPoints {
		if rp.Usable() && !rp.Created.After(at) {
			times = append(times, rp.Created)
		}
	}
	if len(times) == 0 {
		return ObservedRPO{}, false
	}
	start := at.Add(-window)
	newest := times[len(times)-1]
	o := ObservedRPO{Newest: newest, AgeMinutes: ceilMinutes(at.Sub(newest))}
	o.LargestGapMinutes, o.GapFrom, o.GapTo = o.AgeMinutes, newest, at
	for i, t := range times {
		if !t.Before(start) {
			o.Points++
		}
		if i == 0 || t.Before(start) {
			continue
		}
		if gap := ceilMinutes(t.Sub(times[i-1])); gap > o.LargestGapMinutes {
			o.LargestGapMinutes, o.GapFrom, o.GapTo = gap, times[i-1], t
		}
	}
	return o, true
}

// ceilMinutes rounds up to the minute: an observed RPO is never understated.
// Adding before dividing would overflow near the largest Duration (a recovery point of year 0: Sub
// saturates), so the remainder is tested instead.
func ceilMinutes(d time.Duration) int64 {
	m := int64(d / time.Minute)
	if d%time.Minute > 0 {
		m++
	}
	return m
}

// failedJobs lists the failed jobs of the given type created in the window before at.
func (e *LiveEvidence) failedJobs(jobType string, at time.Time, window time.Duration) []string {
	var out []string
	for _, j := range e.Jobs {
		if j.Type == jobType && j.Failed() && !j.Created.After(at) && !j.Created.Before(at.Add(-window)) {
			out = append(out, j.String())
		}
	}
	return out
}

// latestRestore returns the latest successful restore completed at or before at, preferring those a
// restore testing plan started when preferTesting is set; nil when there is none.
func (e *LiveEvidence) latestRestore(at time.Time, preferTesting bool) *JobEvidence {
	var best, bestTesting *JobEvidence
	for i := range e.Jobs {
		j := &e.Jobs[i]
		if !j.SuccessfulRestore() || j.Completed.After(at) {
			continue
		}
		if best == nil || !j.Completed.Before(best.Completed) {
			best = j
		}
		if j.RestoreTestingPlan != "" && (bestTesting == nil || !j.Completed.Before(bestTesting.Completed)) {
			bestTesting = j
		}
	}
	if preferTesting && bestTesting != nil {
		return bestTesting
	}
	return best
}

func joinOrNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, "; ")
}
