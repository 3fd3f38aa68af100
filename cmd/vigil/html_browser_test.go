package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/browsertest"
)

// The html report is checked in a real browser: headless Chromium, driven with chromedp. Locally the test
// skips when no Chromium is installed; on CI (CI=true) it fails instead, so that CI cannot skip it
// silently (.ci/run installs Debian's chromium). VIGIL_CHROMIUM names the browser binary;
// VIGIL_TEST_ARTIFACTS a folder for the screenshots (default: the test's temporary folder).

// pageFacts is what the test reads from the rendered page.
type pageFacts struct {
	Title      string             `json:"title"`
	Headings   []string           `json:"headings"`
	Counts     map[string]float64 `json:"counts"`
	ResultRows int                `json:"result_rows"`
}

const readPageFacts = `(() => {
  const counts = {};
  document.querySelectorAll('#summary .tiles [data-count]').forEach(e => counts[e.dataset.count] = Number(e.textContent));
  document.querySelectorAll('#summary [data-failing]').forEach(e => counts['failing/' + e.dataset.failing] = Number(e.textContent));
  document.querySelectorAll('tr[data-framework]').forEach(tr => tr.querySelectorAll('[data-count]').forEach(
    e => counts[tr.dataset.framework + '/' + e.dataset.count] = Number(e.textContent)));
  document.querySelectorAll('[data-dr]').forEach(e => counts['dr/' + e.dataset.dr] = Number(e.textContent));
  return {title: document.title, headings: [...document.querySelectorAll('h2')].map(h => h.textContent),
    counts, result_rows: document.querySelectorAll('#rules table.results tbody tr').length};
})()`

// closedRuleVisible tells whether the results of the first closed rule are shown: not on screen (the
// <details> is closed), but in print, where every section is expanded.
const closedRuleVisible = `document.querySelector('details.rule:not([open]) table.results').checkVisibility()`

