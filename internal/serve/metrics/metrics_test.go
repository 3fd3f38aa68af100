package metrics

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

var t0 = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func completed(target string, id int64, sum store.ScanSummary) store.Scan {
	fin := t0.Add(time.Duration(id) * time.Minute)
	return store.Scan{ID: id, Target: target, Status: store.ScanCompleted, FinishedAt: &fin, Complete: true, Summary: &sum}
}

// unix renders a time as the exposition format renders a Unix-seconds gauge.
func unix(t time.Time) string { return fmt.Sprintf("%g", float64(t.Unix())) }

// scrape fetches the handler's text exposition through a real HTTP server, as Prometheus would.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

// series returns the sample lines of the named metric families from an exposition, sorted as the
// handler sorts them.
func series(text string, names ...string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, n := range names {
			if strings.HasPrefix(line, n+"{") || strings.HasPrefix(line, n+" ") {
				out = append(out, line)
			}
		}
	}
	return out
}

func TestScanFinishedSeries(t *testing.T) {
	m := New()
	m.ScanStarted("prod")
	assert.Equal(t, []string{`vigil_scan_running{target="prod"} 1`}, series(scrape(t, m), "vigil_scan_running"))

	scan := completed("prod", 1, store.ScanSummary{
		FailedBySeverity: map[string]int{"critical": 2, "high": 5},
		Errors:           []string{"s3: access denied", "iam: throttled"},
		DRMet:            4, DRMissed: 1, DRUnknown: 2,
	})
	frameworks := []store.FrameworkPosture{{Framework: "cis-aws", Passing: 10, Failing: 3, Unknown: 1, Waived: 2, NotAssessed: 4, Manual: 5}}
	changes := &store.Changes{New: []store.Finding{{Severity: "critical"}, {Severity: "high"}, {Severity: "high"}}}
	m.ScanFinished(scan, frameworks, changes, 90*time.Second)

	text := scrape(t, m)
	assert.Equal(t, []string{
		`vigil_collection_errors_total{target="prod"} 2`,
		`vigil_dr_objectives{status="met",target="prod"} 4`,
		`vigil_dr_objectives{status="missed",target="prod"} 1`,
		`vigil_dr_objectives{status="unknown",target="prod"} 2`,
		`vigil_findings{severity="critical",target="prod"} 2`,
		`vigil_findings{severity="high",target="prod"} 5`,
		`vigil_findings{severity="info",target="prod"} 0`,
		`vigil_findings{severity="low",target="prod"} 0`,
		`vigil_findings{severity="medium",target="prod"} 0`,
		`vigil_findings_new_total{severity="critical",target="prod"} 1`,
		`vigil_findings_new_total{severity="high",target="prod"} 2`,
		`vigil_findings_new_total{severity="info",target="prod"} 0`,
		`vigil_findings_new_total{severity="low",target="prod"} 0`,
		`vigil_findings_new_total{severity="medium",target="prod"} 0`,
		`vigil_framework_controls{framework="cis-aws",state="failing",target="prod"} 3`,
		`vigil_framework_controls{framework="cis-aws",state="manual",target="prod"} 5`,
		`vigil_framework_controls{framework="cis-aws",state="not_assessed",target="prod"} 4`,
		`vigil_framework_controls{framework="cis-aws",state="passing",target="prod"} 10`,
		`vigil_framework_controls{framework="cis-aws",state="unknown",target="prod"} 1`,
		`vigil_framework_controls{framework="cis-aws",state="waived",target="prod"} 2`,
		`vigil_last_scan_timestamp_seconds{status="completed",target="prod"} ` + unix(t0.Add(time.Minute)),
		`vigil_scan_running{target="prod"} 0`,
		`vigil_scans_total{status="completed",target="prod"} 1`,
	}, series(text,
		"vigil_collection_errors_total", "vigil_dr_objectives", "vigil_findings", "vigil_findings_new_total",
		"vigil_framework_controls", "vigil_last_scan_timestamp_seconds", "vigil_scan_running", "vigil_scans_total"))

	// 90 s lands in the 120 s bucket and every one above it, not in the 60 s one.
	dur := series(text, "vigil_scan_duration_seconds_bucket", "vigil_scan_duration_seconds_sum", "vigil_scan_duration_seconds_count")
	assert.Contains(t, dur, `vigil_scan_duration_seconds_bucket{target="prod",le="60"} 0`)
	assert.Contains(t, dur, `vigil_scan_duration_seconds_bucket{target="prod",le="120"} 1`)
	assert.Contains(t, dur, `vigil_scan_duration_seconds_bucket{target="prod",le="3600"} 1`)
	assert.Contains(t, dur, `vigil_scan_duration_seconds_sum{target="prod"} 90`)
	assert.Contains(t, dur, `vigil_scan_duration_seconds_count{target="prod"} 1`)

	// The own registry still carries the runtime collectors.
	assert.Contains(t, text, "go_goroutines ")
	assert.Contains(t, text, "process_start_time_seconds ")
}

