package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// busyTimeout is how long a SQLite connection waits for another's write transaction.
const busyTimeout = 10 * time.Second

// Open opens the store at dsn and brings its schema up to date. A postgres:// or postgresql:// URL
// opens PostgreSQL; anything else is a SQLite file path, optionally written sqlite:PATH or file:PATH,
// created (mode 0600) when missing.
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err := openPostgres(ctx, dsn)
		if err != nil {
			return nil, redactErr(err, dsn)
		}
		return s, nil
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*sqlStore, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", redactDSN(dsn), err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres store %s: %w", redactDSN(dsn), err)
	}
	s := &sqlStore{db: db, d: postgresDialect}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store %s: %w", redactDSN(dsn), err)
	}
	return s, nil
}

func openSQLite(ctx context.Context, dsn string) (*sqlStore, error) {
	p := dsn
	for _, prefix := range []string{"sqlite://", "sqlite:", "file:"} {
		if strings.HasPrefix(p, prefix) {
			p = strings.TrimPrefix(p, prefix)
			break
		}
	}
	if p == "" {
		return nil, errors.New("open sqlite store: empty path")
	}
	if looksLikeKeyValueDSN(p) {
		// Taken as a path it would create a file named after the connection string, password included.
		return nil, errors.New("open store: the DSN looks like a PostgreSQL key=value connection string: write it as a postgres:// URL")
	}
	if strings.ContainsAny(p, "?#") || p == ":memory:" {
		// The connection string carries the pragmas after "?"; an in-memory database would be a
		// different, empty database on every pooled connection.
		return nil, fmt.Errorf("open sqlite store %q: want a plain file path", p)
	}
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	f.Close()
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(int(busyTimeout/time.Millisecond))+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	// Immediate transactions take the write lock at BEGIN: two deferred transactions that both read and
	// then write would deadlock, and SQLite answers that with SQLITE_BUSY at once, without waiting.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+p+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", p, err)
	}
	s := &sqlStore{db: db, d: sqliteDialect}
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", p, err)
	}
	if !strings.EqualFold(mode, "wal") {
		db.Close()
		return nil, fmt.Errorf("open sqlite store %s: journal mode is %q, want wal", p, mode)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", p, err)
	}
	return s, nil
}

// looksLikeKeyValueDSN reports whether s reads as libpq's "host=… user=… password=…" form.
func looksLikeKeyValueDSN(s string) bool {
	for _, f := range strings.Fields(s) {
		k, _, ok := strings.Cut(f, "=")
		switch k {
		case "host", "hostaddr", "port", "dbname", "user", "password", "sslmode":
			if ok {
				return true
			}
		}
	}
	return false
}

// redactDSN is the DSN without its password, for messages.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable postgres URL)"
	}
	return u.Redacted()
}

// redactedError shows a message scrubbed of the DSN's password but keeps the cause for errors.Is/As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr scrubs the password of dsn from err's message: drivers may quote the connection string.
func redactErr(err error, dsn string) error {
	u, perr := url.Parse(dsn)
	if perr != nil {
		// An unparsable URL cannot be trusted to locate its password: drop the driver's text.
		return &redactedError{msg: "open postgres store: invalid postgres URL"}
	}
	pw, ok := u.User.Password()
	if !ok || pw == "" {
		return err
	}
	msg := err.Error()
	for _, s := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw)} {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return &redactedError{msg: msg, err: err}
}

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations in version order; a file is NNNN_name.sql.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and _", e.Name())
		}
		raw, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(raw)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must run 1, 2, 3 … without gaps", m.name)
		}
	}
	return out, nil
}

// statements splits a migration into statements: lines starting with -- are comments, and statements
// end with ; at the end of a line.
func statements(sqlText string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(sqlText, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			if st := strings.TrimSpace(cur.String()); st != ";" {
				out = append(out, strings.TrimSuffix(st, ";"))
			}
			cur.Reset()
		}
	}
	if st := strings.TrimSpace(cur.String()); st != "" {
		out = append(out, st)
	}
	return out
}

// migrationLock is the PostgreSQL advisory lock key that serialises replicas migrating at once.
const migrationLock = 0x76_69_67_69_6c // "vigil"

// migrate applies the pending migrations, each in its own transaction, and refuses a database that a
// newer vigil has migrated further than this one knows.
func (s *sqlStore) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	latest := len(ms)
	for {
		done, err := s.migrateStep(ctx, ms, latest)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// migrateStep applies the next pending migration, if any, and reports whether the schema is current.
func (s *sqlStore) migrateStep(ctx context.Context, ms []migration, latest int) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: begin: %w", err)
	}
	defer tx.Rollback()
	if s.d.pg {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return false, fmt.Errorf("migrate: lock: %w", err)
		}
	}
	create := s.d.schema.Replace("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at {{TS}} NOT NULL)")
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return false, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if current > latest {
		return false, fmt.Errorf("database schema is at version %d, newer than this vigil knows (%d): upgrade vigil, or point it at another database", current, latest)
	}
	if current == latest {
		return true, tx.Commit()
	}
	m := ms[current]
	for _, st := range statements(s.d.schema.Replace(m.sql)) {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
		m.version, s.d.ts(time.Now())); err != nil {
		return false, fmt.Errorf("migration %s: record version: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return false, nil
}
