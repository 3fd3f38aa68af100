package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	// Marshalling a string cannot fail.
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// orEmpty makes a nil list an empty JSON array rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// targetInfo is a target as the API and the pages list it: its configuration (when configured) and
// its latest scans.
type targetInfo struct {
	Target
	// Configured is false for a target that has history but is no longer in the configuration.
	Configured      bool        `json:"configured"`
	Latest          *store.Scan `json:"latest,omitempty"`
	LatestCompleted *store.Scan `json:"latest_completed,omitempty"`
}

// targetInfos lists the configured targets in configuration order, then those known only from history
// by name.
func (s *server) targetInfos(ctx context.Context) ([]targetInfo, error) {
	statuses, err := s.opts.Store.Targets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	byName := make(map[string]store.TargetStatus, len(statuses))
	for _, st := range statuses {
		byName[st.Name] = st
	}
	out := make([]targetInfo, 0, len(s.opts.Targets)+len(statuses))
	for _, t := range s.opts.Targets {
		if s.opts.NextRun != nil {
			t.Schedules = slices.Clone(t.Schedules)
			for i := range t.Schedules {
				t.Schedules[i].Next = s.opts.NextRun(t.Schedules[i].Name)
			}
		}
		st := byName[t.Name]
		out = append(out, targetInfo{Target: t, Configured: true, Latest: st.Latest, LatestCompleted: st.LatestCompleted})
	}
	var extra []targetInfo
	for _, st := range statuses {
		if _, ok := s.targets[st.Name]; !ok {
			extra = append(extra, targetInfo{Target: Target{Name: st.Name}, Latest: st.Latest, LatestCompleted: st.LatestCompleted})
		}
	}
	slices.SortFunc(extra, func(a, b targetInfo) int { return strings.Compare(a.Name, b.Name) })
	return append(out, extra...), nil
}

func (s *server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.targetInfos(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"targets": ts})
}

func (s *server) apiScans(w http.ResponseWriter, r *http.Request) error {
	target := r.URL.Query().Get("target")
	if target != "" {
		r.SetPathValue("name", target)
		var err error
		if target, err = s.target(r); err != nil {
			return err
		}
	}
	n, err := limit(r, defaultLimit)
	if err != nil {
		return err
	}
	scans, err := s.opts.Store.Scans(r.Context(), target, n)
	if err != nil {
		return fmt.Errorf("list scans: %w", err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"scans": orEmpty(scans)})
}

func (s *server) apiScan(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.scan(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sc)
}

func (s *server) apiFindings(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.completedScan(r)
	if err != nil {
		return err
	}
	ch, err := change(r)
	if err != nil {
		return err
	}
	fs, err := s.opts.Store.Findings(r.Context(), sc.ID, ch)
	if err != nil {
		return fmt.Errorf("list findings of scan %d: %w", sc.ID, err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"scan_id": sc.ID, "findings": orEmpty(fs)})
}

// scanControls reads the control states of the completed scan and framework the request's path names.
func (s *server) scanControls(r *http.Request) (*store.Scan, string, []store.ControlState, error) {
	sc, err := s.completedScan(r)
	if err != nil {
		return nil, "", nil, err
	}
	fw, err := framework(r)
	if err != nil {
		return nil, "", nil, err
	}
	cs, err := s.opts.Store.Controls(r.Context(), sc.ID, fw)
	if err != nil {
		return nil, "", nil, fmt.Errorf("list controls of scan %d: %w", sc.ID, err)
	}
	return sc, fw, cs, nil
}

func (s *server) apiControls(w http.ResponseWriter, r *http.Request) error {
	sc, fw, cs, err := s.scanControls(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"scan_id": sc.ID, "framework": fw, "controls": orEmpty(cs)})
}

func (s *server) apiDR(w http.ResponseWriter, r *http.Request) error {
	return writeScanList(s, w, r, "objectives", "DR objectives", s.opts.Store.DR)
}

func (s *server) apiWaivers(w http.ResponseWriter, r *http.Request) error {
	return writeScanList(s, w, r, "waivers", "waivers", s.opts.Store.Waivers)
}

// writeScanList answers with what list reads for the completed scan the path names, under key.
func writeScanList[T any](s *server, w http.ResponseWriter, r *http.Request, key, what string,
	list func(ctx context.Context, scanID int64) ([]T, error)) error {
	sc, err := s.completedScan(r)
	if err != nil {
		return err
	}
	items, err := list(r.Context(), sc.ID)
	if err != nil {
		return fmt.Errorf("list %s of scan %d: %w", what, sc.ID, err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"scan_id": sc.ID, key: orEmpty(items)})
}

