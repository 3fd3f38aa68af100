// Package scheduler runs `vigil serve`'s scans: it queues each schedule's targets at their cron times
// (with jitter), claims queued scans from the store one at a time per target, runs them with a
// timeout and a heartbeat, stores each in one transaction, and reports what happened to the
// notifier and the metrics. Several servers may share one store: the store makes each scheduled
// scan queued once and claimed once.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

// Spec is a parsed cron expression (robfig/cron's Schedule).
type Spec interface {
	Next(time.Time) time.Time
}

// Job is one schedule block: its targets are queued at each time Spec gives.
type Job struct {
	Schedule string
	Spec     Spec
	Targets  []string
	Jitter   time.Duration
	// Timeout bounds each scan the job queues (0: Options.DefaultTimeout).
	Timeout time.Duration
}

// RunFunc runs one scan and returns what to store. An error fails the scan with its message, which
// must not hold secrets (it is stored and shown).
type RunFunc func(ctx context.Context, scan store.Scan) (*store.Outcome, error)

// Events hears about scans; its methods must return quickly (the notifier only queues).
type Events interface {
	ScanStarted(scan store.Scan)
	ScanFinished(changes *store.Changes, out *store.Outcome, took time.Duration)
	ScanFailed(scan store.Scan, msg string, took time.Duration)
}

// Options configure a Scheduler.
type Options struct {
	Store  store.Store
	Jobs   []Job
	Run    RunFunc
	Events Events
	Clock  Clock
	// Owner names this server in the store (host and process by default).
	Owner string
	// Concurrency is how many scans (of different targets) run at once; default 1.
	Concurrency int
	// DefaultTimeout bounds scans triggered by hand and those of jobs without a timeout; default 1 h.
	DefaultTimeout time.Duration
	// PollInterval is how often idle workers look for scans queued by other servers; default 5 s.
	PollInterval time.Duration
	// HeartbeatInterval is how often a running scan's heartbeat is written; default 10 s. A running
	// scan whose heartbeat is older than six intervals is marked interrupted by any server.
	HeartbeatInterval time.Duration
	// ExclusiveStore says no other server uses the store (SQLite): scans left running by a previous
	// process are marked interrupted at once at start.
	ExclusiveStore bool
	// ShutdownGrace is how long a running scan may go on after Run's context ends before it is
	// canceled and stored as failed; default 30 s.
	ShutdownGrace time.Duration
	// NoCatchUp turns off catching up: by default, at start, each target of a schedule that has run
	// before gets one scan for the newest run missed while no server was running.
	NoCatchUp bool
	Retention store.Retention
	// PruneInterval is how often old scans are pruned; default 1 h.
	PruneInterval time.Duration
	Logger        *slog.Logger
}

// Scheduler queues and runs scans. Create it with New and start it with Run.
type Scheduler struct {
	opts Options
	wake chan struct{}
	mu   sync.Mutex
	next map[string]time.Time // schedule name → its next cron time (before jitter)

	recoverOnce sync.Once
	recoverErr  error
}

