// Package storetest gives tests fresh history stores on both back ends: a SQLite file in the test's
// temporary folder, and a schema of its own in the PostgreSQL that VIGIL_TEST_POSTGRES_DSN names
// (.ci/run starts one; when CI=true and it is not set, the PostgreSQL variant fails instead of skipping).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	// The pgx driver, registered as "pgx", to create and drop the test's schema.
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
)

// PostgresEnv names the PostgreSQL the tests also run against, as a postgres:// URL.
const PostgresEnv = "VIGIL_TEST_POSTGRES_DSN"

// EachBackend runs fn against a fresh, empty SQLite store and a fresh PostgreSQL schema, as subtests
// "sqlite" and "postgres". It gives the DSN rather than a store so tests can open it several times
// (replicas) or reopen it.
func EachBackend(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, filepath.Join(t.TempDir(), "vigil.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, PostgresDSN(t))
	})
}

// PostgresDSN creates a schema of its own for the test (dropped at its end) and returns a DSN whose
// search_path selects it, so tests never see each other's rows.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		msg := PostgresEnv + " is not set: set it to a postgres://user:password@host:port/db?sslmode=disable URL of a " +
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
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
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
