package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMigrations(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		ms, err := migrations()
		require.NoError(t, err)
		require.NotEmpty(t, ms)

		s := openT(t, dsn)
		versions := func(s Store) []int {
			rows, err := s.(*sqlStore).db.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
			require.NoError(t, err)
			defer rows.Close()
			var out []int
			for rows.Next() {
				var v int
				require.NoError(t, rows.Scan(&v))
				out = append(out, v)
			}
			require.NoError(t, rows.Err())
			return out
		}
		want := make([]int, len(ms))
		for i := range ms {
			want[i] = i + 1
		}
		assert.Equal(t, want, versions(s))
		_, _, err = s.Enqueue(ctx, "prod", "", "api", at(0))
		require.NoError(t, err)
		require.NoError(t, s.Close())

		// Reopening applies nothing and keeps the rows.
		s = openT(t, dsn)
		assert.Equal(t, want, versions(s))
		scans, err := s.Scans(ctx, "", 0)
		require.NoError(t, err)
		assert.Len(t, scans, 1)

		// A database a newer vigil migrated is refused, not "migrated back".
		db := s.(*sqlStore)
		_, err = db.db.ExecContext(ctx, db.d.rebind("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
			len(ms)+1, db.d.ts(time.Now()))
		require.NoError(t, err)
		require.NoError(t, s.Close())
		_, err = Open(ctx, dsn)
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("version %d, newer than this vigil knows (%d)", len(ms)+1, len(ms)))
	})
}

func TestStatements(t *testing.T) {
	got := statements("-- a comment; with a semicolon\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n-- tail\n")
	assert.Equal(t, []string{"CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"}, got)
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, sqlite, pg string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"a = '?' AND b = ?", "a = '?' AND b = ?", "a = '?' AND b = $1"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.sqlite, sqliteDialect.rebind(tt.in))
		assert.Equal(t, tt.pg, postgresDialect.rebind(tt.in))
	}
}

func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, dsn := range []string{filepath.Join(dir, "a.db"), "sqlite:" + filepath.Join(dir, "b.db"), "file:" + filepath.Join(dir, "c.db")} {
		s, err := Open(ctx, dsn)
		require.NoError(t, err, dsn)
		require.NoError(t, s.Close())
	}
	for _, name := range []string{"a.db", "b.db", "c.db"} {
		st, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), name)
	}
	for _, bad := range []string{"", "sqlite:", ":memory:", filepath.Join(dir, "x.db?mode=ro"), filepath.Join(dir, "missing", "x.db")} {
		_, err := Open(ctx, bad)
		assert.Error(t, err, bad)
	}
	t.Chdir(dir)
	_, err := Open(ctx, "host=db user=vigil password=hunter2 dbname=vigil")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"a.db", "b.db", "c.db"}, names, "no file created for the key=value DSN")
}

func TestOpenPostgresRedactsPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Nothing listens on port 1: the connection fails, and the error must not carry the password.
	_, err := Open(ctx, "postgres://vigil:s3cr%3Ft-pw@127.0.0.1:1/vigil?sslmode=disable&connect_timeout=2")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr")
	assert.Contains(t, err.Error(), "127.0.0.1")
	_, err = Open(ctx, "postgres://vigil:hunter2@[::1")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestEnqueue(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		// Replicas share the store: a second server's enqueue of the same tick is a no-op.
		other := openT(t, dsn)
		first, created, err := s.Enqueue(ctx, "prod", "nightly", "schedule", at(0))
		require.NoError(t, err)
		require.True(t, created)

		tests := []struct {
			name                   string
			store                  Store
			target, schedule, trig string
			due                    time.Time
			wantCreated            bool
		}{
			{"same tick, same server", s, "prod", "nightly", "schedule", at(0), false},
			{"same tick, other server", other, "prod", "nightly", "schedule", at(0), false},
			{"same tick in another zone", other, "prod", "nightly", "schedule", at(0).In(time.FixedZone("x", 3600)), false},
			{"next tick", s, "prod", "nightly", "schedule", at(1), true},
			{"other schedule", s, "prod", "hourly", "schedule", at(0), true},
			{"other target", s, "staging", "nightly", "schedule", at(0), true},
			{"manual", s, "prod", "", "api", at(0), true},
			{"manual again", other, "prod", "", "dashboard", at(0), true},
		}
		ids := map[int64]bool{first: true}
		for _, tt := range tests {
			id, created, err := tt.store.Enqueue(ctx, tt.target, tt.schedule, tt.trig, tt.due)
			require.NoError(t, err, tt.name)
			assert.Equal(t, tt.wantCreated, created, tt.name)
			if tt.wantCreated {
				assert.False(t, ids[id], "%s: id %d reused", tt.name, id)
				ids[id] = true
			} else {
				assert.Equal(t, first, id, tt.name)
			}
		}
		scans, err := s.Scans(ctx, "", 0)
		require.NoError(t, err)
		assert.Len(t, scans, len(ids))
		sc, err := s.Scan(ctx, first)
		require.NoError(t, err)
		assert.Equal(t, ScanQueued, sc.Status)
		assert.Equal(t, "nightly", sc.Schedule)
		assert.Equal(t, "schedule", sc.Trigger)
		assert.True(t, sc.DueAt.Equal(at(0)))
		assert.Equal(t, time.UTC, sc.DueAt.Location())

		_, _, err = s.Enqueue(ctx, "", "", "api", at(0))
		assert.Error(t, err)

		// Replicas whose schedules fire at the same instant: one scan is queued.
		const replicas = 8
		var wg sync.WaitGroup
		var createdN atomic.Int32
		got := make([]int64, replicas)
		for i := 0; i < replicas; i++ {
			r := openT(t, dsn)
			wg.Add(1)
			go func() {
				defer wg.Done()
				id, created, err := r.Enqueue(ctx, "race", "nightly", "schedule", at(7))
				if err != nil {
					t.Errorf("enqueue: %v", err)
					return
				}
				if created {
					createdN.Add(1)
				}
				got[i] = id
			}()
		}
		wg.Wait()
		assert.Equal(t, int32(1), createdN.Load())
		for _, id := range got {
			assert.Equal(t, got[0], id)
		}
	})
}

