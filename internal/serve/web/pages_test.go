package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

// count counts the matches of a regular expression in a page.
func count(body, expr string) int { return len(regexp.MustCompile(expr).FindAllStringIndex(body, -1)) }

func get(t *testing.T, h http.Handler, path string, status int) string {
	t.Helper()
	w := do(h, "GET", path, nil, "")
	require.Equal(t, status, w.Code, path)
	if status == http.StatusOK || status >= 400 {
		assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"), path)
	}
	return w.Body.String()
}

func TestOverviewPage(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	body := get(t, h, "/", http.StatusOK)
	assert.Equal(t, 3, count(body, `<section class="target"`), "a section per target")
	assert.Equal(t, 3, count(body, `data-scan-now="`), "a Scan now button per configured target")
	assert.Contains(t, body, `<p class="latest-completed" data-scan="`+id(f.prod2)+`">`)
	assert.Contains(t, body, "Never scanned.")
	// Waivers: expiring within 30 days and expired, not the one far away.
	assert.Contains(t, body, "<code>w-soon</code>")
	assert.Contains(t, body, "<code>w-old</code>")
	assert.NotContains(t, body, "w-later")
	assert.Equal(t, 2*2, count(body, `<figure class="chart">\s*<figcaption>(ISO|NIST)`), "a posture chart per framework for prod and staging")
	assert.Contains(t, body, `<figcaption>payments`, "a DR chart per system")
}

func TestTargetPagePagination(t *testing.T) {
	st := openStore(t)
	f := &fixture{st: st}
	for i := range 30 {
		runScan(t, st, "prod", t0.Add(time.Duration(i)*time.Hour), outcome(nil, nil, 0))
	}
	h, _ := newHandler(t, f, "")
	body := get(t, h, "/targets/prod", http.StatusOK)
	assert.Equal(t, scansPerPage, count(body, `<tr data-scan=`))
	assert.Contains(t, body, `<tr data-scan="30"`, "newest first")
	assert.Contains(t, body, `href="?page=2" rel="next"`)
	assert.NotContains(t, body, `rel="prev"`)
	body = get(t, h, "/targets/prod?page=2", http.StatusOK)
	assert.Equal(t, 5, count(body, `<tr data-scan=`))
	assert.Contains(t, body, `<tr data-scan="5"`)
	assert.Contains(t, body, `<tr data-scan="1"`)
	assert.Contains(t, body, `href="?page=1" rel="prev"`)
	assert.NotContains(t, body, `rel="next"`)
	body = get(t, h, "/targets/prod?page=3", http.StatusOK)
	assert.Contains(t, body, "No scans yet.")
	for _, p := range []string{"0", "-1", "x", "41"} {
		body = get(t, h, "/targets/prod?page="+p, http.StatusBadRequest)
		assert.Contains(t, body, "invalid page")
	}
	body = get(t, h, "/targets/nope", http.StatusNotFound)
	assert.Contains(t, body, `unknown target &#34;nope&#34;`)
}

func TestScanPage(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	body := get(t, h, "/scans/"+id(f.prod2), http.StatusOK)
	assert.Equal(t, 3, count(body, `<tr data-fingerprint=`))
	assert.Contains(t, body, `href="/api/v1/scans/`+id(f.prod2)+`/report"`)
	assert.Contains(t, body, `href="/scans/`+id(f.prod2)+`/controls/iso27001-2022"`)
	assert.Contains(t, body, `newly_missed`)
	assert.Contains(t, body, `<span class="n" data-count="resolved">1</span>`)

	body = get(t, h, "/scans/"+id(f.prod2)+"?change=new", http.StatusOK)
	assert.Equal(t, 1, count(body, `<tr data-fingerprint=`))
	assert.Contains(t, body, `<tr data-fingerprint="`+fpLong+`">`)
	assert.Contains(t, body, `?change=new" class="current"`)
	body = get(t, h, "/scans/"+id(f.prod2)+"?change=resolved", http.StatusOK)
	assert.Contains(t, body, `<tr data-fingerprint="`+fpBidi+`">`)
	assert.Equal(t, 1, count(body, `<tr data-fingerprint=`))
	get(t, h, "/scans/"+id(f.prod2)+"?change=bogus", http.StatusBadRequest)

	body = get(t, h, "/scans/"+id(f.queued), http.StatusOK)
	assert.Contains(t, body, `<span class="st unknown">queued</span>`)
	assert.NotContains(t, body, "/report", "no report before the scan completes")
	body = get(t, h, "/scans/"+id(f.stagingFailed), http.StatusOK)
	assert.Contains(t, body, `<p class="verdict fail">terraform: &lt;script&gt;`)
	get(t, h, "/scans/0", http.StatusBadRequest)
	get(t, h, "/scans/999", http.StatusNotFound)
}

