package notify

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/serve/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

var (
	finished = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	clock    = func() time.Time { return finished.Add(time.Minute) }
)

func finding(fp, sev, status, rule, resource, msg string) store.Finding {
	return store.Finding{
		ScanID: 42, Fingerprint: fp, RuleID: rule, RuleTitle: "Title of " + rule, Severity: sev, Status: status,
		ResourceID: resource, ResourceType: "aws_s3_bucket", Message: msg, Change: store.ChangeNew,
	}
}

func scan42() store.Scan {
	fin := finished
	return store.Scan{ID: 42, Target: "prod", Status: store.ScanCompleted, Trigger: "schedule", FinishedAt: &fin, Complete: true}
}

// changes has one finding of each kind the filters distinguish, and user text that Slack must escape.
func changes() *store.Changes {
	return &store.Changes{
		Scan: scan42(),
		New: []store.Finding{
			finding("fp-medium-fail", "medium", "fail", "ec2.imdsv2", "i-0abc", "IMDSv1 is enabled"),
			finding("fp-crit-fail", "critical", "fail", "s3.public_access", "arn:aws:s3:::acme-logs", "Bucket <acme-logs> allows public read & write"),
			finding("fp-high-unknown", "high", "unknown", "iam.key_rotation", "user/ci", "could not read the credential report"),
			finding("fp-high-fail", "high", "fail", "iam.root_mfa", "arn:aws:iam::123456789012:root", "The root user has no MFA device"),
			finding("fp-crit-unknown", "critical", "unknown", "kms.rotation", "alias/prod", "kms:GetKeyRotationStatus was denied"),
			finding("fp-low-fail", "low", "fail", "s3.versioning", "arn:aws:s3:::acme-tmp", "Versioning is off"),
		},
		Resolved: []store.Finding{finding("fp-resolved", "critical", "pass", "s3.encryption", "arn:aws:s3:::acme-old", "")},
		NewlyMissed: []store.DRObjective{
			{ScanID: 42, System: "payments", Tier: "tier-1", Resource: "arn:aws:rds:eu-west-1:123456789012:db:payments", Objective: "rpo", Status: "missed", Declared: "15m", Achieved: "26h", Change: "newly_missed"},
			{ScanID: 42, System: "billing", Tier: "tier-2", Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/invoices", Objective: "backup_copy", Status: "missed", Declared: "cross-region", Change: "newly_missed"},
		},
	}
}

func mustHook(t *testing.T, w Webhook) *hook {
	t.Helper()
	h, err := validate(w)
	require.NoError(t, err)
	return h
}

func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	var got bytes.Buffer
	require.NoError(t, json.Indent(&got, body, "", "  "), "body is not JSON: %s", body)
	got.WriteByte('\n')
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got.String())
}

func TestPayloadGoldens(t *testing.T) {
	for _, format := range []string{FormatJSON, FormatSlack} {
		h := mustHook(t, Webhook{Name: "h", URL: "https://example.test/hook", Format: format})
		msgs := buildFinished(h, changes(), clock)
		require.Len(t, msgs, 2)
		assert.Equal(t, PayloadNewFindings, msgs[0].event)
		assert.Equal(t, PayloadObjectiveMissed, msgs[1].event)
		golden(t, "new_findings."+format, msgs[0].body)
		golden(t, "objective_missed."+format, msgs[1].body)

		// A scan that failed before finishing has no FinishedAt; the clock dates the message.
		s := scan42()
		s.Status, s.FinishedAt = store.ScanFailed, nil
		m := buildFailed(h, s, "collect aws: operation error STS: GetCallerIdentity, https response error StatusCode: 403 <AccessDenied> & more", clock)
		require.NotNil(t, m)
		golden(t, "scan_failed."+format, m.body)
	}
}