func TestClaim(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		none, err := s.Claim(ctx, "a", at(0))
		require.NoError(t, err)
		assert.Nil(t, none)

		a1, _, _ := s.Enqueue(ctx, "alpha", "", "api", at(0))
		b1, _, _ := s.Enqueue(ctx, "beta", "", "api", at(0))
		a2, _, _ := s.Enqueue(ctx, "alpha", "", "api", at(0))
		c1, _, _ := s.Enqueue(ctx, "gamma", "", "api", at(0))

		claim := func(want int64) *Scan {
			t.Helper()
			sc, err := s.Claim(ctx, "srv-1", at(1))
			require.NoError(t, err)
			if want == 0 {
				require.Nil(t, sc)
				return nil
			}
			require.NotNil(t, sc)
			require.Equal(t, want, sc.ID)
			return sc
		}
		sc := claim(a1)
		assert.Equal(t, ScanRunning, sc.Status)
		assert.Equal(t, "srv-1", sc.Owner)
		require.NotNil(t, sc.StartedAt)
		assert.True(t, sc.StartedAt.Equal(at(1)))
		// alpha is running: its second scan waits, the next target's goes first.
		claim(b1)
		claim(c1)
		claim(0)
		require.NoError(t, s.Fail(ctx, a1, "srv-1", at(2), "boom"))
		claim(a2)
		claim(0)

		failed, err := s.Scan(ctx, a1)
		require.NoError(t, err)
		assert.Equal(t, ScanFailed, failed.Status)
		assert.Equal(t, "boom", failed.Error)
		require.NotNil(t, failed.FinishedAt)
		assert.True(t, failed.FinishedAt.Equal(at(2)))
	})
}

func TestConcurrentClaims(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		for _, separate := range []bool{false, true} {
			t.Run(fmt.Sprintf("separate=%v", separate), func(t *testing.T) {
				ctx := context.Background()
				setup := openT(t, dsn)
				// Reuse one schema for both variants: drain what the previous one left.
				_, err := setup.(*sqlStore).db.ExecContext(ctx, "DELETE FROM scans")
				require.NoError(t, err)
				const targets, perTarget, workers = 12, 3, 8
				want := map[int64]bool{}
				// A target's scans are next to each other in queue order, so that claimers racing past a
				// locked row (SKIP LOCKED) land on another scan of the same target.
				for tg := 0; tg < targets; tg++ {
					for i := 0; i < perTarget; i++ {
						id, _, err := setup.Enqueue(ctx, fmt.Sprintf("t%02d", tg), "", "api", at(i))
						require.NoError(t, err)
						want[id] = true
					}
				}
				stores := make([]Store, workers)
				for i := range stores {
					stores[i] = setup
					if separate {
						stores[i] = openT(t, dsn) // its own connection pool, as another server would have
					}
				}
				var (
					mu      sync.Mutex
					claimed = map[int64]int{}
					running = map[string]bool{}
					done    atomic.Int64
					wg      sync.WaitGroup
				)
				deadline := time.Now().Add(30 * time.Second)
				for w := 0; w < workers; w++ {
					wg.Add(1)
					go func(w int) {
						defer wg.Done()
						s, owner := stores[w], fmt.Sprintf("srv-%d", w)
						for done.Load() < int64(len(want)) && time.Now().Before(deadline) {
							sc, err := s.Claim(ctx, owner, time.Now())
							if err != nil {
								t.Errorf("claim: %v", err)
								return
							}
							if sc == nil {
								time.Sleep(time.Millisecond)
								continue
							}
							mu.Lock()
							claimed[sc.ID]++
							if running[sc.Target] {
								t.Errorf("target %s claimed twice at once", sc.Target)
							}
							running[sc.Target] = true
							mu.Unlock()
							time.Sleep(time.Millisecond)
							mu.Lock()
							running[sc.Target] = false
							mu.Unlock()
							if err := s.Fail(ctx, sc.ID, owner, time.Now(), "done"); err != nil {
								t.Errorf("fail: %v", err)
								return
							}
							done.Add(1)
						}
					}(w)
				}
				wg.Wait()
				require.Len(t, claimed, len(want), "every scan claimed")
				for id, n := range claimed {
					assert.True(t, want[id], "unknown scan %d", id)
					assert.Equal(t, 1, n, "scan %d claimed %d times", id, n)
				}
			})
		}
	})
}

