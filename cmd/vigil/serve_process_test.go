package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/bench/gen/invgen"
	"github.com/vigil-audit/vigil/internal/serve/notify"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

// TestMain lets a test run the vigil binary itself: the test binary re-executed with VIGIL_TEST_MAIN=1
// is vigil, so process-level tests (kill -9, SIGTERM) need no separate build.
func TestMain(m *testing.M) {
	if os.Getenv("VIGIL_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

const serveTestToken = "test-token-0123456789abcdef"

// serveProcess is a `vigil serve` child process.
type serveProcess struct {
	cmd    *exec.Cmd
	base   string
	mu     sync.Mutex
	stderr strings.Builder
	exited chan struct{}
	err    error
}

var listenLine = regexp.MustCompile(`listen=http://(127\.0\.0\.1:[0-9]+)`)

// startServe starts `vigil serve` with args and waits until it listens.
func startServe(t *testing.T, args ...string) *serveProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "VIGIL_TEST_MAIN=1", "VIGIL_TOKEN="+serveTestToken)
	pipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &serveProcess{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stderr.WriteString(line + "\n")
			p.mu.Unlock()
			if m := listenLine.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.exited
	})
	select {
	case a := <-addr:
		p.base = "http://" + a
	case <-p.exited:
		t.Fatalf("vigil serve exited: %v\n%s", p.err, p.log())
	case <-time.After(2 * time.Minute):
		t.Fatalf("vigil serve did not listen\n%s", p.log())
	}
	return p
}

func (p *serveProcess) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func (p *serveProcess) request(t *testing.T, method, path string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, p.base+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+serveTestToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if out != nil && resp.StatusCode < 300 {
		require.NoError(t, json.Unmarshal(body, out), "%s %s: %s", method, path, body)
	}
	return resp.StatusCode
}

func (p *serveProcess) trigger(t *testing.T, target string) int64 {
	t.Helper()
	var resp struct {
		ID int64 `json:"id"`
	}
	require.Equal(t, http.StatusAccepted, p.request(t, http.MethodPost, "/api/v1/targets/"+target+"/scans", &resp))
	require.NotZero(t, resp.ID)
	return resp.ID
}

func (p *serveProcess) scan(t *testing.T, id int64) store.Scan {
	t.Helper()
	var sc store.Scan
	require.Equal(t, http.StatusOK, p.request(t, http.MethodGet, fmt.Sprintf("/api/v1/scans/%d", id), &sc))
	return sc
}

