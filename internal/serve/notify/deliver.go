package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Headers of every delivery.
const (
	HeaderEvent     = "X-Vigil-Event"
	HeaderDelivery  = "X-Vigil-Delivery"
	HeaderTimestamp = "X-Vigil-Timestamp"
	HeaderSignature = "X-Vigil-Signature"
)

// Sign returns the X-Vigil-Signature value of body sent at timestamp (Unix seconds, the
// X-Vigil-Timestamp header): "sha256=" and the hex HMAC-SHA256, keyed with the webhook's secret, of
// the timestamp, a dot and the body. Signing the timestamp lets a receiver reject old messages
// replayed with their valid signature.
func Sign(secret string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a delivery's signature as a receiver should: the signature must match the timestamp
// and body, compared in constant time, and the timestamp must be within tolerance of now.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("notify: invalid %s: %w", HeaderTimestamp, err)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("notify: %s is %s away from now, beyond %s", HeaderTimestamp, d.Round(time.Second), tolerance)
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return errors.New("notify: signature does not match")
	}
	return nil
}

// maxResponseBody is how much of a response is read so that the connection can be reused; webhook
// receivers answer with a few bytes, and a hostile one must not make vigil read forever.
const maxResponseBody = 64 << 10

// deliver sends m to h until it is accepted, fails permanently or runs out of attempts.
func (n *Notifier) deliver(ctx context.Context, h *hook, m *message) {
	id := deliveryID()
	for attempt := 1; ; attempt++ {
		status, retryAfter, err := n.send(ctx, h, m, id)
		if err == nil && status >= 200 && status < 300 {
			n.opts.Logger.Debug("notification sent", "webhook", h.Name, "endpoint", h.endpoint,
				"event", m.event, "target", m.target, "scan_id", m.scanID, "attempt", attempt)
			n.result(h, ResultSent)
			return
		}
		retry := err != nil || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
		attrs := []any{"webhook", h.Name, "endpoint", h.endpoint, "event", m.event,
			"target", m.target, "scan_id", m.scanID, "attempt", attempt}
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		} else {
			attrs = append(attrs, "status", status)
		}
		if !retry || attempt >= n.opts.MaxAttempts || ctx.Err() != nil {
			if !retry {
				attrs = append(attrs, "reason", "not retryable")
			}
			n.opts.Logger.Warn("notification failed, giving up", attrs...)
			n.result(h, ResultFailed)
			return
		}
		wait := n.backoff(attempt, retryAfter)
		n.opts.Logger.Info("notification failed, retrying", append(attrs, "retry_in", wait)...)
		if err := n.opts.Sleep(ctx, wait); err != nil {
			n.opts.Logger.Warn("notification failed, giving up: shutting down", attrs...)
			n.result(h, ResultFailed)
			return
		}
	}
}

// backoff is the wait after the given failed attempt: the receiver's Retry-After when it sent one,
// else full jitter (a uniform random wait up to the exponential bound) so that webhooks failing
// together do not retry in lockstep. Both are capped at MaxBackoff.
func (n *Notifier) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, n.opts.MaxBackoff)
	}
	bound := n.opts.MaxBackoff
	if shift := attempt - 1; shift < 62 {
		if b := n.opts.BaseBackoff << shift; b > 0 && b < bound && b>>shift == n.opts.BaseBackoff {
			bound = b
		}
	}
	return time.Duration(mrand.Int64N(int64(bound) + 1))
}

// send makes one attempt. Its error never holds the URL: net/http quotes the whole URL, path and
// query included, in its errors, and those are the secret of a Slack webhook.
func (n *Notifier) send(ctx context.Context, h *hook, m *message, id string) (status int, retryAfter time.Duration, err error) {
	rctx, cancel := context.WithTimeout(ctx, n.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, h.URL, bytes.NewReader(m.body))
	if err != nil {
		return 0, 0, errors.New("building the request failed")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "vigil-notify")
	req.Header.Set(HeaderEvent, m.event)
	req.Header.Set(HeaderDelivery, id)
	if h.Secret != "" {
		ts := n.opts.Now().Unix()
		req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(HeaderSignature, Sign(h.Secret, ts, m.body))
	}
	resp, err := n.opts.Client.Do(req)
	if err != nil {
		return 0, 0, redact(err, h.URL)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBody))
	return resp.StatusCode, parseRetryAfter(resp.Header.Get("Retry-After"), n.opts.Now()), nil
}

// redact turns a client error into one that says what went wrong without the URL.
func redact(err error, rawURL string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := err.Error()
	// A wrapped error could still quote the URL; the URL parsed at New, so these are non-empty.
	if u, perr := url.Parse(rawURL); perr == nil {
		msg = strings.ReplaceAll(msg, rawURL, u.Scheme+"://"+u.Host+"/[redacted]")
		if rest := u.RequestURI(); rest != "/" {
			msg = strings.ReplaceAll(msg, rest, "/[redacted]")
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("request timed out: %s", msg)
	}
	return errors.New(msg)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date. It returns 0 when there
// is none or it cannot be read, which makes the caller use its own backoff.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(365*24*time.Hour/time.Second) {
			// Beyond any MaxBackoff; avoid overflowing the Duration.
			return 365 * 24 * time.Hour
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// deliveryID names one message across its attempts, so that a receiver can ignore a retry of a
// message it already processed but whose answer was lost.
func deliveryID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
