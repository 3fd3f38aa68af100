package web

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// login posts the token to /login and returns the session cookie it sets.
func login(t *testing.T, h http.Handler, token string) *http.Cookie {
	t.Helper()
	csrf := loginCSRF(t, h)
	w := do(h, "POST", "/login", map[string]string{"Origin": "http://127.0.0.1"},
		url.Values{"token": {token}, "csrf": {csrf}}.Encode())
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	cookies := w.Result().Cookies()
	require.Len(t, cookies, 1)
	return cookies[0]
}

var csrfInput = `name="csrf" value="`

// formCSRF reads the CSRF token from a page's form.
func formCSRF(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, csrfInput)
	require.True(t, ok, "the page has a form with a CSRF token")
	tok, _, _ := strings.Cut(rest, `"`)
	require.NotEmpty(t, tok)
	return tok
}

func loginCSRF(t *testing.T, h http.Handler) string {
	t.Helper()
	w := do(h, "GET", "/login", nil, "")
	require.Equal(t, http.StatusOK, w.Code)
	return formCSRF(t, w.Body.String())
}

func TestAuthRequired(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, testToken)
	cookie := login(t, h, testToken)
	assert.NotEqual(t, testToken, cookie.Value, "the cookie holds a value derived from the token, not the token")
	assert.NotContains(t, cookie.Value, testToken)
	assert.True(t, cookie.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, cookie.SameSite)
	assert.False(t, cookie.Secure, "plain HTTP: a Secure cookie would never come back")
	assert.Equal(t, "/", cookie.Path)

	bearer := "Bearer " + testToken
	cases := []struct {
		name, path string
		hdr        map[string]string
		status     int
		location   string
	}{
		{"healthz is open", "/healthz", nil, 200, ""},
		{"stylesheet is open", "/static/style.css", nil, 200, ""},
		{"login form is open", "/login", nil, 200, ""},
		{"API without token", "/api/v1/targets", nil, 401, ""},
		{"API with wrong token", "/api/v1/targets", map[string]string{"Authorization": "Bearer nope"}, 401, ""},
		{"API with token as Basic", "/api/v1/targets", map[string]string{"Authorization": "Basic " + testToken}, 401, ""},
		{"API with token", "/api/v1/targets", map[string]string{"Authorization": bearer}, 200, ""},
		{"API with lowercase scheme", "/api/v1/targets", map[string]string{"Authorization": "bearer " + testToken}, 200, ""},
		{"API with session cookie", "/api/v1/scans/" + id(f.prod2) + "/report", map[string]string{"Cookie": cookie.String()}, 200, ""},
		{"API with a forged cookie", "/api/v1/targets", map[string]string{"Cookie": sessionCookie + "=" + testToken}, 401, ""},
		{"wrong header not rescued by cookie", "/api/v1/targets", map[string]string{"Authorization": "Bearer nope", "Cookie": cookie.String()}, 401, ""},
		{"metrics without token", "/metrics", nil, 401, ""},
		{"metrics with token", "/metrics", map[string]string{"Authorization": bearer}, 200, ""},
		{"page without session", "/", nil, 303, "/login"},
		{"scan page without session", "/scans/" + id(f.prod2), nil, 303, "/login"},
		{"page with session", "/", map[string]string{"Cookie": cookie.String()}, 200, ""},
		{"page with token", "/targets/prod", map[string]string{"Authorization": bearer}, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := do(h, "GET", tc.path, tc.hdr, "")
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.location, w.Header().Get("Location"))
			if w.Code == 401 {
				assert.Equal(t, `Bearer realm="vigil"`, w.Header().Get("WWW-Authenticate"))
			}
			assert.NotContains(t, w.Body.String(), testToken, "the token is never rendered")
		})
	}
}

