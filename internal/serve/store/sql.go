package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// sqlStore implements Store over database/sql, for both back ends.
type sqlStore struct {
	db *sql.DB
	d  *dialect
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// maxClaimAttempts bounds the retries of a claim that lost a race for a target to another server; each
// retry leaves that target out, so a claim runs out of targets long before.
const maxClaimAttempts = 100

// noLimit stands for "all" where the interface takes limit <= 0.
const noLimit = math.MaxInt32

func limitOrAll(limit int) int {
	if limit <= 0 {
		return noLimit
	}
	return limit
}

const scanCols = "id, target, schedule, trigger_kind, status, due_at, queued_at, started_at, finished_at, owner, error, inventory_digest, complete, summary"

type rowScanner interface{ Scan(dest ...any) error }

func readScan(row rowScanner) (*Scan, error) {
	var sc Scan
	var status string
	var due, queued, started, finished dbTime
	var complete int
	var summary sql.NullString
	if err := row.Scan(&sc.ID, &sc.Target, &sc.Schedule, &sc.Trigger, &status, &due, &queued, &started, &finished,
		&sc.Owner, &sc.Error, &sc.InventoryDigest, &complete, &summary); err != nil {
		return nil, err
	}
	sc.Status = ScanStatus(status)
	sc.DueAt, sc.QueuedAt = due.Time, queued.Time
	sc.StartedAt, sc.FinishedAt = started.ptr(), finished.ptr()
	sc.Complete = complete != 0
	if summary.Valid && summary.String != "" {
		var sum ScanSummary
		if err := json.Unmarshal([]byte(summary.String), &sum); err != nil {
			return nil, fmt.Errorf("scan %d: decode summary: %w", sc.ID, err)
		}
		sc.Summary = &sum
	}
	return &sc, nil
}

func (s *sqlStore) scanByID(ctx context.Context, q querier, id int64) (*Scan, error) {
	sc, err := readScan(q.QueryRowContext(ctx, s.d.rebind("SELECT "+scanCols+" FROM scans WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scan %d: %w", id, ErrNotFound)
	}
	return sc, err
}

func (s *sqlStore) scanList(ctx context.Context, query string, args ...any) ([]Scan, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Scan
	for rows.Next() {
		sc, err := readScan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *sc)
	}
	return out, rows.Err()
}

// Enqueue implements Store.
func (s *sqlStore) Enqueue(ctx context.Context, target, schedule, trigger string, dueAt time.Time) (int64, bool, error) {
	if target == "" {
		return 0, false, errors.New("enqueue scan: empty target")
	}
	var id int64
	err := s.db.QueryRowContext(ctx, s.d.rebind(`INSERT INTO scans (target, schedule, trigger_kind, status, due_at, queued_at)
		VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING RETURNING id`),
		target, schedule, trigger, s.d.ts(dueAt), s.d.ts(time.Now())).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) || schedule == "" {
		return 0, false, fmt.Errorf("enqueue scan of %s: %w", target, err)
	}
	// Already queued (by this server or another): the unique index kept the first one.
	err = s.db.QueryRowContext(ctx, s.d.rebind("SELECT id FROM scans WHERE target = ? AND schedule = ? AND due_at = ?"),
		target, schedule, s.d.ts(dueAt)).Scan(&id)
	if err != nil {
		return 0, false, fmt.Errorf("enqueue scan of %s: find the queued scan: %w", target, err)
	}
	return id, false, nil
}

// errClaimRace says another server took the row between the select and the update.
var errClaimRace = errors.New("claim race")

// Claim implements Store.
func (s *sqlStore) Claim(ctx context.Context, owner string, now time.Time) (*Scan, error) {
	if owner == "" {
		return nil, errors.New("claim scan: empty owner")
	}
	// A target another server is claiming at this moment is left out of the next attempt: this claim
	// then goes to another target's scan instead of racing for the same one again.
	var skip []string
	for attempt := 1; ; attempt++ {
		sc, target, err := s.claimOnce(ctx, owner, now, skip)
		if err == nil {
			return sc, nil
		}
		if (isUniqueViolation(err) || errors.Is(err, errClaimRace)) && attempt < maxClaimAttempts && ctx.Err() == nil {
			if target != "" {
				skip = append(skip, target)
			}
			continue
		}
		return nil, fmt.Errorf("claim scan: %w", err)
	}
}

