package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashEnv carries the SQLite path to the child process of TestStoreCrash.
const crashEnv = "VIGIL_STORE_CRASH_DB"

// crashOutcome is a large outcome whose findings shift with k, so every Complete writes new,
// unchanged and resolved rows.
func crashOutcome(k int) *Outcome {
	const n = 3000
	out := &Outcome{Complete: true, Passing: map[string]string{}, Summary: ScanSummary{FailedBySeverity: map[string]int{}}}
	msg := strings.Repeat("evidence ", 20)
	for j := 0; j < n; j++ {
		res := fmt.Sprintf("arn:aws:s3:::bucket-%04d", j)
		if (j+k)%5 == 0 {
			out.Passing[fp("S3.1", res)] = "pass"
			continue
		}
		st := "fail"
		if (j*7+k)%3 == 0 {
			st = "unknown"
			out.Summary.Unknown++
		} else {
			out.Summary.Fail++
		}
		f := finding("S3.1", res, st)
		f.Message = msg + res
		out.Findings = append(out.Findings, f)
	}
	out.DR = []DRObjective{{System: "s", Resource: "db", Objective: "rpo", Status: []string{"pass", "fail"}[k%2]}}
	out.ReportJSON = []byte(fmt.Sprintf(`{"k":%d,"pad":%q}`, k, strings.Repeat("x", 64<<10)))
	return out
}

// TestStoreCrashHelper is the child of TestStoreCrash: it completes large scans until it is killed.
func TestStoreCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestStoreCrash only")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	require.NoError(t, err)
	// As a server owning its SQLite store does at start: whatever ran before died with the previous process.
	_, err = s.MarkInterrupted(ctx, time.Now().Add(time.Hour), time.Now())
	require.NoError(t, err)
	for k := 0; ; k++ {
		_, _, err := s.Enqueue(ctx, "crash", "", "api", time.Now())
		require.NoError(t, err)
		// The oldest queued scan: one that a child killed between queuing and claiming it left behind
		// is taken first, as a restarted server takes it.
		sc, err := s.Claim(ctx, "child", time.Now())
		require.NoError(t, err)
		require.NotNil(t, sc)
		_, err = s.Complete(ctx, sc.ID, "child", time.Now(), crashOutcome(k))
		require.NoError(t, err)
		fmt.Printf("completed %d\n", sc.ID)
	}
}

// TestStoreCrash kills a process in the middle of storing large scans, several times, and checks that
// the SQLite store is whole: each completed scan has exactly its findings, and nothing stays running.
func TestStoreCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	completed := 0
	for round := 0; round < 5; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStoreCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		lines := make(chan string, 100)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the child to be storing scans, then kill it at a random point of a later one.
		select {
		case l, ok := <-lines:
			require.True(t, ok, "child exited before completing a scan")
			if !strings.HasPrefix(l, "completed ") { // a failure: its reason is on the lines after
				time.Sleep(100 * time.Millisecond)
				cmd.Process.Kill()
				said := []string{l}
				for l := range lines {
					said = append(said, l)
				}
				cmd.Wait()
				t.Fatalf("child said:\n%s", strings.Join(said, "\n"))
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatal("child completed no scan in 20s")
		}
		time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		err = cmd.Wait()
		require.Error(t, err, "the child only ends killed")
		n := 1
		for l := range lines {
			if strings.HasPrefix(l, "completed ") {
				n++
			} else if !strings.HasPrefix(l, "=== RUN") {
				t.Logf("child: %s", l)
			}
		}
		t.Logf("round %d: the child completed %d scans before it was killed", round, n)
	}

	ctx := context.Background()
	s := openT(t, path)
	_, err := s.MarkInterrupted(ctx, time.Now().Add(time.Hour), time.Now())
	require.NoError(t, err)
	scans, err := s.Scans(ctx, "crash", 0)
	require.NoError(t, err)
	db := s.(*sqlStore).db
	for _, sc := range scans {
		require.NotEqual(t, ScanRunning, sc.Status, "scan %d", sc.ID)
		var open, resolved int
		require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*) FROM findings WHERE scan_id = ? AND change <> 'resolved'", sc.ID).Scan(&open))
		require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*) FROM findings WHERE scan_id = ? AND change = 'resolved'", sc.ID).Scan(&resolved))
		if sc.Status != ScanCompleted {
			assert.Zero(t, open+resolved, "%s scan %d has findings", sc.Status, sc.ID)
			continue
		}
		completed++
		require.NotNil(t, sc.Summary)
		assert.Equal(t, sc.Summary.Fail+sc.Summary.Unknown, open, "scan %d", sc.ID)
		assert.Equal(t, sc.Summary.New+sc.Summary.Unchanged, open, "scan %d", sc.ID)
		assert.Equal(t, sc.Summary.Resolved, resolved, "scan %d", sc.ID)
		rep, err := s.Report(ctx, sc.ID)
		require.NoError(t, err)
		assert.Contains(t, string(rep), `"k":`)
	}
	assert.GreaterOrEqual(t, completed, 5, "each child completed at least one scan")
	var check string
	require.NoError(t, db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check))
	assert.Equal(t, "ok", check)
	rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	require.NoError(t, err)
	assert.False(t, rows.Next(), "dangling rows")
	rows.Close()
}