func TestLogin(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, testToken)
	origin := map[string]string{"Origin": "http://127.0.0.1"}

	w := do(h, "POST", "/login", origin, url.Values{"token": {"wrong"}, "csrf": {loginCSRF(t, h)}}.Encode())
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, w.Body.String(), "Wrong token.")
	assert.Empty(t, w.Result().Cookies())

	w = do(h, "POST", "/login", origin, url.Values{"token": {testToken}}.Encode())
	assert.Equal(t, http.StatusForbidden, w.Code, "login needs the form's CSRF token")
	assert.Empty(t, w.Result().Cookies())

	w = do(h, "POST", "/login", nil, url.Values{"token": {testToken}, "csrf": {loginCSRF(t, h)}}.Encode())
	assert.Equal(t, http.StatusForbidden, w.Code, "a login form says where it comes from")

	w = do(h, "POST", "/login", map[string]string{"Origin": "https://evil.example"},
		url.Values{"token": {testToken}, "csrf": {loginCSRF(t, h)}}.Encode())
	assert.Equal(t, http.StatusForbidden, w.Code, "login from another site is refused")

	// Over TLS the cookie is Secure.
	r := httptest.NewRequest("POST", "https://127.0.0.1/login", strings.NewReader(url.Values{"token": {testToken}, "csrf": {loginCSRF(t, h)}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "https://127.0.0.1")
	r.TLS = &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	require.Equal(t, http.StatusSeeOther, rec.Code)
	require.Len(t, rec.Result().Cookies(), 1)
	assert.True(t, rec.Result().Cookies()[0].Secure)

	// Log out clears the cookie.
	cookie := login(t, h, testToken)
	page := do(h, "GET", "/", map[string]string{"Cookie": cookie.String()}, "")
	require.Equal(t, http.StatusOK, page.Code)
	w = do(h, "POST", "/logout", map[string]string{"Cookie": cookie.String(), "Origin": "http://127.0.0.1"},
		url.Values{"csrf": {formCSRF(t, page.Body.String())}}.Encode())
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	require.Len(t, w.Result().Cookies(), 1)
	assert.Empty(t, w.Result().Cookies()[0].Value)
	assert.Less(t, w.Result().Cookies()[0].MaxAge, 0)
}

// A handler without token: the login form is not needed.
func TestLoginWithoutToken(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	w := do(h, "GET", "/login", nil, "")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/", w.Header().Get("Location"))
	w = do(h, "GET", "/", nil, "")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "Log out")
}

// wrongCSRF is tok with its last digit changed.
func wrongCSRF(tok string) string {
	last := byte('0')
	if tok[len(tok)-1] == '0' {
		last = '1'
	}
	return tok[:len(tok)-1] + string(last)
}

type postCase struct {
	name, path string
	hdr        map[string]string
	body       string
	status     int
}

