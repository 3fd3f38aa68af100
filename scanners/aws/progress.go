package aws

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// progressInterval is the shortest time between two redraws of the progress line.
const progressInterval = 150 * time.Millisecond

// progress redraws one status line on a terminal: the phase while accounts are prepared, then the
// services done out of the total, the resources collected and the calls that failed so far.
// A nil writer makes every method a no-op.
type progress struct {
	w    io.Writer
	sink *Sink
	rec  *callRecorder

	mu       sync.Mutex
	started  time.Time
	msg      string
	accounts int
	sessions int
	total    int
	done     int
	running  int
	last     time.Time
	width    int // length of the line last drawn, to blank what a shorter line leaves
}

func newProgress(w io.Writer, sink *Sink, rec *callRecorder) *progress {
	return &progress{w: w, sink: sink, rec: rec, started: time.Now()}
}

// phase shows what Collect is doing before the service collections start.
func (p *progress) phase(msg string) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msg = msg
	p.draw(true)
}

// start sets the service collections to be done.
func (p *progress) start(tasks []*task) {
	if p.w == nil {
		return
	}
	accounts, sessions := map[string]bool{}, map[string]bool{}
	for _, t := range tasks {
		accounts[t.sess.Account] = true
		sessions[t.sess.Account+"/"+t.sess.Region] = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msg = ""
	p.accounts, p.sessions, p.total = len(accounts), len(sessions), len(tasks)
	p.draw(true)
}

func (p *progress) taskStarted() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running++
	p.draw(false)
}

func (p *progress) taskDone() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running--
	p.done++
	p.draw(p.done == p.total)
}

// finish draws the last state and ends the line.
func (p *progress) finish() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(true)
	fmt.Fprintln(p.w)
}

// draw rewrites the line, at most every progressInterval unless forced. Callers hold p.mu.
func (p *progress) draw(force bool) {
	now := time.Now()
	if !force && now.Sub(p.last) < progressInterval {
		return
	}
	p.last = now
	elapsed := now.Sub(p.started).Round(time.Second)
	var line string
	if p.msg != "" {
		line = fmt.Sprintf("vigil: %s… %s", p.msg, elapsed)
	} else {
		line = fmt.Sprintf("vigil: %d account(s), %d account×region: %d/%d service collections done (%d running), %d resources, %d API calls, %d failed, %s",
			p.accounts, p.sessions, p.done, p.total, p.running, p.sink.Len(), p.rec.total(), p.sink.IssueCount(), elapsed)
	}
	pad := ""
	if n := len(line); n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}

// Write prints the summary: totals, resources per type, and every failed call with its error code.
func (s Summary) Write(w io.Writer) error {
	var b strings.Builder
	state := "collected"
	if s.Canceled {
		state = "collected before the interruption"
	}
	fmt.Fprintf(&b, "AWS: %d resources %s from %d account(s) × %d region(s) in %s (%d API calls).\n",
		s.TotalResources(), state, len(s.Accounts), len(s.Regions), s.Duration.Round(100*time.Millisecond), s.TotalCalls())
	types := make([]string, 0, len(s.Resources))
	for t := range s.Resources {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(&b, "  %-36s %6d\n", t, s.Resources[t])
	}
	if len(s.Failed) > 0 {
		n := 0
		for _, f := range s.Failed {
			n += f.Count
		}
		fmt.Fprintf(&b, "%d call(s) failed: the attributes they would have read are unknown and the inventory is incomplete.\n", n)
		for _, f := range s.Failed {
			api := f.API
			if api == "" {
				api = "(whole service)"
			}
			count := ""
			if f.Count > 1 {
				count = fmt.Sprintf(" ×%d", f.Count)
			}
			fmt.Fprintf(&b, "  %s %s  %s %s: %s%s — %s\n", f.Account, f.Region, f.Service, api, f.Code, count, summaryMessage(f.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// summaryMessage shortens an SDK error message to its first line, at most 200 characters.
func summaryMessage(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
