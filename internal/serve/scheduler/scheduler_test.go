package scheduler

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/serve/store"
	"github.com/vigil-audit/vigil/internal/serve/store/storetest"
)

var t0 = time.Date(2026, 12, 7, 0, 0, 30, 0, time.UTC)

func everyMinute(t *testing.T) Spec {
	spec, err := cron.ParseStandard("* * * * *")
	require.NoError(t, err)
	return spec
}

func openStore(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// outcomeFor is a small complete outcome: one failing finding per target.
func outcomeFor(scan store.Scan) *store.Outcome {
	return &store.Outcome{
		Complete: true,
		Summary:  store.ScanSummary{Resources: 1, Results: 1, Fail: 1, FailedBySeverity: map[string]int{"high": 1}},
		Findings: []store.Finding{{Fingerprint: "fp-" + scan.Target, RuleID: "S3.1", Severity: "high", Status: "fail",
			ResourceID: "aws_s3_bucket.logs", ResourceType: "aws.s3.bucket", Message: "not encrypted"}},
		Passing:    map[string]string{},
		ReportJSON: []byte(`{}`),
	}
}

// recorder collects the scheduler's events.
type recorder struct {
	mu       sync.Mutex
	finished []*store.Changes
	failed   []string
	done     chan struct{}
}

func newRecorder() *recorder { return &recorder{done: make(chan struct{}, 10000)} }

func (r *recorder) ScanStarted(store.Scan) {}
func (r *recorder) ScanFinished(c *store.Changes, _ *store.Outcome, _ time.Duration) {
	r.mu.Lock()
	r.finished = append(r.finished, c)
	r.mu.Unlock()
	r.done <- struct{}{}
}
func (r *recorder) ScanFailed(_ store.Scan, msg string, _ time.Duration) {
	r.mu.Lock()
	r.failed = append(r.failed, msg)
	r.mu.Unlock()
	r.done <- struct{}{}
}

// wait waits for n scans to end, failing the test after a generous real-time bound.
func (r *recorder) wait(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-r.done:
		case <-time.After(30 * time.Second):
			t.Fatalf("%d of %d scans ended", i, n)
		}
	}
}

// start runs s and returns once its schedules' first times are set (they are computed from the clock
// as Run starts, so the clock must not move before).
func start(t *testing.T, s *Scheduler) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for _, j := range s.opts.Jobs {
		for deadline := time.Now().Add(30 * time.Second); s.NextRun(j.Schedule).IsZero(); time.Sleep(time.Millisecond) {
			require.True(t, time.Now().Before(deadline), "the scheduler did not start")
		}
	}
	return func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return")
		}
	}
}

// settle lets the scheduler's goroutines reach their timers before the clock moves again.
func settle() { time.Sleep(20 * time.Millisecond) }

func TestScheduledScansRunAtTheirTimes(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	clock := NewManualClock(t0)
	rec := newRecorder()
	s, err := New(Options{Store: st, Clock: clock, Events: rec, Owner: "a", Concurrency: 2,
		Jobs: []Job{{Schedule: "minutely", Spec: everyMinute(t), Targets: []string{"web", "db"}}},
		Run:  func(_ context.Context, scan store.Scan) (*store.Outcome, error) { return outcomeFor(scan), nil }})
	require.NoError(t, err)
	stop := start(t, s)
	for i := 1; i <= 5; i++ {
		settle()
		clock.Set(t0.Truncate(time.Minute).Add(time.Duration(i) * time.Minute))
		rec.wait(t, 2)
	}
	stop()
	scans, err := st.Scans(context.Background(), "", 100)
	require.NoError(t, err)
	require.Len(t, scans, 10)
	due := map[string][]time.Time{}
	for _, sc := range scans {
		assert.Equal(t, store.ScanCompleted, sc.Status)
		assert.Equal(t, "minutely", sc.Schedule)
		assert.Equal(t, "schedule", sc.Trigger)
		due[sc.Target] = append(due[sc.Target], sc.DueAt)
	}
	for _, target := range []string{"web", "db"} {
		require.Len(t, due[target], 5)
		for i, d := range due[target] { // newest first
			assert.Equal(t, t0.Truncate(time.Minute).Add(time.Duration(5-i)*time.Minute), d.UTC(), "%s scan %d", target, i)
		}
	}
	assert.Empty(t, rec.failed)
}