// claimOnce claims the oldest queued scan of a target that has none running, leaving out the targets
// in skip; it returns the target it tried when it lost a race for it.
func (s *sqlStore) claimOnce(ctx context.Context, owner string, now time.Time, skip []string) (*Scan, string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	q := `SELECT q.id, q.target FROM scans q
		WHERE q.status = 'queued'
		AND NOT EXISTS (SELECT 1 FROM scans r WHERE r.target = q.target AND r.status = 'running')`
	args := make([]any, 0, len(skip))
	if len(skip) > 0 {
		q += " AND q.target NOT IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(skip)), ", ") + ")"
		for _, t := range skip {
			args = append(args, t)
		}
	}
	q += " ORDER BY q.queued_at, q.id LIMIT 1"
	if s.d.pg {
		q += " FOR UPDATE OF q SKIP LOCKED"
	}
	var id int64
	var target string
	if err := tx.QueryRowContext(ctx, s.d.rebind(q), args...).Scan(&id, &target); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, "", tx.Commit()
		}
		return nil, "", err
	}
	if s.d.pg {
		// SKIP LOCKED hides another server's row, not its target: two servers can each pick a queued
		// scan of one target. A transaction lock on the target lets one of them on; the other tries
		// another target. Once the lock is held, a scan of the target that another server started and
		// committed meanwhile is visible to the next statement.
		var locked, running bool
		if err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))", target).Scan(&locked); err != nil {
			return nil, "", err
		}
		if !locked {
			return nil, target, errClaimRace
		}
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM scans WHERE target = $1 AND status = 'running')", target).Scan(&running); err != nil {
			return nil, "", err
		}
		if running {
			return nil, target, errClaimRace
		}
	}
	res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE scans SET status = 'running', owner = ?, started_at = ?, heartbeat_at = ?
		WHERE id = ? AND status = 'queued'`), owner, s.d.ts(now), s.d.ts(now), id)
	if err != nil {
		return nil, target, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, "", err
	} else if n == 0 {
		return nil, target, errClaimRace
	}
	sc, err := s.scanByID(ctx, tx, id)
	if err != nil {
		return nil, "", err
	}
	return sc, "", tx.Commit()
}

// notClaimed explains why an update guarded by owner and status touched no row.
func (s *sqlStore) notClaimed(ctx context.Context, q querier, scanID int64, owner string) error {
	var status, cur string
	err := q.QueryRowContext(ctx, s.d.rebind("SELECT status, owner FROM scans WHERE id = ?"), scanID).Scan(&status, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("scan %d: %w", scanID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("scan %d: %w", scanID, err)
	}
	return fmt.Errorf("scan %d is %s, owned by %q, not running under %q: %w", scanID, status, cur, owner, ErrNotClaimed)
}

// Heartbeat implements Store.
func (s *sqlStore) Heartbeat(ctx context.Context, scanID int64, owner string, now time.Time) error {
	res, err := s.db.ExecContext(ctx, s.d.rebind("UPDATE scans SET heartbeat_at = ? WHERE id = ? AND owner = ? AND status = 'running'"),
		s.d.ts(now), scanID, owner)
	if err != nil {
		return fmt.Errorf("heartbeat scan %d: %w", scanID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("heartbeat scan %d: %w", scanID, err)
	} else if n == 0 {
		return fmt.Errorf("heartbeat: %w", s.notClaimed(ctx, s.db, scanID, owner))
	}
	return nil
}

// Fail implements Store.
func (s *sqlStore) Fail(ctx context.Context, scanID int64, owner string, finished time.Time, msg string) error {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE scans SET status = 'failed', finished_at = ?, error = ?
		WHERE id = ? AND owner = ? AND status = 'running'`), s.d.ts(finished), msg, scanID, owner)
	if err != nil {
		return fmt.Errorf("fail scan %d: %w", scanID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("fail scan %d: %w", scanID, err)
	} else if n == 0 {
		return fmt.Errorf("fail scan: %w", s.notClaimed(ctx, s.db, scanID, owner))
	}
	return nil
}

