package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

// Options configures the handler New returns.
type Options struct {
	Store store.Store
	// Metrics is mounted at /metrics; nil answers 404 there.
	Metrics http.Handler
	// Targets are the configured targets: the pages list them (with or without history) and only they
	// can be triggered.
	Targets []Target
	// NextRun, when set, says when a schedule next runs; it replaces the Next of Targets' schedules,
	// which would otherwise stay what they were when the server started.
	NextRun func(schedule string) time.Time
	// Trigger queues a scan of target; trigger is "api" or "dashboard". Nil: triggering answers 503.
	Trigger func(ctx context.Context, target, trigger string) (scanID int64, err error)
	// Token, when not empty, is required for everything except /healthz. Without one, only requests
	// whose Host is a loopback name are served: a page elsewhere that rebinds its DNS name to 127.0.0.1
	// must not read the dashboard.
	Token string
	// Ready answers /healthz: nil is 200 "ok", an error 503 with its text, which anyone can read, so it
	// must not hold secrets (a DSN with a password, for one).
	Ready func(ctx context.Context) error
	// Now is the clock (default time.Now): waivers expiring soon and "ago" are relative to it.
	Now     func() time.Time
	Version string
	Logger  *slog.Logger
}

// Target is a configured target.
type Target struct {
	Name string `json:"name"`
	// Kind is terraform, plan, aws or inventory.
	Kind string `json:"kind"`
	// Source is what it scans, e.g. "infra/prod" or "aws 123456789012 eu-west-1".
	Source     string     `json:"source"`
	Frameworks []string   `json:"frameworks,omitempty"`
	Schedules  []Schedule `json:"schedules,omitempty"`
}

// Schedule is one schedule block of a target.
type Schedule struct {
	Name string    `json:"name"`
	Cron string    `json:"cron"`
	Next time.Time `json:"next"`
}

// maxBody caps every request body: the only bodies are the login and "Scan now" forms.
const maxBody = 64 << 10

// server holds the handler's state; its methods are the routes.
type server struct {
	opts    Options
	targets map[string]Target
	// session is the cookie value a logged-in browser holds: an HMAC of the token, so that the cookie
	// (which may end up in a browser profile or a proxy log) does not reveal the token.
	session string
	// csrfKey signs CSRF tokens: the session value when a token is configured, so that tokens survive a
	// restart; a random key per process otherwise.
	csrfKey []byte
	// loginKey signs the login form's CSRF token, before there is a session.
	loginKey []byte
	mux      *http.ServeMux
	// paths matches the routes' paths whatever the method, to tell 405 from 404; allow lists each
	// path's methods for the 405's Allow header.
	paths *http.ServeMux
	allow map[string]string
	pages map[string]*pageTemplate
}

// New returns the handler serving the dashboard, the API, /healthz and /metrics.
func New(opts Options) (http.Handler, error) {
	if opts.Store == nil {
		return nil, errors.New("web: no store")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &server{opts: opts, targets: make(map[string]Target, len(opts.Targets))}
	for _, t := range opts.Targets {
		if err := validName(t.Name); err != nil {
			return nil, fmt.Errorf("web: target %q: %w", t.Name, err)
		}
		if _, dup := s.targets[t.Name]; dup {
			return nil, fmt.Errorf("web: target %q configured twice", t.Name)
		}
		s.targets[t.Name] = t
	}
	s.loginKey = make([]byte, 32)
	if _, err := rand.Read(s.loginKey); err != nil {
		return nil, fmt.Errorf("web: random key: %w", err)
	}
	if opts.Token != "" {
		s.session = mac([]byte(opts.Token), "vigil-session")
		s.csrfKey = []byte(s.session)
	} else {
		s.csrfKey = make([]byte, 32)
		if _, err := rand.Read(s.csrfKey); err != nil {
			return nil, fmt.Errorf("web: random key: %w", err)
		}
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.mux, s.paths = http.NewServeMux(), http.NewServeMux()
	s.allow = map[string]string{}
	for _, rt := range routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
		if s.allow[rt.Pattern] == "" {
			s.paths.Handle(rt.Pattern, http.NotFoundHandler())
			s.allow[rt.Pattern] = rt.Method
		} else {
			s.allow[rt.Pattern] += ", " + rt.Method
		}
	}
	return http.HandlerFunc(s.serveHTTP), nil
}

// NewServer returns an http.Server for h with timeouts that keep a slow or idle client from holding
// a connection: the dashboard's pages and the API's answers are small, and no route streams.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		// A JSON report of a large estate can take a while to write to a slow client.
		WriteTimeout:   60 * time.Second,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 16 << 10,
	}
}

// csp forbids everything but this server's own stylesheet, favicon and forms: a value that slipped
// past escaping could neither run nor load anything.
const csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if s.opts.Token == "" && !loopbackHost(r.Host) {
		msg := "vigil serve without a token answers only requests addressed to 127.0.0.1, ::1 or localhost"
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeJSONError(w, http.StatusMisdirectedRequest, msg)
		} else {
			http.Error(w, msg, http.StatusMisdirectedRequest)
		}
		return
	}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		status, msg := http.StatusNotFound, "not found"
		if _, p := s.paths.Handler(r); p != "" {
			status, msg = http.StatusMethodNotAllowed, "method not allowed"
			h.Set("Allow", s.allow[p])
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeJSONError(w, status, msg)
		} else {
			http.Error(w, msg, status)
		}
		return
	}
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether a request's Host names this machine's loopback interface.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// routeKind says how a route authenticates and answers errors.
type routeKind int

