package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

// The tests run against the real SQLite store, seeded through Enqueue, Claim and Complete as the
// scheduler would, with values a hostile Terraform author could put in a report.

var t0 = time.Date(2026, 11, 2, 6, 0, 0, 0, time.UTC)

// Hostile values from scanned input.
const (
	hostileScript = `<script>alert(1)</script>`
	hostileAttr   = `"><img src=x onerror=alert(2)>`
	hostileBidi   = "bucket\u202egnp.exe"
	testToken     = "s3cr3t-t0ken-do-not-render"
)

var hostileLong = strings.Repeat("very-long-resource-name-", 400)

var (
	ruleS3   = "aws.s3.versioning"
	ruleRDS  = "aws.rds.backup"
	fpScript = engine.Fingerprint(ruleS3, hostileScript)
	fpBidi   = engine.Fingerprint(ruleS3, hostileBidi)
	fpLong   = engine.Fingerprint(ruleRDS, hostileLong)
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// runScan queues, claims and completes one scan of target at at.
func runScan(t *testing.T, st store.Store, target string, at time.Time, out *store.Outcome) int64 {
	t.Helper()
	ctx := context.Background()
	id, _, err := st.Enqueue(ctx, target, "", "api", at)
	require.NoError(t, err)
	sc, err := st.Claim(ctx, "test", at)
	require.NoError(t, err)
	require.NotNil(t, sc)
	require.Equal(t, id, sc.ID)
	_, err = st.Complete(ctx, id, "test", at.Add(time.Minute), out)
	require.NoError(t, err)
	return id
}

func finding(rule, resource, status, severity, msg string) store.Finding {
	return store.Finding{Fingerprint: engine.Fingerprint(rule, resource), RuleID: rule, RuleTitle: "Rule " + rule,
		Severity: severity, Status: status, ResourceID: resource, ResourceType: "aws_s3_bucket", Location: "main.tf:3",
		Message: msg, Controls: map[string][]string{engine.FrameworkISO27001: {"A.8.13"}, engine.FrameworkNIST80053: {"CP-9"}}}
}

func ptime(t time.Time) *time.Time { return &t }

// outcome builds a scan's outcome from its findings, with posture, controls, DR and waivers whose
// figures follow the findings.
func outcome(findings []store.Finding, passing map[string]string, drMissed int) *store.Outcome {
	fail, unknown := 0, 0
	for _, f := range findings {
		if f.Status == "fail" {
			fail++
		} else {
			unknown++
		}
	}
	state := "pass"
	if fail > 0 {
		state = "fail"
	}
	out := &store.Outcome{InventoryDigest: "sha256:abc", Complete: true,
		Summary: store.ScanSummary{Resources: 12, Results: 20, Fail: fail, Unknown: unknown, Pass: 20 - fail - unknown,
			FailedBySeverity: map[string]int{"high": fail}, DRMet: 2 - drMissed, DRMissed: drMissed, DRUnknown: 1},
		Findings: findings, Passing: passing,
		Frameworks: []store.FrameworkPosture{
			{Framework: engine.FrameworkISO27001, Title: engine.FrameworkTitle(engine.FrameworkISO27001), Controls: 93, Passing: 40 - fail, Failing: 3 + fail, Unknown: 2 + unknown, Manual: 48},
			{Framework: engine.FrameworkNIST80053, Title: engine.FrameworkTitle(engine.FrameworkNIST80053), Controls: 300, Passing: 90, Failing: fail, Unknown: unknown, NotAssessed: 210 - fail - unknown},
		},
		Controls: []store.ControlState{
			{Framework: engine.FrameworkISO27001, Control: "A.8.13", Title: "Information backup", State: state, Rules: []string{ruleS3, ruleRDS}, Fail: fail, Unknown: unknown, Pass: 5},
			{Framework: engine.FrameworkISO27001, Control: "A.5.1", Title: "Policies " + hostileScript, State: "pass", Pass: 2},
			{Framework: engine.FrameworkNIST80053, Control: "CP-9", Title: "System backup", State: state, Rules: []string{ruleS3}, Fail: fail},
		},
		DR: []store.DRObjective{
			{System: "payments", Tier: "tier-1", Resource: "aws_db_instance.main", Objective: "rpo", Status: "pass", Declared: "1h", Achieved: "5m"},
			{System: "payments", Tier: "tier-1", Resource: "aws_db_instance.main", Objective: "rto", Status: map[bool]string{true: "fail", false: "pass"}[drMissed > 0], Declared: "4h", Achieved: "12h"},
			{System: "search " + hostileAttr, Tier: "tier-3", Resource: "aws_opensearch_domain.s", Objective: "rpo", Status: "unknown", Declared: "24h"},
		},
		Waivers: []store.Waiver{
			{ID: "w-soon", Rule: ruleRDS, Reason: "migration " + hostileScript, ApprovedBy: "alice", Ticket: "SEC-1", Expires: ptime(t0.Add(12 * 24 * time.Hour)), State: "active", Matched: 1},
			{ID: "w-old", Rule: ruleS3, Reason: "legacy", Expires: ptime(t0.Add(-24 * time.Hour)), State: "expired"},
			{ID: "w-later", Rule: ruleS3, Reason: "far away", Expires: ptime(t0.Add(200 * 24 * time.Hour)), State: "active"},
		},
		ReportJSON: []byte(`{"tool":"vigil","results":[]}`),
	}
	return out
}

// fixture is a seeded store and the ids of its scans.
type fixture struct {
	st store.Store
	// prod1, prod2: completed scans of prod; stagingOK completed, stagingFailed failed, queued queued.
	prod1, prod2, stagingOK, stagingFailed, queued int64
}

func seed(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := openStore(t)
	f := &fixture{st: st}
	f.prod1 = runScan(t, st, "prod", t0, outcome([]store.Finding{
		finding(ruleS3, hostileScript, "fail", "high", "versioning off "+hostileAttr),
		finding(ruleS3, hostileBidi, "unknown", "high", "cannot tell"),
	}, nil, 0))
	f.prod2 = runScan(t, st, "prod", t0.Add(24*time.Hour), outcome([]store.Finding{
		finding(ruleS3, hostileScript, "fail", "high", "versioning off "+hostileAttr),
		finding(ruleRDS, hostileLong, "fail", "medium", hostileLong),
	}, map[string]string{fpBidi: "pass"}, 1))
	f.stagingOK = runScan(t, st, "staging", t0.Add(2*time.Hour), outcome(nil, nil, 0))
	var err error
	f.stagingFailed, _, err = st.Enqueue(ctx, "staging", "nightly", "schedule", t0.Add(3*time.Hour))
	require.NoError(t, err)
	sc, err := st.Claim(ctx, "test", t0.Add(3*time.Hour))
	require.NoError(t, err)
	require.Equal(t, f.stagingFailed, sc.ID)
	require.NoError(t, st.Fail(ctx, sc.ID, "test", t0.Add(3*time.Hour+time.Minute), "terraform: "+hostileScript))
	f.queued, _, err = st.Enqueue(ctx, "staging", "", "api", t0.Add(4*time.Hour))
	require.NoError(t, err)
	return f
}

var testTargets = []Target{
	{Name: "prod", Kind: "terraform", Source: "infra/prod", Frameworks: []string{engine.FrameworkISO27001, engine.FrameworkNIST80053},
		Schedules: []Schedule{{Name: "nightly", Cron: "0 3 * * *", Next: t0.Add(45 * time.Hour)}}},
	{Name: "staging", Kind: "aws", Source: "aws 123456789012 eu-west-1"},
	{Name: "empty", Kind: "inventory", Source: "inventory.json"},
}

// triggerLog records the scans a handler triggered, enqueueing them in the store.
type triggerLog struct {
	mu    sync.Mutex
	calls []string
	st    store.Store
}

func (l *triggerLog) trigger(ctx context.Context, target, how string) (int64, error) {
	l.mu.Lock()
	l.calls = append(l.calls, target+"/"+how)
	l.mu.Unlock()
	id, _, err := l.st.Enqueue(ctx, target, "", how, t0.Add(48*time.Hour))
	return id, err
}

func (l *triggerLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.calls)
}

// newHandler builds the handler over f with token (empty: open).
func newHandler(t *testing.T, f *fixture, token string, edit ...func(*Options)) (http.Handler, *triggerLog) {
	t.Helper()
	tl := &triggerLog{st: f.st}
	opts := Options{Store: f.st, Targets: testTargets, Trigger: tl.trigger, Token: token, Version: "1.2.3-test",
		Now:     func() time.Time { return t0.Add(48 * time.Hour) },
		Metrics: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("vigil_up 1\n")) })}
	opts.Logger = slog.New(slog.NewTextHandler(testLog{t}, nil))
	for _, e := range edit {
		e(&opts)
	}
	h, err := New(opts)
	require.NoError(t, err)
	return h, tl
}

// testLog sends the handler's log to the test's.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// do sends a request straight to the handler.
func do(h http.Handler, method, target string, hdr map[string]string, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, "http://127.0.0.1"+target, nil)
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
