package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/scheduler"
	"github.com/vigil-audit/vigil/internal/serve/store"
	"github.com/vigil-audit/vigil/inventory"
)

// soakEstate is a live inventory that changes with every step: buckets appear and go, and their
// versioning, logging, public access block and encryption come and go on different rhythms, some
// unreadable now and then (a denied API call: unknown), so consecutive scans see new, unchanged and
// resolved findings of every kind.
func soakEstate(step, seed int) *inventory.Inventory {
	inv := inventory.New()
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(step) * time.Minute)
	inv.GeneratedAt = &at
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: "111122223333/eu-west-1"}}
	for k := range 24 {
		if (k*7+step+seed)%11 == 0 {
			continue // gone for this scan
		}
		name := fmt.Sprintf("soak-%d-%02d", seed, k)
		attrs := map[string]any{
			"bucket":              name,
			"versioning":          map[string]any{"enabled": (k+step/3+seed)%4 != 0, "mfa_delete": false, "configured": true},
			"encryption":          map[string]any{"enabled": (k+step/7)%6 != 0, "algorithm": "aws:kms", "configured": true},
			"public_access_block": map[string]any{"block_public_acls": true, "block_public_policy": (k*3+step/5)%5 != 0, "ignore_public_acls": true, "restrict_public_buckets": true, "configured": true},
			"logging":             map[string]any{"enabled": (k+step/2)%3 != 0, "target_bucket": "logs"},
		}
		var unknown []string
		if (k+step)%9 == 0 {
			delete(attrs, "logging")
			unknown = []string{"logging"}
		}
		collected := at
		inv.Resources = append(inv.Resources, inventory.Resource{
			ID: "arn:aws:s3:::" + name, Type: inventory.TypeS3Bucket, Name: name, Account: "111122223333", Region: "eu-west-1",
			Tags: map[string]string{"env": "prod"}, Attributes: attrs, Unknown: unknown,
			Source: inventory.Location{Kind: inventory.SourceAWS, API: "s3:ListBuckets", CollectedAt: &collected},
		})
	}
	return inv
}

func writeInventory(t testing.TB, path string, inv *inventory.Inventory) {
	t.Helper()
	f, err := os.Create(path + ".tmp")
	require.NoError(t, err)
	require.NoError(t, inv.Write(f))
	require.NoError(t, f.Close())
	require.NoError(t, os.Rename(path+".tmp", path))
}

// soakEvents counts ended scans.
type soakEvents struct {
	mu     sync.Mutex
	failed []string
	ended  chan struct{}
}

func (e *soakEvents) ScanStarted(store.Scan) {}
func (e *soakEvents) ScanFinished(*store.Changes, *store.Outcome, time.Duration) {
	e.ended <- struct{}{}
}
func (e *soakEvents) ScanFailed(_ store.Scan, msg string, _ time.Duration) {
	e.mu.Lock()
	e.failed = append(e.failed, msg)
	e.mu.Unlock()
	e.ended <- struct{}{}
}

// expectedChanges applies the documented change table (docs/serve.md) to two consecutive reports.
func expectedChanges(prev, cur *engine.Report) map[string]string {
	isFinding := func(s engine.Status) bool { return s == engine.StatusFail || s == engine.StatusUnknown }
	before := map[string]engine.Status{}
	if prev != nil {
		for _, r := range prev.Results {
			before[r.Fingerprint] = r.Status
		}
	}
	want := map[string]string{}
	seen := map[string]bool{}
	for _, r := range cur.Results {
		seen[r.Fingerprint] = true
		was, had := before[r.Fingerprint]
		switch {
		case isFinding(r.Status) && (!had || !isFinding(was)):
			want[r.Fingerprint] = store.ChangeNew
		case r.Status == engine.StatusFail && was == engine.StatusUnknown:
			want[r.Fingerprint] = store.ChangeNew
		case isFinding(r.Status):
			want[r.Fingerprint] = store.ChangeUnchanged
		case had && isFinding(was):
			want[r.Fingerprint] = store.ChangeResolved
		}
	}
	for fp, was := range before {
		if !seen[fp] && isFinding(was) && cur.Complete {
			want[fp] = store.ChangeResolved
		}
	}
	return want
}

