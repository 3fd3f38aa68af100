package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

//go:embed templates/*.tmpl static/*
var files embed.FS

// clipChars is how much of a resource id or message a table row shows.
const clipChars = 300

// scansPerPage is the length of a target page's scan list.
const scansPerPage = 25

// findingsPerPage bounds the findings one scan page lists: a large estate's scan holds hundreds of
// thousands, which the JSON API gives whole.
const findingsPerPage = 500

// maxFindingsPage bounds the page number a request may ask for (5 million findings).
const maxFindingsPage = 10000

// waiverHorizon is how far ahead the overview warns of expiring waivers.
const waiverHorizon = 30 * 24 * time.Hour

type pageTemplate = template.Template

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"whenp": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"statusClass": statusClass,
	"sevClass":    sevClass,
	"changeClass": func(c string) string {
		if c == store.ChangeNew || c == store.ChangeResolved {
			return "change-" + c
		}
		return "change-unchanged"
	},
	"fwTitle": engine.FrameworkTitle,
	// pathEsc escapes one path segment: html/template keeps "/", "?" and "#" of a value in a URL, which
	// would let a target or control name change which route a link leads to.
	"pathEsc": url.PathEscape,
	"join":    strings.Join,
	// clip shortens a value in a table; the finding's own page shows it whole.
	"clip":       func(s string) string { return truncate(s, clipChars) },
	"add":        func(a, b int) int { return a + b },
	"sub":        func(a, b int) int { return a - b },
	"scanNowFor": func(name, csrf string) scanNowView { return scanNowView{Name: name, CSRF: csrf} },
	"findingsFor": func(target string, fs []store.Finding) findingsView {
		return findingsView{Target: target, Findings: fs}
	},
}

type scanNowView struct{ Name, CSRF string }

type findingsView struct {
	Target   string
	Findings []store.Finding
}

// statusClass maps a status from the store to one of the stylesheet's classes.
func statusClass(s string) string {
	switch s {
	case "pass", "passing", "met", "completed", "active":
		return "pass"
	case "fail", "failing", "missed", "failed", "newly_missed", "expired":
		return "fail"
	case "unknown", "running", "queued", "expiring":
		return "unknown"
	case "waived":
		return "waived"
	}
	return "other"
}

// sevClass maps a severity to its class in the stylesheet.
func sevClass(s string) string {
	switch s {
	case "critical", "high", "medium", "low":
		return "sev-" + s
	}
	return "sev-info"
}