func TestChanges(t *testing.T) {
	// prev is the status in the previous completed scan ("" not there, pass/waived/...: a non-finding);
	// cur the status now ("absent": not in the new scan at all).
	tests := []struct {
		prev, cur  string
		complete   bool
		wantChange string // "" when the new scan does not list it
		wantStatus string
	}{
		{"", "fail", true, ChangeNew, "fail"},
		{"", "unknown", true, ChangeNew, "unknown"},
		{"", "pass", true, "", ""},
		{"pass", "fail", true, ChangeNew, "fail"},
		{"pass", "unknown", true, ChangeNew, "unknown"},
		{"waived", "fail", true, ChangeNew, "fail"},
		{"not_applicable", "unknown", true, ChangeNew, "unknown"},
		{"unknown", "fail", true, ChangeNew, "fail"},
		{"fail", "fail", true, ChangeUnchanged, "fail"},
		{"unknown", "unknown", true, ChangeUnchanged, "unknown"},
		{"fail", "unknown", true, ChangeUnchanged, "unknown"},
		{"fail", "unknown", false, ChangeUnchanged, "unknown"},
		{"fail", "pass", true, ChangeResolved, "pass"},
		{"fail", "pass", false, ChangeResolved, "pass"},
		{"unknown", "waived", true, ChangeResolved, "waived"},
		{"fail", "not_applicable", true, ChangeResolved, "not_applicable"},
		{"fail", "absent", true, ChangeResolved, "absent"},
		{"unknown", "absent", true, ChangeResolved, "absent"},
		{"fail", "absent", false, ChangeUnjudged, "fail"},
		{"unknown", "absent", false, ChangeUnjudged, "unknown"},
		{"pass", "absent", true, "", ""},
		{"", "fail", false, ChangeNew, "fail"},
	}
	eachBackend(t, func(t *testing.T, dsn string) {
		s := openT(t, dsn)
		for i, tt := range tests {
			name := fmt.Sprintf("%s→%s complete=%v", tt.prev, tt.cur, tt.complete)
			t.Run(name, func(t *testing.T) {
				target := fmt.Sprintf("case-%02d", i)
				// Another finding that stays, so neither scan is empty.
				keep := finding("KEEP.1", "r0", "fail")
				prev := outcome(true, []Finding{keep}, nil)
				switch tt.prev {
				case "":
				case "fail", "unknown":
					prev = outcome(true, []Finding{keep, finding("X.1", "r1", tt.prev)}, nil)
				default:
					prev.Passing[fp("X.1", "r1")] = tt.prev
				}
				runScan(t, s, target, at(10*i), prev)

				cur := outcome(tt.complete, []Finding{keep}, nil)
				switch tt.cur {
				case "absent":
				case "fail", "unknown":
					cur = outcome(tt.complete, []Finding{keep, finding("X.1", "r1", tt.cur)}, nil)
				default:
					cur.Passing[fp("X.1", "r1")] = tt.cur
				}
				ch := runScan(t, s, target, at(10*i+1), cur)

				got, err := s.Findings(context.Background(), ch.Scan.ID, "")
				require.NoError(t, err)
				var x *Finding
				for i := range got {
					if got[i].Fingerprint == fp("X.1", "r1") {
						x = &got[i]
					}
				}
				sum := ch.Scan.Summary
				require.NotNil(t, sum)
				wantNew, wantResolved, wantUnchanged := 0, 0, 1 // KEEP.1
				if tt.wantChange == "" {
					assert.Nil(t, x, "listed: %+v", x)
				} else {
					require.NotNil(t, x)
					assert.Equal(t, tt.wantChange, x.Change)
					assert.Equal(t, tt.wantStatus, x.Status)
					assert.Equal(t, "X.1", x.RuleID, "a resolution keeps the finding's details")
					assert.Equal(t, "r1", x.ResourceID)
					assert.Equal(t, map[string][]string{"iso27001-2022": {"8.13"}}, x.Controls)
					switch tt.wantChange {
					case ChangeNew:
						wantNew++
						require.Len(t, ch.New, 1)
						assert.Equal(t, x.Fingerprint, ch.New[0].Fingerprint)
					case ChangeResolved:
						wantResolved++
						require.Len(t, ch.Resolved, 1)
						assert.Equal(t, tt.wantStatus, ch.Resolved[0].Status)
					case ChangeUnchanged:
						wantUnchanged++
					}
				}
				assert.Equal(t, wantNew, sum.New, "new")
				assert.Equal(t, wantResolved, sum.Resolved, "resolved")
				assert.Equal(t, wantUnchanged, sum.Unchanged, "unchanged")
				assert.Len(t, ch.New, wantNew)
				assert.Len(t, ch.Resolved, wantResolved)
				byChange, err := s.Findings(context.Background(), ch.Scan.ID, ChangeUnchanged)
				require.NoError(t, err)
				assert.Len(t, byChange, wantUnchanged)
			})
		}
	})
}