func TestCSRF(t *testing.T) {
	for _, token := range []string{testToken, ""} {
		name := "with token"
		if token == "" {
			name = "open"
		}
		t.Run(name, func(t *testing.T) {
			f := seed(t)
			h, tl := newHandler(t, f, token)
			oa := loadOpenAPI(t)
			base := map[string]string{}
			if token != "" {
				base["Cookie"] = login(t, h, token).String()
			}
			page := do(h, "GET", "/targets/prod", base, "")
			require.Equal(t, http.StatusOK, page.Code)
			csrf := formCSRF(t, page.Body.String())
			with := func(extra map[string]string) map[string]string {
				m := map[string]string{}
				for k, v := range base {
					m[k] = v
				}
				for k, v := range extra {
					m[k] = v
				}
				return m
			}
			form := func(tok string) string { return url.Values{"csrf": {tok}}.Encode() }
			cases := []postCase{
				{"form saying nothing of where it comes from", "/targets/prod/scans", base, form(csrf), 403},
				{"form without token", "/targets/prod/scans", with(map[string]string{"Origin": "http://127.0.0.1"}), "x=1", 403},
				{"form with a wrong token", "/targets/prod/scans", with(map[string]string{"Origin": "http://127.0.0.1"}), form(wrongCSRF(csrf)), 403},
				{"form from another origin", "/targets/prod/scans", with(map[string]string{"Origin": "https://evil.example"}), form(csrf), 403},
				{"form with a null origin and no fetch metadata", "/targets/prod/scans", with(map[string]string{"Origin": "null"}), form(csrf), 403},
				{"form from another site (fetch metadata)", "/targets/prod/scans", with(map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "null"}), form(csrf), 403},
				{"form from a sibling site", "/targets/prod/scans", with(map[string]string{"Sec-Fetch-Site": "same-site"}), form(csrf), 403},
				{"form with a foreign referer", "/targets/prod/scans", with(map[string]string{"Referer": "https://evil.example/x"}), form(csrf), 403},
				{"form, same origin", "/targets/prod/scans", with(map[string]string{"Origin": "http://127.0.0.1"}), form(csrf), 303},
				// A browser form under Referrer-Policy no-referrer: Origin "null", fetch metadata same-origin.
				{"form, same origin by fetch metadata", "/targets/prod/scans", with(map[string]string{"Origin": "null", "Sec-Fetch-Site": "same-origin"}), form(csrf), 303},
				{"form for an unknown target", "/targets/nope/scans", with(map[string]string{"Origin": "http://127.0.0.1"}), form(csrf), 404},
				{"API from a browser page of another site", "/api/v1/targets/prod/scans", with(map[string]string{"Origin": "https://evil.example"}), "", 403},
				{"API from a same-origin script without the header", "/api/v1/targets/prod/scans", with(map[string]string{"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"}), "", 403},
				{"API from a same-origin script with the header", "/api/v1/targets/prod/scans", with(map[string]string{"Origin": "http://127.0.0.1", csrfHeader: csrf}), "", 202},
			}
			if token != "" {
				cases = append(cases,
					postCase{"API with the cookie only", "/api/v1/targets/prod/scans", base, "", 403},
					postCase{"API with Bearer needs no CSRF token, even cross-origin", "/api/v1/targets/prod/scans", map[string]string{"Authorization": "Bearer " + token, "Origin": "https://evil.example"}, "", 202},
					postCase{"form without session", "/targets/prod/scans", map[string]string{"Origin": "http://127.0.0.1"}, form(csrf), 401},
				)
			} else {
				cases = append(cases, postCase{"open API from a client that is not a browser", "/api/v1/targets/prod/scans", nil, "", 202})
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					before := tl.count()
					w := do(h, "POST", tc.path, tc.hdr, tc.body)
					assert.Equal(t, tc.status, w.Code, w.Body.String())
					oa.checkResponse(t, "POST", routePattern("POST", tc.path), w.Code, w.Body.Bytes())
					triggered := tl.count() - before
					if tc.status < 400 {
						assert.Equal(t, 1, triggered, "a scan was triggered")
					} else {
						assert.Equal(t, 0, triggered, "nothing was triggered")
					}
					if tc.status == 303 {
						assert.Equal(t, "/targets/prod", w.Header().Get("Location"))
					}
				})
			}
		})
	}
}

// GET never changes state: the trigger routes answer 405 to it.
func TestGETDoesNotTrigger(t *testing.T) {
	f := seed(t)
	h, tl := newHandler(t, f, "")
	for _, p := range []string{"/targets/prod/scans", "/api/v1/targets/prod/scans", "/logout"} {
		w := do(h, "GET", p, nil, "")
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code, p)
		assert.Equal(t, "POST", w.Header().Get("Allow"), p)
	}
	assert.Zero(t, tl.count())
}

func TestBodyCapped(t *testing.T) {
	f := seed(t)
	h, tl := newHandler(t, f, "")
	big := "csrf=" + strings.Repeat("a", maxBody+10)
	w := do(h, "POST", "/targets/prod/scans", map[string]string{"Origin": "http://127.0.0.1"}, big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	assert.Zero(t, tl.count())
	loadOpenAPI(t).checkResponse(t, "POST", "/targets/{name}/scans", w.Code, w.Body.Bytes())
}

func TestSecurityHeaders(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, testToken)
	cookie := login(t, h, testToken).String()
	check := func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		hd := w.Header()
		assert.Equal(t, csp, hd.Get("Content-Security-Policy"))
		assert.Equal(t, "nosniff", hd.Get("X-Content-Type-Options"))
		assert.Equal(t, "no-referrer", hd.Get("Referrer-Policy"))
		assert.Equal(t, "DENY", hd.Get("X-Frame-Options"))
		assert.Equal(t, "no-store", hd.Get("Cache-Control"))
	}
	assert.Contains(t, csp, "default-src 'none'")
	assert.Contains(t, csp, "frame-ancestors 'none'")
	for _, rt := range routes {
		path := concretePath(rt.Pattern, f)
		for _, hdr := range []map[string]string{nil, {"Cookie": cookie}, {"Authorization": "Bearer " + testToken}} {
			t.Run(rt.Method+" "+path, func(t *testing.T) {
				check(t, do(h, rt.Method, path, hdr, ""))
			})
		}
	}
	for _, p := range []string{"/nothing", "/api/v1/nothing", "/scans/x", "/static/missing.js"} {
		check(t, do(h, "GET", p, map[string]string{"Cookie": cookie}, ""))
	}
}

