package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

// wait bounds every blocking step of a test. It is no timing assertion: a healthy run takes
// milliseconds, and only a deadlock or a blocked caller comes near it.
const wait = 5 * time.Second

type request struct {
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint answering with the statuses (and headers) of its script in turn,
// then 200.
type receiver struct {
	srv  *httptest.Server
	reqs chan request

	mu     sync.Mutex
	script []reply
}

type reply struct {
	status int
	header map[string]string
}

func newReceiver(t *testing.T, script ...reply) *receiver {
	t.Helper()
	r := &receiver{reqs: make(chan request, 1024), script: script}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		rep := reply{status: http.StatusOK}
		if len(r.script) > 0 {
			rep, r.script = r.script[0], r.script[1:]
		}
		r.mu.Unlock()
		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(rep.status)
		r.reqs <- request{header: req.Header.Clone(), body: body}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) next(t *testing.T) request {
	t.Helper()
	select {
	case req := <-r.reqs:
		return req
	case <-time.After(wait):
		t.Fatal("no request reached the receiver")
		return request{}
	}
}

// results collects OnResult calls.
type results struct {
	mu  sync.Mutex
	got map[string][]string
	ch  chan string
}

func newResults() *results {
	return &results{got: map[string][]string{}, ch: make(chan string, 100000)}
}

func (r *results) on(webhook, result string) {
	r.mu.Lock()
	r.got[webhook] = append(r.got[webhook], result)
	r.mu.Unlock()
	r.ch <- webhook + ":" + result
}

func (r *results) count(webhook, result string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, g := range r.got[webhook] {
		if g == result {
			n++
		}
	}
	return n
}

// await waits for the next result that is not a drop.
func (r *results) await(t *testing.T) string {
	t.Helper()
	for {
		select {
		case s := <-r.ch:
			if !strings.HasSuffix(s, ":"+ResultDropped) {
				return s
			}
		case <-time.After(wait):
			t.Fatal("no delivery result")
			return ""
		}
	}
}

// sleeps records the waits between attempts instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// logBuffer is a goroutine-safe sink for a slog handler.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// run starts n.Run and stops it, waiting for it to return, when the test ends.
func run(t *testing.T, n *Notifier) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(wait):
			t.Error("Run did not return after its context was cancelled")
		}
	})
}

func failedScan(id int64) store.Scan {
	fin := finished
	return store.Scan{ID: id, Target: "prod", Status: store.ScanFailed, FinishedAt: &fin}
}

func scanID(t *testing.T, body []byte) int64 {
	t.Helper()
	var p struct {
		ScanID int64 `json:"scan_id"`
	}
	require.NoError(t, json.Unmarshal(body, &p))
	return p.ScanID
}