func TestControlPages(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	iso := engine.FrameworkISO27001
	body := get(t, h, "/scans/"+id(f.prod2)+"/controls/"+iso, http.StatusOK)
	assert.Equal(t, 2, count(body, `<tr data-control=`))
	assert.Contains(t, body, `href="/targets/prod/controls/iso27001-2022/A.8.13"`)
	get(t, h, "/scans/"+id(f.prod2)+"/controls/iso9001", http.StatusNotFound)
	get(t, h, "/scans/"+id(f.queued)+"/controls/"+iso, http.StatusConflict)

	body = get(t, h, "/targets/prod/controls/"+iso+"/A.8.13", http.StatusOK)
	assert.Equal(t, 2, count(body, `<tr><td><a href="/scans/\d+">`), "the control in both scans")
	// Its open findings in the latest scan; the resolved one is not.
	assert.Contains(t, body, `<tr data-fingerprint="`+fpScript+`">`)
	assert.Contains(t, body, `<tr data-fingerprint="`+fpLong+`">`)
	assert.NotContains(t, body, fpBidi)
	get(t, h, "/targets/prod/controls/"+iso+"/Z.9", http.StatusNotFound)
	get(t, h, "/targets/prod/controls/bogus/A.8.13", http.StatusNotFound)
}

func TestFindingPage(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	body := get(t, h, "/targets/prod/findings/"+fpBidi, http.StatusOK)
	assert.Contains(t, body, "<dd data-first-seen>2026-11-02 06:01 UTC</dd>")
	assert.Contains(t, body, "<dd data-last-seen>2026-11-02 06:01 UTC</dd>")
	assert.Contains(t, body, "<dd data-resolved>2026-11-03 06:01 UTC</dd>")
	assert.Equal(t, 2, count(body, `<tr><td><a href="/scans/\d+">`), "an event per scan")
	body = get(t, h, "/targets/prod/findings/"+fpScript, http.StatusOK)
	assert.Contains(t, body, "<dd data-resolved>open</dd>")
	get(t, h, "/targets/prod/findings/not-hex", http.StatusBadRequest)
	get(t, h, "/targets/staging/findings/"+fpScript, http.StatusNotFound)
}

// A target name with characters that mean something in a URL keeps working: links escape it.
func TestTargetNameNeedingEscapes(t *testing.T) {
	f := seed(t)
	name := "team/a?b#c d"
	h, tl := newHandler(t, f, "", func(o *Options) {
		o.Targets = append(o.Targets, Target{Name: name, Kind: "terraform", Source: "x"})
	})
	esc := url.PathEscape(name)
	body := get(t, h, "/", http.StatusOK)
	assert.Contains(t, body, `href="/targets/`+esc+`"`)
	assert.Contains(t, body, `action="/targets/`+esc+`/scans"`)
	page := get(t, h, "/targets/"+esc, http.StatusOK)
	assert.Contains(t, page, "<h1>team/a?b#c d</h1>")
	w := do(h, "POST", "/targets/"+esc+"/scans", map[string]string{"Origin": "http://127.0.0.1"},
		url.Values{"csrf": {formCSRF(t, page)}}.Encode())
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/targets/"+esc, w.Header().Get("Location"))
	assert.Equal(t, []string{name + "/dashboard"}, tl.calls)
}

// A target with history but no longer configured is shown, and cannot be triggered.
func TestUnconfiguredTargetWithHistory(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "", func(o *Options) { o.Targets = o.Targets[1:] })
	body := get(t, h, "/", http.StatusOK)
	assert.Contains(t, body, "No longer configured: history only.")
	get(t, h, "/targets/prod", http.StatusOK)
	w := do(h, "POST", "/api/v1/targets/prod/scans", nil, "")
	assert.Equal(t, http.StatusNotFound, w.Code)
}

