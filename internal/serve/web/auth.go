package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// sessionCookie holds the session value of a logged-in browser.
const sessionCookie = "vigil_session"

// csrfField is the form field (and csrfHeader the header, for scripts posting with a cookie) that
// carries the CSRF token.
const (
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"
)

// authKind is how a request authenticated.
type authKind int

const (
	authNone authKind = iota
	// authOpen: no token is configured, everyone is in.
	authOpen
	// authBearer: the Authorization header holds the token. A browser never sends it on its own, so a
	// request carrying it cannot be a cross-site forgery.
	authBearer
	// authCookie: the session cookie, which a browser attaches to cross-site requests too.
	authCookie
)

func mac(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *server) authenticate(r *http.Request) authKind {
	if s.opts.Token == "" {
		return authOpen
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") && equal(strings.TrimSpace(tok), s.opts.Token) {
			return authBearer
		}
		// A wrong header is not rescued by a cookie: the client meant to use the header.
		return authNone
	}
	if c, err := r.Cookie(sessionCookie); err == nil && equal(c.Value, s.session) {
		return authCookie
	}
	return authNone
}

// csrfToken is the token the dashboard's forms carry.
func (s *server) csrfToken() string { return mac(s.csrfKey, "vigil-csrf") }

func (s *server) loginCSRFToken() string { return mac(s.loginKey, "vigil-login") }

// checkPost guards a state-changing request. One authenticated by the Bearer header is a deliberate
// client's. Anything else a browser could have sent from another site: it must come from this host
// and, when it is a dashboard form or relies on the cookie, carry the CSRF token.
func (s *server) checkPost(r *http.Request, rt route, auth authKind) error {
	if auth == authBearer {
		return nil
	}
	same, known := sameOrigin(r)
	// A dashboard form is posted by a browser, which always says where from: silence is refused.
	if !same || !known && (rt.kind == kindPage || rt.Pattern == "/login") {
		return errStatus(http.StatusForbidden, "cross-origin request refused")
	}
	// Parse the form here, so that a body over the cap is answered as such rather than as a missing
	// CSRF token (PostFormValue drops the error).
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errStatus(http.StatusRequestEntityTooLarge, "request body too large")
		}
		return errStatus(http.StatusBadRequest, "invalid form")
	}
	want := s.csrfToken()
	switch {
	case rt.Pattern == "/login":
		want = s.loginCSRFToken()
	case rt.kind == kindAPI && auth == authOpen && r.Header.Get("Cookie") == "":
		// No token configured and no cookie: a script or curl calling the open API. sameOrigin has
		// already refused a browser posting from another site (browsers send Origin on every POST).
		if r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == "" {
			return nil
		}
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if got == "" || !equal(got, want) {
		return errStatus(http.StatusForbidden, "missing or invalid CSRF token")
	}
	return nil
}

// sameOrigin tells whether a request comes from a page of this host (same), and whether the request
// said where it came from at all (known). Browsers send Sec-Fetch-Site; with our Referrer-Policy
// (no-referrer) a form's Origin is "null", so Sec-Fetch-Site decides when present, then a real
// Origin, then Referer. A request with none of them is not from a browser page of another site
// (every current browser sends Origin on a cross-site POST): same, but not known.
func sameOrigin(r *http.Request) (same, known bool) {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none", true
	}
	for _, h := range []string{"Origin", "Referer"} {
		v := r.Header.Get(h)
		if v == "" {
			continue
		}
		if v == "null" {
			return false, true
		}
		u, err := url.Parse(v)
		return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host), true
	}
	return true, false
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login.tmpl", "Log in", loginView{CSRF: s.loginCSRFToken()})
}

type loginView struct {
	CSRF  string
	Wrong bool
}

func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	if !equal(r.PostFormValue("token"), s.opts.Token) {
		s.opts.Logger.WarnContext(r.Context(), "dashboard login refused", "remote", r.RemoteAddr)
		return s.render(w, r, http.StatusUnauthorized, "login.tmpl", "Log in", loginView{CSRF: s.loginCSRFToken(), Wrong: true})
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.session, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