// An incomplete scan that misses a finding does not resolve it: the finding is carried as unjudged, so
// the next complete scan neither calls it new again nor forgets to resolve it.
func TestChangesAcrossIncompleteScan(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		a, b, c := finding("A.1", "r", "fail"), finding("B.1", "r", "fail"), finding("C.1", "r", "unknown")
		first := runScan(t, s, "prod", at(0), outcome(true, []Finding{a, b, c}, nil))
		assert.Equal(t, 3, first.Scan.Summary.New, "all new on the first scan")
		second := runScan(t, s, "prod", at(1), outcome(false, []Finding{a}, nil))
		assert.Equal(t, 0, second.Scan.Summary.Resolved)
		assert.Equal(t, 1, second.Scan.Summary.Unchanged)
		assert.Empty(t, second.Resolved)
		assert.Empty(t, second.New)
		assert.False(t, second.Scan.Complete)
		unjudged, err := s.Findings(ctx, second.Scan.ID, ChangeUnjudged)
		require.NoError(t, err)
		require.Len(t, unjudged, 2)
		assert.Equal(t, []string{"B.1", "C.1"}, []string{unjudged[0].RuleID, unjudged[1].RuleID})
		assert.Equal(t, "unknown", unjudged[1].Status, "carried with its previous status")

		// B comes back failing: not new. A and C are gone from a complete scan: resolved.
		third := runScan(t, s, "prod", at(2), outcome(true, []Finding{b}, nil))
		assert.Empty(t, third.New, "a finding the incomplete scan could not see is not new again")
		assert.Equal(t, 1, third.Scan.Summary.Unchanged)
		require.Len(t, third.Resolved, 2)
		assert.Equal(t, []string{"A.1", "C.1"}, []string{third.Resolved[0].RuleID, third.Resolved[1].RuleID})
		assert.Equal(t, "absent", third.Resolved[0].Status)
	})
}

func TestFindingHistory(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		x := func(status string) []Finding { return []Finding{finding("S3.1", "bucket", status)} }
		pass := map[string]string{fp("S3.1", "bucket"): "pass"}
		var ids []int64
		for i, out := range []*Outcome{
			outcome(true, x("fail"), nil),    // new
			outcome(true, x("fail"), nil),    // unchanged
			outcome(true, nil, pass),         // resolved
			outcome(true, x("unknown"), nil), // reopened: new
			outcome(true, x("fail"), nil),    // unknown → fail: new
		} {
			ids = append(ids, runScan(t, s, "prod", at(i), out).Scan.ID)
		}
		// The same fingerprint on another target is another finding.
		runScan(t, s, "staging", at(9), outcome(true, x("fail"), nil))

		h, err := s.FindingHistory(ctx, "prod", fp("S3.1", "bucket"))
		require.NoError(t, err)
		assert.True(t, h.FirstSeen.Equal(at(0)), "first seen %v", h.FirstSeen)
		assert.True(t, h.LastSeen.Equal(at(4)), "last seen %v", h.LastSeen)
		assert.Nil(t, h.ResolvedAt, "open again")
		assert.Equal(t, "fail", h.Latest.Status)
		assert.Equal(t, ids[4], h.Latest.ScanID)
		want := []FindingEvent{
			{ids[4], at(4), "fail", ChangeNew},
			{ids[3], at(3), "unknown", ChangeNew},
			{ids[2], at(2), "pass", ChangeResolved},
			{ids[1], at(1), "fail", ChangeUnchanged},
			{ids[0], at(0), "fail", ChangeNew},
		}
		require.Len(t, h.Events, len(want))
		for i, e := range want {
			got := h.Events[i]
			assert.Equal(t, e.ScanID, got.ScanID, "event %d", i)
			assert.True(t, e.At.Equal(got.At), "event %d at %v", i, got.At)
			assert.Equal(t, time.UTC, got.At.Location())
			assert.Equal(t, e.Status, got.Status, "event %d", i)
			assert.Equal(t, e.Change, got.Change, "event %d", i)
		}

		// Resolved again by disappearing from a complete scan.
		runScan(t, s, "prod", at(5), outcome(true, nil, nil))
		h, err = s.FindingHistory(ctx, "prod", fp("S3.1", "bucket"))
		require.NoError(t, err)
		require.NotNil(t, h.ResolvedAt)
		assert.True(t, h.ResolvedAt.Equal(at(5)))
		assert.True(t, h.LastSeen.Equal(at(4)))
		assert.Equal(t, "absent", h.Latest.Status)
		assert.Len(t, h.Events, 6)

		_, err = s.FindingHistory(ctx, "prod", "nope")
		assert.ErrorIs(t, err, ErrNotFound)
	})
}