func TestJitterIsStableAndBounded(t *testing.T) {
	due := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)
	seen := map[time.Duration]bool{}
	for i := range 200 {
		target := fmt.Sprintf("target-%d", i)
		j := jitter(10*time.Minute, "nightly", target, due)
		assert.GreaterOrEqual(t, j, time.Duration(0))
		assert.Less(t, j, 10*time.Minute)
		assert.Equal(t, j, jitter(10*time.Minute, "nightly", target, due), "the same on every replica")
		seen[j] = true
	}
	assert.Greater(t, len(seen), 150, "targets are spread")
	assert.Zero(t, jitter(0, "nightly", "x", due))
}

func TestJitterDelaysTheQueueing(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	clock := NewManualClock(t0)
	rec := newRecorder()
	spec := everyMinute(t)
	due := spec.Next(t0)
	j := jitter(30*time.Second, "minutely", "web", due)
	require.Greater(t, j, time.Second, "pick a target whose jitter is not tiny")
	s, err := New(Options{Store: st, Clock: clock, Events: rec, Owner: "a",
		Jobs: []Job{{Schedule: "minutely", Spec: spec, Targets: []string{"web"}, Jitter: 30 * time.Second}},
		Run:  func(_ context.Context, scan store.Scan) (*store.Outcome, error) { return outcomeFor(scan), nil }})
	require.NoError(t, err)
	stop := start(t, s)
	defer stop()
	settle()
	clock.Set(due.Add(j - time.Second))
	settle()
	scans, err := st.Scans(context.Background(), "web", 10)
	require.NoError(t, err)
	assert.Empty(t, scans, "not queued before its jitter")
	clock.Set(due.Add(j))
	rec.wait(t, 1)
	scans, err = st.Scans(context.Background(), "web", 10)
	require.NoError(t, err)
	require.Len(t, scans, 1)
	assert.Equal(t, due, scans[0].DueAt.UTC(), "due_at is the cron time, jitter aside")
}

// TestReplicasRunEachScheduledScanOnce runs three servers on one store (on PostgreSQL through
// SELECT … FOR UPDATE SKIP LOCKED): every scheduled scan is queued once and run once.
//
// The servers' heartbeats are an hour apart. The clock jumps a minute at a time, so with the default 10 s
// a server that reads the clock, then waits for the store's lock while the clock jumps twice (a loaded
// machine), can claim a scan with a heartbeat already two minutes old, which another server's sweep then
// marks interrupted: the test failed so ("interrupted") twice in full test runs. Heartbeats and
// interruptions have tests of their own.
func TestReplicasRunEachScheduledScanOnce(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, dsn string) {
		clock := NewManualClock(t0)
		rec := newRecorder()
		var runs atomic.Int64
		run := func(_ context.Context, scan store.Scan) (*store.Outcome, error) {
			runs.Add(1)
			return outcomeFor(scan), nil
		}
		var stops []func()
		for _, owner := range []string{"replica-1", "replica-2", "replica-3"} {
			s, err := New(Options{Store: openStore(t, dsn), Clock: clock, Events: rec, Owner: owner, Concurrency: 2,
				HeartbeatInterval: time.Hour,
				Jobs:              []Job{{Schedule: "minutely", Spec: everyMinute(t), Targets: []string{"a", "b", "c"}}}, Run: run})
			require.NoError(t, err)
			stops = append(stops, start(t, s))
		}
		const minutes = 10
		for i := 1; i <= minutes; i++ {
			settle()
			clock.Set(t0.Truncate(time.Minute).Add(time.Duration(i) * time.Minute))
			rec.wait(t, 3)
		}
		for _, stop := range stops {
			stop()
		}
		scans, err := openStore(t, dsn).Scans(context.Background(), "", 1000)
		require.NoError(t, err)
		assert.Len(t, scans, 3*minutes, "one scan per target and minute")
		assert.EqualValues(t, 3*minutes, runs.Load(), "each ran once")
		type key struct {
			target string
			due    time.Time
		}
		seen := map[key]bool{}
		owners := map[string]bool{}
		for _, sc := range scans {
			k := key{sc.Target, sc.DueAt.UTC()}
			assert.False(t, seen[k], "%v queued twice", k)
			seen[k] = true
			owners[sc.Owner] = true
			assert.Equal(t, store.ScanCompleted, sc.Status)
		}
		assert.Greater(t, len(owners), 1, "the replicas share the work: %v", owners)
	})
}