func (s *server) apiReport(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.completedScan(r)
	if err != nil {
		return err
	}
	rep, err := s.opts.Store.Report(r.Context(), sc.ID)
	if err != nil {
		if isNotFound(err) {
			return errStatus(http.StatusNotFound, "scan %d has no stored report", sc.ID)
		}
		return fmt.Errorf("load report of scan %d: %w", sc.ID, err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(rep)))
	_, _ = w.Write(rep)
	return nil
}

func (s *server) apiPosture(w http.ResponseWriter, r *http.Request) error {
	target, err := s.target(r)
	if err != nil {
		return err
	}
	n, err := limit(r, defaultLimit)
	if err != nil {
		return err
	}
	ps, err := s.opts.Store.Posture(r.Context(), target, n)
	if err != nil {
		return fmt.Errorf("posture of %s: %w", target, err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"target": target, "posture": orEmpty(ps)})
}

func (s *server) apiTargetDR(w http.ResponseWriter, r *http.Request) error {
	target, err := s.target(r)
	if err != nil {
		return err
	}
	n, err := limit(r, defaultLimit)
	if err != nil {
		return err
	}
	pts, err := s.opts.Store.DRHistory(r.Context(), target, n)
	if err != nil {
		return fmt.Errorf("DR history of %s: %w", target, err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"target": target, "history": orEmpty(pts)})
}

// findingHistory reads the history of the finding the request's path names, in target.
func (s *server) findingHistory(r *http.Request, target string) (*store.FindingHistory, error) {
	fp, err := fingerprint(r)
	if err != nil {
		return nil, err
	}
	h, err := s.opts.Store.FindingHistory(r.Context(), target, fp)
	if err != nil {
		if isNotFound(err) {
			return nil, errStatus(http.StatusNotFound, "no finding %s in %q", fp, target)
		}
		return nil, fmt.Errorf("history of finding %s: %w", fp, err)
	}
	return h, nil
}

func (s *server) apiFindingHistory(w http.ResponseWriter, r *http.Request) error {
	target, err := s.target(r)
	if err != nil {
		return err
	}
	h, err := s.findingHistory(r, target)
	if err != nil {
		return err
	}
	h.Events = orEmpty(h.Events)
	return writeJSON(w, http.StatusOK, h)
}

// controlPath reads the target, framework and control a control's history path names.
func (s *server) controlPath(r *http.Request) (target, fw, ctl string, err error) {
	if target, err = s.target(r); err != nil {
		return "", "", "", err
	}
	if fw, err = framework(r); err != nil {
		return "", "", "", err
	}
	if ctl, err = control(r); err != nil {
		return "", "", "", err
	}
	return target, fw, ctl, nil
}

func (s *server) apiControlHistory(w http.ResponseWriter, r *http.Request) error {
	target, fw, ctl, err := s.controlPath(r)
	if err != nil {
		return err
	}
	n, err := limit(r, defaultLimit)
	if err != nil {
		return err
	}
	hist, err := s.opts.Store.ControlHistory(r.Context(), target, fw, ctl, n)
	if err != nil {
		return fmt.Errorf("history of control %s: %w", ctl, err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"target": target, "framework": fw, "control": ctl, "history": orEmpty(hist)})
}

// trigger queues a scan of the {name} target, which must be configured.
func (s *server) trigger(r *http.Request, how string) (string, int64, error) {
	name := r.PathValue("name")
	if _, ok := s.targets[name]; !ok {
		return "", 0, errStatus(http.StatusNotFound, "unknown target %q", truncate(name, 200))
	}
	if s.opts.Trigger == nil {
		return "", 0, errStatus(http.StatusServiceUnavailable, "this server cannot trigger scans")
	}
	id, err := s.opts.Trigger(r.Context(), name, how)
	if err != nil {
		return "", 0, fmt.Errorf("trigger scan of %s: %w", name, err)
	}
	s.opts.Logger.InfoContext(r.Context(), "scan triggered", "target", name, "trigger", how, "scan", id)
	return name, id, nil
}

func (s *server) apiTrigger(w http.ResponseWriter, r *http.Request) error {
	name, id, err := s.trigger(r, "api")
	if err != nil {
		return err
	}
	loc := "/api/v1/scans/" + strconv.FormatInt(id, 10)
	w.Header().Set("Location", loc)
	return writeJSON(w, http.StatusAccepted, map[string]any{"id": id, "target": name, "status": store.ScanQueued, "url": loc})
}
