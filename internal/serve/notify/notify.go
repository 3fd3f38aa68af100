// Package notify tells webhooks what a finished scan of `vigil serve` found: new findings at or above
// a severity, DR objectives that started failing, and scans that failed. Payloads are a generic JSON
// document or a Slack-compatible message, optionally signed with HMAC-SHA256.
//
// Notifications never slow a scan down: ScanFinished and ScanFailed only build the messages and put
// them on one bounded queue per webhook, dropping the oldest message when a queue is full. Run
// delivers each webhook's queue in order on its own goroutine, so a receiver that hangs delays only
// its own messages, and retries with exponential backoff and full jitter.
//
// A webhook URL is a secret (a Slack incoming-webhook URL is its own credential): logs and errors
// name a webhook by its Name and scheme://host only, never its path or query.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

// Events a webhook can subscribe to in Webhook.Events.
const (
	EventNewFinding      = "new_finding"
	EventObjectiveMissed = "objective_missed"
	EventScanFailed      = "scan_failed"
)

// Formats of Webhook.Format.
const (
	FormatJSON  = "json"
	FormatSlack = "slack"
)

// Results reported to Options.OnResult, one per message: delivered, given up on after the retries
// or a permanent error, or dropped before delivery (queue full, shut down before it could be sent).
const (
	ResultSent    = "sent"
	ResultFailed  = "failed"
	ResultDropped = "dropped"
)

// ErrClosed is returned by Run after Close.
var ErrClosed = errors.New("notify: notifier closed")

// Webhook is one receiver of notifications.
type Webhook struct {
	// Name identifies the webhook in logs and metrics; it defaults to the URL's host.
	Name string
	// URL is where messages are POSTed; http or https only. It is treated as a secret.
	URL string
	// Format is "json" (the default) or "slack".
	Format string
	// MinSeverity is the lowest severity of a new finding worth a message: critical, high (the
	// default), medium, low or info.
	MinSeverity string
	// Events subscribes to a subset of new_finding, objective_missed and scan_failed; empty means all.
	Events []string
	// Secret, when set, signs every message with HMAC-SHA256 (see the X-Vigil-Signature header).
	Secret string
}

// Options tune delivery. Zero values take the defaults.
type Options struct {
	// QueueSize is the capacity of each webhook's queue (default 256 messages).
	QueueSize int
	// MaxAttempts is how many times a message is tried before it is given up (default 6).
	MaxAttempts int
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
	// BaseBackoff and MaxBackoff bound the wait before a retry: attempt n waits a random duration up
	// to min(MaxBackoff, BaseBackoff·2ⁿ⁻¹) (defaults 1 s and 5 min). A Retry-After is honoured up to
	// MaxBackoff.
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	// DrainTimeout bounds how long Run keeps delivering queued messages after its context is done or
	// Close is called (default 10 s).
	DrainTimeout time.Duration
	// Client sends the requests. The default follows no redirects: a webhook that redirects is
	// misconfigured, and following would re-send a signed body to wherever it points.
	Client *http.Client
	// Sleep waits between attempts; it must return early with an error when ctx is done. Tests
	// inject it to retry without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for payload times and signature timestamps (default time.Now).
	Now func() time.Time
	// Logger receives delivery failures and drops (default: discarded).
	Logger *slog.Logger
	// OnResult, when set, is called once per message with the webhook's Name and ResultSent,
	// ResultFailed or ResultDropped; metrics.Metrics.Notification fits it.
	OnResult func(webhook, result string)
}

// Notifier queues and delivers notifications. Its methods are safe for concurrent use.
type Notifier struct {
	opts   Options
	queues []*queue

	dropped atomic.Int64

	mu      sync.Mutex
	closed  bool
	running bool
	stop    chan struct{} // closed by Close
	runDone chan struct{} // closed when the current Run returns
}

// hook is a validated Webhook.
type hook struct {
	Webhook
	minRank  int
	events   map[string]bool
	endpoint string // scheme://host, the only part of the URL that may be logged
}