// Every page, with values from a hostile report: nothing they hold becomes markup, and bidi controls
// show as code points.
func TestHostileValuesEscaped(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, testToken)
	cookie := map[string]string{"Cookie": login(t, h, testToken).String()}
	pages := []string{
		"/", "/targets/prod", "/targets/staging", "/scans/" + id(f.prod1), "/scans/" + id(f.prod2),
		"/scans/" + id(f.prod2) + "?change=resolved", "/scans/" + id(f.stagingFailed),
		"/scans/" + id(f.prod2) + "/controls/iso27001-2022", "/targets/prod/controls/iso27001-2022/A.8.13",
		"/targets/prod/findings/" + fpScript, "/targets/prod/findings/" + fpBidi, "/targets/prod/findings/" + fpLong,
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			w := do(h, "GET", p, cookie, "")
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			body := w.Body.String()
			// Checked with Contains, so that a failure does not print a page of very long names.
			for _, bad := range []string{"<script", "<img", "\u202e", testToken, "v.db", "style="} {
				assert.False(t, strings.Contains(body, bad), "the page holds %q", bad)
			}
		})
	}
	body := do(h, "GET", "/scans/"+id(f.prod1), cookie, "").Body.String()
	assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;", "the resource id is shown, as text")
	assert.Contains(t, body, "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;", "the message is shown, as text")
	assert.Contains(t, body, "bucket[U+202E]gnp.exe", "the bidi override is shown as a code point")
	body = do(h, "GET", "/scans/"+id(f.prod2), cookie, "").Body.String()
	assert.Contains(t, body, "<code>"+hostileLong[:clipChars]+"…</code>", "a long value is clipped in the findings table")
	assert.False(t, strings.Contains(body, hostileLong), "a long value is clipped in the findings table")
	body = do(h, "GET", "/targets/prod/findings/"+fpLong, cookie, "").Body.String()
	assert.Contains(t, body, "<code>"+hostileLong+"</code>", "the finding's page shows it whole; the stylesheet wraps it")
	body = do(h, "GET", "/scans/"+id(f.stagingFailed), cookie, "").Body.String()
	assert.Contains(t, body, "terraform: &lt;script&gt;", "a failed scan's error is shown, as text")
}

func TestHealthz(t *testing.T) {
	f := seed(t)
	for _, tc := range []struct {
		name   string
		ready  func(context.Context) error
		status int
		body   string
	}{
		{"no check", nil, 200, "ok\n"},
		{"ready", func(context.Context) error { return nil }, 200, "ok\n"},
		{"not ready", func(context.Context) error { return errors.New("store:\n  unreachable") }, 503, "store: unreachable\n"},
		{"long reason", func(context.Context) error { return errors.New(strings.Repeat("x", 500)) }, 503, strings.Repeat("x", 200) + "…\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newHandler(t, f, testToken, func(o *Options) { o.Ready = tc.ready })
			w := do(h, "GET", "/healthz", nil, "")
			assert.Equal(t, tc.status, w.Code)
			assert.Equal(t, tc.body, w.Body.String())
			assert.Equal(t, "text/plain; charset=utf-8", w.Header().Get("Content-Type"))
		})
	}
}

func TestMetricsAbsent(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "", func(o *Options) { o.Metrics = nil })
	assert.Equal(t, http.StatusNotFound, do(h, "GET", "/metrics", nil, "").Code)
}

func TestNewRejectsBadOptions(t *testing.T) {
	f := seed(t)
	_, err := New(Options{})
	assert.EqualError(t, err, "web: no store")
	_, err = New(Options{Store: f.st, Targets: []Target{{Name: "a"}, {Name: "a"}}})
	assert.EqualError(t, err, `web: target "a" configured twice`)
	_, err = New(Options{Store: f.st, Targets: []Target{{Name: "a\u202eb"}}})
	assert.EqualError(t, err, `web: target "a\u202eb": contains control or format character U+202E`)
}