// MarkInterrupted implements Store.
func (s *sqlStore) MarkInterrupted(ctx context.Context, staleBefore, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE scans SET status = 'failed', error = 'interrupted', finished_at = ?
		WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ?)`), s.d.ts(now), s.d.ts(staleBefore))
	if err != nil {
		return 0, fmt.Errorf("mark interrupted scans: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("mark interrupted scans: %w", err)
	}
	return int(n), nil
}

// validate rejects an outcome Complete cannot store faithfully.
func (out *Outcome) validate() error {
	seen := make(map[string]bool, len(out.Findings))
	for _, f := range out.Findings {
		switch {
		case f.Fingerprint == "":
			return fmt.Errorf("finding %s on %s has no fingerprint", f.RuleID, f.ResourceID)
		case f.Status != "fail" && f.Status != "unknown":
			return fmt.Errorf("finding %s has status %q: findings fail or are unknown", f.Fingerprint, f.Status)
		case seen[f.Fingerprint]:
			return fmt.Errorf("finding %s is listed twice", f.Fingerprint)
		}
		seen[f.Fingerprint] = true
	}
	return nil
}

// findingChange classifies a finding now in status cur against the previous scan's finding status
// (had is false when the previous scan did not list it as a finding). See the Change constants.
func findingChange(prev string, had bool, cur string) string {
	switch {
	case !had:
		return ChangeNew
	case cur == "fail" && prev != "fail":
		return ChangeNew // unknown → fail: now known to fail
	default:
		return ChangeUnchanged // same status, or fail → unknown (still needs attention, nothing new)
	}
}

// drMissed is the status of an objective that is not met.
const drMissed = "fail"

// Complete implements Store.
func (s *sqlStore) Complete(ctx context.Context, scanID int64, owner string, finished time.Time, out *Outcome) (*Changes, error) {
	if out == nil {
		return nil, fmt.Errorf("complete scan %d: no outcome", scanID)
	}
	if err := out.validate(); err != nil {
		return nil, fmt.Errorf("complete scan %d: %w", scanID, err)
	}
	// Compress before the transaction, which holds the write lock (SQLite) or the scan's row (PostgreSQL).
	report, err := gzipBytes(out.ReportJSON)
	if err != nil {
		return nil, fmt.Errorf("complete scan %d: compress report: %w", scanID, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("complete scan %d: begin: %w", scanID, err)
	}
	defer tx.Rollback()
	ch, err := s.complete(ctx, tx, scanID, owner, finished, out, report)
	if err != nil {
		return nil, fmt.Errorf("complete scan %d: %w", scanID, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("complete scan %d: commit: %w", scanID, err)
	}
	return ch, nil
}

func (s *sqlStore) complete(ctx context.Context, tx *sql.Tx, scanID int64, owner string, finished time.Time, out *Outcome, report []byte) (*Changes, error) {
	var target, status, cur string
	err := tx.QueryRowContext(ctx, s.d.rebind("SELECT target, status, owner FROM scans WHERE id = ?"+s.d.forUpdate()), scanID).
		Scan(&target, &status, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if status != string(ScanRunning) || cur != owner {
		return nil, fmt.Errorf("scan is %s, owned by %q, not running under %q: %w", status, cur, owner, ErrNotClaimed)
	}

	var prevID int64
	err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT id FROM scans WHERE target = ? AND status = 'completed'
		ORDER BY finished_at DESC, id DESC LIMIT 1`), target).Scan(&prevID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find previous scan: %w", err)
	}
	var prev []Finding
	prevDR := map[string]string{}
	if prevID != 0 {
		if prev, err = s.findings(ctx, tx, "f.scan_id = ? AND f.change <> 'resolved'", prevID); err != nil {
			return nil, fmt.Errorf("read previous findings: %w", err)
		}
		if prevDR, err = s.drStatuses(ctx, tx, prevID); err != nil {
			return nil, fmt.Errorf("read previous DR objectives: %w", err)
		}
	}

	ch := &Changes{}
	sum := out.Summary
	sum.New, sum.Resolved, sum.Unchanged = 0, 0, 0
	if sum.FailedBySeverity == nil {
		sum.FailedBySeverity = map[string]int{}
	}
	prevStatus := make(map[string]string, len(prev))
	for _, p := range prev {
		prevStatus[p.Fingerprint] = p.Status
	}
	findings := make([]Finding, 0, len(out.Findings)+len(prev))
	now := make(map[string]bool, len(out.Findings))
	for _, f := range out.Findings {
		p, had := prevStatus[f.Fingerprint]
		f.ScanID, f.Change = scanID, findingChange(p, had, f.Status)
		now[f.Fingerprint] = true
		findings = append(findings, f)
		if f.Change == ChangeNew {
			sum.New++
			ch.New = append(ch.New, f)
		} else {
			sum.Unchanged++
		}
	}
	for _, p := range prev {
		if now[p.Fingerprint] {
			continue
		}
		st, passing := out.Passing[p.Fingerprint]
		if !passing && !out.Complete {
			// Maybe in what the scan could not read: not a resolution, and still the base of the next diff.
			p.ScanID, p.Change = scanID, ChangeUnjudged
			findings = append(findings, p)
			continue
		}
		if !passing {
			st = "absent"
		}
		p.ScanID, p.Status, p.Change = scanID, st, ChangeResolved
		findings = append(findings, p)
		sum.Resolved++
		ch.Resolved = append(ch.Resolved, p)
	}
	dr := make([]DRObjective, len(out.DR))
	for i, o := range out.DR {
		o.ScanID, o.Change = scanID, ""
		if o.Status == drMissed && prevDR[drKey(o.Resource, o.Objective)] != drMissed {
			o.Change = ChangeNewlyMissed
			ch.NewlyMissed = append(ch.NewlyMissed, o)
		}
		dr[i] = o
	}

	summary, err := json.Marshal(sum)
	if err != nil {
		return nil, fmt.Errorf("encode summary: %w", err)
	}
	complete := 0
	if out.Complete {
		complete = 1
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE scans SET status = 'completed', finished_at = ?, error = '',
		inventory_digest = ?, complete = ?, summary = ?, report = ? WHERE id = ?`),
		s.d.ts(finished), out.InventoryDigest, complete, string(summary), report, scanID); err != nil {
		return nil, fmt.Errorf("update scan: %w", err)
	}
	if err := s.insertAll(ctx, tx, scanID, target, findings, out, dr); err != nil {
		return nil, err
	}
	sc, err := s.scanByID(ctx, tx, scanID)
	if err != nil {
		return nil, err
	}
	ch.Scan = *sc
	at := sc.FinishedAt
	for i := range ch.NewlyMissed {
		ch.NewlyMissed[i].At = *at
	}
	return ch, nil
}

func drKey(resource, objective string) string { return resource + "\x00" + objective }

func (s *sqlStore) drStatuses(ctx context.Context, q querier, scanID int64) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, s.d.rebind("SELECT resource, objective, status FROM dr_objectives WHERE scan_id = ?"), scanID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var res, obj, st string
		if err := rows.Scan(&res, &obj, &st); err != nil {
			return nil, err
		}
		out[drKey(res, obj)] = st
	}
	return out, rows.Err()
}

// insertAll writes a completed scan's rows.
func (s *sqlStore) insertAll(ctx context.Context, tx *sql.Tx, scanID int64, target string, findings []Finding, out *Outcome, dr []DRObjective) error {
	rows := make([][]any, 0, len(findings))
	for i, f := range findings {
		controls, err := json.Marshal(f.Controls)
		if err != nil {
			return fmt.Errorf("encode controls of %s: %w", f.Fingerprint, err)
		}
		rows = append(rows, []any{scanID, i, target, f.Fingerprint, f.RuleID, f.RuleTitle, f.Severity, f.Status, f.ResourceID,
			f.ResourceType, f.Location, f.Message, string(controls), f.Change})
	}
	if err := s.insertRows(ctx, tx, "findings", []string{"scan_id", "seq", "target", "fingerprint", "rule_id", "rule_title",
		"severity", "status", "resource_id", "resource_type", "location", "message", "controls", "change"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for i, p := range out.Frameworks {
		rows = append(rows, []any{scanID, i, p.Framework, p.Title, p.Controls, p.Passing, p.Failing, p.Unknown, p.Waived,
			p.NotAssessed, p.Manual})
	}
	if err := s.insertRows(ctx, tx, "framework_posture", []string{"scan_id", "seq", "framework", "title", "n_controls",
		"n_passing", "n_failing", "n_unknown", "n_waived", "n_not_assessed", "n_manual"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for i, c := range out.Controls {
		ruleIDs, err := json.Marshal(c.Rules)
		if err != nil {
			return fmt.Errorf("encode rules of control %s: %w", c.Control, err)
		}
		rows = append(rows, []any{scanID, i, c.Framework, c.Control, c.Title, c.State, string(ruleIDs), c.Fail, c.Unknown, c.Pass})
	}
	if err := s.insertRows(ctx, tx, "control_states", []string{"scan_id", "seq", "framework", "control", "title", "state",
		"rules", "n_fail", "n_unknown", "n_pass"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for i, o := range dr {
		rows = append(rows, []any{scanID, i, o.System, o.Tier, o.Resource, o.Objective, o.Status, o.Declared, o.Achieved, o.Change})
	}
	if err := s.insertRows(ctx, tx, "dr_objectives", []string{"scan_id", "seq", "dr_system", "tier", "resource", "objective",
		"status", "declared", "achieved", "change"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for i, w := range out.Waivers {
		rows = append(rows, []any{scanID, i, w.ID, w.Rule, w.Control, w.Reason, w.ApprovedBy, w.Ticket, s.d.tsPtr(w.Expires),
			w.State, w.Matched})
	}
	return s.insertRows(ctx, tx, "waivers", []string{"scan_id", "seq", "waiver_id", "rule_id", "control", "reason",
		"approved_by", "ticket", "expires", "state", "matched"}, rows)
}

// maxParams bounds the placeholders of one INSERT, well under SQLite's 32766 and PostgreSQL's 65535.
const maxParams = 2000

// insertRows inserts rows with multi-row INSERTs: one statement per row would cost a round trip per
// finding on PostgreSQL.
func (s *sqlStore) insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	per := max(1, maxParams/len(cols))
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(batch)*len(cols))
		for i, r := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(b.String()), args...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}

// Prune implements Store.
func (s *sqlStore) Prune(ctx context.Context, r Retention, now time.Time) (int, error) {
	if r.KeepScans <= 0 && r.MaxAge <= 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("prune scans: begin: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, target, status, finished_at FROM scans
		WHERE status IN ('completed', 'failed') ORDER BY target, finished_at DESC, id DESC`)
	if err != nil {
		return 0, fmt.Errorf("prune scans: %w", err)
	}
	var drop []int64
	var target string
	var n int
	keptCompleted := false
	cutoff := now.Add(-r.MaxAge)
	for rows.Next() {
		var id int64
		var t, status string
		var fin dbTime
		if err := rows.Scan(&id, &t, &status, &fin); err != nil {
			rows.Close()
			return 0, fmt.Errorf("prune scans: %w", err)
		}
		if t != target {
			target, n, keptCompleted = t, 0, false
		}
		n++
		keep := (r.KeepScans <= 0 || n <= r.KeepScans) && (r.MaxAge <= 0 || !fin.Valid || !fin.Time.Before(cutoff))
		if status == string(ScanCompleted) && !keptCompleted {
			keep, keptCompleted = true, true // the base of the next scan's changes
		}
		if !keep {
			drop = append(drop, id)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return 0, fmt.Errorf("prune scans: %w", err)
	}
	rows.Close()
	const chunk = 500
	for start := 0; start < len(drop); start += chunk {
		ids := drop[start:min(start+chunk, len(drop))]
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		q := "DELETE FROM scans WHERE id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		if _, err := tx.ExecContext(ctx, s.d.rebind(q), args...); err != nil {
			return 0, fmt.Errorf("prune scans: delete: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("prune scans: commit: %w", err)
	}
	return len(drop), nil
}

// Targets implements Store.
func (s *sqlStore) Targets(ctx context.Context) ([]TargetStatus, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT target FROM scans ORDER BY target")
	if err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list targets: %w", err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, fmt.Errorf("list targets: %w", err)
	}
	rows.Close()
	out := make([]TargetStatus, 0, len(names))
	for _, n := range names {
		ts := TargetStatus{Name: n}
		latest, err := s.scanList(ctx, "SELECT "+scanCols+" FROM scans WHERE target = ? ORDER BY id DESC LIMIT 1", n)
		if err != nil {
			return nil, fmt.Errorf("list targets: %s: %w", n, err)
		}
		done, err := s.scanList(ctx, "SELECT "+scanCols+` FROM scans WHERE target = ? AND status = 'completed'
			ORDER BY finished_at DESC, id DESC LIMIT 1`, n)
		if err != nil {
			return nil, fmt.Errorf("list targets: %s: %w", n, err)
		}
		if len(latest) == 1 {
			ts.Latest = &latest[0]
		}
		if len(done) == 1 {
			ts.LatestCompleted = &done[0]
		}
		out = append(out, ts)
	}
	return out, nil
}

