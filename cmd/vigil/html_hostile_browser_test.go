package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/browsertest"
)

// hostileLayout opens every drill-down (as a reader, or print, does), then measures the page: the widest
// the document gets, the window's width, and whether any planted markup ran.
const hostileLayout = `(() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  return {scroll_width: document.documentElement.scrollWidth, window_width: window.innerWidth,
    pwned: window.pwned || 0, results: document.querySelectorAll('#rules table.results tbody tr').length};
})()`

type hostileFacts struct {
	ScrollWidth int `json:"scroll_width"`
	WindowWidth int `json:"window_width"`
	Pwned       int `json:"pwned"`
	Results     int `json:"results"`
}

// TestHTMLReportHostileValuesInChromium renders a scan of resources whose names (quoted in messages) hold
// markup, a bidi override and 3,000-character words, with a DR system and a waiver of the longest names
// and text the config allows, and opens it in Chromium: nothing planted runs, nothing is requested, no
// console error, and opening every drill-down keeps the page within the window (one long word must not
// make the whole report scroll sideways, on screen or on paper).
func TestHTMLReportHostileValuesInChromium(t *testing.T) {
	browser := browsertest.ChromiumPath(t)
	htmlPath := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr := runVigil(t, "scan", "testdata/html_hostile", "--format", "html", "-o", htmlPath)
	require.Equal(t, 0, code, stderr)

	events := &browsertest.Events{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	require.NoError(t, chromedp.Listen(ctx, events.Listen))
	fileURL := (&url.URL{Scheme: "file", Path: htmlPath}).String()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL), chromedp.WaitReady("body")))
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[hostileFacts](hostileLayout))
	require.NoError(t, err)
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	require.NoError(t, err)

	assert.Greater(t, facts.Results, 0, "the report shows the results")
	assert.Zero(t, facts.Pwned, "no planted markup ran")
	assert.LessOrEqual(t, facts.ScrollWidth, facts.WindowWidth, "with every drill-down open, the page is no wider than the window")
	problems, requests := events.Snapshot()
	assert.Empty(t, problems, "no console message, exception or CSP violation")
	assert.Equal(t, []string{fileURL}, requests, "no request but the page itself")
	assert.Greater(t, len(pdf), 1000, "the page prints")
	if dir := os.Getenv("VIGIL_TEST_ARTIFACTS"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "html-report-hostile.pdf"), pdf, 0o644))
	}
}