// New checks the options and fills in defaults.
func New(opts Options) (*Scheduler, error) {
	if opts.Store == nil || opts.Run == nil {
		return nil, errors.New("scheduler: a store and a run function are required")
	}
	if opts.Clock == nil {
		opts.Clock = WallClock{}
	}
	if opts.Owner == "" {
		host, _ := os.Hostname()
		opts.Owner = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	if opts.Concurrency < 1 {
		opts.Concurrency = 1
	}
	if opts.DefaultTimeout <= 0 {
		opts.DefaultTimeout = time.Hour
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 5 * time.Second
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 10 * time.Second
	}
	if opts.ShutdownGrace <= 0 {
		opts.ShutdownGrace = 30 * time.Second
	}
	if opts.PruneInterval <= 0 {
		opts.PruneInterval = time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	for _, j := range opts.Jobs {
		if j.Spec == nil || len(j.Targets) == 0 {
			return nil, fmt.Errorf("scheduler: schedule %q has no cron expression or no target", j.Schedule)
		}
	}
	return &Scheduler{opts: opts, wake: make(chan struct{}, 1), next: map[string]time.Time{}}, nil
}

// Owner is the name this server claims scans under.
func (s *Scheduler) Owner() string { return s.opts.Owner }

// Trigger queues a scan of target now, outside any schedule; trigger says who asked ("api",
// "dashboard"). The target's name is the caller's to check.
func (s *Scheduler) Trigger(ctx context.Context, target, trigger string) (int64, error) {
	id, _, err := s.opts.Store.Enqueue(ctx, target, "", trigger, s.opts.Clock.Now())
	if err != nil {
		return 0, fmt.Errorf("queue a scan of %s: %w", target, err)
	}
	s.poke()
	return id, nil
}

// NextRun is when a schedule next queues its targets (before jitter); zero before Run started.
func (s *Scheduler) NextRun(schedule string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next[schedule]
}

func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Recover marks the scans a previous process left running as interrupted, when the store is this
// server's alone (ExclusiveStore); Run calls it, and a caller that serves the history before Run
// starts calls it first so that it never shows such a scan as running. With a shared store the
// heartbeat sweep does it instead.
func (s *Scheduler) Recover(ctx context.Context) error {
	if !s.opts.ExclusiveStore {
		return nil
	}
	s.recoverOnce.Do(func() {
		now := s.opts.Clock.Now()
		n, err := s.opts.Store.MarkInterrupted(ctx, now, now)
		if err != nil {
			s.recoverErr = fmt.Errorf("mark interrupted scans: %w", err)
			return
		}
		if n > 0 {
			s.opts.Logger.Warn("scans interrupted by the previous stop marked failed", "count", n)
		}
	})
	return s.recoverErr
}

// Run queues and runs scans until ctx ends, then lets running scans finish within ShutdownGrace,
// cancels those still running (stored as failed) and returns.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Recover(ctx); err != nil {
		return err
	}
	// Scans run under their own context, ended ShutdownGrace after ctx.
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()
	var workers sync.WaitGroup
	for range s.opts.Concurrency {
		workers.Add(1)
		go func() {
			defer workers.Done()
			s.work(ctx, runCtx)
		}()
	}
	var loops sync.WaitGroup
	loops.Add(2)
	go func() { defer loops.Done(); s.queueLoop(ctx) }()
	go func() { defer loops.Done(); s.maintain(ctx) }()
	<-ctx.Done()
	loops.Wait()

	done := make(chan struct{})
	go func() { workers.Wait(); close(done) }()
	grace := time.NewTimer(s.opts.ShutdownGrace)
	defer grace.Stop()
	select {
	case <-done:
	case <-grace.C:
		s.opts.Logger.Warn("shutdown grace over: canceling running scans", "grace", s.opts.ShutdownGrace)
		cancelRuns()
		<-done
	}
	return nil
}

// pending is one target of one job waiting for its cron time.
type pending struct {
	job    *Job
	target string
	due    time.Time // the cron time
	fireAt time.Time // due plus the target's jitter
}

