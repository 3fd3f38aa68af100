package notify

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Slack rejects a section whose text exceeds 3000 characters; stay under it with room to spare.
const slackSectionRunes = 2900

// Identifiers are cut shorter than messages: a line is about one finding, not its resource's ARN.
const slackIDRunes = 200

type slackPayload struct {
	// Text is the notification's fallback (phone and desktop alerts); blocks are what the channel shows.
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

type slackBlock struct {
	Type string    `json:"type"`
	Text slackText `json:"text"`
}

type slackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

var slackReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// slackEscape escapes the three characters Slack's mrkdwn gives a meaning beyond formatting: < and >
// delimit links and mentions (<!channel>, <https://evil|click here>), & starts an entity. Text from
// findings, targets and errors is attacker-influenced (a resource's name or tag), so it must not be
// able to ping a channel or disguise a link.
func slackEscape(s string) string { return slackReplacer.Replace(s) }

// slackCut cuts escaped text to at most n runes without leaving half an entity (&am) behind.
func slackCut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n-1])
	// Every & in escaped text starts an entity, so an & with no ; after it is a broken one.
	if i := strings.LastIndexByte(cut, '&'); i >= 0 && !strings.Contains(cut[i:], ";") {
		cut = cut[:i]
	}
	return cut + "…"
}

// slackCode renders an identifier as inline code; a backtick inside would end the span early.
func slackCode(s string) string {
	return "`" + slackEscape(truncate(strings.ReplaceAll(s, "`", "'"), slackIDRunes)) + "`"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func slackMessage(p Payload) slackPayload {
	target := slackEscape(truncate(p.Target, slackIDRunes))
	// headFmt has one %s for the target, bold in the blocks and plain in the fallback text.
	var headFmt string
	var lines []string
	more := 0
	switch p.Event {
	case PayloadNewFindings:
		headFmt = plural(len(p.Findings)+p.MoreFindings, "new finding", "new findings") + fmt.Sprintf(" in %%s (scan %d)", p.ScanID)
		for _, f := range p.Findings {
			line := fmt.Sprintf("• *%s* %s on %s", slackEscape(strings.ToUpper(f.Severity)), slackCode(f.RuleID), slackCode(f.ResourceID))
			if f.Status != "fail" {
				line += " (" + slackEscape(f.Status) + ")"
			}
			if f.Message != "" {
				line += ": " + slackEscape(f.Message)
			}
			lines = append(lines, line)
		}
		more = p.MoreFindings
	case PayloadObjectiveMissed:
		headFmt = plural(len(p.Objectives)+p.MoreObjectives, "DR objective", "DR objectives") + fmt.Sprintf(" started failing in %%s (scan %d)", p.ScanID)
		for _, o := range p.Objectives {
			line := "• *" + slackEscape(o.System) + "*"
			if o.Tier != "" {
				line += " (" + slackEscape(o.Tier) + ")"
			}
			line += " " + slackCode(o.Resource) + ": " + slackEscape(o.Objective) + " " + slackEscape(o.Status)
			if o.Declared != "" || o.Achieved != "" {
				line += fmt.Sprintf(", declared %s, achieved %s", slackEscape(orDash(o.Declared)), slackEscape(orDash(o.Achieved)))
			}
			lines = append(lines, line)
		}
		more = p.MoreObjectives
	case PayloadScanFailed:
		headFmt = fmt.Sprintf("scan %d of %%s failed", p.ScanID)
		if p.Error != "" {
			// A triple backtick inside would close the block; the error is context, not code.
			lines = append(lines, "```"+slackEscape(strings.ReplaceAll(p.Error, "```", "'''"))+"```")
		}
	}

	out := slackPayload{Text: "vigil: " + fmt.Sprintf(headFmt, target)}
	out.Blocks = append(out.Blocks, section("*vigil*: "+fmt.Sprintf(headFmt, "*"+target+"*")))
	var cur strings.Builder
	for _, l := range lines {
		l = slackCut(l, slackSectionRunes)
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(l) > slackSectionRunes {
			out.Blocks = append(out.Blocks, section(cur.String()))
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		out.Blocks = append(out.Blocks, section(cur.String()))
	}
	if more > 0 {
		out.Blocks = append(out.Blocks, section(fmt.Sprintf("_…and %d more_", more)))
	}
	return out
}

func section(text string) slackBlock {
	return slackBlock{Type: "section", Text: slackText{Type: "mrkdwn", Text: text}}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