func TestLatestScanReplacesGauges(t *testing.T) {
	m := New()
	m.ScanFinished(completed("prod", 1, store.ScanSummary{FailedBySeverity: map[string]int{"high": 5}, DRMissed: 3}),
		[]store.FrameworkPosture{{Framework: "cis-aws", Failing: 3}, {Framework: "soc2", Failing: 1}}, nil, time.Second)
	m.ScanFinished(completed("staging", 2, store.ScanSummary{FailedBySeverity: map[string]int{"low": 1}}),
		[]store.FrameworkPosture{{Framework: "soc2", Failing: 7}}, nil, time.Second)
	m.ScanFinished(completed("prod", 3, store.ScanSummary{FailedBySeverity: map[string]int{"high": 1}}),
		[]store.FrameworkPosture{{Framework: "cis-aws", Failing: 1}}, nil, time.Second)

	text := scrape(t, m)
	// prod's soc2 framework is gone from its latest scan, so its series must be too; staging's stay.
	assert.Equal(t, []string{
		`vigil_framework_controls{framework="cis-aws",state="failing",target="prod"} 1`,
		`vigil_framework_controls{framework="soc2",state="failing",target="staging"} 7`,
	}, filter(series(text, "vigil_framework_controls"), `state="failing"`))
	assert.Equal(t, []string{
		`vigil_findings{severity="high",target="prod"} 1`,
		`vigil_findings{severity="low",target="staging"} 1`,
	}, filter(series(text, "vigil_findings"), "} 0", true))
	assert.Contains(t, series(text, "vigil_dr_objectives"), `vigil_dr_objectives{status="missed",target="prod"} 0`)
	assert.Contains(t, series(text, "vigil_scans_total"), `vigil_scans_total{status="completed",target="prod"} 2`)
}

// filter keeps the lines containing sub, or, with invert, those that do not.
func filter(lines []string, sub string, invert ...bool) []string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, sub) != (len(invert) > 0 && invert[0]) {
			out = append(out, l)
		}
	}
	return out
}

func TestCardinalityDoesNotGrowWithRepeatedScans(t *testing.T) {
	m := New()
	names := []string{
		"vigil_scans_total", "vigil_scan_duration_seconds", "vigil_scan_running", "vigil_findings",
		"vigil_findings_new_total", "vigil_framework_controls", "vigil_dr_objectives",
		"vigil_collection_errors_total", "vigil_last_scan_timestamp_seconds",
	}
	scanOnce := func(i int) {
		m.ScanStarted("prod")
		m.ScanFinished(completed("prod", int64(i), store.ScanSummary{
			FailedBySeverity: map[string]int{"critical": i % 3, "high": i},
			DRMet:            i, Errors: []string{"x"},
		}), []store.FrameworkPosture{{Framework: "cis-aws", Passing: i}, {Framework: "soc2", Failing: i}},
			&store.Changes{New: []store.Finding{{Severity: "high"}}}, time.Duration(i)*time.Second)
		m.ScanStarted("prod")
		m.ScanFailed("prod", time.Second)
	}
	scanOnce(1)
	first, err := testutil.GatherAndCount(m.Registry(), names...)
	require.NoError(t, err)
	require.Positive(t, first)
	for i := 2; i <= 50; i++ {
		scanOnce(i)
	}
	after, err := testutil.GatherAndCount(m.Registry(), names...)
	require.NoError(t, err)
	assert.Equal(t, first, after, "series count after 50 scans of one target")
	assert.InDelta(t, 50, testutil.ToFloat64(m.scans.WithLabelValues("prod", "failed")), 0)
	assert.InDelta(t, 50, testutil.ToFloat64(m.collErrors.WithLabelValues("prod")), 0)
}

func TestScanFailedKeepsLatestCompletedGauges(t *testing.T) {
	m := New()
	m.now = func() time.Time { return t0.Add(time.Hour) }
	m.ScanFinished(completed("prod", 1, store.ScanSummary{FailedBySeverity: map[string]int{"critical": 4}}), nil, nil, time.Second)
	m.ScanStarted("prod")
	m.ScanFailed("prod", 3*time.Second)

	text := scrape(t, m)
	assert.Contains(t, series(text, "vigil_findings"), `vigil_findings{severity="critical",target="prod"} 4`)
	assert.Equal(t, []string{
		`vigil_last_scan_timestamp_seconds{status="completed",target="prod"} ` + unix(t0.Add(time.Minute)),
		`vigil_last_scan_timestamp_seconds{status="failed",target="prod"} ` + unix(t0.Add(time.Hour)),
	}, series(text, "vigil_last_scan_timestamp_seconds"))
	assert.Equal(t, []string{
		`vigil_scans_total{status="completed",target="prod"} 1`,
		`vigil_scans_total{status="failed",target="prod"} 1`,
	}, series(text, "vigil_scans_total"))
	assert.Equal(t, []string{`vigil_scan_running{target="prod"} 0`}, series(text, "vigil_scan_running"))
	assert.Contains(t, series(text, "vigil_scan_duration_seconds_count"), `vigil_scan_duration_seconds_count{target="prod"} 2`)
}

func TestNotificationCounter(t *testing.T) {
	m := New()
	for _, r := range []string{NotificationSent, NotificationSent, NotificationFailed, NotificationDropped} {
		m.Notification("slack-sec", r)
	}
	m.Notification("pager", NotificationSent)
	err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(`
# HELP vigil_notifications_total Webhook notifications by result (sent, failed, dropped).
# TYPE vigil_notifications_total counter
vigil_notifications_total{result="dropped",webhook="slack-sec"} 1
vigil_notifications_total{result="failed",webhook="slack-sec"} 1
vigil_notifications_total{result="sent",webhook="pager"} 1
vigil_notifications_total{result="sent",webhook="slack-sec"} 2
`), "vigil_notifications_total")
	assert.NoError(t, err)
}

func TestNilSummaryAndChanges(t *testing.T) {
	m := New()
	fin := t0
	m.ScanFinished(store.Scan{ID: 1, Target: "empty", Status: store.ScanCompleted, FinishedAt: &fin}, nil, nil, 0)
	text := scrape(t, m)
	assert.Len(t, series(text, "vigil_findings"), len(severities))
	assert.Contains(t, series(text, "vigil_dr_objectives"), `vigil_dr_objectives{status="met",target="empty"} 0`)
	assert.Empty(t, series(text, "vigil_framework_controls"))
}
