package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/browsertest"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

// The dashboard is checked in a real browser: headless Chromium, driven with chromedp, as
// cmd/vigil/html_browser_test.go does for the html report. Locally the test skips when no Chromium
// is installed; on CI (CI=true) it fails instead, so CI cannot skip it silently. VIGIL_CHROMIUM names
// the browser binary; VIGIL_ARTIFACTS (or VIGIL_TEST_ARTIFACTS) a folder for the screenshots. With
// -update the overview's screenshot is also written to docs/img/dashboard.png.

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VIGIL_ARTIFACTS")
	if dir == "" {
		dir = os.Getenv("VIGIL_TEST_ARTIFACTS")
	}
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// pageFacts is what the test reads from a loaded page.
type pageFacts struct {
	Title string `json:"title"`
	// Styled is true when the stylesheet applied (the CSP let it load).
	Styled bool `json:"styled"`
	// Overflow is how far the page is wider than the window: a long value must wrap, not widen it.
	Overflow int `json:"overflow"`
	Scripts  int `json:"scripts"`
}

const readPageFacts = `(() => ({
  title: document.title,
  styled: getComputedStyle(document.querySelector('header.top') || document.body).display === 'flex',
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  scripts: document.querySelectorAll('script').length,
}))()`

// realisticSeed is a store with a week of scans of two targets, for the dashboard's screenshot.
func realisticSeed(t *testing.T) store.Store {
	t.Helper()
	st := openStore(t)
	resources := []string{"aws_s3_bucket.logs", "aws_s3_bucket.assets", "aws_db_instance.orders", "aws_ebs_volume.data",
		"aws_iam_role.deploy", "aws_kms_key.main"}
	for day := range 7 {
		for ti, target := range []string{"prod", "staging"} {
			var fs []store.Finding
			for i, r := range resources {
				// Findings come and go over the week.
				if (i+day+ti)%3 == 0 || i == 0 {
					status := "fail"
					if i == 4 {
						status = "unknown"
					}
					fs = append(fs, finding(ruleS3, r, status, []string{"high", "medium", "low"}[i%3], "versioning is not enabled on "+r))
				}
			}
			runScan(t, st, target, t0.Add(time.Duration(day)*24*time.Hour+time.Duration(ti)*time.Hour), plainOutcome(fs, day%2))
		}
	}
	return st
}

// plainOutcome is outcome without hostile names: the screenshot shows plain ones.
func plainOutcome(fs []store.Finding, drMissed int) *store.Outcome {
	out := outcome(fs, nil, drMissed)
	out.DR[2].System = "search"
	out.Waivers[0].Reason = "Replacing the bucket with the new logging pipeline"
	out.Controls[1].Title = "Policies for information security"
	return out
}

