package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// ghCommandLine is a workflow command as the Actions runner reads it back.
type ghCommandLine struct {
	level string
	props map[string]string
	msg   string
}

var (
	ghDataUnescaper     = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")
	ghPropertyUnescaper = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
)

// parseGitHub splits the output into commands the way the runner does: a line starting with "::", the
// command name and its properties up to the next "::", the message after it. Other lines are plain log.
func parseGitHub(t *testing.T, out string) (cmds []ghCommandLine, plain []string) {
	t.Helper()
	require.True(t, strings.HasSuffix(out, "\n"))
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		rest, ok := strings.CutPrefix(line, "::")
		if !ok {
			plain = append(plain, line)
			continue
		}
		head, msg, ok := strings.Cut(rest, "::")
		require.True(t, ok, "command without message: %q", line)
		level, list, _ := strings.Cut(head, " ")
		cmd := ghCommandLine{level: level, props: map[string]string{}, msg: ghDataUnescaper.Replace(msg)}
		if list != "" {
			for _, kv := range strings.Split(list, ",") {
				k, v, ok := strings.Cut(kv, "=")
				require.True(t, ok, "property %q in %q", kv, line)
				cmd.props[k] = ghPropertyUnescaper.Replace(v)
			}
		}
		cmds = append(cmds, cmd)
	}
	return cmds, plain
}

func TestGitHubFixture(t *testing.T) {
	cmds, plain := parseGitHub(t, string(render(t, "github", Options{}, fixtureReport())))

	// 2 fail + 2 unknown, 1 expired waiver, 2 source errors; passes and waived results say nothing.
	require.Len(t, cmds, 7)
	require.Len(t, plain, 1)
	assert.Equal(t, "vigil 0.4.0: 11 results: 2 fail, 2 unknown, 2 waived, 4 pass, 1 not applicable; against the baseline 2 new, "+
		"2 unchanged; INCOMPLETE: some input could not be read, findings may be missing", plain[0])

	// New findings first, then the rest by status and severity.
	first := cmds[0]
	assert.Equal(t, "error", first.level)
	assert.Equal(t, map[string]string{
		"file": "infra/storage/s3.tf", "line": "12", "endLine": "30",
		"title": "[S3.4] S3 buckets block public access (new)",
	}, first.props)
	assert.True(t, strings.HasPrefix(first.msg, "aws_s3_bucket.public [high]: Public access is not fully blocked"))
	assert.Contains(t, first.msg, "\nControls: ISO 27001: 5.15, 8.3 · 800-53: AC-3, AC-6 · CSF 2.0: PR.AA-05 · CIS AWS 6.0: 3.1.4\n")
	assert.Contains(t, first.msg, "\nFix: Add an aws_s3_bucket_public_access_block")

	unknown := cmds[1]
	assert.Equal(t, "warning", unknown.level)
	assert.Equal(t, "[S3.2] could not assess: S3 buckets encrypt objects at rest (new)", unknown.props["title"])
	assert.Contains(t, unknown.msg, "Could not assess module.logs.aws_s3_bucket.this")
	assert.Contains(t, unknown.msg, "\nMissing: encryption.algorithm, encryption.enabled")
	assert.NotContains(t, unknown.msg, "Fix:")

	// A live resource has no file: no position at all.
	live := cmds[2]
	assert.Equal(t, "error", live.level)
	assert.Equal(t, map[string]string{"title": "[RDS.5] RDS instances are not publicly accessible"}, live.props)
	assert.Contains(t, live.msg, "arn:aws:rds:eu-west-1:123456789012:db:orders (rds:DescribeDBInstances) [critical]")

	expired := cmds[4]
	assert.Equal(t, "warning", expired.level)
	assert.Equal(t, map[string]string{"file": "vigil.hcl", "line": "20",
		"title": "vigil: waiver orders-public-migration expired"}, expired.props)

	parse := cmds[5]
	assert.Equal(t, "error", parse.level)
	assert.Equal(t, map[string]string{"file": "infra/network/main.tf", "line": "14", "col": "17",
		"title": "vigil: could not read terraform (parse)"}, parse.props)
	denied := cmds[6]
	assert.Equal(t, map[string]string{"title": "vigil: could not read aws (AccessDenied)"}, denied.props)
	assert.Contains(t, denied.msg, "backup ListBackupPlans (eu-west-1): AccessDenied")
}

