package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/metrics"
	"github.com/vigil-audit/vigil/internal/serve/notify"
	"github.com/vigil-audit/vigil/internal/serve/scheduler"
	"github.com/vigil-audit/vigil/internal/serve/store"
	"github.com/vigil-audit/vigil/internal/serve/web"
	"github.com/vigil-audit/vigil/reports"
	"github.com/vigil-audit/vigil/reports/evidence"
)

const (
	defaultListen   = "127.0.0.1:8080"
	defaultDB       = "vigil-history.db"
	defaultTokenEnv = "VIGIL_TOKEN"
)

type serveOptions struct {
	configPath string
	listen     string
	db         string
	grace      time.Duration
}

func newServeCmd() *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run scheduled scans with history, a dashboard, an API, metrics and alerts",
		Long: `serve runs the scans that vigil.hcl's schedule blocks declare, one at a time per target, keeps
their history (SQLite by default, PostgreSQL with --db postgres://…), and serves a dashboard, a JSON
API (docs/openapi.yaml), Prometheus /metrics and /healthz.

It binds 127.0.0.1 by default. Bound to any other address it requires a token, read from the
environment variable that serve { token_env } names (default VIGIL_TOKEN). SIGINT or SIGTERM stops
it: a running scan may finish within --shutdown-grace, then it is canceled and stored as failed.
See docs/serve.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.configPath, "config", "", "vigil.hcl with the target and schedule blocks (default: vigil.hcl in the current folder)")
	f.StringVar(&o.listen, "listen", "", "address to serve on (default: serve { listen }, else "+defaultListen+")")
	f.StringVar(&o.db, "db", "", "history store: a SQLite file, or postgres://… (default: serve { db }, else "+defaultDB+"); a password belongs in PGPASSWORD or ~/.pgpass")
	f.DurationVar(&o.grace, "shutdown-grace", 30*time.Second, "on SIGTERM, how long a running scan may go on before it is canceled")
	return cmd
}

// isLoopback reports whether listen binds only the local machine.
func isLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveSettings are what runServe resolved from flags, vigil.hcl and the environment.
type serveSettings struct {
	cfg      *config.Config
	listen   string
	db       string
	token    string
	webhooks []notify.Webhook
}

func resolveServe(o *serveOptions, getenv func(string) string) (*serveSettings, error) {
	path := o.configPath
	if path == "" {
		found, ok := config.Find(".")
		if !ok {
			return nil, errors.New("no vigil.hcl in the current folder; name one with --config (see docs/serve.md)")
		}
		path = found
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, fmt.Errorf("config:\n%w", err)
	}
	sv := cfg.Serve
	if len(sv.Targets) == 0 {
		return nil, fmt.Errorf("%s declares no target block: serve has nothing to scan (see docs/serve.md)", path)
	}
	s := &serveSettings{cfg: cfg, listen: firstNonEmpty(o.listen, sv.Listen, defaultListen), db: firstNonEmpty(o.db, sv.DB, defaultDB)}
	if _, _, err := net.SplitHostPort(s.listen); err != nil {
		return nil, fmt.Errorf("--listen %q: %w", s.listen, err)
	}
	tokenEnv := firstNonEmpty(sv.TokenEnv, defaultTokenEnv)
	s.token = strings.TrimSpace(getenv(tokenEnv))
	if s.token == "" && !isLoopback(s.listen) {
		return nil, fmt.Errorf("serving on %s, beyond this machine, needs a token: set %s (at least 16 characters)", s.listen, tokenEnv)
	}
	if s.token != "" && len(s.token) < 16 {
		return nil, fmt.Errorf("the token in %s is too short: use at least 16 characters", tokenEnv)
	}
	for _, w := range sv.Webhooks {
		hook := notify.Webhook{Name: w.Name, URL: w.URL, Format: w.Format, MinSeverity: w.MinSeverity, Events: w.Events}
		if w.URLEnv != "" {
			hook.URL = getenv(w.URLEnv)
			if hook.URL == "" {
				return nil, fmt.Errorf("webhook %q: the environment variable %s, which holds its URL, is not set", w.Name, w.URLEnv)
			}
		}
		if w.SecretEnv != "" {
			hook.Secret = getenv(w.SecretEnv)
			if hook.Secret == "" {
				return nil, fmt.Errorf("webhook %q: the environment variable %s, which holds its signing secret, is not set", w.Name, w.SecretEnv)
			}
		}
		s.webhooks = append(s.webhooks, hook)
	}
	return s, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func runServe(ctx context.Context, cmd *cobra.Command, o *serveOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	stderr := cmd.ErrOrStderr()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	s, err := resolveServe(o, os.Getenv)
	if err != nil {
		return untrusted(err)
	}
	runner, err := newServeRunner(ctx, s.cfg)
	if err != nil {
		return untrusted(err)
	}
	if !isPostgres(s.db) {
		release, err := lockStore(strings.TrimPrefix(strings.TrimPrefix(s.db, "sqlite:"), "file:"))
		if err != nil {
			return untrusted(err)
		}
		defer release()
	}
	st, err := store.Open(ctx, s.db)
	if err != nil {
		return untrusted(fmt.Errorf("open the history store: %w", err))
	}
	defer st.Close()

	m := metrics.New()
	notifier, err := notify.New(s.webhooks, notify.Options{Logger: log, OnResult: m.Notification})
	if err != nil {
		return untrusted(err)
	}
	sched, err := scheduler.New(scheduler.Options{
		Store: st, Jobs: serveJobs(s.cfg), Run: runner.run, Events: serveEvents{metrics: m, notifier: notifier},
		Concurrency: s.cfg.Serve.Concurrency, ExclusiveStore: !isPostgres(s.db), ShutdownGrace: o.grace,
		Retention: store.Retention{KeepScans: s.cfg.Serve.KeepScans, MaxAge: s.cfg.Serve.MaxAge}, Logger: log,
	})
	if err != nil {
		return untrusted(err)
	}
	handler, err := web.New(web.Options{
		Store: st, Metrics: m.Handler(), Targets: webTargets(s.cfg, sched), NextRun: sched.NextRun,
		Trigger: func(ctx context.Context, target, trigger string) (int64, error) {
			if runner.targets[target] == nil {
				return 0, fmt.Errorf("no target %q: %w", target, store.ErrNotFound)
			}
			return sched.Trigger(ctx, target, trigger)
		},
		Token:   s.token,
		Ready:   func(ctx context.Context) error { _, err := st.Scans(ctx, "", 1); return err },
		Now:     func() time.Time { return time.Now().UTC() },
		Version: vigilVersion(),
		Logger:  log,
	})
	if err != nil {
		return untrusted(err)
	}
	if err := sched.Recover(ctx); err != nil {
		return untrusted(err)
	}
	ln, err := net.Listen("tcp", s.listen)
	if err != nil {
		return untrusted(fmt.Errorf("listen on %s: %w", s.listen, err))
	}
	srv := web.NewServer(s.listen, handler)
	log.Info("vigil serve", "version", vigilVersion(), "listen", "http://"+ln.Addr().String(), "store", redactDSN(s.db),
		"targets", len(s.cfg.Serve.Targets), "schedules", len(s.cfg.Serve.Schedules), "token", s.token != "")

	notifyCtx, stopNotify := context.WithCancel(context.WithoutCancel(ctx))
	notifyDone := make(chan struct{})
	go func() { defer close(notifyDone); notifier.Run(notifyCtx) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	schedDone := make(chan error, 1)
	go func() { schedDone <- sched.Run(ctx) }()

	var failure error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		failure = fmt.Errorf("serve http: %w", err)
		stop()
	}
	log.Info("stopping: running scans may finish", "grace", o.grace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
	<-schedDone
	stopNotify()
	<-notifyDone
	notifier.Close()
	log.Info("stopped")
	return failure
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// redactDSN hides a PostgreSQL URL's password for the log.
func redactDSN(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://") + 3
	if at < scheme {
		return dsn
	}
	if colon := strings.Index(dsn[scheme:at], ":"); colon >= 0 {
		return dsn[:scheme+colon+1] + "xxxxx" + dsn[at:]
	}
	return dsn
}

func serveJobs(cfg *config.Config) []scheduler.Job {
	jobs := make([]scheduler.Job, 0, len(cfg.Serve.Schedules))
	for _, sc := range cfg.Serve.Schedules {
		jobs = append(jobs, scheduler.Job{Schedule: sc.Name, Spec: sc.Spec, Targets: sc.Targets, Jitter: sc.Jitter, Timeout: sc.Timeout})
	}
	return jobs
}

func webTargets(cfg *config.Config, sched *scheduler.Scheduler) []web.Target {
	var out []web.Target
	for _, t := range cfg.Serve.Targets {
		wt := web.Target{Name: t.Name, Kind: t.Kind, Source: t.Describe(), Frameworks: t.Frameworks}
		for _, sc := range cfg.Serve.Schedules {
			if slices.Contains(sc.Targets, t.Name) {
				wt.Schedules = append(wt.Schedules, web.Schedule{Name: sc.Name, Cron: sc.Cron, Next: sched.NextRun(sc.Name)})
			}
		}
		out = append(out, wt)
	}
	return out
}

// serveEvents hands each scan's end to the metrics and the notifier.
type serveEvents struct {
	metrics  *metrics.Metrics
	notifier *notify.Notifier
}

func (e serveEvents) ScanStarted(scan store.Scan) { e.metrics.ScanStarted(scan.Target) }

func (e serveEvents) ScanFinished(changes *store.Changes, out *store.Outcome, took time.Duration) {
	e.metrics.ScanFinished(changes.Scan, out.Frameworks, changes, took)
	e.notifier.ScanFinished(changes)
}

func (e serveEvents) ScanFailed(scan store.Scan, msg string, took time.Duration) {
	e.metrics.ScanFailed(scan.Target, took)
	e.notifier.ScanFailed(scan, msg)
}

// serveRunner runs one scan of a declared target with the engine compiled once at start.
type serveRunner struct {
	cfg       *config.Config
	eng       *engine.Engine
	catalogs  map[string]*engine.Catalog
	targets   map[string]*config.Target
	schedules map[string]*config.Schedule
}

func newServeRunner(ctx context.Context, cfg *config.Config) (*serveRunner, error) {
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: cfg.Policies})
	if err != nil {
		return nil, fmt.Errorf("load policies:\n%w", err)
	}
	if err := eng.CheckWaivers(cfg.Waivers); err != nil {
		return nil, fmt.Errorf("config:\n%w", err)
	}
	catalogs, err := engine.LoadCatalogs()
	if err != nil {
		return nil, err
	}
	r := &serveRunner{cfg: cfg, eng: eng, catalogs: catalogs, targets: map[string]*config.Target{}, schedules: map[string]*config.Schedule{}}
	for i := range cfg.Serve.Targets {
		r.targets[cfg.Serve.Targets[i].Name] = &cfg.Serve.Targets[i]
	}
	for i := range cfg.Serve.Schedules {
		r.schedules[cfg.Serve.Schedules[i].Name] = &cfg.Serve.Schedules[i]
	}
	return r, nil
}

// run scans a target as `vigil scan` would with the same vigil.hcl, and returns what to store. An
// input that could not be read completely is stored as an incomplete scan with its errors, never as a
// pass; a scan that could not run at all is an error.
func (r *serveRunner) run(ctx context.Context, scan store.Scan) (*store.Outcome, error) {
	t := r.targets[scan.Target]
	if t == nil {
		return nil, fmt.Errorf("target %q is not declared in %s", scan.Target, r.cfg.Path)
	}
	cfg := r.cfg
	if t.DRSystems != nil {
		// Only the target's systems: a copy, since scans of other targets run beside this one.
		c := *r.cfg
		c.DR.Systems = slices.DeleteFunc(slices.Clone(c.DR.Systems), func(s config.DRSystem) bool { return !slices.Contains(t.DRSystems, s.Name) })
		cfg = &c
	}
	setup := &scanSetup{cfg: cfg, eng: r.eng, tf: terraformOptions(cfg, config.Limits{}), paths: t.Paths,
		planPath: t.Plan, inventoryPaths: t.Inventory, stderr: io.Discard}
	setup.eval = engine.EvalOptions{Frameworks: r.frameworks(t, scan.Schedule), Waivers: r.cfg.Waivers, PolicyTimeout: r.cfg.PolicyTimeout}
	if t.AWS != nil {
		a := t.AWS
		setup.aws = &awsFlags{profile: a.Profile, roleARN: a.RoleARN, externalID: a.ExternalID, roleName: a.RoleName,
			accounts: a.Accounts, org: a.Org, regions: a.Regions, services: a.Services, endpointURL: a.EndpointURL}
	}
	start := time.Now().UTC()
	inv, err := setup.inventory(ctx)
	if err != nil {
		return nil, relativeError(err, filepath.Dir(r.cfg.Path))
	}
	h := sha256.New()
	if err := inv.Write(h); err != nil {
		return nil, fmt.Errorf("digest the inventory: %w", err)
	}
	drDiags := setup.addDRPosture(inv, start)
	setup.eval.Now = start
	setup.eval.ReleaseInput = true // as in scan: nothing below reads the inventory again
	rep, err := r.eng.Evaluate(ctx, inv, setup.eval)
	if err != nil {
		return nil, err
	}
	rep.Version = vigilVersion()
	rep.GeneratedAt = &start
	redacted, err := evidence.RedactReport(rep)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	jr, err := reports.New("json", reports.Options{})
	if err != nil {
		return nil, err
	}
	if err := jr.Render(ctx, &buf, redacted); err != nil {
		return nil, fmt.Errorf("render the report: %w", err)
	}
	out := store.FromReport(redacted, r.catalogs, buf.Bytes(), hex.EncodeToString(h.Sum(nil)))
	for _, d := range drDiags {
		// A DR declaration that does not fit the estate makes the DR results untrustworthy, as in `vigil scan`.
		out.Complete = false
		out.Summary.Errors = append(out.Summary.Errors, reports.PrintableLine(d.String()))
	}
	return out, nil
}

// frameworks are the target's, else the schedule's, else vigil.hcl's.
func (r *serveRunner) frameworks(t *config.Target, schedule string) []string {
	if len(t.Frameworks) > 0 {
		return t.Frameworks
	}
	if sc := r.schedules[schedule]; sc != nil && len(sc.Frameworks) > 0 {
		return sc.Frameworks
	}
	return r.cfg.Frameworks
}

// relativeError keeps the machine's absolute paths out of stored errors: a path below the config's
// folder is written as in vigil.hcl, one below the working directory relative to it.
func relativeError(err error, configDir string) error {
	msg := err.Error()
	for _, dir := range []string{configDir, workingDir()} {
		if abs, aerr := filepath.Abs(dir); aerr == nil && dir != "" {
			msg = strings.ReplaceAll(msg, abs+string(filepath.Separator), "")
		}
	}
	return errors.New(msg)
}

func workingDir() string {
	wd, _ := os.Getwd()
	return wd
}