func parsePages() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(files, "templates/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.tmpl" || base == "parts.tmpl" {
			continue
		}
		t, err := template.New("layout.tmpl").Funcs(funcs).ParseFS(files, "templates/layout.tmpl", "templates/parts.tmpl", n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// pageData is what every page's template receives; V is the page's own view.
type pageData struct {
	Title   string
	Version string
	CSRF    string
	// Logout shows the log-out button: a token is configured.
	Logout bool
	Nav    []string
	V      any
}

// bidiControls are the characters that reorder text. Scanned input may carry them to make a resource
// id read as another; the pages show them as visible code points instead. The templates hold none,
// so replacing them in the rendered page only touches data.
var bidiControls = strings.NewReplacer(
	"\u202a", "[U+202A]", "\u202b", "[U+202B]", "\u202c", "[U+202C]", "\u202d", "[U+202D]", "\u202e", "[U+202E]",
	"\u2066", "[U+2066]", "\u2067", "[U+2067]", "\u2068", "[U+2068]", "\u2069", "[U+2069]",
	"\u200e", "[U+200E]", "\u200f", "[U+200F]", "\u061c", "[U+061C]")

func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page, title string, v any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("no page template %s", page)
	}
	data := pageData{Title: title, Version: s.opts.Version, CSRF: s.csrfToken(), Logout: s.opts.Token != "", V: v}
	if page == "login.tmpl" {
		// Before login: neither the dashboard's CSRF token nor a log-out button.
		data.CSRF, data.Logout = "", false
	}
	if page != "login.tmpl" && page != "error.tmpl" {
		for _, t := range s.opts.Targets {
			data.Nav = append(data.Nav, t.Name)
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = bidiControls.WriteString(w, buf.String())
	return nil
}

func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if err := s.render(w, r, status, "error.tmpl", http.StatusText(status), errorView{Status: status, Message: msg}); err != nil {
		s.opts.Logger.ErrorContext(r.Context(), "render error page", "err", err)
		http.Error(w, msg, status)
	}
}

type errorView struct {
	Status  int
	Message string
}

func (s *server) static(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	b, err := files.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		return errStatus(http.StatusNotFound, "not found")
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	// Assets change with the binary only; the page that names them is never cached.
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
	return nil
}

// targetCard is a target with its latest scans and charts.
type targetCard struct {
	targetInfo
	Posture []*chart
	DR      []*chart
}

type waiverRow struct {
	Target string
	store.Waiver
	Expired bool
}

type overviewView struct {
	Targets []targetCard
	Waivers []waiverRow
	Now     time.Time
}

var (
	postureSeries = []chartSeries{{"failing", "fail"}, {"unknown", "unknown"}, {"passing", "pass"}}
	drSeries      = []chartSeries{{"missed", "fail"}, {"unknown", "unknown"}, {"met", "pass"}}
)

// charts builds a target's posture chart per framework and DR chart per system.
func (s *server) charts(ctx context.Context, target string) (posture, dr []*chart, err error) {
	ps, err := s.opts.Store.Posture(ctx, target, historyLimit)
	if err != nil {
		return nil, nil, fmt.Errorf("posture of %s: %w", target, err)
	}
	byFW := map[string][]chartPoint{}
	var order []string
	for _, p := range ps {
		if _, ok := byFW[p.Framework]; !ok {
			order = append(order, p.Framework)
		}
		byFW[p.Framework] = append(byFW[p.Framework], chartPoint{ScanID: p.ScanID, At: p.At, Values: []int{p.Failing, p.Unknown, p.Passing}})
	}
	slices.SortStableFunc(order, func(a, b string) int {
		return fwIndex(a) - fwIndex(b)
	})
	for _, fw := range order {
		posture = append(posture, stackedChart(engine.FrameworkTitle(fw), postureSeries, byFW[fw]))
	}
	pts, err := s.opts.Store.DRHistory(ctx, target, historyLimit)
	if err != nil {
		return nil, nil, fmt.Errorf("DR history of %s: %w", target, err)
	}
	bySys := map[string][]chartPoint{}
	var systems []string
	for _, p := range pts {
		if _, ok := bySys[p.System]; !ok {
			systems = append(systems, p.System)
		}
		bySys[p.System] = append(bySys[p.System], chartPoint{ScanID: p.ScanID, At: p.At, Values: []int{p.Missed, p.Unknown, p.Met}})
	}
	slices.Sort(systems)
	for _, sys := range systems {
		dr = append(dr, stackedChart(sys, drSeries, bySys[sys]))
	}
	return posture, dr, nil
}

func fwIndex(fw string) int {
	if i := slices.Index(engine.Frameworks, fw); i >= 0 {
		return i
	}
	return len(engine.Frameworks)
}

func (s *server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	infos, err := s.targetInfos(ctx)
	if err != nil {
		return err
	}
	now := s.opts.Now()
	v := overviewView{Now: now}
	for _, ti := range infos {
		card := targetCard{targetInfo: ti}
		if card.Posture, card.DR, err = s.charts(ctx, ti.Name); err != nil {
			return err
		}
		v.Targets = append(v.Targets, card)
		if ti.LatestCompleted == nil {
			continue
		}
		ws, err := s.opts.Store.Waivers(ctx, ti.LatestCompleted.ID)
		if err != nil {
			return fmt.Errorf("waivers of scan %d: %w", ti.LatestCompleted.ID, err)
		}
		for _, wv := range ws {
			expired := wv.State == "expired" || wv.Expires != nil && !wv.Expires.After(now)
			if expired || wv.Expires != nil && wv.Expires.Before(now.Add(waiverHorizon)) {
				v.Waivers = append(v.Waivers, waiverRow{Target: ti.Name, Waiver: wv, Expired: expired})
			}
		}
	}
	slices.SortStableFunc(v.Waivers, func(a, b waiverRow) int {
		if a.Expires == nil || b.Expires == nil {
			return 0
		}
		return a.Expires.Compare(*b.Expires)
	})
	return s.render(w, r, http.StatusOK, "overview.tmpl", "Overview", v)
}

type targetView struct {
	targetCard
	Scans    []store.Scan
	Page     int
	NextPage int
}

func (s *server) targetPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name, err := s.target(r)
	if err != nil {
		return err
	}
	p, err := page(r, maxLimit/scansPerPage)
	if err != nil {
		return err
	}
	infos, err := s.targetInfos(ctx)
	if err != nil {
		return err
	}
	v := targetView{Page: p}
	for _, ti := range infos {
		if ti.Name == name {
			v.targetInfo = ti
		}
	}
	if v.Posture, v.DR, err = s.charts(ctx, name); err != nil {
		return err
	}
	scans, err := s.opts.Store.Scans(ctx, name, min(p*scansPerPage+1, maxLimit+1))
	if err != nil {
		return fmt.Errorf("list scans of %s: %w", name, err)
	}
	from := min((p-1)*scansPerPage, len(scans))
	to := min(p*scansPerPage, len(scans))
	v.Scans = scans[from:to]
	if len(scans) > to && (p+1)*scansPerPage <= maxLimit {
		v.NextPage = p + 1
	}
	return s.render(w, r, http.StatusOK, "target.tmpl", name, v)
}

func (s *server) scanNow(w http.ResponseWriter, r *http.Request) error {
	name, _, err := s.trigger(r, "dashboard")
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/targets/"+url.PathEscape(name), http.StatusSeeOther)
	return nil
}