func TestNewServer(t *testing.T) {
	s := NewServer("127.0.0.1:0", http.NotFoundHandler())
	assert.Equal(t, "127.0.0.1:0", s.Addr)
	assert.NotZero(t, s.ReadHeaderTimeout)
	assert.NotZero(t, s.ReadTimeout)
	assert.NotZero(t, s.WriteTimeout)
	assert.NotZero(t, s.IdleTimeout)
	assert.NotZero(t, s.MaxHeaderBytes)
	assert.LessOrEqual(t, s.ReadHeaderTimeout, s.ReadTimeout)
}

// Over a real connection, through NewServer: a browser-like client logs in with a cookie jar,
// triggers a scan with the form, and the API answers the same client.
func TestNewServerEndToEnd(t *testing.T) {
	f := seed(t)
	h, tl := newHandler(t, f, testToken)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := NewServer(ln.Addr().String(), h)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	get := func(path string) (int, string) {
		resp, err := c.Get(base + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	post := func(path string, form url.Values) int {
		req, err := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		resp, err := c.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}

	status, body := get("/")
	require.Equal(t, http.StatusOK, status, "redirected to the login form")
	require.Contains(t, body, `action="/login"`)
	require.Equal(t, http.StatusOK, post("/login", url.Values{"token": {testToken}, "csrf": {formCSRF(t, body)}}))
	status, body = get("/targets/staging")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "<h1>staging</h1>")
	require.Equal(t, http.StatusOK, post("/targets/staging/scans", url.Values{"csrf": {formCSRF(t, body)}}), "redirected to the target's page")
	assert.Equal(t, []string{"staging/dashboard"}, tl.calls)
	status, body = get("/api/v1/scans?target=staging&limit=1")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"trigger": "dashboard"`)

	require.NoError(t, srv.Shutdown(context.Background()))
	assert.ErrorIs(t, <-served, http.ErrServerClosed)
}

// Without a token, only requests addressed to the loopback interface are served: a page on another
// name that rebinds it to 127.0.0.1 gets nothing. With a token, the Host does not matter.
func TestOpenModeServesOnlyLoopbackHosts(t *testing.T) {
	f := seed(t)
	open, _ := newHandler(t, f, "")
	guarded, _ := newHandler(t, f, testToken)
	for _, tt := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:8080", true}, {"localhost:8080", true}, {"LOCALHOST", true}, {"[::1]:8080", true}, {"127.0.0.2", true},
		{"attacker.example:8080", false}, {"10.0.0.5:8080", false}, {"", false}, {"127.0.0.1.attacker.example", false},
	} {
		t.Run(tt.host, func(t *testing.T) {
			for _, path := range []string{"/", "/api/v1/targets", "/healthz"} {
				r := httptest.NewRequest("GET", path, nil)
				r.Host = tt.host
				w := httptest.NewRecorder()
				open.ServeHTTP(w, r)
				if tt.ok {
					assert.Equal(t, http.StatusOK, w.Code, path)
				} else {
					assert.Equal(t, http.StatusMisdirectedRequest, w.Code, path)
					assert.NotContains(t, w.Body.String(), "prod", "nothing of the history leaks")
				}
				assert.Equal(t, "DENY", w.Header().Get("X-Frame-Options"))
			}
			r := httptest.NewRequest("GET", "/api/v1/targets", nil)
			r.Host = tt.host
			r.Header.Set("Authorization", "Bearer "+testToken)
			w := httptest.NewRecorder()
			guarded.ServeHTTP(w, r)
			assert.Equal(t, http.StatusOK, w.Code, "with a token the Host is not checked")
		})
	}
}

// NextRun keeps the schedules' next run current instead of the time the server started.
func TestNextRunIsCurrent(t *testing.T) {
	f := seed(t)
	next := time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)
	h, _ := newHandler(t, f, "", func(o *Options) { o.NextRun = func(string) time.Time { return next } })
	w := do(h, "GET", "/api/v1/targets", nil, "")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"next": "2030-01-02T03:04:00Z"`)
}