func decode(t *testing.T, body []byte) Payload {
	t.Helper()
	var p Payload
	require.NoError(t, json.Unmarshal(body, &p))
	return p
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name           string
		hook           Webhook
		wantFindings   []string // fingerprints of the new_findings message, nil when none is sent
		wantObjectives bool
		wantFailed     bool
	}{
		{
			name:           "defaults: high and above, critical unknowns, every event",
			hook:           Webhook{},
			wantFindings:   []string{"fp-crit-fail", "fp-crit-unknown", "fp-high-fail"},
			wantObjectives: true, wantFailed: true,
		},
		{
			name:           "critical only",
			hook:           Webhook{MinSeverity: "CRITICAL"},
			wantFindings:   []string{"fp-crit-fail", "fp-crit-unknown"},
			wantObjectives: true, wantFailed: true,
		},
		{
			name:           "low: every failing finding, still only critical unknowns",
			hook:           Webhook{MinSeverity: "low"},
			wantFindings:   []string{"fp-crit-fail", "fp-crit-unknown", "fp-high-fail", "fp-medium-fail", "fp-low-fail"},
			wantObjectives: true, wantFailed: true,
		},
		{
			name:           "objectives only",
			hook:           Webhook{MinSeverity: "info", Events: []string{EventObjectiveMissed}},
			wantObjectives: true,
		},
		{
			name:         "findings only, by the payload's event name",
			hook:         Webhook{Events: []string{"new_findings"}},
			wantFindings: []string{"fp-crit-fail", "fp-crit-unknown", "fp-high-fail"},
		},
		{
			name:       "failures only",
			hook:       Webhook{Events: []string{EventScanFailed}},
			wantFailed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.hook.URL = "https://example.test/hook"
			h := mustHook(t, tt.hook)
			var gotFindings []string
			gotObjectives := false
			for _, m := range buildFinished(h, changes(), clock) {
				p := decode(t, m.body)
				switch m.event {
				case PayloadNewFindings:
					require.Nil(t, gotFindings, "one new_findings message per scan")
					for _, f := range p.Findings {
						gotFindings = append(gotFindings, f.Fingerprint)
					}
				case PayloadObjectiveMissed:
					require.False(t, gotObjectives, "one objective_missed message per scan")
					gotObjectives = true
					assert.Len(t, p.Objectives, 2)
				default:
					t.Fatalf("unexpected event %q", m.event)
				}
			}
			assert.Equal(t, tt.wantFindings, gotFindings)
			assert.Equal(t, tt.wantObjectives, gotObjectives)
			assert.Equal(t, tt.wantFailed, buildFailed(h, scan42(), "boom", clock) != nil)
		})
	}
}

func TestNoMessageWithoutMatchingFindings(t *testing.T) {
	h := mustHook(t, Webhook{URL: "https://example.test/hook", MinSeverity: "critical"})
	c := &store.Changes{Scan: scan42(), New: []store.Finding{finding("a", "high", "fail", "r", "x", "m")}}
	assert.Empty(t, buildFinished(h, c, clock))
}

func TestCapAtFiftyItems(t *testing.T) {
	c := &store.Changes{Scan: scan42()}
	for i := range 53 {
		c.New = append(c.New, finding(fmt.Sprintf("fp-%02d", i), "high", "fail", fmt.Sprintf("rule.%02d", i), "res", "msg"))
		c.NewlyMissed = append(c.NewlyMissed, store.DRObjective{System: fmt.Sprintf("sys-%02d", i), Resource: "r", Objective: "rto", Status: "missed"})
	}
	h := mustHook(t, Webhook{URL: "https://example.test/hook"})
	msgs := buildFinished(h, c, clock)
	require.Len(t, msgs, 2)
	p := decode(t, msgs[0].body)
	assert.Len(t, p.Findings, 50)
	assert.Equal(t, 3, p.MoreFindings)
	assert.Equal(t, "fp-49", p.Findings[49].Fingerprint, "listed in rule order, the last three left out")
	p = decode(t, msgs[1].body)
	assert.Len(t, p.Objectives, 50)
	assert.Equal(t, 3, p.MoreObjectives)

	sh := mustHook(t, Webhook{URL: "https://example.test/hook", Format: FormatSlack})
	var sp slackPayload
	require.NoError(t, json.Unmarshal(buildFinished(sh, c, clock)[0].body, &sp))
	assert.Equal(t, "vigil: 53 new findings in prod (scan 42)", sp.Text)
	assert.Equal(t, "_…and 3 more_", sp.Blocks[len(sp.Blocks)-1].Text.Text)
	assert.LessOrEqual(t, len(sp.Blocks), 50, "Slack accepts at most 50 blocks")
	for _, b := range sp.Blocks {
		assert.LessOrEqual(t, utf8.RuneCountInString(b.Text.Text), 3000, "Slack's section limit")
	}
}