func TestGitHubLevels(t *testing.T) {
	tests := []struct {
		status   engine.Status
		severity engine.Severity
		want     string
	}{
		{engine.StatusFail, engine.SeverityCritical, "error"},
		{engine.StatusFail, engine.SeverityHigh, "error"},
		{engine.StatusFail, engine.SeverityMedium, "warning"},
		{engine.StatusFail, engine.SeverityLow, "notice"},
		{engine.StatusFail, engine.SeverityInfo, "notice"},
		{engine.StatusFail, "", "notice"},
		{engine.StatusUnknown, engine.SeverityCritical, "warning"},
		{engine.StatusUnknown, engine.SeverityLow, "warning"},
		{engine.StatusWaived, engine.SeverityCritical, ""},
		{engine.StatusPass, engine.SeverityCritical, ""},
	}
	for _, tc := range tests {
		t.Run(string(tc.status)+"/"+string(tc.severity), func(t *testing.T) {
			r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
				RuleID: "X.1", Severity: tc.severity, Status: tc.status, ResourceID: "r", Message: "m",
			}}}
			cmds, _ := parseGitHub(t, string(render(t, "github", Options{}, r)))
			if tc.want == "" {
				assert.Empty(t, cmds)
				return
			}
			require.Len(t, cmds, 1)
			assert.Equal(t, tc.want, cmds[0].level)
		})
	}
}

// TestGitHubEscaping checks the runner's escaping rules, and that text from the scanned code cannot end
// a command and inject another one.
func TestGitHubEscaping(t *testing.T) {
	assert.Equal(t, "100%25 a%0D%0Ab: c, d", githubData("100% a\r\nb: c, d"))
	assert.Equal(t, "100%25 a%0D%0Ab%3A c%2C d", githubProperty("100% a\r\nb: c, d"))

	hostile := "ok\n::error::injected\r\n::add-mask::secret %0A"
	r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
		RuleID: "X.1", RuleTitle: "t, with: separators", Severity: engine.SeverityHigh, Status: engine.StatusFail,
		ResourceID: "r", Message: hostile,
		Location: &inventory.Location{File: "dir,with:odd%chars/main.tf", StartLine: 3, EndLine: 3},
	}}}
	out := string(render(t, "github", Options{}, r))
	for _, line := range strings.Split(out, "\n") {
		assert.False(t, strings.HasPrefix(line, "::add-mask") || strings.HasPrefix(line, "::error::injected"), line)
	}
	cmds, _ := parseGitHub(t, out)
	require.Len(t, cmds, 1)
	assert.Equal(t, "r [high]: "+strings.TrimSpace(hostile), cmds[0].msg, "the message survives the round trip")
	assert.Equal(t, map[string]string{"file": "dir,with:odd%chars/main.tf", "line": "3",
		"title": "[X.1] t, with: separators"}, cmds[0].props, "no endLine for a one-line block")
}

func TestGitHubCompleteReport(t *testing.T) {
	r := &engine.Report{Tool: "vigil", Version: "1.0.0", Complete: true, Results: []engine.Result{
		{RuleID: "X.1", Severity: engine.SeverityHigh, Status: engine.StatusPass, ResourceID: "r"},
	}}
	assert.Equal(t, "vigil 1.0.0: 1 result: 0 fail, 0 unknown, 0 waived, 1 pass, 0 not applicable\n",
		string(render(t, "github", Options{}, r)))

	// Marked incomplete without a source error: still an error annotation.
	cmds, _ := parseGitHub(t, string(render(t, "github", Options{}, &engine.Report{Tool: "vigil"})))
	require.Len(t, cmds, 1)
	assert.Equal(t, "error", cmds[0].level)
	assert.Equal(t, "vigil: incomplete scan", cmds[0].props["title"])
}