func TestRetries(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		script      []reply
		maxAttempts int
		wantResult  string
		wantReqs    int
		// wantSleeps are exact waits; jittered ones are checked against their bound instead (0 here).
		wantSleeps []time.Duration
	}{
		{name: "500 then success", script: []reply{{status: 500}}, wantResult: ResultSent, wantReqs: 2, wantSleeps: []time.Duration{0}},
		{name: "502, 503, 504 then success", script: []reply{{status: 502}, {status: 503}, {status: 504}}, wantResult: ResultSent, wantReqs: 4, wantSleeps: []time.Duration{0, 0, 0}},
		{name: "408 is retried", script: []reply{{status: 408}}, wantResult: ResultSent, wantReqs: 2, wantSleeps: []time.Duration{0}},
		{
			name:       "429 with Retry-After seconds",
			script:     []reply{{status: 429, header: map[string]string{"Retry-After": "7"}}},
			wantResult: ResultSent, wantReqs: 2, wantSleeps: []time.Duration{7 * time.Second},
		},
		{
			name:       "503 with Retry-After date",
			script:     []reply{{status: 503, header: map[string]string{"Retry-After": now.Add(45 * time.Second).Format(http.TimeFormat)}}},
			wantResult: ResultSent, wantReqs: 2, wantSleeps: []time.Duration{45 * time.Second},
		},
		{
			name:       "Retry-After capped at MaxBackoff",
			script:     []reply{{status: 429, header: map[string]string{"Retry-After": "86400"}}},
			wantResult: ResultSent, wantReqs: 2, wantSleeps: []time.Duration{time.Minute},
		},
		{name: "400 is not retried", script: []reply{{status: 400}}, wantResult: ResultFailed, wantReqs: 1},
		{name: "404 is not retried", script: []reply{{status: 404}}, wantResult: ResultFailed, wantReqs: 1},
		{name: "redirect is not followed", script: []reply{{status: 302, header: map[string]string{"Location": "http://127.0.0.1:1/"}}}, wantResult: ResultFailed, wantReqs: 1},
		{
			name:        "gives up after MaxAttempts",
			script:      []reply{{status: 500}, {status: 500}, {status: 500}, {status: 500}, {status: 500}},
			maxAttempts: 4, wantResult: ResultFailed, wantReqs: 4, wantSleeps: []time.Duration{0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rcv := newReceiver(t, tt.script...)
			res, sl := newResults(), &sleeps{}
			n, err := New([]Webhook{{Name: "h", URL: rcv.srv.URL + "/hook"}}, Options{
				MaxAttempts: tt.maxAttempts, BaseBackoff: time.Second, MaxBackoff: time.Minute,
				Sleep: sl.sleep, Now: func() time.Time { return now }, OnResult: res.on,
			})
			require.NoError(t, err)
			run(t, n)
			n.ScanFailed(failedScan(1), "boom")

			assert.Equal(t, "h:"+tt.wantResult, res.await(t))
			for range tt.wantReqs {
				assert.Equal(t, int64(1), scanID(t, rcv.next(t).body), "every attempt sends the same message")
			}
			assert.Empty(t, rcv.reqs, "more requests than expected")
			got := sl.all()
			require.Len(t, got, len(tt.wantSleeps))
			for i, want := range tt.wantSleeps {
				if want != 0 {
					assert.Equal(t, want, got[i], "wait %d", i)
					continue
				}
				bound := min(time.Minute, time.Second<<i)
				assert.True(t, got[i] >= 0 && got[i] <= bound, "jittered wait %d is %s, outside [0, %s]", i, got[i], bound)
			}
		})
	}
}

func TestNetworkErrorsAreRetriedAndURLSecretsNeverLogged(t *testing.T) {
	const secretPath = "/services/T0001/B0002/XyZsEcReTtOkEn"
	const secretQuery = "token=QuErYsEcReT"
	var logs logBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	failing := newReceiver(t, reply{status: 500}, reply{status: 503}, reply{status: 400})
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close() // connection refused from now on

	res, sl := newResults(), &sleeps{}
	n, err := New([]Webhook{
		{Name: "slack-sec", URL: failing.srv.URL + secretPath + "?" + secretQuery, Format: FormatSlack},
		{Name: "gone", URL: deadURL + secretPath + "?" + secretQuery},
	}, Options{MaxAttempts: 3, QueueSize: 1, Sleep: sl.sleep, Logger: logger, OnResult: res.on})
	require.NoError(t, err)
	// Fill the queues before Run so that drops are logged too.
	n.ScanFailed(failedScan(1), "first")
	n.ScanFailed(failedScan(2), "second")
	run(t, n)

	got := map[string]bool{res.await(t): true, res.await(t): true}
	assert.Equal(t, map[string]bool{"slack-sec:" + ResultFailed: true, "gone:" + ResultFailed: true}, got)
	assert.Equal(t, 1, res.count("gone", ResultDropped), "scan 1 was dropped from the full queue")
	assert.Equal(t, 1, res.count("slack-sec", ResultDropped), "scan 1 was dropped from the full queue")
	assert.Contains(t, string(failing.next(t).body), "scan 2 of *prod* failed")
	assert.Len(t, sl.all(), 4, "two retries each: 500, 503 then 400; refused three times")

	out := logs.String()
	for _, secret := range []string{secretPath, "XyZsEcReTtOkEn", secretQuery, "QuErYsEcReT", "services/T0001"} {
		assert.NotContains(t, out, secret)
	}
	assert.Contains(t, out, "webhook=slack-sec")
	assert.Contains(t, out, "endpoint="+failing.srv.URL)
	assert.Contains(t, out, "endpoint="+deadURL)
	assert.Contains(t, out, "connection refused")
	assert.Contains(t, out, "queue full")
	assert.Contains(t, out, "status=400")
}

