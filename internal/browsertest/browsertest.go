// Package browsertest holds what vigil's headless-Chromium tests share: finding the browser (a test
// skips without one locally and fails on CI, so CI cannot skip it silently; .ci/run installs Debian's
// chromium) and recording what a page did besides rendering.
package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
)

// ChromiumPath finds the browser (VIGIL_CHROMIUM, else chromium, chromium-browser or google-chrome on
// the PATH), or skips the test; with CI=true it fails instead.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	for _, c := range []string{os.Getenv("VIGIL_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no Chromium found (chromium, chromium-browser, google-chrome or VIGIL_CHROMIUM): .ci/run installs it")
	}
	t.Skip("no Chromium installed (apt-get install chromium, or set VIGIL_CHROMIUM); CI runs this test")
	return ""
}

// Events records what pages did besides rendering: console messages, exceptions, log entries (CSP
// violations and failed loads arrive there), dialogs (an alert() that escaped) and every request.
// Give its Listen to chromedp.Listen.
type Events struct {
	mu       sync.Mutex
	problems []string
	requests []string
}

// Listen records one DevTools event.
func (b *Events) Listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			args = append(args, string(a.Value)+a.Description)
		}
		b.problems = append(b.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
	case *runtime.EventExceptionThrown:
		b.problems = append(b.problems, "exception: "+ev.ExceptionDetails.Text)
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			b.problems = append(b.problems, fmt.Sprintf("log %s: %s (%s)", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
		}
	case *cdppage.EventJavascriptDialogOpening:
		b.problems = append(b.problems, "dialog: "+ev.Message)
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, ev.Request.URL)
	}
}

// Snapshot returns what was recorded so far.
func (b *Events) Snapshot() (problems, requests []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...), append([]string(nil), b.requests...)
}

// Take returns what was recorded since the last call, and forgets it.
func (b *Events) Take() (problems, requests []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	problems, requests = b.problems, b.requests
	b.problems, b.requests = nil, nil
	return problems, requests
}