// postureOutcome is an outcome with posture, control and DR figures that vary with n.
func postureOutcome(n int, drStatus string) *Outcome {
	out := outcome(true, nil, nil)
	out.Frameworks = []FrameworkPosture{
		{Framework: "iso27001-2022", Title: "ISO", Controls: 93, Passing: n, Failing: 10 - n, Manual: 83},
		{Framework: "nist-800-53-r5", Title: "NIST", Controls: 50, Passing: 2 * n},
	}
	out.Controls = []ControlState{
		{Framework: "iso27001-2022", Control: "8.13", Title: "Backup", State: "failing", Rules: []string{"DR.1", "S3.1"}, Fail: n, Pass: 1},
		{Framework: "iso27001-2022", Control: "5.30", Title: "ICT readiness", State: "passing", Pass: 3},
		{Framework: "nist-800-53-r5", Control: "CP-9", Title: "Backup", State: "unknown", Unknown: 1},
	}
	out.DR = []DRObjective{
		{System: "orders", Tier: "gold", Resource: "db-1", Objective: "rpo", Status: drStatus, Declared: "1h", Achieved: "24h"},
		{System: "orders", Tier: "gold", Resource: "db-1", Objective: "rto", Status: "pass", Declared: "4h", Achieved: "1h"},
		{System: "web", Tier: "silver", Resource: "bucket", Objective: "rpo", Status: "unknown"},
		{Resource: "loose", Objective: "rpo", Status: "fail"},
	}
	exp := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	out.Waivers = []Waiver{
		{ID: "legacy", Rule: "IAM.4", Reason: "legacy", ApprovedBy: "sec", Ticket: "OPS-1", Expires: &exp, State: "active", Matched: 1},
		{ID: "inline", Control: "iso27001-2022:8.13", Reason: "r", State: "unused"},
	}
	return out
}

