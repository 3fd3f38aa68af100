package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

// Limits of list queries: the default, and the cap (larger limits are lowered to it, not refused).
const (
	defaultLimit = 100
	maxLimit     = 1000
	// historyLimit is how many completed scans the charts span.
	historyLimit = 60
)

// validName accepts a target name, control id or similar identifier: non-empty, at most 200
// characters, and no control or format characters (a bidi override in a name would make the page lie
// about what it shows).
func validName(s string) error {
	if s == "" {
		return fmt.Errorf("empty")
	}
	if len(s) > 200 || !utf8.ValidString(s) {
		return fmt.Errorf("too long or not UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("contains control or format character %U", r)
		}
	}
	return nil
}

// target returns the {name} path parameter when it names a configured target or one with history.
func (s *server) target(r *http.Request) (string, error) {
	name := r.PathValue("name")
	if err := validName(name); err != nil {
		return "", errStatus(http.StatusBadRequest, "invalid target name: %v", err)
	}
	if _, ok := s.targets[name]; ok {
		return name, nil
	}
	ts, err := s.opts.Store.Targets(r.Context())
	if err != nil {
		return "", fmt.Errorf("list targets: %w", err)
	}
	if slices.ContainsFunc(ts, func(t store.TargetStatus) bool { return t.Name == name }) {
		return name, nil
	}
	return "", errStatus(http.StatusNotFound, "unknown target %q", name)
}

// scanID parses the {id} path parameter and loads the scan.
func (s *server) scan(r *http.Request) (*store.Scan, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, errStatus(http.StatusBadRequest, "invalid scan id %q: a positive integer", raw)
	}
	sc, err := s.opts.Store.Scan(r.Context(), id)
	if err != nil {
		if isNotFound(err) {
			return nil, errStatus(http.StatusNotFound, "scan %d not found", id)
		}
		return nil, fmt.Errorf("load scan %d: %w", id, err)
	}
	return sc, nil
}

// completedScan is scan, refusing a scan that has no results yet (or never will).
func (s *server) completedScan(r *http.Request) (*store.Scan, error) {
	sc, err := s.scan(r)
	if err != nil {
		return nil, err
	}
	if sc.Status != store.ScanCompleted {
		return nil, errStatus(http.StatusConflict, "scan %d is %s: it has no results", sc.ID, sc.Status)
	}
	return sc, nil
}

// framework returns the {framework} path parameter when it is a known framework id.
func framework(r *http.Request) (string, error) {
	fw := r.PathValue("framework")
	if !slices.Contains(engine.Frameworks, fw) {
		return "", errStatus(http.StatusNotFound, "unknown framework %q", truncate(fw, 100))
	}
	return fw, nil
}

func control(r *http.Request) (string, error) {
	c := r.PathValue("control")
	if err := validName(c); err != nil {
		return "", errStatus(http.StatusBadRequest, "invalid control id: %v", err)
	}
	return c, nil
}

// fingerprint returns the {fingerprint} path parameter: lowercase hex, as engine.Fingerprint writes it.
func fingerprint(r *http.Request) (string, error) {
	fp := r.PathValue("fingerprint")
	ok := len(fp) >= 16 && len(fp) <= 64
	for i := 0; ok && i < len(fp); i++ {
		ok = fp[i] >= '0' && fp[i] <= '9' || fp[i] >= 'a' && fp[i] <= 'f'
	}
	if !ok {
		return "", errStatus(http.StatusBadRequest, "invalid fingerprint: 16 to 64 lowercase hex digits")
	}
	return fp, nil
}

// limit parses ?limit=: a positive integer, def when absent, lowered to maxLimit.
func limit(r *http.Request, def int) (int, error) {
	raw := r.URL.Query().Get("limit")
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 {
		return 0, errStatus(http.StatusBadRequest, "invalid limit %q: a positive integer", truncate(raw, 40))
	}
	return min(n, maxLimit), nil
}

// change parses ?change=: empty, new, unchanged or resolved.
func change(r *http.Request) (string, error) {
	c := r.URL.Query().Get("change")
	switch c {
	case "", store.ChangeNew, store.ChangeUnchanged, store.ChangeResolved, store.ChangeUnjudged:
		return c, nil
	}
	return "", errStatus(http.StatusBadRequest, "invalid change %q: new, unchanged or resolved", truncate(c, 40))
}

// page parses ?page= (1-based) for the dashboard's scan lists.
func page(r *http.Request, maxPage int) (int, error) {
	raw := r.URL.Query().Get("page")
	if raw == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 || n > maxPage {
		return 0, errStatus(http.StatusBadRequest, "invalid page %q: 1 to %d", truncate(raw, 40), maxPage)
	}
	return n, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func isNotFound(err error) bool { return err != nil && errors.Is(err, store.ErrNotFound) }

// latestCompleted returns the target's newest completed scan, nil when it has none.
func (s *server) latestCompleted(ctx context.Context, target string) (*store.Scan, error) {
	ts, err := s.opts.Store.Targets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	for _, t := range ts {
		if t.Name == target {
			return t.LatestCompleted, nil
		}
	}
	return nil, nil
}