// Scans implements Store.
func (s *sqlStore) Scans(ctx context.Context, target string, limit int) ([]Scan, error) {
	var out []Scan
	var err error
	if target == "" {
		out, err = s.scanList(ctx, "SELECT "+scanCols+" FROM scans ORDER BY id DESC LIMIT ?", limitOrAll(limit))
	} else {
		out, err = s.scanList(ctx, "SELECT "+scanCols+" FROM scans WHERE target = ? ORDER BY id DESC LIMIT ?", target, limitOrAll(limit))
	}
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	return out, nil
}

// Scan implements Store.
func (s *sqlStore) Scan(ctx context.Context, id int64) (*Scan, error) {
	sc, err := s.scanByID(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("read scan: %w", err)
	}
	return sc, nil
}

// exists returns ErrNotFound for a scan id that is not stored.
func (s *sqlStore) exists(ctx context.Context, id int64) error {
	var one int
	err := s.db.QueryRowContext(ctx, s.d.rebind("SELECT 1 FROM scans WHERE id = ?"), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("scan %d: %w", id, ErrNotFound)
	}
	return err
}

const findingCols = "f.scan_id, f.fingerprint, f.rule_id, f.rule_title, f.severity, f.status, f.resource_id, f.resource_type, f.location, f.message, f.controls, f.change"

