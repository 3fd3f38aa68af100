// Package store keeps the history of `vigil serve`: the scans of each target, their findings and
// how they changed since the previous scan, framework posture, control states, DR objectives and
// waivers. One schema serves both back ends: SQLite (modernc.org/sqlite, one file, the default) and
// PostgreSQL (jackc/pgx) for teams running several replicas.
package store

import (
	"context"
	"errors"
	"time"
)

// ScanStatus is where a scan is in its life.
type ScanStatus string

// Scan states. A scan is queued (by its schedule, the API or the dashboard), claimed by one server
// (running), and ends completed (its results stored in one transaction) or failed (the scan's error,
// a timeout, or "interrupted" when the server running it died).
const (
	ScanQueued    ScanStatus = "queued"
	ScanRunning   ScanStatus = "running"
	ScanCompleted ScanStatus = "completed"
	ScanFailed    ScanStatus = "failed"
)

// Finding changes against the previous completed scan of the same target, by fingerprint and status.
// A finding is a result that fails or is unknown. It is new when it fails now and did not fail before
// (unknown → fail is new), or is unknown now and was not a finding before; unchanged when it was a
// finding before with the same status, or failed before and is unknown now (pass → unknown is new,
// fail → unknown is not); resolved when it was a finding before and now passes, is not applicable,
// waived, or is gone from a complete scan. A finding gone from an incomplete scan cannot be judged
// (it may be in what the scan could not read): it is carried into that scan as unjudged, with its
// previous status, so that the next scan compares with it and does not call it new again.
const (
	ChangeNew       = "new"
	ChangeUnchanged = "unchanged"
	ChangeResolved  = "resolved"
	ChangeUnjudged  = "unjudged"
)

// ChangeNewlyMissed is the Change of a DR objective missed now and not missed in the previous scan.
const ChangeNewlyMissed = "newly_missed"

// ErrNotFound is returned by reads of a scan, finding or target that does not exist.
var ErrNotFound = errors.New("not found")

// ErrNotClaimed is returned by Heartbeat, Complete and Fail when the scan is not running under the
// given owner: another server claimed it, or it was marked interrupted and its results come too late.
var ErrNotClaimed = errors.New("scan is not running under this owner")

// Scan is one scan of one target.
type Scan struct {
	ID     int64      `json:"id"`
	Target string     `json:"target"`
	Status ScanStatus `json:"status"`
	// Schedule names the schedule block that queued it; empty for a scan triggered by hand.
	Schedule string `json:"schedule,omitempty"`
	// Trigger is "schedule", "api" or "dashboard".
	Trigger string `json:"trigger"`
	// DueAt is when the schedule wanted it to run (the cron time, before jitter), or when it was
	// triggered. A (target, schedule, due_at) is queued once, however many servers share the store.
	DueAt      time.Time  `json:"due_at"`
	QueuedAt   time.Time  `json:"queued_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	// Owner is the server that claimed it (host and process).
	Owner string `json:"owner,omitempty"`
	Error string `json:"error,omitempty"`
	// Completed scans only.
	InventoryDigest string       `json:"inventory_digest,omitempty"`
	Complete        bool         `json:"complete"`
	Summary         *ScanSummary `json:"summary,omitempty"`
}

// ScanSummary is a completed scan's figures.
type ScanSummary struct {
	Resources        int            `json:"resources"`
	Results          int            `json:"results"`
	Fail             int            `json:"fail"`
	Unknown          int            `json:"unknown"`
	Pass             int            `json:"pass"`
	Waived           int            `json:"waived"`
	NotApplicable    int            `json:"not_applicable"`
	FailedBySeverity map[string]int `json:"failed_by_severity"`
	// Against the previous completed scan of the target (all new on the first).
	New       int `json:"new"`
	Resolved  int `json:"resolved"`
	Unchanged int `json:"unchanged"`
	// Sources that could not be read completely, with their errors (never secrets: what the report says).
	Errors []string `json:"errors,omitempty"`
	// DR objective counts over every resource with an objective.
	DRMet     int `json:"dr_met"`
	DRMissed  int `json:"dr_missed"`
	DRUnknown int `json:"dr_unknown"`
}

// Finding is one failing or unknown result of a scan, or one resolved since the previous scan.
type Finding struct {
	ScanID       int64               `json:"scan_id"`
	Fingerprint  string              `json:"fingerprint"`
	RuleID       string              `json:"rule_id"`
	RuleTitle    string              `json:"rule_title"`
	Severity     string              `json:"severity"`
	Status       string              `json:"status"`
	ResourceID   string              `json:"resource_id"`
	ResourceType string              `json:"resource_type"`
	Location     string              `json:"location,omitempty"`
	Message      string              `json:"message"`
	Controls     map[string][]string `json:"controls,omitempty"`
	// Change is new, unchanged or resolved (then Status is what it is now: pass, not_applicable,
	// waived, or "absent"), or unjudged (Status is the previous scan's: this scan could not tell).
	Change string `json:"change"`
}

// FindingHistory is one finding of a target over its scans.
type FindingHistory struct {
	Target      string `json:"target"`
	Fingerprint string `json:"fingerprint"`
	// Latest is the finding as the newest scan that listed it saw it.
	Latest    Finding   `json:"latest"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// ResolvedAt is when the newest resolution happened, nil while the finding is open.
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	// Events lists every scan that listed it, newest first.
	Events []FindingEvent `json:"events"`
}