// TestServeSoak runs 1,000 scheduled scans (two targets, every minute, 500 minutes of accelerated time)
// of a changing estate through the real runner, engine and SQLite store, then checks every scan's
// stored counts and every finding's change against its report and the previous one.
func TestServeSoak(t *testing.T) {
	minutes := 500
	if testing.Short() {
		minutes = 50
	}
	if v := os.Getenv("VIGIL_SOAK_MINUTES"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err)
		minutes = n
	}
	ctx := context.Background()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "vigil.hcl")
	require.NoError(t, os.WriteFile(cfgPath, []byte(`
target "blue" {
  inventory = ["blue.json"]
}
target "green" {
  inventory = ["green.json"]
}
schedule "every-minute" {
  cron    = "* * * * *"
  targets = ["blue", "green"]
}
`), 0o600))
	cfg, err := config.Load(cfgPath)
	require.NoError(t, err)
	runner, err := newServeRunner(ctx, cfg)
	require.NoError(t, err)
	st, err := store.Open(ctx, filepath.Join(dir, "history.db"))
	require.NoError(t, err)
	defer st.Close()

	start := time.Date(2026, 12, 7, 0, 0, 30, 0, time.UTC)
	clock := scheduler.NewManualClock(start)
	events := &soakEvents{ended: make(chan struct{}, 4)}
	sched, err := scheduler.New(scheduler.Options{Store: st, Jobs: serveJobs(cfg), Run: runner.run, Events: events,
		Clock: clock, Concurrency: 2, ExclusiveStore: true})
	require.NoError(t, err)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- sched.Run(runCtx) }()
	// The schedule's first time is computed from the clock as Run starts: move the clock only after.
	for deadline := time.Now().Add(time.Minute); sched.NextRun("every-minute").IsZero(); time.Sleep(time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "the scheduler did not start")
	}

	for step := 1; step <= minutes; step++ {
		writeInventory(t, filepath.Join(dir, "blue.json"), soakEstate(step, 1))
		writeInventory(t, filepath.Join(dir, "green.json"), soakEstate(step, 2))
		clock.Set(start.Truncate(time.Minute).Add(time.Duration(step) * time.Minute))
		for range 2 {
			select {
			case <-events.ended:
			case <-time.After(time.Minute):
				t.Fatalf("minute %d: the scans did not end", step)
			}
		}
	}
	stop()
	require.NoError(t, <-done)
	require.Empty(t, events.failed)

	total := map[string]int{}
	for _, target := range []string{"blue", "green"} {
		scans, err := st.Scans(ctx, target, 0)
		require.NoError(t, err)
		require.Len(t, scans, minutes, target)
		var prev *engine.Report
		for i := len(scans) - 1; i >= 0; i-- { // oldest first
			sc := scans[i]
			require.Equal(t, store.ScanCompleted, sc.Status, "%s scan %d", target, sc.ID)
			raw, err := st.Report(ctx, sc.ID)
			require.NoError(t, err)
			var rep engine.Report
			require.NoError(t, json.Unmarshal(raw, &rep))
			require.True(t, rep.Complete)

			// Counts: the stored summary is the report's.
			assert.Equal(t, rep.Summary.Resources, sc.Summary.Resources)
			assert.Equal(t, len(rep.Results), sc.Summary.Results)
			assert.Equal(t, rep.Summary.ByStatus[engine.StatusFail], sc.Summary.Fail)
			assert.Equal(t, rep.Summary.ByStatus[engine.StatusUnknown], sc.Summary.Unknown)
			assert.Equal(t, rep.Summary.ByStatus[engine.StatusPass], sc.Summary.Pass)

			// Diffs: every finding's change, exactly.
			findings, err := st.Findings(ctx, sc.ID, "")
			require.NoError(t, err)
			got := map[string]string{}
			counts := map[string]int{}
			for _, f := range findings {
				got[f.Fingerprint] = f.Change
				counts[f.Change]++
				total[f.Change+" "+f.Status]++
			}
			require.Equal(t, expectedChanges(prev, &rep), got, "%s scan %d (minute %d)", target, sc.ID, len(scans)-i)
			assert.Equal(t, counts[store.ChangeNew], sc.Summary.New)
			assert.Equal(t, counts[store.ChangeResolved], sc.Summary.Resolved)
			assert.Equal(t, counts[store.ChangeUnchanged], sc.Summary.Unchanged)
			prev = &rep
		}
	}
	// The estate really changed: every kind of change happened many times.
	for _, kind := range []string{"new fail", "new unknown", "unchanged fail", "unchanged unknown", "resolved pass", "resolved absent"} {
		assert.Greater(t, total[kind], minutes/10, "%s findings over the soak: %v", kind, total)
	}
}
