package web

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func decode(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m), string(body))
	return m
}

func list(t *testing.T, m map[string]any, key string) []any {
	t.Helper()
	l, ok := m[key].([]any)
	require.True(t, ok, "%s is a list in %v", key, m)
	return l
}

func TestAPI(t *testing.T) {
	f := seed(t)
	h, tl := newHandler(t, f, "")
	oa := loadOpenAPI(t)
	iso := engine.FrameworkISO27001
	cases := []struct {
		name, method, path string
		status             int
		// check looks at the decoded body of a 2xx answer; err is the error message of another.
		check func(t *testing.T, m map[string]any)
		err   string
	}{
		{name: "targets", method: "GET", path: "/api/v1/targets", status: 200, check: func(t *testing.T, m map[string]any) {
			ts := list(t, m, "targets")
			require.Len(t, ts, 3)
			prod := ts[0].(map[string]any)
			assert.Equal(t, "prod", prod["name"])
			assert.Equal(t, "infra/prod", prod["source"])
			assert.Equal(t, true, prod["configured"])
			assert.EqualValues(t, f.prod2, prod["latest_completed"].(map[string]any)["id"])
			assert.EqualValues(t, f.queued, ts[1].(map[string]any)["latest"].(map[string]any)["id"])
			assert.Nil(t, ts[2].(map[string]any)["latest"], "a target never scanned has no latest scan")
		}},
		{name: "scans of every target", method: "GET", path: "/api/v1/scans", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "scans"), 5)
		}},
		{name: "scans of a target, limited", method: "GET", path: "/api/v1/scans?target=prod&limit=1", status: 200, check: func(t *testing.T, m map[string]any) {
			s := list(t, m, "scans")
			require.Len(t, s, 1)
			assert.EqualValues(t, f.prod2, s[0].(map[string]any)["id"], "newest first")
		}},
		{name: "limit above the cap is lowered", method: "GET", path: "/api/v1/scans?limit=1000000", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "scans"), 5)
		}},
		{name: "scans of a target with no scan", method: "GET", path: "/api/v1/scans?target=empty", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Empty(t, list(t, m, "scans"))
		}},
		{name: "scans of an unknown target", method: "GET", path: "/api/v1/scans?target=nope", status: 404, err: `unknown target "nope"`},
		{name: "scans with a bad limit", method: "GET", path: "/api/v1/scans?limit=ten", status: 400, err: `invalid limit "ten": a positive integer`},
		{name: "scans with a zero limit", method: "GET", path: "/api/v1/scans?limit=0", status: 400, err: `invalid limit "0": a positive integer`},
		{name: "scans with a control character in the target", method: "GET", path: "/api/v1/scans?target=a%00b", status: 400, err: "invalid target name: contains control or format character U+0000"},

		{name: "scan", method: "GET", path: "/api/v1/scans/" + id(f.prod2), status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Equal(t, "completed", m["status"])
			sum := m["summary"].(map[string]any)
			assert.EqualValues(t, 2, sum["fail"])
			assert.EqualValues(t, 1, sum["new"])
			assert.EqualValues(t, 1, sum["resolved"])
		}},
		{name: "failed scan", method: "GET", path: "/api/v1/scans/" + id(f.stagingFailed), status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Equal(t, "failed", m["status"])
			assert.Equal(t, "terraform: "+hostileScript, m["error"], "JSON carries the text as it is: escaping is the reader's business")
		}},
		{name: "scan id not a number", method: "GET", path: "/api/v1/scans/abc", status: 400, err: `invalid scan id "abc": a positive integer`},
		{name: "scan id zero", method: "GET", path: "/api/v1/scans/0", status: 400, err: `invalid scan id "0": a positive integer`},
		{name: "scan id negative", method: "GET", path: "/api/v1/scans/-3", status: 400, err: `invalid scan id "-3": a positive integer`},
		{name: "scan id overflowing", method: "GET", path: "/api/v1/scans/99999999999999999999", status: 400, err: `invalid scan id "99999999999999999999": a positive integer`},
		{name: "scan not found", method: "GET", path: "/api/v1/scans/9999", status: 404, err: "scan 9999 not found"},

		{name: "findings", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/findings", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "findings"), 3, "two findings and one resolution")
		}},
		{name: "new findings", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/findings?change=new", status: 200, check: func(t *testing.T, m map[string]any) {
			fs := list(t, m, "findings")
			require.Len(t, fs, 1)
			assert.Equal(t, fpLong, fs[0].(map[string]any)["fingerprint"])
		}},
		{name: "resolved findings", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/findings?change=resolved", status: 200, check: func(t *testing.T, m map[string]any) {
			fs := list(t, m, "findings")
			require.Len(t, fs, 1)
			assert.Equal(t, fpBidi, fs[0].(map[string]any)["fingerprint"])
			assert.Equal(t, "pass", fs[0].(map[string]any)["status"])
		}},
		{name: "findings with a bad change", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/findings?change=old", status: 400, err: `invalid change "old": new, unchanged or resolved`},
		{name: "findings of a queued scan", method: "GET", path: "/api/v1/scans/" + id(f.queued) + "/findings", status: 409, err: "scan " + id(f.queued) + " is queued: it has no results"},
		{name: "findings of a failed scan", method: "GET", path: "/api/v1/scans/" + id(f.stagingFailed) + "/findings", status: 409, err: "scan " + id(f.stagingFailed) + " is failed: it has no results"},

		{name: "controls", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/controls/" + iso, status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Equal(t, iso, m["framework"])
			assert.Len(t, list(t, m, "controls"), 2)
		}},
		{name: "controls of an unknown framework", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/controls/iso9001", status: 404, err: `unknown framework "iso9001"`},
		{name: "controls of a scan not found", method: "GET", path: "/api/v1/scans/9999/controls/" + iso, status: 404, err: "scan 9999 not found"},

		{name: "dr", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/dr", status: 200, check: func(t *testing.T, m map[string]any) {
			os := list(t, m, "objectives")
			require.Len(t, os, 3)
			assert.Equal(t, "newly_missed", os[1].(map[string]any)["change"])
		}},
		{name: "dr of a queued scan", method: "GET", path: "/api/v1/scans/" + id(f.queued) + "/dr", status: 409, err: "scan " + id(f.queued) + " is queued: it has no results"},
		{name: "waivers", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/waivers", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "waivers"), 3)
		}},
		{name: "waivers of a bad id", method: "GET", path: "/api/v1/scans/x/waivers", status: 400, err: `invalid scan id "x": a positive integer`},
		{name: "report", method: "GET", path: "/api/v1/scans/" + id(f.prod2) + "/report", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Equal(t, "vigil", m["tool"])
		}},
		{name: "report of a failed scan", method: "GET", path: "/api/v1/scans/" + id(f.stagingFailed) + "/report", status: 409, err: "scan " + id(f.stagingFailed) + " is failed: it has no results"},

		{name: "posture", method: "GET", path: "/api/v1/targets/prod/posture", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "posture"), 4, "two frameworks in two scans")
		}},
		{name: "posture limited", method: "GET", path: "/api/v1/targets/prod/posture?limit=1", status: 200, check: func(t *testing.T, m map[string]any) {
			p := list(t, m, "posture")
			require.Len(t, p, 2)
			assert.EqualValues(t, f.prod2, p[0].(map[string]any)["scan_id"])
		}},
		{name: "posture of an unknown target", method: "GET", path: "/api/v1/targets/nope/posture", status: 404, err: `unknown target "nope"`},
		{name: "posture with a bad limit", method: "GET", path: "/api/v1/targets/prod/posture?limit=-1", status: 400, err: `invalid limit "-1": a positive integer`},
		{name: "target dr", method: "GET", path: "/api/v1/targets/prod/dr", status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "history"), 4, "two systems in two scans")
		}},
		{name: "target dr of an unknown target", method: "GET", path: "/api/v1/targets/nope/dr", status: 404, err: `unknown target "nope"`},
		{name: "finding history", method: "GET", path: "/api/v1/targets/prod/findings/" + fpBidi, status: 200, check: func(t *testing.T, m map[string]any) {
			assert.Len(t, list(t, m, "events"), 2)
			assert.NotNil(t, m["resolved_at"])
		}},
		{name: "finding history, bad fingerprint", method: "GET", path: "/api/v1/targets/prod/findings/XYZ", status: 400, err: "invalid fingerprint: 16 to 64 lowercase hex digits"},
		{name: "finding history, unknown fingerprint", method: "GET", path: "/api/v1/targets/prod/findings/" + strings.Repeat("0", 32), status: 404, err: "no finding " + strings.Repeat("0", 32) + ` in "prod"`},
		{name: "finding history, unknown target", method: "GET", path: "/api/v1/targets/nope/findings/" + fpBidi, status: 404, err: `unknown target "nope"`},
		{name: "control history", method: "GET", path: "/api/v1/targets/prod/controls/" + iso + "/A.8.13", status: 200, check: func(t *testing.T, m map[string]any) {
			h := list(t, m, "history")
			require.Len(t, h, 2)
			assert.EqualValues(t, f.prod1, h[0].(map[string]any)["scan_id"], "oldest first")
			assert.Equal(t, "fail", h[1].(map[string]any)["state"])
			assert.EqualValues(t, 2, h[1].(map[string]any)["fail"])
		}},
		{name: "control history, unknown framework", method: "GET", path: "/api/v1/targets/prod/controls/soc3/A.8.13", status: 404, err: `unknown framework "soc3"`},
		{name: "control history, bad control", method: "GET", path: "/api/v1/targets/prod/controls/" + iso + "/%E2%80%AEA", status: 400, err: "invalid control id: contains control or format character U+202E"},
		{name: "control history, bad limit", method: "GET", path: "/api/v1/targets/prod/controls/" + iso + "/A.8.13?limit=1.5", status: 400, err: `invalid limit "1.5": a positive integer`},

		{name: "trigger", method: "POST", path: "/api/v1/targets/prod/scans", status: 202, check: func(t *testing.T, m map[string]any) {
			assert.Equal(t, "prod", m["target"])
			assert.Equal(t, "queued", m["status"])
			assert.Equal(t, "/api/v1/scans/"+id(int64(m["id"].(float64))), m["url"])
		}},
		{name: "trigger an unknown target", method: "POST", path: "/api/v1/targets/nope/scans", status: 404, err: `unknown target "nope"`},

		{name: "wrong method", method: "DELETE", path: "/api/v1/scans/1", status: 405, err: "method not allowed"},
		{name: "unknown API route", method: "GET", path: "/api/v1/nothing", status: 404, err: "not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := do(h, tc.method, tc.path, nil, "")
			require.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
			m := decode(t, w.Body.Bytes())
			if pattern := routePattern(tc.method, tc.path); pattern != "" {
				oa.checkResponse(t, tc.method, pattern, w.Code, w.Body.Bytes())
			}
			if tc.check != nil {
				tc.check(t, m)
				return
			}
			assert.Equal(t, map[string]any{"error": tc.err}, m)
		})
	}
	assert.Equal(t, []string{"prod/api"}, tl.calls, "one scan triggered, through the API")
}