// New validates the webhooks and returns a Notifier for them. Nothing is sent before Run.
func New(hooks []Webhook, opts Options) (*Notifier, error) {
	if opts.QueueSize <= 0 {
		opts.QueueSize = 256
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 6
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Minute
	}
	if opts.MaxBackoff < opts.BaseBackoff {
		opts.MaxBackoff = opts.BaseBackoff
	}
	if opts.DrainTimeout <= 0 {
		opts.DrainTimeout = 10 * time.Second
	}
	if opts.Client == nil {
		opts.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}

	n := &Notifier{opts: opts, stop: make(chan struct{})}
	names := map[string]bool{}
	for i, w := range hooks {
		h, err := validate(w)
		if err != nil {
			// The position and name, not the URL: the URL may be the secret that is wrong.
			label := fmt.Sprintf("webhook %d", i+1)
			if w.Name != "" {
				label += fmt.Sprintf(" (%s)", w.Name)
			}
			return nil, fmt.Errorf("notify: %s: %w", label, err)
		}
		if names[h.Name] {
			return nil, fmt.Errorf("notify: webhook %d: name %q is used twice", i+1, h.Name)
		}
		names[h.Name] = true
		n.queues = append(n.queues, &queue{hook: h, limit: opts.QueueSize, signal: make(chan struct{}, 1)})
	}
	return n, nil
}

func validate(w Webhook) (*hook, error) {
	u, err := url.Parse(w.URL)
	if err != nil {
		// url.Error quotes the whole URL; say only what kind of problem it is.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("invalid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("URL has no host")
	}
	if u.User != nil {
		return nil, errors.New("URL must not carry credentials in user info; use Secret or a token in the path")
	}
	h := &hook{Webhook: w, endpoint: u.Scheme + "://" + u.Host, events: map[string]bool{}}
	if h.Name == "" {
		h.Name = u.Host
	}
	switch h.Format = strings.ToLower(h.Format); h.Format {
	case "":
		h.Format = FormatJSON
	case FormatJSON, FormatSlack:
	default:
		return nil, fmt.Errorf("format %q is not json or slack", w.Format)
	}
	if h.MinSeverity = strings.ToLower(h.MinSeverity); h.MinSeverity == "" {
		h.MinSeverity = "high"
	}
	if h.minRank = severityRank[h.MinSeverity]; h.minRank == 0 {
		return nil, fmt.Errorf("min severity %q is not critical, high, medium, low or info", w.MinSeverity)
	}
	for _, e := range w.Events {
		switch e {
		case EventNewFinding, "new_findings": // the payload's event name is accepted too
			h.events[EventNewFinding] = true
		case EventObjectiveMissed, EventScanFailed:
			h.events[e] = true
		default:
			return nil, fmt.Errorf("event %q is not new_finding, objective_missed or scan_failed", e)
		}
	}
	if len(h.events) == 0 {
		h.events = map[string]bool{EventNewFinding: true, EventObjectiveMissed: true, EventScanFailed: true}
	}
	return h, nil
}

// ScanFinished queues, for each webhook, one message with the scan's new findings that reach its
// severity and one with the newly missed DR objectives. It never blocks on delivery.
func (n *Notifier) ScanFinished(changes *store.Changes) {
	if changes == nil {
		return
	}
	for _, q := range n.queues {
		for _, m := range buildFinished(q.hook, changes, n.opts.Now) {
			n.enqueue(q, m)
		}
	}
}

// ScanFailed queues a scan_failed message for each webhook subscribed to it. It never blocks on
// delivery.
func (n *Notifier) ScanFailed(scan store.Scan, msg string) {
	for _, q := range n.queues {
		if m := buildFailed(q.hook, scan, msg, n.opts.Now); m != nil {
			n.enqueue(q, m)
		}
	}
}

// Dropped is how many messages were dropped before delivery, over all webhooks.
func (n *Notifier) Dropped() int64 { return n.dropped.Load() }