func TestPostureControlsDR(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		c1 := runScan(t, s, "prod", at(0), postureOutcome(1, "pass"))
		// A failed scan between completed ones is not part of any history.
		id, _, _ := s.Enqueue(ctx, "prod", "", "api", at(1))
		_, err := s.Claim(ctx, "o", at(1))
		require.NoError(t, err)
		require.NoError(t, s.Fail(ctx, id, "o", at(1), "x"))
		c2 := runScan(t, s, "prod", at(2), postureOutcome(2, "fail"))
		c3 := runScan(t, s, "prod", at(3), postureOutcome(3, "fail"))
		runScan(t, s, "other", at(4), postureOutcome(9, "fail"))

		// DR: db-1 rpo is newly missed in c2 only; "loose" is missed in every scan, so only in the first.
		names := func(os []DRObjective) []string {
			var out []string
			for _, o := range os {
				out = append(out, o.Resource+"/"+o.Objective)
			}
			return out
		}
		assert.Equal(t, []string{"loose/rpo"}, names(c1.NewlyMissed))
		assert.Equal(t, []string{"db-1/rpo"}, names(c2.NewlyMissed))
		assert.Empty(t, c3.NewlyMissed)
		require.Len(t, c2.NewlyMissed, 1)
		assert.Equal(t, ChangeNewlyMissed, c2.NewlyMissed[0].Change)
		assert.True(t, c2.NewlyMissed[0].At.Equal(at(2)))

		p, err := s.Posture(ctx, "prod", 2)
		require.NoError(t, err)
		require.Len(t, p, 4)
		assert.Equal(t, []int64{c2.Scan.ID, c2.Scan.ID, c3.Scan.ID, c3.Scan.ID}, []int64{p[0].ScanID, p[1].ScanID, p[2].ScanID, p[3].ScanID})
		assert.Equal(t, "iso27001-2022", p[0].Framework)
		assert.Equal(t, 2, p[0].Passing)
		assert.Equal(t, 8, p[0].Failing)
		assert.Equal(t, 83, p[0].Manual)
		assert.Equal(t, "nist-800-53-r5", p[3].Framework)
		assert.Equal(t, 6, p[3].Passing)
		assert.True(t, p[2].At.Equal(at(3)))
		all, err := s.Posture(ctx, "prod", 0)
		require.NoError(t, err)
		assert.Len(t, all, 6)
		// One scan's posture, however old, is what the target's history holds for it.
		one, err := s.ScanPosture(ctx, c1.Scan.ID)
		require.NoError(t, err)
		assert.Equal(t, all[:2], one)
		_, err = s.ScanPosture(ctx, 99999)
		assert.ErrorIs(t, err, ErrNotFound)

		cs, err := s.Controls(ctx, c3.Scan.ID, "iso27001-2022")
		require.NoError(t, err)
		require.Len(t, cs, 2)
		assert.Equal(t, "8.13", cs[0].Control)
		assert.Equal(t, []string{"DR.1", "S3.1"}, cs[0].Rules)
		assert.Equal(t, 3, cs[0].Fail)
		assert.Equal(t, "5.30", cs[1].Control)
		assert.Nil(t, cs[1].Rules)

		hist, err := s.ControlHistory(ctx, "prod", "iso27001-2022", "8.13", 10)
		require.NoError(t, err)
		require.Len(t, hist, 3)
		for i, c := range hist {
			assert.Equal(t, i+1, c.Fail, "oldest first")
			assert.Equal(t, "failing", c.State)
		}
		hist, err = s.ControlHistory(ctx, "prod", "iso27001-2022", "8.13", 1)
		require.NoError(t, err)
		require.Len(t, hist, 1)
		assert.Equal(t, c3.Scan.ID, hist[0].ScanID)

		dr, err := s.DR(ctx, c2.Scan.ID)
		require.NoError(t, err)
		require.Len(t, dr, 4)
		assert.Equal(t, []string{"db-1/rpo", "db-1/rto", "bucket/rpo", "loose/rpo"}, names(dr), "stored order")
		assert.Equal(t, ChangeNewlyMissed, dr[0].Change)
		assert.Equal(t, "", dr[3].Change)
		assert.Equal(t, "gold", dr[0].Tier)
		assert.Equal(t, "24h", dr[0].Achieved)

		points, err := s.DRHistory(ctx, "prod", 2)
		require.NoError(t, err)
		want := []DRSystemPoint{
			{ScanID: c2.Scan.ID, At: at(2), System: "", Missed: 1},
			{ScanID: c2.Scan.ID, At: at(2), System: "orders", Met: 1, Missed: 1},
			{ScanID: c2.Scan.ID, At: at(2), System: "web", Unknown: 1},
			{ScanID: c3.Scan.ID, At: at(3), System: "", Missed: 1},
			{ScanID: c3.Scan.ID, At: at(3), System: "orders", Met: 1, Missed: 1},
			{ScanID: c3.Scan.ID, At: at(3), System: "web", Unknown: 1},
		}
		require.Len(t, points, len(want))
		for i := range want {
			assert.True(t, want[i].At.Equal(points[i].At))
			points[i].At = want[i].At
		}
		assert.Equal(t, want, points)

		ws, err := s.Waivers(ctx, c1.Scan.ID)
		require.NoError(t, err)
		require.Len(t, ws, 2)
		assert.Equal(t, "legacy", ws[0].ID)
		require.NotNil(t, ws[0].Expires)
		assert.True(t, ws[0].Expires.Equal(time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)))
		assert.Equal(t, c1.Scan.ID, ws[0].ScanID)
		assert.Equal(t, "iso27001-2022:8.13", ws[1].Control)
		assert.Nil(t, ws[1].Expires)

		for name, call := range map[string]func() error{
			"controls": func() error { _, err := s.Controls(ctx, 999999, "x"); return err },
			"dr":       func() error { _, err := s.DR(ctx, 999999); return err },
			"waivers":  func() error { _, err := s.Waivers(ctx, 999999); return err },
			"findings": func() error { _, err := s.Findings(ctx, 999999, ""); return err },
			"scan":     func() error { _, err := s.Scan(ctx, 999999); return err },
			"report":   func() error { _, err := s.Report(ctx, 999999); return err },
		} {
			assert.ErrorIs(t, call(), ErrNotFound, name)
		}

		targets, err := s.Targets(ctx)
		require.NoError(t, err)
		require.Len(t, targets, 2)
		assert.Equal(t, "other", targets[0].Name)
		assert.Equal(t, "prod", targets[1].Name)
		require.NotNil(t, targets[1].LatestCompleted)
		assert.Equal(t, c3.Scan.ID, targets[1].LatestCompleted.ID)
		require.NotNil(t, targets[1].Latest)
		assert.Equal(t, c3.Scan.ID, targets[1].Latest.ID)
	})
}