func TestScanTimeoutFailsTheScan(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	rec := newRecorder()
	s, err := New(Options{Store: st, Events: rec, Owner: "a", DefaultTimeout: 50 * time.Millisecond,
		Run: func(ctx context.Context, _ store.Scan) (*store.Outcome, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}})
	require.NoError(t, err)
	stop := start(t, s)
	defer stop()
	id, err := s.Trigger(context.Background(), "web", "api")
	require.NoError(t, err)
	rec.wait(t, 1)
	sc, err := st.Scan(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, store.ScanFailed, sc.Status)
	assert.Equal(t, "timed out after 50ms", sc.Error)
	assert.Equal(t, "api", sc.Trigger)
}

func TestRunnerErrorsAndPanicsFailOnlyThatScan(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	rec := newRecorder()
	s, err := New(Options{Store: st, Events: rec, Owner: "a",
		Run: func(_ context.Context, scan store.Scan) (*store.Outcome, error) {
			switch scan.Target {
			case "broken":
				return nil, errors.New("plan plans/prod.json: no such file")
			case "panics":
				panic("boom")
			}
			return outcomeFor(scan), nil
		}})
	require.NoError(t, err)
	stop := start(t, s)
	defer stop()
	ids := map[string]int64{}
	for _, target := range []string{"broken", "panics", "fine"} {
		ids[target], err = s.Trigger(context.Background(), target, "dashboard")
		require.NoError(t, err)
	}
	rec.wait(t, 3)
	for target, want := range map[string]string{"broken": "plan plans/prod.json: no such file", "panics": "internal error: boom", "fine": ""} {
		sc, err := st.Scan(context.Background(), ids[target])
		require.NoError(t, err)
		assert.Equal(t, want, sc.Error, target)
		if want == "" {
			assert.Equal(t, store.ScanCompleted, sc.Status)
		} else {
			assert.Equal(t, store.ScanFailed, sc.Status)
		}
	}
}

func TestShutdownLetsAScanFinishWithinTheGrace(t *testing.T) {
	for _, tt := range []struct {
		name       string
		grace      time.Duration
		finishes   bool
		wantStatus store.ScanStatus
		wantError  string
	}{
		{"finishes", 10 * time.Second, true, store.ScanCompleted, ""},
		{"canceled", 50 * time.Millisecond, false, store.ScanFailed, "canceled: vigil serve was stopped while the scan ran"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
			started, release := make(chan struct{}), make(chan struct{})
			s, err := New(Options{Store: st, Owner: "a", ShutdownGrace: tt.grace,
				Run: func(ctx context.Context, scan store.Scan) (*store.Outcome, error) {
					close(started)
					select {
					case <-release:
						return outcomeFor(scan), nil
					case <-ctx.Done():
						return nil, ctx.Err()
					}
				}})
			require.NoError(t, err)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { _ = s.Run(ctx); close(done) }()
			id, err := s.Trigger(context.Background(), "web", "api")
			require.NoError(t, err)
			<-started
			cancel() // SIGTERM
			if tt.finishes {
				close(release)
			}
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Run did not return within the grace")
			}
			sc, err := st.Scan(context.Background(), id)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, sc.Status)
			assert.Equal(t, tt.wantError, sc.Error)
		})
	}
}

func TestScansOfDeadServersAreMarkedInterrupted(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	clock := NewManualClock(t0)
	// A scan claimed by a server that then died: its heartbeat stops at t0.
	id, _, err := st.Enqueue(ctx, "web", "", "api", t0)
	require.NoError(t, err)
	claimed, err := st.Claim(ctx, "dead", t0)
	require.NoError(t, err)
	require.Equal(t, id, claimed.ID)

	s, err := New(Options{Store: st, Clock: clock, Owner: "alive", HeartbeatInterval: 10 * time.Second,
		Run: func(_ context.Context, scan store.Scan) (*store.Outcome, error) { return outcomeFor(scan), nil }})
	require.NoError(t, err)
	stop := start(t, s)
	defer stop()
	settle()
	sc, err := st.Scan(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, store.ScanRunning, sc.Status, "a fresh heartbeat is left alone")
	// The sweep runs every 30 s of clock time; give it as many turns as a loaded machine needs.
	for i := 0; i < 200 && sc.Status == store.ScanRunning; i++ {
		clock.Advance(30 * time.Second)
		settle()
		sc, err = st.Scan(ctx, id)
		require.NoError(t, err)
		if sc.Status == store.ScanRunning {
			assert.Less(t, clock.Now().Sub(t0), 10*time.Minute, "still running long after its heartbeat stopped")
		}
	}
	assert.Equal(t, store.ScanFailed, sc.Status, "a heartbeat older than a minute is a dead server's")
	assert.Contains(t, sc.Error, "interrupted")
}