func readFinding(row rowScanner, extra ...any) (Finding, error) {
	var f Finding
	var controls string
	dest := append([]any{&f.ScanID, &f.Fingerprint, &f.RuleID, &f.RuleTitle, &f.Severity, &f.Status, &f.ResourceID,
		&f.ResourceType, &f.Location, &f.Message, &controls, &f.Change}, extra...)
	if err := row.Scan(dest...); err != nil {
		return f, err
	}
	if controls != "" && controls != "null" {
		if err := json.Unmarshal([]byte(controls), &f.Controls); err != nil {
			return f, fmt.Errorf("finding %s: decode controls: %w", f.Fingerprint, err)
		}
	}
	return f, nil
}

// findings reads the findings matching where, in stored order.
func (s *sqlStore) findings(ctx context.Context, q querier, where string, args ...any) ([]Finding, error) {
	rows, err := q.QueryContext(ctx, s.d.rebind("SELECT "+findingCols+" FROM findings f WHERE "+where+" ORDER BY f.seq"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		f, err := readFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Findings implements Store.
func (s *sqlStore) Findings(ctx context.Context, scanID int64, change string) ([]Finding, error) {
	if err := s.exists(ctx, scanID); err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	var out []Finding
	var err error
	if change == "" {
		out, err = s.findings(ctx, s.db, "f.scan_id = ?", scanID)
	} else {
		out, err = s.findings(ctx, s.db, "f.scan_id = ? AND f.change = ?", scanID, change)
	}
	if err != nil {
		return nil, fmt.Errorf("list findings of scan %d: %w", scanID, err)
	}
	return out, nil
}

// FindingHistory implements Store.
func (s *sqlStore) FindingHistory(ctx context.Context, target, fingerprint string) (*FindingHistory, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind("SELECT "+findingCols+`, s.finished_at FROM findings f
		JOIN scans s ON s.id = f.scan_id WHERE f.target = ? AND f.fingerprint = ?
		ORDER BY s.finished_at DESC, s.id DESC`), target, fingerprint)
	if err != nil {
		return nil, fmt.Errorf("finding history: %w", err)
	}
	defer rows.Close()
	h := &FindingHistory{Target: target, Fingerprint: fingerprint}
	for rows.Next() {
		var at dbTime
		f, err := readFinding(rows, &at)
		if err != nil {
			return nil, fmt.Errorf("finding history: %w", err)
		}
		if len(h.Events) == 0 {
			h.Latest = f
			if f.Change == ChangeResolved {
				h.ResolvedAt = at.ptr()
			}
		}
		if f.Change != ChangeResolved && h.LastSeen.IsZero() {
			h.LastSeen = at.Time
		}
		h.FirstSeen = at.Time
		h.Events = append(h.Events, FindingEvent{ScanID: f.ScanID, At: at.Time, Status: f.Status, Change: f.Change})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("finding history: %w", err)
	}
	if len(h.Events) == 0 {
		return nil, fmt.Errorf("finding %s of %s: %w", fingerprint, target, ErrNotFound)
	}
	return h, nil
}

// recentCompleted is a derived table of a target's newest completed scans (target, limit).
const recentCompleted = `(SELECT id, finished_at FROM scans WHERE target = ? AND status = 'completed'
	ORDER BY finished_at DESC, id DESC LIMIT ?) s`

const postureCols = `p.scan_id, s.finished_at, p.framework, p.title, p.n_controls,
	p.n_passing, p.n_failing, p.n_unknown, p.n_waived, p.n_not_assessed, p.n_manual`

// Posture implements Store.
func (s *sqlStore) Posture(ctx context.Context, target string, limit int) ([]FrameworkPosture, error) {
	out, err := s.postures(ctx, `SELECT `+postureCols+` FROM framework_posture p JOIN `+recentCompleted+` ON s.id = p.scan_id
		ORDER BY s.finished_at, s.id, p.seq`, target, limitOrAll(limit))
	if err != nil {
		return nil, fmt.Errorf("posture of %s: %w", target, err)
	}
	return out, nil
}

// ScanPosture implements Store.
func (s *sqlStore) ScanPosture(ctx context.Context, scanID int64) ([]FrameworkPosture, error) {
	if err := s.exists(ctx, scanID); err != nil {
		return nil, fmt.Errorf("posture of scan %d: %w", scanID, err)
	}
	out, err := s.postures(ctx, `SELECT `+postureCols+` FROM framework_posture p JOIN scans s ON s.id = p.scan_id
		WHERE p.scan_id = ? ORDER BY p.seq`, scanID)
	if err != nil {
		return nil, fmt.Errorf("posture of scan %d: %w", scanID, err)
	}
	return out, nil
}

func (s *sqlStore) postures(ctx context.Context, query string, args ...any) ([]FrameworkPosture, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FrameworkPosture
	for rows.Next() {
		var p FrameworkPosture
		var at dbTime
		if err := rows.Scan(&p.ScanID, &at, &p.Framework, &p.Title, &p.Controls, &p.Passing, &p.Failing, &p.Unknown,
			&p.Waived, &p.NotAssessed, &p.Manual); err != nil {
			return nil, err
		}
		p.At = at.Time
		out = append(out, p)
	}
	return out, rows.Err()
}

const controlCols = "c.scan_id, s.finished_at, c.framework, c.control, c.title, c.state, c.rules, c.n_fail, c.n_unknown, c.n_pass"

func (s *sqlStore) controlStates(ctx context.Context, query string, args ...any) ([]ControlState, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ControlState
	for rows.Next() {
		var c ControlState
		var at dbTime
		var rules string
		if err := rows.Scan(&c.ScanID, &at, &c.Framework, &c.Control, &c.Title, &c.State, &rules, &c.Fail, &c.Unknown,
			&c.Pass); err != nil {
			return nil, err
		}
		c.At = at.Time
		if rules != "" && rules != "null" {
			if err := json.Unmarshal([]byte(rules), &c.Rules); err != nil {
				return nil, fmt.Errorf("control %s: decode rules: %w", c.Control, err)
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Controls implements Store.
func (s *sqlStore) Controls(ctx context.Context, scanID int64, framework string) ([]ControlState, error) {
	if err := s.exists(ctx, scanID); err != nil {
		return nil, fmt.Errorf("list controls: %w", err)
	}
	out, err := s.controlStates(ctx, "SELECT "+controlCols+` FROM control_states c JOIN scans s ON s.id = c.scan_id
		WHERE c.scan_id = ? AND c.framework = ? ORDER BY c.seq`, scanID, framework)
	if err != nil {
		return nil, fmt.Errorf("list controls of scan %d: %w", scanID, err)
	}
	return out, nil
}

// ControlHistory implements Store.
func (s *sqlStore) ControlHistory(ctx context.Context, target, framework, control string, limit int) ([]ControlState, error) {
	out, err := s.controlStates(ctx, "SELECT "+controlCols+" FROM control_states c JOIN "+recentCompleted+
		` ON s.id = c.scan_id WHERE c.framework = ? AND c.control = ? ORDER BY s.finished_at, s.id, c.seq`,
		target, limitOrAll(limit), framework, control)
	if err != nil {
		return nil, fmt.Errorf("history of control %s %s: %w", framework, control, err)
	}
	return out, nil
}

// DR implements Store.
func (s *sqlStore) DR(ctx context.Context, scanID int64) ([]DRObjective, error) {
	if err := s.exists(ctx, scanID); err != nil {
		return nil, fmt.Errorf("list DR objectives: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT d.scan_id, s.finished_at, d.dr_system, d.tier, d.resource,
		d.objective, d.status, d.declared, d.achieved, d.change
		FROM dr_objectives d JOIN scans s ON s.id = d.scan_id WHERE d.scan_id = ? ORDER BY d.seq`), scanID)
	if err != nil {
		return nil, fmt.Errorf("list DR objectives of scan %d: %w", scanID, err)
	}
	defer rows.Close()
	var out []DRObjective
	for rows.Next() {
		var o DRObjective
		var at dbTime
		if err := rows.Scan(&o.ScanID, &at, &o.System, &o.Tier, &o.Resource, &o.Objective, &o.Status, &o.Declared,
			&o.Achieved, &o.Change); err != nil {
			return nil, fmt.Errorf("list DR objectives of scan %d: %w", scanID, err)
		}
		o.At = at.Time
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list DR objectives of scan %d: %w", scanID, err)
	}
	return out, nil
}

// DRHistory implements Store.
func (s *sqlStore) DRHistory(ctx context.Context, target string, limit int) ([]DRSystemPoint, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT d.scan_id, s.finished_at, d.dr_system,
		SUM(CASE WHEN d.status = 'pass' THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.status = 'fail' THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.status = 'unknown' THEN 1 ELSE 0 END)
		FROM dr_objectives d JOIN `+recentCompleted+` ON s.id = d.scan_id
		GROUP BY d.scan_id, s.finished_at, d.dr_system
		ORDER BY s.finished_at, d.scan_id, d.dr_system`), target, limitOrAll(limit))
	if err != nil {
		return nil, fmt.Errorf("DR history of %s: %w", target, err)
	}
	defer rows.Close()
	var out []DRSystemPoint
	for rows.Next() {
		var p DRSystemPoint
		var at dbTime
		if err := rows.Scan(&p.ScanID, &at, &p.System, &p.Met, &p.Missed, &p.Unknown); err != nil {
			return nil, fmt.Errorf("DR history of %s: %w", target, err)
		}
		p.At = at.Time
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("DR history of %s: %w", target, err)
	}
	return out, nil
}

// Waivers implements Store.
func (s *sqlStore) Waivers(ctx context.Context, scanID int64) ([]Waiver, error) {
	if err := s.exists(ctx, scanID); err != nil {
		return nil, fmt.Errorf("list waivers: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT scan_id, waiver_id, rule_id, control, reason, approved_by,
		ticket, expires, state, matched FROM waivers WHERE scan_id = ? ORDER BY seq`), scanID)
	if err != nil {
		return nil, fmt.Errorf("list waivers of scan %d: %w", scanID, err)
	}
	defer rows.Close()
	var out []Waiver
	for rows.Next() {
		var w Waiver
		var exp dbTime
		if err := rows.Scan(&w.ScanID, &w.ID, &w.Rule, &w.Control, &w.Reason, &w.ApprovedBy, &w.Ticket, &exp, &w.State,
			&w.Matched); err != nil {
			return nil, fmt.Errorf("list waivers of scan %d: %w", scanID, err)
		}
		w.Expires = exp.ptr()
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list waivers of scan %d: %w", scanID, err)
	}
	return out, nil
}

// Report implements Store.
func (s *sqlStore) Report(ctx context.Context, scanID int64) ([]byte, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, s.d.rebind("SELECT report FROM scans WHERE id = ?"), scanID).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("report of scan %d: %w", scanID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("report of scan %d: %w", scanID, err)
	}
	if blob == nil {
		return nil, fmt.Errorf("report of scan %d (not completed): %w", scanID, ErrNotFound)
	}
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, fmt.Errorf("report of scan %d: %w", scanID, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("report of scan %d: decompress: %w", scanID, err)
	}
	return out, nil
}

// Close implements Store.
func (s *sqlStore) Close() error { return s.db.Close() }

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