// jitter is the same for a target, schedule and due time on every server, so replicas queue a scan
// at the same moment and the store keeps one.
func jitter(max time.Duration, schedule, target string, due time.Time) time.Duration {
	if max <= 0 {
		return 0
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%d", schedule, target, due.Unix())
	return time.Duration(h.Sum64() % uint64(max))
}

func (s *Scheduler) queueLoop(ctx context.Context) {
	now := s.opts.Clock.Now()
	if !s.opts.NoCatchUp {
		s.catchUp(ctx, now)
	}
	var queue []pending
	for i := range s.opts.Jobs {
		j := &s.opts.Jobs[i]
		due := j.Spec.Next(now)
		s.setNext(j.Schedule, due)
		for _, t := range j.Targets {
			queue = append(queue, pending{job: j, target: t, due: due, fireAt: due.Add(jitter(j.Jitter, j.Schedule, t, due))})
		}
	}
	if len(queue) == 0 {
		<-ctx.Done()
		return
	}
	for {
		sort.SliceStable(queue, func(a, b int) bool { return queue[a].fireAt.Before(queue[b].fireAt) })
		p := &queue[0]
		if p.due.IsZero() {
			// A cron expression that never fires again (a date that never comes).
			queue = queue[1:]
			if len(queue) == 0 {
				<-ctx.Done()
				return
			}
			continue
		}
		c, stop := s.opts.Clock.NewTimer(p.fireAt.Sub(s.opts.Clock.Now()))
		select {
		case <-ctx.Done():
			stop()
			return
		case <-c:
		}
		if _, created, err := s.opts.Store.Enqueue(ctx, p.target, p.job.Schedule, "schedule", p.due); err != nil {
			s.opts.Logger.Error("queue a scheduled scan", "schedule", p.job.Schedule, "target", p.target, "due", p.due, "error", err)
		} else if created {
			s.poke()
		}
		p.due = p.job.Spec.Next(p.due)
		p.fireAt = p.due.Add(jitter(p.job.Jitter, p.job.Schedule, p.target, p.due))
		s.setNext(p.job.Schedule, s.earliestDue(queue, p.job.Schedule))
	}
}

// catchUpHistory is how many of a target's newest scans are searched for its schedule's last run.
const catchUpHistory = 200

// maxCatchUpSteps bounds the walk from a schedule's last run to now: a year of a schedule running
// every minute, far beyond any pause worth catching up step by step.
const maxCatchUpSteps = 366 * 24 * 60

// catchUp queues, for each target of each schedule that has run before, the newest run missed while no
// server was running: a nightly scan missed by a restart at 02:00 runs at start instead of a day late.
// Only one per target: a week of missed nightly scans is one scan of the estate as it is now. The due
// time is the missed cron time, so replicas starting together queue it once.
func (s *Scheduler) catchUp(ctx context.Context, now time.Time) {
	for _, j := range s.opts.Jobs {
		for _, target := range j.Targets {
			scans, err := s.opts.Store.Scans(ctx, target, catchUpHistory)
			if err != nil {
				s.opts.Logger.Error("look for missed runs", "schedule", j.Schedule, "target", target, "error", err)
				continue
			}
			var last time.Time
			for _, sc := range scans {
				if sc.Schedule == j.Schedule && sc.DueAt.After(last) {
					last = sc.DueAt
				}
			}
			if last.IsZero() {
				continue // never ran: nothing was missed
			}
			var missed time.Time
			for t, steps := j.Spec.Next(last), 0; !t.IsZero() && !t.After(now) && steps < maxCatchUpSteps; t, steps = j.Spec.Next(t), steps+1 {
				missed = t
			}
			if missed.IsZero() {
				continue
			}
			if _, created, err := s.opts.Store.Enqueue(ctx, target, j.Schedule, "schedule", missed); err != nil {
				s.opts.Logger.Error("queue a missed run", "schedule", j.Schedule, "target", target, "due", missed, "error", err)
			} else if created {
				s.opts.Logger.Info("missed run queued", "schedule", j.Schedule, "target", target, "due", missed)
				s.poke()
			}
		}
	}
}

func (s *Scheduler) earliestDue(queue []pending, schedule string) time.Time {
	var t time.Time
	for _, p := range queue {
		if p.job.Schedule == schedule && (t.IsZero() || p.due.Before(t)) {
			t = p.due
		}
	}
	return t
}

func (s *Scheduler) setNext(schedule string, t time.Time) {
	s.mu.Lock()
	s.next[schedule] = t
	s.mu.Unlock()
}

// maintain marks scans of dead servers interrupted and prunes old scans.
func (s *Scheduler) maintain(ctx context.Context) {
	stale := 6 * s.opts.HeartbeatInterval
	lastPrune := time.Time{}
	for {
		now := s.opts.Clock.Now()
		if n, err := s.opts.Store.MarkInterrupted(ctx, now.Add(-stale), now); err != nil {
			if ctx.Err() == nil {
				s.opts.Logger.Error("mark interrupted scans", "error", err)
			}
		} else if n > 0 {
			s.opts.Logger.Warn("scans whose server stopped answering marked failed", "count", n)
		}
		if (s.opts.Retention.KeepScans > 0 || s.opts.Retention.MaxAge > 0) && now.Sub(lastPrune) >= s.opts.PruneInterval {
			if n, err := s.opts.Store.Prune(ctx, s.opts.Retention, now); err != nil {
				if ctx.Err() == nil {
					s.opts.Logger.Error("prune old scans", "error", err)
				}
			} else {
				lastPrune = now
				if n > 0 {
					s.opts.Logger.Info("old scans pruned", "count", n)
				}
			}
		}
		c, stop := s.opts.Clock.NewTimer(stale / 2)
		select {
		case <-ctx.Done():
			stop()
			return
		case <-c:
		}
	}
}

// work claims and runs scans until ctx ends; the scans themselves run under runCtx.
func (s *Scheduler) work(ctx, runCtx context.Context) {
	for ctx.Err() == nil {
		scan, err := s.opts.Store.Claim(ctx, s.opts.Owner, s.opts.Clock.Now())
		if err != nil && ctx.Err() == nil {
			s.opts.Logger.Error("claim a scan", "error", err)
		}
		if scan != nil {
			s.runOne(runCtx, *scan)
			continue
		}
		c, stop := s.opts.Clock.NewTimer(s.opts.PollInterval)
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-c:
		}
		stop()
	}
}