func TestPrune(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		fail := func(target string, n int) int64 {
			id, _, _ := s.Enqueue(ctx, target, "", "api", at(n))
			_, err := s.Claim(ctx, "o", at(n))
			require.NoError(t, err)
			require.NoError(t, s.Fail(ctx, id, "o", at(n), "x"))
			return id
		}
		one := []Finding{finding("A.1", "r", "fail")}
		// prod: completed c1, failed f2, completed c3, failed f4 (newest). stale: one completed scan, long ago.
		c1 := runScan(t, s, "prod", at(1), postureOutcome(1, "fail")).Scan.ID
		_, err := s.Complete(ctx, c1, "test-owner", at(1), outcome(true, one, nil))
		require.ErrorIs(t, err, ErrNotClaimed, "already completed")
		f2 := fail("prod", 2)
		c3 := runScan(t, s, "prod", at(3), outcome(true, one, nil)).Scan.ID
		f4 := fail("prod", 4)
		old := runScan(t, s, "stale", at(0), outcome(true, one, nil)).Scan.ID
		queued, _, _ := s.Enqueue(ctx, "prod", "", "api", at(0))

		ids := func() []int64 {
			scans, err := s.Scans(ctx, "", 0)
			require.NoError(t, err)
			var out []int64
			for _, sc := range scans {
				out = append(out, sc.ID)
			}
			return out
		}
		n, err := s.Prune(ctx, Retention{}, at(100))
		require.NoError(t, err)
		assert.Zero(t, n, "no limits, nothing pruned")

		n, err = s.Prune(ctx, Retention{KeepScans: 1}, at(5))
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		// f4 is the newest; c3 the newest completed, kept as the base of the next diff; queued untouched.
		assert.ElementsMatch(t, []int64{c3, f4, old, queued}, ids())
		for _, id := range []int64{c1, f2} {
			_, err := s.Scan(ctx, id)
			assert.ErrorIs(t, err, ErrNotFound)
		}
		// Nothing of c1 is left behind.
		db := s.(*sqlStore)
		for _, table := range []string{"findings", "framework_posture", "control_states", "dr_objectives", "waivers"} {
			var cnt int
			require.NoError(t, db.db.QueryRowContext(ctx, db.d.rebind("SELECT COUNT(*) FROM "+table+" WHERE scan_id = ?"), c1).Scan(&cnt))
			assert.Zero(t, cnt, table)
		}

		n, err = s.Prune(ctx, Retention{MaxAge: time.Minute}, at(10))
		require.NoError(t, err)
		assert.Equal(t, 1, n, "f4 is old; c3 and old are their targets' newest completed scans")
		assert.ElementsMatch(t, []int64{c3, old, queued}, ids())

		// The next scan still diffs against c3.
		_, err = s.Claim(ctx, "test-owner", at(11))
		require.NoError(t, err)
		ch, err := s.Complete(ctx, queued, "test-owner", at(11), outcome(true, one, nil))
		require.NoError(t, err)
		assert.Equal(t, 1, ch.Scan.Summary.Unchanged)
	})
}

func TestOwnershipAndInterrupted(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		id, _, _ := s.Enqueue(ctx, "prod", "", "api", at(0))
		sc, err := s.Claim(ctx, "srv-a", at(0))
		require.NoError(t, err)
		require.Equal(t, id, sc.ID)
		out := outcome(true, []Finding{finding("A.1", "r", "fail")}, nil)

		tests := []struct {
			name string
			call func() error
			want error
		}{
			{"heartbeat by another owner", func() error { return s.Heartbeat(ctx, id, "srv-b", at(1)) }, ErrNotClaimed},
			{"complete by another owner", func() error { _, err := s.Complete(ctx, id, "srv-b", at(1), out); return err }, ErrNotClaimed},
			{"fail by another owner", func() error { return s.Fail(ctx, id, "srv-b", at(1), "x") }, ErrNotClaimed},
			{"heartbeat of no scan", func() error { return s.Heartbeat(ctx, 999999, "srv-a", at(1)) }, ErrNotFound},
			{"complete of no scan", func() error { _, err := s.Complete(ctx, 999999, "srv-a", at(1), out); return err }, ErrNotFound},
			{"heartbeat by the owner", func() error { return s.Heartbeat(ctx, id, "srv-a", at(2)) }, nil},
		}
		for _, tt := range tests {
			err := tt.call()
			if tt.want == nil {
				assert.NoError(t, err, tt.name)
			} else {
				assert.ErrorIs(t, err, tt.want, tt.name)
			}
		}

		// The heartbeat at 2 is fresh against 1, stale against 3.
		n, err := s.MarkInterrupted(ctx, at(1), at(3))
		require.NoError(t, err)
		assert.Zero(t, n)
		n, err = s.MarkInterrupted(ctx, at(3), at(3))
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		got, err := s.Scan(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, ScanFailed, got.Status)
		assert.Equal(t, "interrupted", got.Error)

		// The zombie that was running it finishes late: nothing of its outcome is stored.
		_, err = s.Complete(ctx, id, "srv-a", at(4), out)
		assert.ErrorIs(t, err, ErrNotClaimed)
		assert.ErrorIs(t, s.Heartbeat(ctx, id, "srv-a", at(4)), ErrNotClaimed)
		assert.ErrorIs(t, s.Fail(ctx, id, "srv-a", at(4), "late"), ErrNotClaimed)
		fs, err := s.Findings(ctx, id, "")
		require.NoError(t, err)
		assert.Empty(t, fs)
		got, err = s.Scan(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, ScanFailed, got.Status)
		assert.Equal(t, "interrupted", got.Error)

		// Invalid outcomes are refused before anything is written.
		id2, _, _ := s.Enqueue(ctx, "prod", "", "api", at(5))
		_, err = s.Claim(ctx, "srv-a", at(5))
		require.NoError(t, err)
		for name, bad := range map[string]*Outcome{
			"nil":       nil,
			"duplicate": outcome(true, []Finding{finding("A.1", "r", "fail"), finding("A.1", "r", "unknown")}, nil),
			"pass":      outcome(true, []Finding{finding("A.1", "r", "pass")}, nil),
			"no fp":     outcome(true, []Finding{{RuleID: "A.1", Status: "fail"}}, nil),
		} {
			_, err := s.Complete(ctx, id2, "srv-a", at(6), bad)
			assert.Error(t, err, name)
		}
		got, err = s.Scan(ctx, id2)
		require.NoError(t, err)
		assert.Equal(t, ScanRunning, got.Status)
	})
}

func TestReportRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		queued, _, _ := s.Enqueue(ctx, "idle", "", "api", at(0))
		_, err := s.Report(ctx, queued)
		assert.ErrorIs(t, err, ErrNotFound, "no report before completion")
		_, err = s.Claim(ctx, "o", at(0))
		require.NoError(t, err)
		require.NoError(t, s.Fail(ctx, queued, "o", at(0), "x"))

		report := []byte(`{"tool":"vigil","results":[` + strings.Repeat(`{"rule_id":"S3.1","status":"pass"},`, 5000) + `{}]}`)
		out := outcome(true, []Finding{finding("A.1", "r", "unknown")}, nil)
		out.ReportJSON = report
		out.InventoryDigest = "sha256:abc"
		out.Summary = ScanSummary{Resources: 3, Results: 5001, Unknown: 1, Pass: 5000, FailedBySeverity: map[string]int{"high": 0},
			Errors: []string{"aws 1/eu-west-1: AccessDenied"}, DRMet: 1}
		// Instants in another zone are stored as UTC.
		fin := at(1).In(time.FixedZone("CET", 3600))
		ch := runScan(t, s, "prod", fin, out)
		got, err := s.Report(ctx, ch.Scan.ID)
		require.NoError(t, err)
		assert.Equal(t, report, got)

		sc, err := s.Scan(ctx, ch.Scan.ID)
		require.NoError(t, err)
		assert.Equal(t, ScanCompleted, sc.Status)
		assert.True(t, sc.Complete)
		assert.Equal(t, "sha256:abc", sc.InventoryDigest)
		require.NotNil(t, sc.FinishedAt)
		assert.Equal(t, time.UTC, sc.FinishedAt.Location())
		assert.True(t, sc.FinishedAt.Equal(fin))
		require.NotNil(t, sc.Summary)
		want := out.Summary
		want.New = 1
		assert.Equal(t, want, *sc.Summary)
		assert.Equal(t, ch.Scan, *sc)
	})
}

// A server claims while another is between picking a scan and committing: on PostgreSQL the first skips
// the locked row, takes the target's next scan, loses on the one-running-scan index and moves on to
// another target; on SQLite it waits for the write lock. Either way it gets the other target's scan.
func TestClaimRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		a1, _, _ := s.Enqueue(ctx, "alpha", "", "api", at(0))
		_, _, _ = s.Enqueue(ctx, "alpha", "", "api", at(0))
		b1, _, _ := s.Enqueue(ctx, "beta", "", "api", at(0))

		st := s.(*sqlStore)
		tx, err := st.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, st.d.rebind(`UPDATE scans SET status = 'running', owner = 'other', started_at = ?,
			heartbeat_at = ? WHERE id = ?`), st.d.ts(at(1)), st.d.ts(at(1)), a1)
		require.NoError(t, err)

		type result struct {
			sc  *Scan
			err error
		}
		done := make(chan result, 1)
		go func() {
			sc, err := s.Claim(ctx, "me", at(1))
			done <- result{sc, err}
		}()
		time.Sleep(300 * time.Millisecond)
		require.NoError(t, tx.Commit())
		select {
		case r := <-done:
			require.NoError(t, r.err)
			require.NotNil(t, r.sc)
			assert.Equal(t, b1, r.sc.ID)
		case <-time.After(20 * time.Second):
			t.Fatal("claim blocked")
		}
	})
}