func (n *Notifier) enqueue(q *queue, m *message) {
	// The push happens under n.mu so that Close, which empties the queues after marking the
	// notifier closed, cannot miss a message pushed while it runs.
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		n.drop(q.hook, m, "notifier closed")
		return
	}
	old := q.push(m)
	n.mu.Unlock()
	if old != nil {
		n.drop(q.hook, old, "queue full, dropped the oldest message")
	}
}

func (n *Notifier) drop(h *hook, m *message, why string) {
	n.dropped.Add(1)
	n.opts.Logger.Warn("notification dropped", "webhook", h.Name, "endpoint", h.endpoint,
		"event", m.event, "target", m.target, "scan_id", m.scanID, "reason", why)
	n.result(h, ResultDropped)
}

func (n *Notifier) result(h *hook, r string) {
	if n.opts.OnResult != nil {
		n.opts.OnResult(h.Name, r)
	}
}

// Run delivers queued messages until ctx is done or Close is called, then keeps delivering what is
// queued for at most Options.DrainTimeout, drops the rest, and returns. It returns ErrClosed after
// Close, and an error when another Run is in progress. Messages queued while no Run is active wait
// for the next Run (it may be called again after it returned) or are dropped by Close.
func (n *Notifier) Run(ctx context.Context) error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return ErrClosed
	}
	if n.running {
		n.mu.Unlock()
		return errors.New("notify: Run is already running")
	}
	n.running = true
	done := make(chan struct{})
	n.runDone = done
	n.mu.Unlock()
	defer func() {
		n.mu.Lock()
		n.running = false
		n.mu.Unlock()
		close(done)
	}()

	// Deliveries get their own context so that the drain can finish a request in flight when ctx is
	// cancelled; it is cancelled when the drain runs out of time.
	dctx, dcancel := context.WithCancel(context.WithoutCancel(ctx))
	defer dcancel()
	stopping := make(chan struct{})
	workersDone := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-n.stop:
		case <-workersDone:
			return
		}
		close(stopping)
		t := time.NewTimer(n.opts.DrainTimeout)
		defer t.Stop()
		select {
		case <-t.C:
			dcancel()
		case <-workersDone:
		}
	}()

	if len(n.queues) == 0 {
		// Nothing to deliver, but callers expect Run to last as long as its context.
		<-stopping
	}
	var wg sync.WaitGroup
	for _, q := range n.queues {
		wg.Go(func() { n.work(dctx, stopping, q) })
	}
	wg.Wait()
	close(workersDone)
	return nil
}

// work delivers one webhook's messages in order.
func (n *Notifier) work(ctx context.Context, stopping <-chan struct{}, q *queue) {
	for {
		if m := q.pop(); m != nil {
			if ctx.Err() != nil {
				n.drop(q.hook, m, "shut down before delivery")
				continue
			}
			n.deliver(ctx, q.hook, m)
			continue
		}
		select {
		case <-stopping:
			if q.len() == 0 {
				return
			}
		case <-q.signal:
		}
	}
}

// Close stops taking events, lets a running Run drain its queues (within Options.DrainTimeout) and
// waits for it to return. Messages still queued without a Run are dropped. Close is idempotent.
func (n *Notifier) Close() {
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		close(n.stop)
	}
	running, done := n.running, n.runDone
	n.mu.Unlock()
	if running {
		<-done
		return
	}
	for _, q := range n.queues {
		for m := q.pop(); m != nil; m = q.pop() {
			n.drop(q.hook, m, "notifier closed")
		}
	}
}

// queue is one webhook's bounded FIFO. A slice behind a mutex rather than a channel, because
// dropping the oldest element of a full channel races with the worker receiving it.
type queue struct {
	hook   *hook
	limit  int
	signal chan struct{} // capacity 1: "something was pushed"

	mu    sync.Mutex
	items []*message
}

// push appends m and returns the oldest message when the queue was full and lost it.
func (q *queue) push(m *message) (dropped *message) {
	q.mu.Lock()
	if len(q.items) >= q.limit {
		dropped = q.items[0]
		q.items[0] = nil
		q.items = q.items[1:]
	}
	q.items = append(q.items, m)
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
	return dropped
}

func (q *queue) pop() *message {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return nil
	}
	m := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	return m
}

func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