// FindingEvent is the finding in one scan.
type FindingEvent struct {
	ScanID int64     `json:"scan_id"`
	At     time.Time `json:"at"`
	Status string    `json:"status"`
	Change string    `json:"change"`
}

// FrameworkPosture is a framework's control figures in one scan.
type FrameworkPosture struct {
	ScanID      int64     `json:"scan_id"`
	At          time.Time `json:"at"`
	Framework   string    `json:"framework"`
	Title       string    `json:"title"`
	Controls    int       `json:"controls"`
	Passing     int       `json:"passing"`
	Failing     int       `json:"failing"`
	Unknown     int       `json:"unknown"`
	Waived      int       `json:"waived"`
	NotAssessed int       `json:"not_assessed"`
	Manual      int       `json:"manual"`
}

// ControlState is one control's state in one scan.
type ControlState struct {
	ScanID    int64     `json:"scan_id"`
	At        time.Time `json:"at"`
	Framework string    `json:"framework"`
	Control   string    `json:"control"`
	Title     string    `json:"title"`
	State     string    `json:"state"`
	Rules     []string  `json:"rules,omitempty"`
	Fail      int       `json:"fail"`
	Unknown   int       `json:"unknown"`
	Pass      int       `json:"pass"`
}

// DRObjective is one resource's objective in one scan.
type DRObjective struct {
	ScanID    int64     `json:"scan_id"`
	At        time.Time `json:"at"`
	System    string    `json:"system"`
	Tier      string    `json:"tier"`
	Resource  string    `json:"resource"`
	Objective string    `json:"objective"`
	Status    string    `json:"status"`
	Declared  string    `json:"declared"`
	Achieved  string    `json:"achieved"`
	// Change is "newly_missed" when it is missed now and was not in the previous scan.
	Change string `json:"change,omitempty"`
}

// Waiver is a waiver in force (or expired) at a scan.
type Waiver struct {
	ScanID     int64      `json:"scan_id"`
	ID         string     `json:"id"`
	Rule       string     `json:"rule,omitempty"`
	Control    string     `json:"control,omitempty"`
	Reason     string     `json:"reason"`
	ApprovedBy string     `json:"approved_by,omitempty"`
	Ticket     string     `json:"ticket,omitempty"`
	Expires    *time.Time `json:"expires,omitempty"`
	State      string     `json:"state"`
	Matched    int        `json:"matched"`
}

// TargetStatus is a target with its latest scans.
type TargetStatus struct {
	Name string `json:"name"`
	// LatestCompleted is nil before the first completed scan.
	LatestCompleted *Scan `json:"latest_completed,omitempty"`
	// Latest is the newest scan in any state.
	Latest *Scan `json:"latest,omitempty"`
}

// Outcome is what a finished scan stores, built from its report by FromReport.
type Outcome struct {
	InventoryDigest string
	Complete        bool
	Summary         ScanSummary
	// Findings holds every result that fails or is unknown; Passing the fingerprints and statuses of
	// the others (pass, not_applicable, waived), so that a resolution records what the finding became.
	Findings   []Finding
	Passing    map[string]string
	Frameworks []FrameworkPosture
	Controls   []ControlState
	DR         []DRObjective
	Waivers    []Waiver
	// ReportJSON is the whole JSON report, stored compressed and served by Report.
	ReportJSON []byte
}