func TestAPITriggerLocation(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	w := do(h, "POST", "/api/v1/targets/staging/scans", nil, "")
	require.Equal(t, http.StatusAccepted, w.Code, w.Body.String())
	m := decode(t, w.Body.Bytes())
	loc := w.Header().Get("Location")
	assert.Equal(t, "/api/v1/scans/"+id(int64(m["id"].(float64))), loc)
	// The Location answers with the queued scan.
	w = do(h, "GET", loc, nil, "")
	require.Equal(t, http.StatusOK, w.Code)
	sc := decode(t, w.Body.Bytes())
	assert.Equal(t, "queued", sc["status"])
	assert.Equal(t, "api", sc["trigger"])
	assert.Equal(t, "staging", sc["target"])
}

func TestAPITriggerUnavailable(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "", func(o *Options) { o.Trigger = nil })
	w := do(h, "POST", "/api/v1/targets/prod/scans", nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.JSONEq(t, `{"error":"this server cannot trigger scans"}`, w.Body.String())
}

// A store failure is a 500 without the store's message, which may name the database.
func TestAPIStoreErrorIsOpaque(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	require.NoError(t, f.st.Close())
	w := do(h, "GET", "/api/v1/scans", nil, "")
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.JSONEq(t, `{"error":"internal error"}`, w.Body.String())
}

func TestAPIGolden(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	cases := map[string]string{
		"findings-unchanged.json": "/api/v1/scans/" + id(f.prod2) + "/findings?change=unchanged",
		"posture.json":            "/api/v1/targets/prod/posture",
		"finding-history.json":    "/api/v1/targets/prod/findings/" + fpBidi,
		"dr.json":                 "/api/v1/scans/" + id(f.prod2) + "/dr",
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			w := do(h, "GET", path, nil, "")
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			// Scan ids depend on the store's sequence only, which the seed fixes.
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, w.Body.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to write it")
			assert.Equal(t, string(want), w.Body.String())
		})
	}
}

// routePattern is the pattern of the route serving method and path, "" when none does.
func routePattern(method, path string) string {
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.Method+" "+rt.Pattern, http.NotFoundHandler())
	}
	_, pattern := mux.Handler(httptest.NewRequest(method, path, nil))
	_, p, _ := strings.Cut(pattern, " ")
	return p
}
