// Package metrics exposes `vigil serve` to Prometheus: scans run and their durations, the latest
// completed scan's failing findings, framework posture and DR objectives per target, collection
// errors and webhook notifications.
//
// Metrics keeps its own registry rather than the global one, so that tests and several servers in
// one process never collide and /metrics shows only what vigil registered (plus the Go and process
// collectors).
package metrics

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

// Severities are always exported, at zero when a scan has none, so that alert expressions such as
// `vigil_findings{severity="critical"} > 0` see a series from the first scan on instead of "no data".
var severities = []string{"critical", "high", "medium", "low", "info"}

// Notification results accepted by Notification.
const (
	NotificationSent    = "sent"
	NotificationFailed  = "failed"
	NotificationDropped = "dropped"
)

// durationBuckets span a scan of a small Terraform directory (a tenth of a second) to a scan of a
// large organisation that hits the one-hour default timeout.
var durationBuckets = []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600}

// Metrics holds vigil's collectors and the registry that serves them. Its methods are safe for
// concurrent use.
type Metrics struct {
	reg *prometheus.Registry
	now func() time.Time

	// mu serialises the reset-then-set of one scan's gauges, so that two scans finishing together
	// never leave a mix of both behind.
	mu sync.Mutex

	scans         *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	running       *prometheus.GaugeVec
	findings      *prometheus.GaugeVec
	findingsNew   *prometheus.CounterVec
	controls      *prometheus.GaugeVec
	dr            *prometheus.GaugeVec
	collErrors    *prometheus.CounterVec
	notifications *prometheus.CounterVec
	lastScan      *prometheus.GaugeVec
}

// New returns Metrics registered on a fresh registry with the Go and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		now: time.Now,
		scans: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_scans_total",
			Help: "Scans finished, by target and status (completed or failed).",
		}, []string{"target", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "vigil_scan_duration_seconds",
			Help:    "Wall-clock duration of finished scans, completed or failed.",
			Buckets: durationBuckets,
		}, []string{"target"}),
		running: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vigil_scan_running",
			Help: "1 while this server runs a scan of the target, else 0.",
		}, []string{"target"}),
		findings: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vigil_findings",
			Help: "Failing results of the latest completed scan, by severity.",
		}, []string{"target", "severity"}),
		findingsNew: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_findings_new_total",
			Help: "Findings new since the previous completed scan of the target, by severity.",
		}, []string{"target", "severity"}),
		controls: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vigil_framework_controls",
			Help: "Controls of each framework by state in the latest completed scan.",
		}, []string{"target", "framework", "state"}),
		dr: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vigil_dr_objectives",
			Help: "DR objectives by status (met, missed, unknown) in the latest completed scan.",
		}, []string{"target", "status"}),
		collErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_collection_errors_total",
			Help: "Sources that completed scans could not read completely.",
		}, []string{"target"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_notifications_total",
			Help: "Webhook notifications by result (sent, failed, dropped).",
		}, []string{"webhook", "result"}),
		lastScan: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vigil_last_scan_timestamp_seconds",
			Help: "Unix time the latest scan of the target with that status finished.",
		}, []string{"target", "status"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.scans, m.duration, m.running, m.findings, m.findingsNew, m.controls, m.dr,
		m.collErrors, m.notifications, m.lastScan,
	)
	return m
}

// Registry is the registry the metrics are registered on, for callers that add their own collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ScanStarted marks a scan of target running.
func (m *Metrics) ScanStarted(target string) {
	// A set, not an increment: the store runs at most one scan of a target at a time, and a set
	// cannot drift negative when a finish is reported without its start (after a restart).
	m.running.WithLabelValues(target).Set(1)
}

// ScanFinished records a completed scan: its duration and the latest-scan gauges of its target,
// which replace those of the previous scan. frameworks and changes may be nil.
func (m *Metrics) ScanFinished(scan store.Scan, frameworks []store.FrameworkPosture, changes *store.Changes, duration time.Duration) {
	target := scan.Target
	finished := m.now()
	if scan.FinishedAt != nil {
		finished = *scan.FinishedAt
	}
	var sum store.ScanSummary
	if scan.Summary != nil {
		sum = *scan.Summary
	}

	m.mu.Lock()
	defer m.mu.Unlock()

	m.running.WithLabelValues(target).Set(0)
	m.scans.WithLabelValues(target, string(store.ScanCompleted)).Inc()
	m.duration.WithLabelValues(target).Observe(duration.Seconds())
	m.lastScan.WithLabelValues(target, string(store.ScanCompleted)).Set(float64(finished.UnixNano()) / 1e9)
	m.collErrors.WithLabelValues(target).Add(float64(len(sum.Errors)))

	// A severity or framework the previous scan had and this one lacks must disappear, not keep its
	// old value: drop every series of the target before setting the new ones.
	m.findings.DeletePartialMatch(prometheus.Labels{"target": target})
	for _, sev := range severities {
		m.findings.WithLabelValues(target, sev).Set(0)
	}
	for sev, n := range sum.FailedBySeverity {
		m.findings.WithLabelValues(target, sev).Set(float64(n))
	}

	for _, sev := range severities {
		m.findingsNew.WithLabelValues(target, sev).Add(0)
	}
	if changes != nil {
		for _, f := range changes.New {
			m.findingsNew.WithLabelValues(target, f.Severity).Inc()
		}
	}

	m.controls.DeletePartialMatch(prometheus.Labels{"target": target})
	for _, fw := range frameworks {
		for state, n := range map[string]int{
			"passing":      fw.Passing,
			"failing":      fw.Failing,
			"unknown":      fw.Unknown,
			"waived":       fw.Waived,
			"not_assessed": fw.NotAssessed,
			"manual":       fw.Manual,
		} {
			m.controls.WithLabelValues(target, fw.Framework, state).Set(float64(n))
		}
	}

	m.dr.DeletePartialMatch(prometheus.Labels{"target": target})
	m.dr.WithLabelValues(target, "met").Set(float64(sum.DRMet))
	m.dr.WithLabelValues(target, "missed").Set(float64(sum.DRMissed))
	m.dr.WithLabelValues(target, "unknown").Set(float64(sum.DRUnknown))
}

// ScanFailed records a failed scan. The latest-scan gauges keep the last completed scan's values: a
// failed scan says nothing about the findings.
func (m *Metrics) ScanFailed(target string, duration time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.running.WithLabelValues(target).Set(0)
	m.scans.WithLabelValues(target, string(store.ScanFailed)).Inc()
	m.duration.WithLabelValues(target).Observe(duration.Seconds())
	m.lastScan.WithLabelValues(target, string(store.ScanFailed)).Set(float64(m.now().UnixNano()) / 1e9)
}

// Notification counts one webhook notification with its result: NotificationSent,
// NotificationFailed or NotificationDropped. Its signature matches notify.Options.OnResult.
func (m *Metrics) Notification(webhook, result string) {
	m.notifications.WithLabelValues(webhook, result).Inc()
}