// Retention says which completed and failed scans Prune keeps per target.
type Retention struct {
	// KeepScans keeps the newest N scans of each target (0: no count limit).
	KeepScans int
	// MaxAge drops scans that finished longer ago (0: no age limit). The newest completed scan of a
	// target is always kept, so diffs keep a base.
	MaxAge time.Duration
}

// Store is the history of scans. Every method is safe for concurrent use.
type Store interface {
	// Enqueue queues a scan of target. For a scheduled scan (schedule != "") it is a no-op returning
	// created=false when that (target, schedule, dueAt) was already queued, by this or another server.
	Enqueue(ctx context.Context, target, schedule, trigger string, dueAt time.Time) (id int64, created bool, err error)
	// Claim takes the oldest queued scan whose target has no running scan and marks it running for
	// owner; nil when there is none. On PostgreSQL the claim uses SELECT … FOR UPDATE SKIP LOCKED, so
	// servers sharing the store never run one scan twice.
	Claim(ctx context.Context, owner string, now time.Time) (*Scan, error)
	// Heartbeat records that owner is still running the scan.
	Heartbeat(ctx context.Context, scanID int64, owner string, now time.Time) error
	// Complete stores a scan's outcome in one transaction: the scan row, its findings with their
	// changes against the previous completed scan of the target, resolutions, posture, controls, DR
	// objectives, waivers and the report. It returns the stored findings' changes (new and resolved
	// findings, newly missed objectives) for notifications.
	Complete(ctx context.Context, scanID int64, owner string, finished time.Time, out *Outcome) (*Changes, error)
	// Fail marks the scan failed with msg.
	Fail(ctx context.Context, scanID int64, owner string, finished time.Time, msg string) error
	// MarkInterrupted fails, with "interrupted", every running scan whose last heartbeat is before
	// staleBefore, and returns how many. A server that owns its store alone (SQLite) passes its start
	// time at start: whatever was running then died with the previous process.
	MarkInterrupted(ctx context.Context, staleBefore, now time.Time) (int, error)
	// Prune deletes scans the retention does not keep, with everything they hold, and returns how many.
	Prune(ctx context.Context, r Retention, now time.Time) (int, error)

	Targets(ctx context.Context) ([]TargetStatus, error)
	// Scans lists a target's scans newest first (every target's when target is ""), at most limit.
	Scans(ctx context.Context, target string, limit int) ([]Scan, error)
	Scan(ctx context.Context, id int64) (*Scan, error)
	// Findings lists a scan's findings; change filters by change when not empty.
	Findings(ctx context.Context, scanID int64, change string) ([]Finding, error)
	FindingHistory(ctx context.Context, target, fingerprint string) (*FindingHistory, error)
	// Posture lists a target's framework posture over its newest limit completed scans, oldest first.
	Posture(ctx context.Context, target string, limit int) ([]FrameworkPosture, error)
	// ScanPosture lists one completed scan's framework posture, in the order the scan stored it.
	ScanPosture(ctx context.Context, scanID int64) ([]FrameworkPosture, error)
	// Controls lists the control states of a completed scan for one framework.
	Controls(ctx context.Context, scanID int64, framework string) ([]ControlState, error)
	// ControlHistory lists one control's state over a target's newest limit completed scans, oldest first.
	ControlHistory(ctx context.Context, target, framework, control string, limit int) ([]ControlState, error)
	// DR lists the DR objectives of a completed scan.
	DR(ctx context.Context, scanID int64) ([]DRObjective, error)
	// DRHistory counts, per system and scan, objectives met, missed and unknown over a target's newest
	// limit completed scans, oldest first.
	DRHistory(ctx context.Context, target string, limit int) ([]DRSystemPoint, error)
	// Waivers lists the waivers of a completed scan.
	Waivers(ctx context.Context, scanID int64) ([]Waiver, error)
	// Report returns a completed scan's JSON report.
	Report(ctx context.Context, scanID int64) ([]byte, error)
	Close() error
}

// DRSystemPoint is one system's objective counts in one scan.
type DRSystemPoint struct {
	ScanID  int64     `json:"scan_id"`
	At      time.Time `json:"at"`
	System  string    `json:"system"`
	Met     int       `json:"met"`
	Missed  int       `json:"missed"`
	Unknown int       `json:"unknown"`
}

// Changes is what Complete found new since the previous scan of the target.
type Changes struct {
	Scan     Scan
	New      []Finding
	Resolved []Finding
	// NewlyMissed are the DR objectives missed now that were not missed in the previous scan.
	NewlyMissed []DRObjective
}