const (
	// kindAPI answers JSON and takes the Bearer token (or a session cookie, for the dashboard's links).
	kindAPI routeKind = iota
	// kindPage answers HTML and sends a browser without a session to /login.
	kindPage
	// kindOpen needs no authentication (/healthz, /login, the stylesheet).
	kindOpen
	// kindMetrics is the Prometheus handler: token required when set, errors as plain text.
	kindMetrics
)

// handlerFunc is a route's handler; an error it returns is answered by the route's kind.
type handlerFunc func(s *server, w http.ResponseWriter, r *http.Request) error

// route is one registered route. The table below is the only place routes are declared: the
// OpenAPI test compares it with docs/openapi.yaml.
type route struct {
	Method  string
	Pattern string
	kind    routeKind
	handle  handlerFunc
}

var routes = []route{
	{"GET", "/healthz", kindOpen, (*server).healthz},
	{"GET", "/metrics", kindMetrics, (*server).metrics},
	{"GET", "/static/{file}", kindOpen, (*server).static},
	{"GET", "/login", kindOpen, (*server).loginPage},
	{"POST", "/login", kindOpen, (*server).login},
	{"POST", "/logout", kindPage, (*server).logout},

	{"GET", "/{$}", kindPage, (*server).overviewPage},
	{"GET", "/targets/{name}", kindPage, (*server).targetPage},
	{"POST", "/targets/{name}/scans", kindPage, (*server).scanNow},
	{"GET", "/targets/{name}/controls/{framework}/{control}", kindPage, (*server).controlHistoryPage},
	{"GET", "/targets/{name}/findings/{fingerprint}", kindPage, (*server).findingPage},
	{"GET", "/scans/{id}", kindPage, (*server).scanPage},
	{"GET", "/scans/{id}/controls/{framework}", kindPage, (*server).controlsPage},

	{"GET", "/api/v1/targets", kindAPI, (*server).apiTargets},
	{"GET", "/api/v1/targets/{name}/posture", kindAPI, (*server).apiPosture},
	{"GET", "/api/v1/targets/{name}/dr", kindAPI, (*server).apiTargetDR},
	{"GET", "/api/v1/targets/{name}/findings/{fingerprint}", kindAPI, (*server).apiFindingHistory},
	{"GET", "/api/v1/targets/{name}/controls/{framework}/{control}", kindAPI, (*server).apiControlHistory},
	{"POST", "/api/v1/targets/{name}/scans", kindAPI, (*server).apiTrigger},
	{"GET", "/api/v1/scans", kindAPI, (*server).apiScans},
	{"GET", "/api/v1/scans/{id}", kindAPI, (*server).apiScan},
	{"GET", "/api/v1/scans/{id}/findings", kindAPI, (*server).apiFindings},
	{"GET", "/api/v1/scans/{id}/controls/{framework}", kindAPI, (*server).apiControls},
	{"GET", "/api/v1/scans/{id}/dr", kindAPI, (*server).apiDR},
	{"GET", "/api/v1/scans/{id}/waivers", kindAPI, (*server).apiWaivers},
	{"GET", "/api/v1/scans/{id}/report", kindAPI, (*server).apiReport},
}

// wrap authenticates the request as the route's kind wants, checks a POST's origin and CSRF token,
// runs the handler and answers its error.
func (s *server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := s.authenticate(r)
		if rt.kind != kindOpen && auth == authNone {
			switch rt.kind {
			case kindAPI:
				w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
				writeJSONError(w, http.StatusUnauthorized, "authentication required")
			case kindPage:
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/login", http.StatusSeeOther)
					return
				}
				http.Error(w, "authentication required", http.StatusUnauthorized)
			default:
				w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
			}
			return
		}
		if r.Method == http.MethodPost {
			if err := s.checkPost(r, rt, auth); err != nil {
				s.fail(w, r, rt.kind, err)
				return
			}
		}
		if err := rt.handle(s, w, r); err != nil {
			s.fail(w, r, rt.kind, err)
		}
	})
}

// httpError is an error with the status and message the client sees.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errStatus(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// fail answers err: its own status and message for an httpError, 404 for the store's ErrNotFound,
// and a bare 500 otherwise, the details going to the log only.
func (s *server) fail(w http.ResponseWriter, r *http.Request, kind routeKind, err error) {
	status, msg := http.StatusInternalServerError, "internal error"
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		status, msg = he.status, he.msg
	case errors.Is(err, store.ErrNotFound):
		status, msg = http.StatusNotFound, "not found"
	case errors.As(err, &mbe):
		status, msg = http.StatusRequestEntityTooLarge, "request body too large"
	case errors.Is(err, context.Canceled):
		// The client went away: nobody reads the answer.
		return
	default:
		s.opts.Logger.ErrorContext(r.Context(), "web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	switch kind {
	case kindAPI:
		writeJSONError(w, status, msg)
	case kindPage:
		s.renderError(w, r, status, msg)
	default:
		http.Error(w, msg, status)
	}
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.opts.Ready != nil {
		if err := s.opts.Ready(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, shortReason(err.Error())+"\n")
			return nil
		}
	}
	_, _ = io.WriteString(w, "ok\n")
	return nil
}

// shortReason keeps /healthz's answer to one short line.
func shortReason(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	if s == "" {
		s = "not ready"
	}
	return s
}

func (s *server) metrics(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Metrics == nil {
		return errStatus(http.StatusNotFound, "metrics are not enabled")
	}
	s.opts.Metrics.ServeHTTP(w, r)
	return nil
}
