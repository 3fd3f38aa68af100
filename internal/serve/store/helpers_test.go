package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// pgEnv names the PostgreSQL the suite also runs against, as a postgres:// URL.
const pgEnv = "VIGIL_TEST_POSTGRES_DSN"

// t0 is the suite's reference instant; scans finish at t0 + n minutes.
var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// eachBackend runs fn against a fresh, empty SQLite store and a fresh PostgreSQL schema. It gives the
// DSN rather than a store so tests can reopen it.
func eachBackend(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, filepath.Join(t.TempDir(), "vigil.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, postgresDSN(t))
	})
}

// postgresDSN creates a schema of its own for the test (dropped at its end) and returns a DSN whose
// search_path selects it, so tests never see each other's rows.
func postgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv(pgEnv)
	if base == "" {
		msg := pgEnv + " is not set: set it to a postgres://user:password@host:port/db?sslmode=disable URL of a " +
			"database the tests may create schemas in (.ci/run starts one)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	var rnd [6]byte
	_, err = rand.Read(rnd[:])
	require.NoError(t, err)
	schema := "vigil_test_" + hex.EncodeToString(rnd[:])
	_, err = admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema)
	require.NoError(t, err, "create test schema")
	t.Cleanup(func() {
		_, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		if err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

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