func TestNewRejectsBadWebhooksWithoutQuotingTheURL(t *testing.T) {
	const secret = "sEcReTpAtH"
	tests := []struct {
		name string
		hook Webhook
		want string
	}{
		{"not http", Webhook{URL: "ftp://example.test/" + secret}, `scheme "ftp"`},
		{"no scheme", Webhook{URL: "example.test/" + secret}, `scheme ""`},
		{"unparsable", Webhook{URL: "https://example.test/%zz" + secret}, "invalid URL"},
		{"no host", Webhook{URL: "https:///" + secret}, "no host"},
		{"user info", Webhook{URL: "https://user:" + secret + "@example.test/"}, "credentials"},
		{"format", Webhook{URL: "https://example.test/" + secret, Format: "teams"}, `format "teams"`},
		{"severity", Webhook{URL: "https://example.test/" + secret, MinSeverity: "urgent"}, `severity "urgent"`},
		{"event", Webhook{URL: "https://example.test/" + secret, Events: []string{"scan_done"}}, `event "scan_done"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New([]Webhook{tt.hook}, Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secret)
		})
	}
	_, err := New([]Webhook{{Name: "a", URL: "https://a.test/1"}, {Name: "a", URL: "https://b.test/2"}}, Options{})
	assert.ErrorContains(t, err, `name "a" is used twice`)

	n, err := New([]Webhook{{URL: "HTTPS://hooks.example.test/x"}}, Options{})
	require.NoError(t, err)
	h := n.queues[0].hook
	assert.Equal(t, "hooks.example.test", h.Name, "the name defaults to the host")
	assert.Equal(t, FormatJSON, h.Format)
	assert.Equal(t, "high", h.MinSeverity)
	assert.Len(t, h.events, 3)
}

func TestOrderPerWebhook(t *testing.T) {
	// Every third message fails once: a retry must happen before the next message goes out.
	var script []reply
	for i := 1; i <= 30; i++ {
		if i%3 == 0 {
			script = append(script, reply{status: 503})
		}
		script = append(script, reply{status: 200})
	}
	rcv := newReceiver(t, script...)
	res, sl := newResults(), &sleeps{}
	n, err := New([]Webhook{{Name: "h", URL: rcv.srv.URL}}, Options{Sleep: sl.sleep, OnResult: res.on})
	require.NoError(t, err)
	run(t, n)
	for i := int64(1); i <= 30; i++ {
		n.ScanFailed(failedScan(i), "boom")
	}
	var order []int64
	for range 40 {
		order = append(order, scanID(t, rcv.next(t).body))
	}
	var want []int64
	for i := int64(1); i <= 30; i++ {
		want = append(want, i)
		if i%3 == 0 {
			want = append(want, i)
		}
	}
	assert.Equal(t, want, order)
	assert.Len(t, sl.all(), 10)
}

func TestHangingReceiverBlocksNeitherCallerNorOtherWebhooks(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case entered <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	// Cleanups run last-in first-out: release the handler before the server waits for it.
	t.Cleanup(hanging.Close)
	t.Cleanup(func() { close(release) })
	healthy := newReceiver(t)

	res := newResults()
	n, err := New([]Webhook{{Name: "hanging", URL: hanging.URL}, {Name: "healthy", URL: healthy.srv.URL}},
		Options{QueueSize: 8, Timeout: time.Hour, DrainTimeout: 10 * time.Millisecond, OnResult: res.on})
	require.NoError(t, err)
	run(t, n)

	n.ScanFailed(failedScan(0), "first")
	select {
	case <-entered:
	case <-time.After(wait):
		t.Fatal("the hanging receiver was never called")
	}
	assert.Equal(t, int64(0), scanID(t, healthy.next(t).body))

	const calls = 10000
	c := changes()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 1; i <= calls; i++ {
			c.Scan.ID = int64(i)
			n.ScanFinished(c)
		}
	}()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("ScanFinished blocked behind a hanging receiver")
	}

	// Drop-oldest keeps the newest message, so the healthy webhook gets the last scan's however many
	// were dropped while it worked.
	for {
		if id := scanID(t, healthy.next(t).body); id == calls {
			break
		}
	}
	// Two messages per scan and webhook; the hanging queue keeps 8 and drops the rest.
	assert.Equal(t, 2*calls-8, res.count("hanging", ResultDropped))
	assert.GreaterOrEqual(t, n.Dropped(), int64(2*calls-8))
	assert.Zero(t, res.count("hanging", ResultSent))
}

func TestDropOldest(t *testing.T) {
	rcv := newReceiver(t)
	res := newResults()
	var logs logBuffer
	n, err := New([]Webhook{{Name: "h", URL: rcv.srv.URL}}, Options{QueueSize: 3, OnResult: res.on,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	for i := int64(1); i <= 10; i++ {
		n.ScanFailed(failedScan(i), "boom")
	}
	assert.Equal(t, int64(7), n.Dropped())
	assert.Equal(t, 7, res.count("h", ResultDropped))
	assert.Equal(t, 7, strings.Count(logs.String(), "queue full"))
	for id := 1; id <= 7; id++ {
		assert.Contains(t, logs.String(), "scan_id="+strconv.Itoa(id)+" ")
	}
	assert.NotContains(t, logs.String(), "scan_id=8 ")

	run(t, n)
	for _, want := range []int64{8, 9, 10} {
		assert.Equal(t, want, scanID(t, rcv.next(t).body))
	}
}

func TestSignature(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	rcv := newReceiver(t)
	n, err := New([]Webhook{
		{Name: "signed", URL: rcv.srv.URL + "/signed", Secret: "s3cr3t", Events: []string{EventScanFailed}},
	}, Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	run(t, n)
	n.ScanFailed(failedScan(7), "boom")
	req := rcv.next(t)

	assert.Equal(t, PayloadScanFailed, req.header.Get(HeaderEvent))
	assert.Equal(t, "application/json", req.header.Get("Content-Type"))
	assert.Len(t, req.header.Get(HeaderDelivery), 32)
	ts, sig := req.header.Get(HeaderTimestamp), req.header.Get(HeaderSignature)
	assert.Equal(t, strconv.FormatInt(now.Unix(), 10), ts)
	assert.True(t, strings.HasPrefix(sig, "sha256="), sig)
	assert.NotContains(t, string(req.body), "s3cr3t")

	require.NoError(t, Verify("s3cr3t", ts, sig, req.body, now.Add(time.Minute), 5*time.Minute))
	assert.ErrorContains(t, Verify("wrong", ts, sig, req.body, now, 5*time.Minute), "does not match")
	assert.ErrorContains(t, Verify("s3cr3t", ts, sig, append(req.body, ' '), now, 5*time.Minute), "does not match")
	assert.ErrorContains(t, Verify("s3cr3t", strconv.FormatInt(now.Unix()+1, 10), sig, req.body, now, 5*time.Minute), "does not match",
		"the timestamp is part of the signed content")
	assert.ErrorContains(t, Verify("s3cr3t", ts, sig, req.body, now.Add(time.Hour), 5*time.Minute), "beyond", "a replay an hour later")
	assert.ErrorContains(t, Verify("s3cr3t", "yesterday", sig, req.body, now, 5*time.Minute), "invalid")
}

func TestUnsignedWithoutSecret(t *testing.T) {
	rcv := newReceiver(t)
	n, err := New([]Webhook{{Name: "plain", URL: rcv.srv.URL}}, Options{})
	require.NoError(t, err)
	run(t, n)
	n.ScanFailed(failedScan(1), "boom")
	req := rcv.next(t)
	assert.Empty(t, req.header.Get(HeaderSignature))
	assert.Empty(t, req.header.Get(HeaderTimestamp))
	assert.Equal(t, PayloadScanFailed, req.header.Get(HeaderEvent))
}

func TestRunDrainsAfterCancel(t *testing.T) {
	rcv := newReceiver(t)
	res := newResults()
	n, err := New([]Webhook{{Name: "h", URL: rcv.srv.URL}}, Options{OnResult: res.on})
	require.NoError(t, err)
	for i := int64(1); i <= 3; i++ {
		n.ScanFailed(failedScan(i), "boom")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, n.Run(ctx), "Run with a done context still drains the queue")
	assert.Equal(t, 3, res.count("h", ResultSent))
	for _, want := range []int64{1, 2, 3} {
		assert.Equal(t, want, scanID(t, rcv.next(t).body))
	}
}

func TestDrainIsBounded(t *testing.T) {
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(hanging.Close)
	t.Cleanup(func() { close(release) })
	res := newResults()
	n, err := New([]Webhook{{Name: "h", URL: hanging.URL}}, Options{Timeout: time.Hour, DrainTimeout: 20 * time.Millisecond, OnResult: res.on})
	require.NoError(t, err)
	for i := int64(1); i <= 3; i++ {
		n.ScanFailed(failedScan(i), "boom")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(wait):
		t.Fatal("Run kept draining past DrainTimeout")
	}
	assert.Equal(t, 1, res.count("h", ResultFailed), "the message in flight is abandoned")
	assert.Equal(t, 2, res.count("h", ResultDropped), "the queued ones are dropped")
}

func TestClose(t *testing.T) {
	rcv := newReceiver(t)
	res := newResults()
	n, err := New([]Webhook{{Name: "h", URL: rcv.srv.URL}}, Options{OnResult: res.on})
	require.NoError(t, err)
	n.ScanFailed(failedScan(1), "queued without Run")
	n.Close()
	n.Close()
	assert.Equal(t, 1, res.count("h", ResultDropped))
	n.ScanFailed(failedScan(2), "after Close")
	assert.Equal(t, 2, res.count("h", ResultDropped))
	assert.ErrorIs(t, n.Run(context.Background()), ErrClosed)
	assert.Empty(t, rcv.reqs)
}

func TestCloseWaitsForRun(t *testing.T) {
	rcv := newReceiver(t)
	res := newResults()
	n, err := New([]Webhook{{Name: "h", URL: rcv.srv.URL}}, Options{OnResult: res.on})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- n.Run(context.Background()) }()
	n.ScanFailed(failedScan(1), "boom")
	assert.Equal(t, int64(1), scanID(t, rcv.next(t).body))

	closed := make(chan struct{})
	go func() { n.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(wait):
		t.Fatal("Close did not return")
	}
	n.mu.Lock()
	running := n.running
	n.mu.Unlock()
	assert.False(t, running, "Close returned before Run")
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(wait):
		t.Fatal("Run did not return")
	}
}

func TestSecondRunIsRefused(t *testing.T) {
	n, err := New(nil, Options{})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	// Run with no webhooks still waits for its context; poll until it has registered.
	require.Eventually(t, func() bool {
		n.mu.Lock()
		defer n.mu.Unlock()
		return n.running
	}, wait, time.Millisecond)
	assert.ErrorContains(t, n.Run(ctx), "already running")
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(wait):
		t.Fatal("Run did not return")
	}
}
