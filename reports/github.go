package reports

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// githubRenderer writes GitHub Actions workflow commands, which the runner turns into annotations on the
// pull request's changed files and on the run's summary page: one command per failing or unknown result,
// the most important first (new against the baseline, failures, most severe), then one per expired waiver
// and one per source error, then a plain log line with the counts. Passes and waived results make no
// annotation.
//
// Everything that comes from the scanned code (resource ids, messages, paths) is escaped, so a crafted
// name cannot end the command and start another one.
type githubRenderer struct{}

func newGitHub(Options) Renderer { return githubRenderer{} }

// Workflow command levels.
const (
	ghError   = "error"
	ghWarning = "warning"
	ghNotice  = "notice"
)

// ghProp is one name=value property of a workflow command; an empty value leaves it out.
type ghProp struct{ name, value string }

// Render writes one command per line. Output is buffered; the first write error is returned.
func (githubRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	rules := map[string]engine.Rule{}
	for _, rule := range r.Rules {
		rules[rule.ID] = rule
	}
	frameworks := frameworkOrder(r)
	for _, res := range findings(r.Results) {
		level, props, msg := githubFinding(res, rules[res.RuleID], frameworks)
		githubCommand(bw, level, props, msg)
	}
	for _, ws := range waiversIn(r, engine.WaiverExpired) {
		file, line := splitSource(ws.Source)
		githubCommand(bw, ghWarning, append(githubFileProps(file, line, 0, 0), ghProp{"title", "vigil: waiver " + ws.ID + " expired"}),
			fmt.Sprintf("Waiver %s (%s) expired on %s and no longer applies: %s again. Fix the findings or renew "+
				"the waiver. Its reason was: %s", ws.ID, waiverScope(&ws.Waiver), waiverExpiry(&ws.Waiver),
				plural(ws.Matched, "result it covered is reported", "results it covered are reported"), ws.Reason))
	}
	for _, s := range r.Sources {
		for _, issue := range s.Errors {
			githubCommand(bw, ghError, githubIssueProps(s, issue), "Could not read "+sourceName(s)+
				"; findings may be missing: "+issue.String())
		}
		for _, issue := range s.Warnings {
			githubCommand(bw, ghWarning, githubIssueProps(s, issue), issue.String())
		}
	}
	githubGaps(bw, r)
	if incomplete(r) && !hasSourceErrors(r) {
		githubCommand(bw, ghError, []ghProp{{"title", "vigil: incomplete scan"}},
			"The report is marked incomplete; findings may be missing. Missing evidence is never a pass.")
	}
	_, _ = bw.WriteString(githubSummary(r) + "\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write github report: %w", err)
	}
	return nil
}

// githubFinding builds the annotation of a fail or unknown result. Failures take their level from the
// severity (what blocks a merge is an error); an unknown is a warning: it needs a person, it is not a pass.
func githubFinding(res engine.Result, rule engine.Rule, frameworks []string) (string, []ghProp, string) {
	title := "[" + res.RuleID + "] " + cmp.Or(res.RuleTitle, rule.Title, res.RuleID)
	level := githubLevel(res.Severity)
	var msg strings.Builder
	if res.Status == engine.StatusUnknown {
		level = ghWarning
		title = "[" + res.RuleID + "] could not assess: " + cmp.Or(res.RuleTitle, rule.Title, res.RuleID)
		msg.WriteString("Could not assess ")
	}
	if res.Baseline == engine.BaselineNew {
		title += " (new)"
	}
	msg.WriteString(res.ResourceID)
	where := res.Where()
	if where.File == "" && where.API != "" {
		msg.WriteString(" (" + where.API + ")")
	}
	fmt.Fprintf(&msg, " [%s]: %s", severityName(res.Severity), strings.TrimSpace(res.Message))
	if len(res.Missing) > 0 {
		msg.WriteString("\nMissing: " + strings.Join(res.Missing, ", "))
	}
	if c := controlsText(res.Controls, frameworks); c != "" {
		msg.WriteString("\nControls: " + c)
	}
	if res.Status == engine.StatusFail && rule.Remediation != "" {
		msg.WriteString("\nFix: " + rule.Remediation)
	}
	props := githubFileProps(where.File, where.StartLine, where.EndLine, 0)
	return level, append(props, ghProp{"title", title}), msg.String()
}

// githubLevel maps a failure's severity to an annotation level.
func githubLevel(s engine.Severity) string {
	switch s {
	case engine.SeverityCritical, engine.SeverityHigh:
		return ghError
	case engine.SeverityMedium:
		return ghWarning
	default:
		return ghNotice
	}
}

// githubFileProps places an annotation in a file; without a file there is no position at all, and GitHub
// shows the annotation on the run rather than on a line.
func githubFileProps(file string, line, endLine, col int) []ghProp {
	if file == "" {
		return nil
	}
	props := []ghProp{{"file", file}}
	if line > 0 {
		props = append(props, ghProp{"line", strconv.Itoa(line)})
		if endLine > line {
			props = append(props, ghProp{"endLine", strconv.Itoa(endLine)})
		}
		if col > 0 {
			props = append(props, ghProp{"col", strconv.Itoa(col)})
		}
	}
	return props
}

func githubIssueProps(s inventory.Source, issue inventory.Issue) []ghProp {
	title := "vigil: could not read " + cmp.Or(s.Kind, "source")
	if issue.Code != "" {
		title += " (" + issue.Code + ")"
	}
	return append(githubFileProps(issue.File, issue.Line, 0, issue.Column), ghProp{"title", title})
}

// githubCommand writes "::level prop=value,...::message".
func githubCommand(w *bufio.Writer, level string, props []ghProp, msg string) {
	_, _ = w.WriteString("::" + level)
	sep := " "
	for _, p := range props {
		if p.value == "" {
			continue
		}
		_, _ = w.WriteString(sep + p.name + "=" + githubProperty(p.value))
		sep = ","
	}
	_, _ = w.WriteString("::" + githubData(msg) + "\n")
}

// githubData escapes a command's message the way the Actions runner unescapes it.
var githubDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// githubPropertyEscaper also escapes the separators of the property list.
var githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

// githubData escapes a message. It may have several lines (the runner unescapes %0D and %0A); the other
// controls, ESC and bidi overrides included, are escaped as in every human format (Printable).
func githubData(s string) string { return githubDataEscaper.Replace(escapeControls(s, "\r\n")) }

// githubProperty escapes a property value as githubData escapes a message, and the list's separators.
func githubProperty(s string) string { return githubPropertyEscaper.Replace(escapeControls(s, "\r\n")) }

// githubSummary is a plain log line (not a command) with the counts, so the log says what was checked even
// when nothing needed an annotation. It starts with "vigil", never with "::".
func githubSummary(r *engine.Report) string {
	counts := map[engine.Status]int{}
	for _, res := range r.Results {
		counts[res.Status]++
	}
	line := "vigil"
	if r.Version != "" {
		line += " " + oneLine(r.Version)
	}
	line += fmt.Sprintf(": %s: %d fail, %d unknown, %d waived, %d pass, %d not applicable", plural(len(r.Results), "result", "results"),
		counts[engine.StatusFail], counts[engine.StatusUnknown], counts[engine.StatusWaived], counts[engine.StatusPass],
		counts[engine.StatusNotApplicable])
	if added, unchanged := baselineCounts(r.Results); added+unchanged > 0 {
		line += fmt.Sprintf("; against the baseline %d new, %d unchanged", added, unchanged)
	}
	if incomplete(r) {
		line += "; INCOMPLETE: some input could not be read, findings may be missing"
	}
	return line
}