func TestHTMLReportInChromium(t *testing.T) {
	browser := browsertest.ChromiumPath(t)
	artifacts := os.Getenv("VIGIL_TEST_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(artifacts, 0o755))

	cases := []struct {
		name, root string
		dr         bool
	}{
		{name: "terraform", root: "../../examples/terraform"},
		{name: "dr", root: "../../examples/dr", dr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			jsonPath, htmlPath := filepath.Join(dir, "report.json"), filepath.Join(dir, "report.html")
			code, _, stderr := runVigil(t, "scan", tc.root, "--format", "json", "-o", jsonPath)
			require.Equal(t, 0, code, stderr)
			// The page shows the trend against a previous report: here the same one, so every delta is ±0.
			code, _, stderr = runVigil(t, "scan", tc.root, "--format", "html", "-o", htmlPath, "--previous-report", jsonPath)
			require.Equal(t, 0, code, stderr)
			var rep struct {
				Results []json.RawMessage `json:"results"`
				Summary struct {
					Resources        int            `json:"resources"`
					ByStatus         map[string]int `json:"by_status"`
					FailedBySeverity map[string]int `json:"failed_by_severity"`
					Frameworks       []struct {
						Framework string `json:"framework"`
						Passing   int    `json:"controls_passing"`
						Failing   int    `json:"controls_failing"`
						Unknown   int    `json:"controls_unknown"`
						Manual    int    `json:"controls_manual"`
						Fully     int    `json:"controls_fully_automated"`
						Partly    int    `json:"controls_partly_automated"`
					} `json:"frameworks"`
				} `json:"summary"`
				DR *struct {
					Resources []struct {
						Objectives map[string]struct {
							Status string `json:"status"`
						} `json:"objectives"`
					} `json:"resources"`
				} `json:"dr"`
			}
			raw, err := os.ReadFile(jsonPath)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(raw, &rep))
			require.Equal(t, tc.dr, rep.DR != nil, "a DR posture in the report exactly when vigil.hcl declares one")

			events := &browsertest.Events{}
			facts, printVisible, screenVisible, shot, printShot, pdf := openInChromium(t, browser, htmlPath, events)

			assert.Equal(t, "vigil compliance report", facts.Title)
			// A control section per framework of the JSON report, in its order, then the ISO draft SoA.
			wantHeadings := []string{"Executive summary"}
			for _, fw := range rep.Summary.Frameworks {
				wantHeadings = append(wantHeadings, "Controls: "+engine.FrameworkTitle(fw.Framework))
			}
			require.Len(t, wantHeadings, 1+len(engine.Frameworks), "every framework is summarised")
			wantHeadings = append(wantHeadings, "Statement of Applicability (ISO/IEC 27001:2022, draft)", "Rules, results and evidence")
			if tc.dr {
				wantHeadings = append(wantHeadings, "DR posture")
			}
			wantHeadings = append(wantHeadings, "Waivers", "Scope and coverage")
			assert.Equal(t, wantHeadings, facts.Headings)

			want := map[string]float64{"resources": float64(rep.Summary.Resources)}
			for _, st := range []string{"fail", "unknown", "waived", "pass"} {
				want[st] = float64(rep.Summary.ByStatus[st])
			}
			for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
				want["failing/"+sev] = float64(rep.Summary.FailedBySeverity[sev])
			}
			for _, fw := range rep.Summary.Frameworks {
				want[fw.Framework+"/controls_passing"] = float64(fw.Passing)
				want[fw.Framework+"/controls_failing"] = float64(fw.Failing)
				want[fw.Framework+"/controls_unknown"] = float64(fw.Unknown)
				want[fw.Framework+"/controls_manual"] = float64(fw.Manual)
				want[fw.Framework+"/controls_fully_automated"] = float64(fw.Fully)
				want[fw.Framework+"/controls_partly_automated"] = float64(fw.Partly)
			}
			if rep.DR != nil {
				for _, st := range []string{"pass", "fail", "unknown"} {
					want["dr/"+st] = 0
				}
				for _, r := range rep.DR.Resources {
					for _, o := range r.Objectives {
						want["dr/"+o.Status]++
					}
				}
			}
			assert.Equal(t, want, facts.Counts, "the counts the page shows are the JSON report's")
			assert.Equal(t, len(rep.Results), facts.ResultRows, "every result is in the page")
			assert.Greater(t, rep.Summary.ByStatus["fail"], 0, "the example has failures to show")

			assert.False(t, screenVisible, "a closed rule hides its results on screen")
			assert.True(t, printVisible, "in print every rule is expanded")

			problems, requests := events.Snapshot()
			assert.Empty(t, problems, "no console message, exception or CSP violation")
			fileURL := (&url.URL{Scheme: "file", Path: htmlPath}).String()
			assert.Equal(t, []string{fileURL}, requests, "no request but the page itself")

			require.NoError(t, os.WriteFile(filepath.Join(artifacts, "html-report-"+tc.name+".png"), shot, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(artifacts, "html-report-"+tc.name+"-print.png"), printShot, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(artifacts, "html-report-"+tc.name+".pdf"), pdf, 0o644))
			assert.True(t, strings.HasPrefix(string(pdf), "%PDF-"), "the page prints to PDF")
			t.Logf("screenshot and PDF in %s", artifacts)
		})
	}
}

// openInChromium loads the page in headless Chromium and returns what it shows, whether a closed rule's
// results are visible on screen and in print, screenshots of the first screen on screen and in print, and
// the page printed to PDF.
func openInChromium(t *testing.T, browser, path string, events *browsertest.Events) (facts pageFacts, printVisible, screenVisible bool, shot, printShot, pdf []byte) {
	t.Helper()
	// Root (CI containers) cannot use Chromium's sandbox.
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	// Listen before navigating, so the document's own request and anything it would load are seen.
	require.NoError(t, chromedp.Listen(ctx, events.Listen))

	fileURL := (&url.URL{Scheme: "file", Path: path}).String()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL), chromedp.WaitReady("body")))
	var err error
	facts, err = chromedp.Run(ctx, chromedp.Evaluate[pageFacts](readPageFacts))
	require.NoError(t, err)
	screenVisible, err = chromedp.Run(ctx, chromedp.Evaluate[bool](closedRuleVisible))
	require.NoError(t, err)
	shot, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	printVisible, err = chromedp.Run(ctx, chromedp.Evaluate[bool](closedRuleVisible))
	require.NoError(t, err)
	printShot, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	pdf, err = chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground()))
	require.NoError(t, err)
	return facts, printVisible, screenVisible, shot, printShot, pdf
}