// waitScan polls until the scan is in one of the states.
func (p *serveProcess) waitScan(t *testing.T, id int64, states ...store.ScanStatus) store.Scan {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		sc := p.scan(t, id)
		for _, s := range states {
			if sc.Status == s {
				return sc
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("scan %d stayed %s\n%s", id, sc.Status, p.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serveFixture writes a vigil.hcl with a target of a large generated inventory (a scan that takes a
// while, to be killed in) and one of the example Terraform.
func serveFixture(t *testing.T) (cfgPath, dbPath string) {
	dir := t.TempDir()
	inv := invgen.Generate(20000, 1, 1)[0]
	f, err := os.Create(filepath.Join(dir, "big.json"))
	require.NoError(t, err)
	require.NoError(t, inv.Write(f))
	require.NoError(t, f.Close())
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples", "terraform"))
	require.NoError(t, err)
	cfgPath = filepath.Join(dir, "vigil.hcl")
	require.NoError(t, os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
target "big" {
  inventory = ["big.json"]
}
target "examples" {
  path = %q
}
`, examples)), 0o600))
	return cfgPath, filepath.Join(dir, "history.db")
}

// TestServeKilledMidScanKeepsCompletedScans kills `vigil serve` with SIGKILL while it runs a scan:
// the scans completed before are intact, and the next start marks the interrupted one failed.
func TestServeKilledMidScanKeepsCompletedScans(t *testing.T) {
	cfgPath, dbPath := serveFixture(t)
	p := startServe(t, "--config", cfgPath, "--db", dbPath)
	first := p.waitScan(t, p.trigger(t, "examples"), store.ScanCompleted)
	require.NotNil(t, first.Summary)
	require.Positive(t, first.Summary.Fail)

	big := p.trigger(t, "big")
	p.waitScan(t, big, store.ScanRunning)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	<-p.exited

	p2 := startServe(t, "--config", cfgPath, "--db", dbPath)
	again := p2.scan(t, first.ID)
	assert.Equal(t, store.ScanCompleted, again.Status)
	assert.Equal(t, first.Summary, again.Summary, "a completed scan survives the kill unchanged")
	var listed struct {
		Findings []store.Finding `json:"findings"`
	}
	require.Equal(t, http.StatusOK, p2.request(t, http.MethodGet, fmt.Sprintf("/api/v1/scans/%d/findings", first.ID), &listed))
	assert.Len(t, listed.Findings, first.Summary.Fail+first.Summary.Unknown)
	killed := p2.scan(t, big)
	assert.Equal(t, store.ScanFailed, killed.Status)
	assert.Contains(t, killed.Error, "interrupted")
	// The target is free again: its next scan runs and completes.
	p2.waitScan(t, p2.trigger(t, "examples"), store.ScanCompleted)
}

// TestServeStopsOnSIGTERMWithinTheGrace: SIGTERM during a scan cancels it once the grace is over; it is
// stored as failed and the process exits 0.
func TestServeStopsOnSIGTERMWithinTheGrace(t *testing.T) {
	cfgPath, dbPath := serveFixture(t)
	p := startServe(t, "--config", cfgPath, "--db", dbPath, "--shutdown-grace", "100ms")
	id := p.trigger(t, "big")
	p.waitScan(t, id, store.ScanRunning)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-p.exited:
	case <-time.After(time.Minute):
		t.Fatalf("vigil serve did not stop\n%s", p.log())
	}
	require.NoError(t, p.err, p.log())

	st, err := store.Open(context.Background(), dbPath)
	require.NoError(t, err)
	defer st.Close()
	sc, err := st.Scan(context.Background(), id)
	require.NoError(t, err)
	// The scan may have finished within the grace on a fast machine; it is never left running.
	if sc.Status == store.ScanFailed {
		assert.Equal(t, "canceled: vigil serve was stopped while the scan ran", sc.Error)
	} else {
		assert.Equal(t, store.ScanCompleted, sc.Status)
	}
}

// TestServeEndToEndAlertsAndMetrics: a scan triggered through the API reaches a signed webhook with its
// new findings, a target whose plan file is missing fails and is alerted too, and /metrics counts both.
func TestServeEndToEndAlertsAndMetrics(t *testing.T) {
	type delivery struct {
		event string
		body  []byte
		err   error
	}
	got := make(chan delivery, 16)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := notify.Verify("hook-secret", r.Header.Get(notify.HeaderTimestamp), r.Header.Get(notify.HeaderSignature), body, time.Now(), time.Minute)
		got <- delivery{r.Header.Get(notify.HeaderEvent), body, err}
	}))
	defer hook.Close()

	examples, err := filepath.Abs(filepath.Join("..", "..", "examples", "terraform"))
	require.NoError(t, err)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "vigil.hcl")
	require.NoError(t, os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
target "examples" {
  path = %q
}
target "missing-plan" {
  plan = "plans/not-yet.json"
}
serve {
  webhook "siem" {
    url_env      = "HOOK_URL"
    secret_env   = "HOOK_SECRET"
    min_severity = "critical"
  }
}
`, examples)), 0o600))
	t.Setenv("HOOK_URL", hook.URL+"/vigil?key=url-secret")
	t.Setenv("HOOK_SECRET", "hook-secret")
	p := startServe(t, "--config", cfgPath, "--db", filepath.Join(dir, "h.db"))

	p.waitScan(t, p.trigger(t, "examples"), store.ScanCompleted)
	failed := p.waitScan(t, p.trigger(t, "missing-plan"), store.ScanFailed)
	assert.Contains(t, failed.Error, "not-yet.json")
	assert.NotContains(t, failed.Error, dir, "no machine path in a stored error")

	events := map[string]notify.Payload{}
	for len(events) < 2 {
		select {
		case d := <-got:
			require.NoError(t, d.err, "the delivery is signed")
			var pl notify.Payload
			require.NoError(t, json.Unmarshal(d.body, &pl))
			events[d.event] = pl
		case <-time.After(time.Minute):
			t.Fatalf("webhook deliveries: %v\n%s", events, p.log())
		}
	}
	newFindings := events[notify.PayloadNewFindings]
	assert.Equal(t, "examples", newFindings.Target)
	require.NotEmpty(t, newFindings.Findings)
	for _, f := range newFindings.Findings {
		assert.Equal(t, "critical", f.Severity, "min_severity = critical")
	}
	assert.Equal(t, "missing-plan", events[notify.PayloadScanFailed].Target)

	req, err := http.NewRequest(http.MethodGet, p.base+"/metrics", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+serveTestToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	metricsText, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Contains(t, string(metricsText), `vigil_scans_total{status="completed",target="examples"} 1`)
	assert.Contains(t, string(metricsText), `vigil_scans_total{status="failed",target="missing-plan"} 1`)
	assert.NotContains(t, p.log(), "url-secret", "the webhook URL's secret never reaches the log")
	assert.NotContains(t, p.log(), serveTestToken)
}

// TestServeSecondServerOnOneSQLiteFileRefused: a second server on the same SQLite file would take the
// first one's running scans for leftovers and fail them; it stops at start instead.
func TestServeSecondServerOnOneSQLiteFileRefused(t *testing.T) {
	cfgPath, dbPath := serveFixture(t)
	first := startServe(t, "--config", cfgPath, "--db", dbPath)
	id := first.trigger(t, "big")
	first.waitScan(t, id, store.ScanRunning)

	var stdout, stderr strings.Builder
	cmd := exec.Command(os.Args[0], "serve", "--listen", "127.0.0.1:0", "--config", cfgPath, "--db", dbPath)
	cmd.Env = append(os.Environ(), "VIGIL_TEST_MAIN=1")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 2, exit.ExitCode())
	assert.Contains(t, stderr.String(), "another vigil serve uses "+dbPath)
	assert.NotEqual(t, store.ScanFailed, first.scan(t, id).Status, "the first server's scan is left alone")
}