func (s *Scheduler) timeout(scan store.Scan) time.Duration {
	for _, j := range s.opts.Jobs {
		if j.Schedule == scan.Schedule && j.Timeout > 0 {
			return j.Timeout
		}
	}
	return s.opts.DefaultTimeout
}

// runOne runs a claimed scan and stores its outcome or its failure.
func (s *Scheduler) runOne(runCtx context.Context, scan store.Scan) {
	began := time.Now()
	log := s.opts.Logger.With("scan", scan.ID, "target", scan.Target, "schedule", scan.Schedule)
	log.Info("scan started")
	if s.opts.Events != nil {
		s.opts.Events.ScanStarted(scan)
	}
	timeout := s.timeout(scan)
	ctx, cancel := context.WithTimeout(runCtx, timeout)
	defer cancel()

	beat := make(chan struct{})
	go func() {
		defer close(beat)
		for {
			c, stop := s.opts.Clock.NewTimer(s.opts.HeartbeatInterval)
			select {
			case <-ctx.Done():
				stop()
				return
			case <-c:
			}
			if err := s.opts.Store.Heartbeat(ctx, scan.ID, s.opts.Owner, s.opts.Clock.Now()); err != nil && ctx.Err() == nil {
				log.Error("heartbeat", "error", err)
			}
		}
	}()

	out, err := s.safeRun(ctx, scan)
	cancel()
	<-beat
	took := time.Since(began)
	// Stored under a context of its own: a scan canceled at shutdown is still recorded as failed.
	storeCtx, storeCancel := context.WithTimeout(context.WithoutCancel(runCtx), time.Minute)
	defer storeCancel()
	if err == nil {
		changes, cerr := s.opts.Store.Complete(storeCtx, scan.ID, s.opts.Owner, s.opts.Clock.Now(), out)
		if cerr == nil {
			log.Info("scan completed", "took", took.Round(time.Millisecond), "new", len(changes.New), "resolved", len(changes.Resolved))
			if s.opts.Events != nil {
				s.opts.Events.ScanFinished(changes, out, took)
			}
			return
		}
		err = fmt.Errorf("store the results: %w", cerr)
	}
	msg := err.Error()
	switch {
	case runCtx.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		msg = fmt.Sprintf("timed out after %s", timeout)
	case runCtx.Err() != nil:
		msg = "canceled: vigil serve was stopped while the scan ran"
	}
	log.Error("scan failed", "error", msg)
	if ferr := s.opts.Store.Fail(storeCtx, scan.ID, s.opts.Owner, s.opts.Clock.Now(), msg); ferr != nil {
		log.Error("record the failure", "error", ferr)
	}
	if s.opts.Events != nil {
		scan.Status = store.ScanFailed
		scan.Error = msg
		s.opts.Events.ScanFailed(scan, msg, took)
	}
}

// safeRun turns a panic in a scan into a failed scan: one bad target must not stop the server.
func (s *Scheduler) safeRun(ctx context.Context, scan store.Scan) (out *store.Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	out, err = s.opts.Run(ctx, scan)
	if err == nil && out == nil {
		err = errors.New("internal error: the scan gave no outcome")
	}
	return out, err
}