func TestDashboardInChromium(t *testing.T) {
	browser := browsertest.ChromiumPath(t)
	artifacts := artifactsDir(t)

	// Both fixtures are served by one handler each; the browser logs in to each with the token.
	hostile := seed(t)
	ctx := context.Background()
	// The fixture's queued scan would be claimed before the one "Scan now" queues.
	sc, err := hostile.st.Claim(ctx, "test", t0)
	require.NoError(t, err)
	require.NoError(t, hostile.st.Fail(ctx, sc.ID, "test", t0.Add(5*time.Hour), "cancelled"))

	realistic := &fixture{st: realisticSeed(t)}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	bctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(bctx, opts...)
	defer cancelAlloc()

	t.Run("every page of a hostile history", func(t *testing.T) {
		h, _ := newHandler(t, hostile, testToken)
		srv := httptest.NewServer(h)
		defer srv.Close()
		tab, cancelTab := chromedp.NewContext(allocCtx)
		defer cancelTab()
		events := &browsertest.Events{}
		require.NoError(t, chromedp.Listen(tab, events.Listen))
		login := browserLogin(t, tab, srv.URL)
		assertClean(t, srv.URL, "/login", login, events)

		iso := engine.FrameworkISO27001
		for _, p := range []string{
			"/", "/targets/prod", "/targets/staging", "/targets/empty",
			"/scans/" + id(hostile.prod1), "/scans/" + id(hostile.prod2), "/scans/" + id(hostile.prod2) + "?change=new",
			"/scans/" + id(hostile.stagingFailed), "/scans/" + id(hostile.prod2) + "/controls/" + iso,
			"/targets/prod/controls/" + iso + "/A.8.13", "/targets/prod/findings/" + fpScript,
			"/targets/prod/findings/" + fpLong, "/targets/prod/findings/" + fpBidi, "/scans/999",
		} {
			t.Run(p, func(t *testing.T) {
				resp, err := chromedp.Run(tab, chromedp.NavigateResponse(srv.URL+p))
				require.NoError(t, err)
				want := 200
				if p == "/scans/999" {
					want = 404
				}
				assert.EqualValues(t, want, resp.Status)
				facts, err := chromedp.Run(tab, chromedp.Evaluate[pageFacts](readPageFacts))
				require.NoError(t, err)
				assert.True(t, facts.Styled, "the stylesheet applies")
				assert.LessOrEqual(t, facts.Overflow, 0, "the page is no wider than the window")
				assert.Zero(t, facts.Scripts, "the dashboard has no script")
				var expected []string
				if want == 404 {
					expected = []string{"log error: Failed to load resource: the server responded with a status of 404 (Not Found) (" + srv.URL + p + ")"}
				}
				assertClean(t, srv.URL, p, facts, events, expected...)
				shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
				require.NoError(t, err)
				name := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.Trim(p, "/"))
				if name == "" {
					name = "overview"
				}
				require.NoError(t, os.WriteFile(filepath.Join(artifacts, "hostile-"+name+".png"), shot, 0o644))
			})
		}
	})

	t.Run("scan now", func(t *testing.T) {
		done := make(chan int64, 1)
		var h http.Handler
		h, _ = newHandler(t, realistic, testToken, func(o *Options) {
			o.Targets = testTargets[:2]
			o.Now = func() time.Time { return t0.Add(8 * 24 * time.Hour) }
			o.Trigger = func(ctx context.Context, target, how string) (int64, error) {
				id, _, err := realistic.st.Enqueue(ctx, target, "", how, t0.Add(7*24*time.Hour))
				if err != nil {
					return 0, err
				}
				// The scanner: claims the scan and completes it, with no finding left, a moment later.
				go func() {
					bg := context.Background()
					at := t0.Add(7 * 24 * time.Hour)
					sc, err := realistic.st.Claim(bg, "scanner", at)
					if err == nil && sc != nil {
						_, err = realistic.st.Complete(bg, sc.ID, "scanner", at.Add(2*time.Minute),
							plainOutcome([]store.Finding{finding(ruleRDS, "aws_db_instance.orders", "fail", "critical", "no backups")}, 0))
					}
					if err != nil || sc == nil {
						done <- 0
						return
					}
					done <- sc.ID
				}()
				return id, nil
			}
		})
		srv := httptest.NewServer(h)
		defer srv.Close()
		tab, cancelTab := chromedp.NewContext(allocCtx)
		defer cancelTab()
		events := &browsertest.Events{}
		require.NoError(t, chromedp.Listen(tab, events.Listen))
		browserLogin(t, tab, srv.URL)
		events.Take()

		before, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('[data-scan-now]').length`))
		require.NoError(t, err)
		require.Equal(t, 2, before, "a Scan now button per target")
		resp, err := chromedp.RunResponse(tab, chromedp.Click(`button[data-scan-now="prod"]`, chromedp.NodeVisible))
		require.NoError(t, err)
		assert.EqualValues(t, 200, resp.Status)
		loc, err := chromedp.Run(tab, chromedp.Location())
		require.NoError(t, err)
		assert.Equal(t, srv.URL+"/targets/prod", loc, "the button leads to the target's page")

		var scanID int64
		select {
		case scanID = <-done:
		case <-bctx.Done():
			t.Fatal("the scanner never ran: Scan now did not trigger a scan")
		}
		require.NotZero(t, scanID, "the scanner completed the scan")
		_, err = chromedp.RunResponse(tab, chromedp.Reload())
		require.NoError(t, err)
		row, err := chromedp.Run(tab, chromedp.Evaluate[map[string]string](fmt.Sprintf(`(() => {
		  const tr = document.querySelector('tr[data-scan="%d"]');
		  return tr ? {status: tr.dataset.status, trigger: tr.children[2].textContent,
		    fail: tr.querySelector('[data-count="fail"]').textContent} : {};
		})()`, scanID)))
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"status": "completed", "trigger": "dashboard", "fail": "1"}, row,
			"the new scan's result is on the target's page")

		_, err = chromedp.RunResponse(tab, chromedp.Navigate(srv.URL+"/"))
		require.NoError(t, err)
		latest, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('[data-target="prod"] .latest-completed').dataset.scan`))
		require.NoError(t, err)
		assert.Equal(t, id(scanID), latest, "the overview shows the new scan as prod's latest")
		facts, err := chromedp.Run(tab, chromedp.Evaluate[pageFacts](readPageFacts))
		require.NoError(t, err)
		assertClean(t, srv.URL, "scan now", facts, events)

		shot, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(artifacts, "dashboard.png"), shot, 0o644))
		full, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(artifacts, "dashboard-full.png"), full, 0o644))
		if *update {
			require.NoError(t, os.WriteFile("../../../docs/img/dashboard.png", shot, 0o644))
		}
		t.Logf("screenshots in %s", artifacts)
	})
}

// browserLogin logs in through the form and returns the login page's facts.
func browserLogin(t *testing.T, tab context.Context, base string) pageFacts {
	t.Helper()
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(base+"/"))
	require.NoError(t, err)
	assert.EqualValues(t, 200, resp.Status)
	loc, err := chromedp.Run(tab, chromedp.Location())
	require.NoError(t, err)
	require.Equal(t, base+"/login", loc, "without a session the dashboard sends the browser to /login")
	facts, err := chromedp.Run(tab, chromedp.Evaluate[pageFacts](readPageFacts))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(tab, chromedp.SendKeys("#token", testToken, chromedp.NodeVisible)))
	_, err = chromedp.RunResponse(tab, chromedp.Click(`form.login button`, chromedp.NodeVisible))
	require.NoError(t, err)
	loc, err = chromedp.Run(tab, chromedp.Location())
	require.NoError(t, err)
	require.Equal(t, base+"/", loc, "logged in")
	return facts
}

// assertClean checks that nothing went wrong in the browser and no request left the test server.
// expected lists the problems the page is meant to log (a 404 page's own status).
func assertClean(t *testing.T, base, what string, facts pageFacts, events *browsertest.Events, expected ...string) {
	t.Helper()
	problems, requests := events.Take()
	assert.Equal(t, expected, problems, "%s: no console message, exception, CSP violation or dialog", what)
	u, err := url.Parse(base)
	require.NoError(t, err)
	host, _, err := net.SplitHostPort(u.Host)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", host)
	for _, r := range requests {
		ru, err := url.Parse(r)
		if assert.NoError(t, err) {
			assert.Equal(t, u.Host, ru.Host, "%s: request %s stays on the test server", what, r)
		}
	}
	assert.NotEmpty(t, facts.Title)
}