func TestExclusiveStoreFailsLeftoverRunningScansAtStart(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	id, _, err := st.Enqueue(ctx, "web", "", "api", t0)
	require.NoError(t, err)
	_, err = st.Claim(ctx, "previous-process", time.Now().UTC())
	require.NoError(t, err)
	rec := newRecorder()
	s, err := New(Options{Store: st, Owner: "new-process", ExclusiveStore: true, Events: rec,
		Run: func(_ context.Context, scan store.Scan) (*store.Outcome, error) { return outcomeFor(scan), nil }})
	require.NoError(t, err)
	stop := start(t, s)
	defer stop()
	// The next scan of the target can run: the leftover is no longer running.
	next, err := s.Trigger(ctx, "web", "api")
	require.NoError(t, err)
	rec.wait(t, 1)
	sc, err := st.Scan(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, store.ScanFailed, sc.Status)
	assert.Contains(t, sc.Error, "interrupted")
	sc, err = st.Scan(ctx, next)
	require.NoError(t, err)
	assert.Equal(t, store.ScanCompleted, sc.Status)
}

func TestNewRefusesIncompleteOptions(t *testing.T) {
	_, err := New(Options{})
	require.Error(t, err)
	st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
	_, err = New(Options{Store: st, Run: func(context.Context, store.Scan) (*store.Outcome, error) { return nil, nil },
		Jobs: []Job{{Schedule: "empty", Spec: everyMinute(t)}}})
	require.ErrorContains(t, err, `schedule "empty" has no cron expression or no target`)
}

// A schedule's run missed while no server ran is caught up once at start, with the missed cron time as
// its due time; a target that never ran, or NoCatchUp, queues nothing.
func TestMissedRunIsCaughtUpOnce(t *testing.T) {
	hourly, err := cron.ParseStandard("0 * * * *")
	require.NoError(t, err)
	last := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		noCatch bool
		want    []time.Time // due times of the "web" scans after start, newest first
	}{
		{"caught up", false, []time.Time{last.Add(5 * time.Hour), last}},
		{"turned off", true, []time.Time{last}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t, filepath.Join(t.TempDir(), "h.db"))
			_, _, err := st.Enqueue(ctx, "web", "hourly", "schedule", last)
			require.NoError(t, err)
			sc, err := st.Claim(ctx, "old", last)
			require.NoError(t, err)
			_, err = st.Complete(ctx, sc.ID, "old", last.Add(time.Minute), outcomeFor(*sc))
			require.NoError(t, err)

			clock := NewManualClock(last.Add(5*time.Hour + 30*time.Minute)) // five runs missed
			rec := newRecorder()
			s, err := New(Options{Store: st, Clock: clock, Events: rec, Owner: "new", NoCatchUp: tt.noCatch,
				Jobs: []Job{{Schedule: "hourly", Spec: hourly, Targets: []string{"web", "never-ran"}}},
				Run:  func(_ context.Context, scan store.Scan) (*store.Outcome, error) { return outcomeFor(scan), nil }})
			require.NoError(t, err)
			stop := start(t, s)
			if len(tt.want) > 1 {
				rec.wait(t, 1)
			} else {
				settle()
			}
			stop()
			scans, err := st.Scans(ctx, "web", 10)
			require.NoError(t, err)
			var due []time.Time
			for _, sc := range scans {
				due = append(due, sc.DueAt.UTC())
				assert.Equal(t, "hourly", sc.Schedule)
			}
			assert.Equal(t, tt.want, due)
			never, err := st.Scans(ctx, "never-ran", 10)
			require.NoError(t, err)
			assert.Empty(t, never, "a target that never ran missed nothing")
		})
	}
}