func TestStaticFiles(t *testing.T) {
	f := seed(t)
	h, _ := newHandler(t, f, "")
	w := do(h, "GET", "/static/style.css", nil, "")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "text/css; charset=utf-8", w.Header().Get("Content-Type"))
	w = do(h, "GET", "/static/favicon.svg", nil, "")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "image/svg+xml", w.Header().Get("Content-Type"))
	for _, p := range []string{"/static/nope.js", "/static/..%2ftemplates%2flayout.tmpl", "/static/"} {
		assert.Equal(t, http.StatusNotFound, do(h, "GET", p, nil, "").Code, p)
	}
}

func TestStackedChart(t *testing.T) {
	assert.Nil(t, stackedChart("x", postureSeries, nil))
	pts := []chartPoint{
		{ScanID: 1, At: t0, Values: []int{1, 0, 3}},
		{ScanID: 2, At: t0.Add(time.Hour), Values: []int{2, 2, 6}},
		{ScanID: 3, At: t0.Add(2 * time.Hour), Values: []int{0, 0, 5}},
	}
	c := stackedChart("ISO", postureSeries, pts)
	require.Len(t, c.Areas, 3)
	// The bottom band (failing) starts at y(1) over a maximum of 10: 8 + 122 - 12.2.
	assert.True(t, strings.HasPrefix(c.Areas[0].D, "M34.0 117.8 L293.0 105.6 L552.0 130.0 "), c.Areas[0].D)
	// The top band reaches the maximum (10) at the second scan.
	assert.Contains(t, c.Areas[2].D, "L293.0 8.0 ")
	assert.Equal(t, []int{0, 0, 5}, c.Latest)
	require.Len(t, c.Hits, 3)
	assert.Equal(t, "scan 2, 2026-11-02 07:00 UTC: 2 failing, 2 unknown, 6 passing", c.Hits[1].Tooltip)
	assert.Equal(t, "10", c.Labels[0].Text)

	one := stackedChart("one", postureSeries, pts[:1])
	assert.True(t, strings.HasPrefix(one.Areas[0].D, "M34.0 99.5 L552.0 99.5 "), "one scan is a band across the chart: %s", one.Areas[0].D)
	require.Len(t, one.Hits, 1)
	assert.Equal(t, "518.0", one.Hits[0].W)

	zero := stackedChart("zero", postureSeries, []chartPoint{{ScanID: 1, At: t0, Values: []int{0, 0, 0}}})
	assert.Equal(t, "1", zero.Labels[0].Text, "an empty scan still has a scale")
}

// A scan of a large estate lists its findings a page at a time; the change filter carries over.
func TestScanPageFindingsPagination(t *testing.T) {
	st := openStore(t)
	f := &fixture{st: st}
	var fs []store.Finding
	for i := range findingsPerPage + 20 {
		fs = append(fs, finding(ruleS3, fmt.Sprintf("aws_s3_bucket.b%04d", i), "fail", "high", "not encrypted"))
	}
	scan := "/scans/" + id(runScan(t, st, "prod", t0, outcome(fs, nil, 0)))
	h, _ := newHandler(t, f, "")
	body := get(t, h, scan, http.StatusOK)
	assert.Equal(t, findingsPerPage, count(body, "<tr data-fingerprint="), "one row per finding of the page")
	assert.Contains(t, body, fmt.Sprintf("%d findings, %d on this page.", findingsPerPage+20, findingsPerPage))
	assert.Contains(t, body, `href="?page=2" rel="next"`)
	body = get(t, h, scan+"?change=new&page=2", http.StatusOK)
	assert.Contains(t, body, "20 on this page.")
	assert.Contains(t, body, `href="?change=new&amp;page=1" rel="prev"`)
	assert.NotContains(t, body, `rel="next"`)
	for _, p := range []string{"0", "x", id(maxFindingsPage + 1)} {
		get(t, h, scan+"?page="+p, http.StatusBadRequest)
	}
}