func TestSlackEscapesUserText(t *testing.T) {
	s := scan42()
	s.Target = "<!channel> & co"
	c := &store.Changes{Scan: s, New: []store.Finding{
		finding("fp", "critical", "fail", "rule<1>", "<https://evil.test|click here>", "see <!here> & <@U123>"),
	}, NewlyMissed: []store.DRObjective{{System: "<sys>", Tier: "&t", Resource: "<r>", Objective: "rpo", Status: "missed", Declared: "<1h>", Achieved: "&2h"}}}
	h := mustHook(t, Webhook{URL: "https://example.test/hook", Format: FormatSlack, MinSeverity: "info"})
	msgs := buildFinished(h, c, clock)
	failed := buildFailed(h, s, "error <!everyone> & ```code```", clock)
	require.Len(t, msgs, 2)
	msgs = append(msgs, failed)

	for _, m := range msgs {
		var sp slackPayload
		require.NoError(t, json.Unmarshal(m.body, &sp))
		texts := []string{sp.Text}
		for _, b := range sp.Blocks {
			texts = append(texts, b.Text.Text)
		}
		for _, txt := range texts {
			assert.NotContains(t, txt, "<", "unescaped < in %q", txt)
			assert.NotContains(t, txt, ">", "unescaped > in %q", txt)
			assert.False(t, bare(txt), "bare & in %q", txt)
		}
		assert.Contains(t, sp.Text, "&lt;!channel&gt; &amp; co")
	}
	var sp slackPayload
	require.NoError(t, json.Unmarshal(msgs[0].body, &sp))
	assert.Contains(t, sp.Blocks[1].Text.Text, "`&lt;https://evil.test|click here&gt;`")
	assert.Contains(t, sp.Blocks[1].Text.Text, "see &lt;!here&gt; &amp; &lt;@U123&gt;")
	require.NoError(t, json.Unmarshal(failed.body, &sp))
	assert.Equal(t, "```error &lt;!everyone&gt; &amp; '''code'''```", sp.Blocks[1].Text.Text)
}

func TestSlackCutKeepsEntitiesWhole(t *testing.T) {
	esc := slackEscape(strings.Repeat("a", 8) + "&&&&")
	// a×8 then &amp;×4: a cut at 11 runes lands inside the first entity.
	assert.Equal(t, "aaaaaaaa…", slackCut(esc, 11))
	assert.Equal(t, "aaaaaaaa&amp;…", slackCut(esc, 15))
	assert.Equal(t, esc, slackCut(esc, 100))
}

func TestTruncateCountsRunes(t *testing.T) {
	assert.Equal(t, "héé…", truncate("héééé", 4))
	assert.Equal(t, "héééé", truncate("héééé", 5))
}

func FuzzSlackEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "<!channel>", "a & b", "&amp;", "&lt;&gt;", "<<>>&&", "é<ü>&", "\xff<"} {
		f.Add(s, 5)
	}
	unescape := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")
	f.Fuzz(func(t *testing.T, s string, n int) {
		esc := slackEscape(s)
		if strings.ContainsAny(esc, "<>") {
			t.Fatalf("escape(%q) = %q keeps < or >", s, esc)
		}
		if bare(esc) {
			t.Fatalf("escape(%q) = %q has a bare &", s, esc)
		}
		if got := unescape.Replace(esc); got != s {
			t.Fatalf("unescape(escape(%q)) = %q", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(esc) {
			t.Fatalf("escape(%q) broke UTF-8", s)
		}
		if n < 1 || n > 1<<16 {
			return
		}
		cut := slackCut(esc, n)
		if utf8.RuneCountInString(cut) > n {
			t.Fatalf("cut(%q, %d) = %q is longer than %d runes", esc, n, cut, n)
		}
		if bare(strings.TrimSuffix(cut, "…")) {
			t.Fatalf("cut(%q, %d) = %q leaves half an entity", esc, n, cut)
		}
	})
}

// bare reports an & that does not start one of the three entities slackEscape writes.
func bare(s string) bool {
	for i := strings.IndexByte(s, '&'); i >= 0; {
		rest := s[i:]
		if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
			return true
		}
		j := strings.IndexByte(s[i+1:], '&')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
