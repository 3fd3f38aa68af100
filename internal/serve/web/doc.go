// Package web is the HTTP face of `vigil serve`: a server-rendered dashboard of the scan history, the
// JSON API under /api/v1 (documented in docs/openapi.yaml), /healthz and the mount point of /metrics.
//
// Everything the store holds came from scanned input — resource ids, messages and evidence written by
// whoever wrote the Terraform — so pages are rendered with html/template and served under a strict
// Content-Security-Policy that allows no inline script or style and no request leaving the server. The
// dashboard needs no JavaScript: charts are inline SVG computed here and "Scan now" is a plain form.
//
// When a token is configured, every route but /healthz requires it: the API as a Bearer header, the
// dashboard through a session cookie that /login sets, holding an HMAC of the token rather than the
// token itself. Every state-changing form carries a CSRF token and is checked for a same-origin source.
package web