type scanView struct {
	Scan       *store.Scan
	Configured bool
	Change     string
	Findings   []store.Finding
	// Page of the findings, the next one (0: none), and how many the filter gives in all.
	Page, NextPage, TotalFindings int
	Frameworks                    []store.FrameworkPosture
	DR                            []store.DRObjective
	Waivers                       []store.Waiver
	Changes                       []string
}

func (s *server) scanPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sc, err := s.scan(r)
	if err != nil {
		return err
	}
	ch, err := change(r)
	if err != nil {
		return err
	}
	p, err := page(r, maxFindingsPage)
	if err != nil {
		return err
	}
	_, configured := s.targets[sc.Target]
	v := scanView{Scan: sc, Change: ch, Configured: configured, Page: p,
		Changes: []string{store.ChangeNew, store.ChangeUnchanged, store.ChangeResolved, store.ChangeUnjudged}}
	if sc.Status == store.ScanCompleted {
		fs, err := s.opts.Store.Findings(ctx, sc.ID, ch)
		if err != nil {
			return fmt.Errorf("findings of scan %d: %w", sc.ID, err)
		}
		v.TotalFindings = len(fs)
		from, to := min((v.Page-1)*findingsPerPage, len(fs)), min(v.Page*findingsPerPage, len(fs))
		v.Findings = fs[from:to]
		if to < len(fs) {
			v.NextPage = v.Page + 1
		}
		if v.Frameworks, err = s.opts.Store.ScanPosture(ctx, sc.ID); err != nil {
			return fmt.Errorf("posture of scan %d: %w", sc.ID, err)
		}
		slices.SortStableFunc(v.Frameworks, func(a, b store.FrameworkPosture) int { return fwIndex(a.Framework) - fwIndex(b.Framework) })
		if v.DR, err = s.opts.Store.DR(ctx, sc.ID); err != nil {
			return fmt.Errorf("DR objectives of scan %d: %w", sc.ID, err)
		}
		if v.Waivers, err = s.opts.Store.Waivers(ctx, sc.ID); err != nil {
			return fmt.Errorf("waivers of scan %d: %w", sc.ID, err)
		}
	}
	return s.render(w, r, http.StatusOK, "scan.tmpl", "Scan "+strconv.FormatInt(sc.ID, 10), v)
}

type controlsView struct {
	Scan      *store.Scan
	Framework string
	Controls  []store.ControlState
}

func (s *server) controlsPage(w http.ResponseWriter, r *http.Request) error {
	sc, fw, cs, err := s.scanControls(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "controls.tmpl", engine.FrameworkTitle(fw)+" · scan "+strconv.FormatInt(sc.ID, 10),
		controlsView{Scan: sc, Framework: fw, Controls: cs})
}

type controlHistoryView struct {
	Target, Framework, Control, Title string
	History                           []store.ControlState
	Chart                             *chart
	Latest                            *store.Scan
	Findings                          []store.Finding
}

func (s *server) controlHistoryPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	target, fw, ctl, err := s.controlPath(r)
	if err != nil {
		return err
	}
	hist, err := s.opts.Store.ControlHistory(ctx, target, fw, ctl, historyLimit)
	if err != nil {
		return fmt.Errorf("history of control %s: %w", ctl, err)
	}
	if len(hist) == 0 {
		return errStatus(http.StatusNotFound, "no history of control %q in %s for %q", truncate(ctl, 200), fw, target)
	}
	v := controlHistoryView{Target: target, Framework: fw, Control: ctl, History: hist, Title: hist[len(hist)-1].Title}
	var pts []chartPoint
	for _, h := range hist {
		pts = append(pts, chartPoint{ScanID: h.ScanID, At: h.At, Values: []int{h.Fail, h.Unknown, h.Pass}})
	}
	v.Chart = stackedChart("Results of the control's rules", []chartSeries{{"failing", "fail"}, {"unknown", "unknown"}, {"passing", "pass"}}, pts)
	// Newest first in the table.
	slices.Reverse(v.History)
	if v.Latest, err = s.latestCompleted(ctx, target); err != nil {
		return err
	}
	if v.Latest != nil {
		fs, err := s.opts.Store.Findings(ctx, v.Latest.ID, "")
		if err != nil {
			return fmt.Errorf("findings of scan %d: %w", v.Latest.ID, err)
		}
		for _, f := range fs {
			if f.Change != store.ChangeResolved && slices.Contains(f.Controls[fw], ctl) {
				v.Findings = append(v.Findings, f)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "control.tmpl", ctl+" · "+target, v)
}

type findingView struct {
	H *store.FindingHistory
}

func (s *server) findingPage(w http.ResponseWriter, r *http.Request) error {
	target, err := s.target(r)
	if err != nil {
		return err
	}
	h, err := s.findingHistory(r, target)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "finding.tmpl", "Finding "+h.Fingerprint, findingView{H: h})
}
