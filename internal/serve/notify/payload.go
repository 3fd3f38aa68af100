package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

// Event names in payloads and in the X-Vigil-Event header.
const (
	PayloadNewFindings     = "new_findings"
	PayloadObjectiveMissed = "objective_missed"
	PayloadScanFailed      = "scan_failed"
)

// maxItems caps the findings or objectives one message lists; the rest are counted. Receivers such
// as Slack reject large messages, and a first scan can hold thousands of new findings.
const maxItems = 50

// Text limits keep one oversized finding message or scan error from making the payload too big for
// the receiver. They count runes, so a cut never splits a character.
const (
	maxMessageRunes = 500
	maxErrorRunes   = 2000
)

var severityRank = map[string]int{"critical": 5, "high": 4, "medium": 3, "low": 2, "info": 1}

// rank orders severities; one vigil does not know ranks as info, so that a finding is never hidden
// from a webhook that asked for everything.
func rank(sev string) int {
	if r := severityRank[strings.ToLower(sev)]; r > 0 {
		return r
	}
	return 1
}

// message is one queued delivery: its body is built when queued, so that a later change of the
// findings cannot alter what is sent, and signed when sent, so that the timestamp is fresh.
type message struct {
	event  string
	target string
	scanID int64
	body   []byte
}

// Payload is the generic JSON document posted to "json" webhooks.
type Payload struct {
	Event  string    `json:"event"`
	Target string    `json:"target"`
	ScanID int64     `json:"scan_id"`
	At     time.Time `json:"at"`
	// Findings lists at most 50 new findings, most severe first; MoreFindings counts the others.
	Findings     []PayloadFinding `json:"findings,omitempty"`
	MoreFindings int              `json:"more_findings,omitempty"`
	// Objectives lists at most 50 newly missed DR objectives; MoreObjectives counts the others.
	Objectives     []PayloadObjective `json:"objectives,omitempty"`
	MoreObjectives int                `json:"more_objectives,omitempty"`
	// Error is a failed scan's error.
	Error string `json:"error,omitempty"`
}

// PayloadFinding is one new finding.
type PayloadFinding struct {
	RuleID      string `json:"rule_id"`
	RuleTitle   string `json:"rule_title,omitempty"`
	Severity    string `json:"severity"`
	Status      string `json:"status"`
	ResourceID  string `json:"resource_id"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// PayloadObjective is one DR objective that started failing.
type PayloadObjective struct {
	System    string `json:"system"`
	Tier      string `json:"tier,omitempty"`
	Resource  string `json:"resource"`
	Objective string `json:"objective"`
	Status    string `json:"status"`
	Declared  string `json:"declared,omitempty"`
	Achieved  string `json:"achieved,omitempty"`
}

// notifiable says whether a new finding is worth a message to h. Failing findings are, from the
// hook's MinSeverity up. An unknown result (a rule that could not decide, usually for lack of data)
// is noise at most severities, so only critical unknowns are reported: a critical control that can
// no longer be verified deserves a look as much as one that fails.
func notifiable(h *hook, f store.Finding) bool {
	r := rank(f.Severity)
	if r < h.minRank {
		return false
	}
	switch f.Status {
	case "fail":
		return true
	case "unknown":
		return r == severityRank["critical"]
	}
	return false
}

func buildFinished(h *hook, c *store.Changes, now func() time.Time) []*message {
	var out []*message
	if h.events[EventNewFinding] {
		var fs []store.Finding
		for _, f := range c.New {
			if f.Change != "" && f.Change != store.ChangeNew {
				continue
			}
			if notifiable(h, f) {
				fs = append(fs, f)
			}
		}
		if len(fs) > 0 {
			out = append(out, build(h, PayloadNewFindings, c.Scan, fs, nil, "", now))
		}
	}
	if h.events[EventObjectiveMissed] && len(c.NewlyMissed) > 0 {
		out = append(out, build(h, PayloadObjectiveMissed, c.Scan, nil, c.NewlyMissed, "", now))
	}
	return out
}

func buildFailed(h *hook, scan store.Scan, msg string, now func() time.Time) *message {
	if !h.events[EventScanFailed] {
		return nil
	}
	return build(h, PayloadScanFailed, scan, nil, nil, msg, now)
}

func build(h *hook, event string, scan store.Scan, fs []store.Finding, objs []store.DRObjective, errMsg string, now func() time.Time) *message {
	p := Payload{Event: event, Target: scan.Target, ScanID: scan.ID, Error: truncate(errMsg, maxErrorRunes)}
	if scan.FinishedAt != nil {
		p.At = scan.FinishedAt.UTC()
	} else {
		p.At = now().UTC()
	}

	fs = append([]store.Finding(nil), fs...)
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := rank(a.Severity), rank(b.Severity); ra != rb {
			return ra > rb
		}
		// Within a severity, what fails comes before what could not be decided.
		if fa, fb := a.Status == "fail", b.Status == "fail"; fa != fb {
			return fa
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.ResourceID != b.ResourceID {
			return a.ResourceID < b.ResourceID
		}
		return a.Fingerprint < b.Fingerprint
	})
	if len(fs) > maxItems {
		p.MoreFindings = len(fs) - maxItems
		fs = fs[:maxItems]
	}
	for _, f := range fs {
		p.Findings = append(p.Findings, PayloadFinding{
			RuleID: f.RuleID, RuleTitle: f.RuleTitle, Severity: f.Severity, Status: f.Status,
			ResourceID: f.ResourceID, Message: truncate(f.Message, maxMessageRunes), Fingerprint: f.Fingerprint,
		})
	}

	objs = append([]store.DRObjective(nil), objs...)
	sort.SliceStable(objs, func(i, j int) bool {
		a, b := objs[i], objs[j]
		if a.System != b.System {
			return a.System < b.System
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Objective < b.Objective
	})
	if len(objs) > maxItems {
		p.MoreObjectives = len(objs) - maxItems
		objs = objs[:maxItems]
	}
	for _, o := range objs {
		p.Objectives = append(p.Objectives, PayloadObjective{
			System: o.System, Tier: o.Tier, Resource: o.Resource, Objective: o.Objective,
			Status: o.Status, Declared: o.Declared, Achieved: o.Achieved,
		})
	}

	var body []byte
	if h.Format == FormatSlack {
		body = marshal(slackMessage(p))
	} else {
		body = marshal(p)
	}
	return &message{event: event, target: scan.Target, scanID: scan.ID, body: body}
}

// marshal encodes without HTML escaping: receivers are not browsers, and Slack's own escaping must
// reach it as &amp;, not \u0026amp;. The types marshalled cannot fail to encode.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only strings, numbers and times are encoded; report rather than panic if that ever changes.
		return fmt.Appendf(nil, `{"error":%q}`, "notify: encoding the payload: "+err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}
