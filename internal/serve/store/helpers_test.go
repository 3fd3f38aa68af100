package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/serve/store/storetest"
)

// t0 is the suite's reference instant; scans finish at t0 + n minutes.
var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// eachBackend runs fn against a fresh SQLite store and a fresh PostgreSQL schema (storetest).
func eachBackend(t *testing.T, fn func(t *testing.T, dsn string)) { storetest.EachBackend(t, fn) }

func openT(t *testing.T, dsn string) Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// runScan queues, claims and completes one scan of target finishing at fin; no other scan may be queued.
func runScan(t *testing.T, s Store, target string, fin time.Time, out *Outcome) *Changes {
	t.Helper()
	ctx := context.Background()
	id, created, err := s.Enqueue(ctx, target, "", "api", fin.Add(-time.Minute))
	require.NoError(t, err)
	require.True(t, created)
	sc, err := s.Claim(ctx, "test-owner", fin.Add(-30*time.Second))
	require.NoError(t, err)
	require.NotNil(t, sc)
	require.Equal(t, id, sc.ID, "claimed another scan than the one just queued")
	ch, err := s.Complete(ctx, id, "test-owner", fin, out)
	require.NoError(t, err)
	return ch
}

// finding is a test finding of rule R on resource res.
func finding(rule, res, status string) Finding {
	return Finding{Fingerprint: fp(rule, res), RuleID: rule, RuleTitle: rule + " title", Severity: "high", Status: status,
		ResourceID: res, ResourceType: "aws.s3.bucket", Location: "main.tf:1", Message: rule + " on " + res,
		Controls: map[string][]string{"iso27001-2022": {"8.13"}}}
}

func fp(rule, res string) string { return fmt.Sprintf("%s|%s", rule, res) }

// outcome builds a complete outcome from findings and passing results given as fingerprint → status.
func outcome(complete bool, findings []Finding, passing map[string]string) *Outcome {
	out := &Outcome{Complete: complete, Findings: findings, Passing: passing, ReportJSON: []byte(`{"tool":"vigil"}`)}
	if out.Passing == nil {
		out.Passing = map[string]string{}
	}
	for _, f := range findings {
		if f.Status == "fail" {
			out.Summary.Fail++
		} else {
			out.Summary.Unknown++
		}
	}
	return out
}
