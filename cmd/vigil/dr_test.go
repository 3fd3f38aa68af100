package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/dr"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// drAt is the reference instant of the tests: the year from it holds every weekday and month end.
const drAt = "2026-01-01T00:00:00Z"

// TestDRExampleJSON runs vigil dr on examples/dr and checks the JSON contract against the posture worked
// out by hand (README.md of the example), then against the golden file (go test -update rewrites it).
func TestDRExampleJSON(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "../../examples/dr", "--format", "json", "--fail-on", "none", "--at", drAt)
	require.Equal(t, exitOK, code, stderr)

	var got struct {
		Resources []struct {
			Resource   string
			Tier       *string
			System     *string
			Objectives map[string]struct {
				Status           string
				Objective        string
				Achieved         string
				Protection       string
				ObjectiveMinutes *int64 `json:"objective_minutes"`
				AchievedMinutes  *int64 `json:"achieved_minutes"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	statuses := map[string]string{}
	rpo := map[string]int64{}
	for _, r := range got.Resources {
		for name, o := range r.Objectives {
			statuses[r.Resource+" "+name] = o.Status
			if name == "rpo" {
				require.NotNil(t, o.AchievedMinutes, r.Resource)
				rpo[r.Resource] = *o.AchievedMinutes
			}
		}
		if r.Resource == "aws_dynamodb_table.scratch" {
			assert.Nil(t, r.Tier)
			assert.Nil(t, r.System)
			assert.Empty(t, r.Objectives)
		}
	}
	assert.Equal(t, map[string]int64{
		// Continuous backup of RDS: point-in-time within 5 minutes (the daily rule gives 1440+60).
		"aws_db_instance.ledger": 5,
		// DynamoDB PITR: 5 minutes (the plan's rules give snapshots only: 1440+60).
		"aws_dynamodb_table.ledger_events": 5,
		// Mon-Fri 02:00 UTC: Fri 02:00 → Mon 02:00 = 72h = 4320m, + the default 60m start window.
		"aws_db_instance.payments": 4380,
		// DLM every 12 hours + its 60m start window = 780 (the weekday plan also selects it: 4380).
		"aws_ebs_volume.payments_files": 780,
	}, rpo)
	assert.Equal(t, map[string]string{
		"aws_db_instance.ledger rpo": "pass", "aws_db_instance.ledger rto": "unknown",
		"aws_db_instance.ledger min_retention": "pass", "aws_db_instance.ledger cross_region_copy": "pass",
		"aws_db_instance.ledger vault_lock": "pass", "aws_db_instance.ledger restore_test_within": "unknown",
		"aws_dynamodb_table.ledger_events rpo": "pass", "aws_dynamodb_table.ledger_events rto": "unknown",
		"aws_dynamodb_table.ledger_events min_retention": "pass", "aws_dynamodb_table.ledger_events cross_region_copy": "pass",
		"aws_dynamodb_table.ledger_events vault_lock": "pass", "aws_dynamodb_table.ledger_events restore_test_within": "unknown",
		// 73h > 24h; 7d < 30d; no copy; the standard vault has no lock.
		"aws_db_instance.payments rpo": "fail", "aws_db_instance.payments min_retention": "fail",
		"aws_db_instance.payments cross_region_copy": "fail", "aws_db_instance.payments vault_lock": "fail",
		// 13h ≤ 24h; 60 snapshots × 12h = 30d ≥ 30d; DLM copies to eu-west-2; DLM snapshots are in no
		// vault and the weekday plan's vault is unlocked.
		"aws_ebs_volume.payments_files rpo": "pass", "aws_ebs_volume.payments_files min_retention": "pass",
		"aws_ebs_volume.payments_files cross_region_copy": "pass", "aws_ebs_volume.payments_files vault_lock": "fail",
	}, statuses)

	golden := filepath.Join("testdata", "dr", "examples_dr.golden.json")
	if *updateGolden {
		require.NoError(t, os.WriteFile(golden, []byte(stdout), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./cmd/vigil -run TestDRExampleJSON -update to create it")
	assert.Equal(t, string(want), stdout)
}

// TestDRExampleGolden pins the table and markdown renderings of examples/dr (go test -update rewrites them),
// and that two runs give the same bytes.
func TestDRExampleGolden(t *testing.T) {
	for _, format := range []string{"table", "markdown"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"dr", "../../examples/dr", "--format", format, "--fail-on", "none", "--at", drAt}
			code, stdout, stderr := runVigil(t, args...)
			require.Equal(t, exitOK, code, stderr)
			_, again, _ := runVigil(t, args...)
			assert.Equal(t, stdout, again, "deterministic")
			golden := filepath.Join("testdata", "dr", "examples_dr.golden."+format)
			if *updateGolden {
				require.NoError(t, os.WriteFile(golden, []byte(stdout), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./cmd/vigil -run TestDRExampleGolden -update to create it")
			assert.Equal(t, string(want), stdout)
		})
	}
}

func TestDRExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout []string
		wantStderr []string
	}{
		{"a failing objective fails the gate by default", []string{"dr", "../../examples/dr", "--at", drAt}, exitGateFail,
			[]string{"== system payments (tier standard)", "FAIL    rpo", "got 73h (4380 min)", "no objective declared"},
			[]string{"vigil: 5 DR objective(s) fail"}},
		{"--fail-on none only reports", []string{"dr", "../../examples/dr", "--at", drAt, "--fail-on", "none"}, exitOK,
			[]string{"objectives: 11 pass, 5 fail, 4 unknown"}, nil},
		{"--fail-on unknown also gates on what is not proven", []string{"dr", "../../examples/dr", "--at", drAt,
			"--fail-on", "unknown"}, exitGateFail, nil, []string{"5 DR objective(s) fail, 4 not proven"}},
		{"markdown", []string{"dr", "../../examples/dr", "--at", drAt, "--format", "markdown", "--fail-on", "none"}, exitOK,
			[]string{"### system ledger (tier critical)", "| `aws_db_instance.payments` | rpo | fail | 24h | 73h (4380 min) |"}, nil},
		{"declaration problems are untrusted, with file:line:col", []string{"dr", "testdata/dr/diagnostics", "--at", drAt},
			exitUntrusted, []string{"aws_dynamodb_table.orders"},
			[]string{"testdata/dr/diagnostics/vigil.hcl:5:1: ", `System "billing" matches no protectable resource`,
				`testdata/dr/diagnostics/main.tf:10: invalid backup schedule: backup plan aws_backup_plan.broken rule "nightly"`,
				"2 DR declaration problem(s)"}},
		// The same sources as scan: a plan, with the example's declarations. Daily 03:00 UTC + 60m window =
		// 1500m; ledger matches nothing in this plan, a declaration problem.
		{"a plan", []string{"dr", "--plan", "../../scanners/plan/testdata/equiv/plan.json", "--config",
			"../../examples/dr/vigil.hcl", "--at", drAt}, exitUntrusted,
			[]string{"aws_s3_bucket.data  [aws.s3.bucket, tier standard]", "got 25h (1500 min)"},
			[]string{`System "ledger" matches no protectable resource`}},
		{"a bad objective in vigil.hcl", []string{"dr", "../../examples/dr", "--config", "testdata/dr/bad_duration.hcl"},
			exitUntrusted, nil, []string{`testdata/dr/bad_duration.hcl:2:9: Invalid duration: rpo: "15 minutes"`}},
		{"invalid format", []string{"dr", "../../examples/dr", "--format", "sarif"}, exitUntrusted, nil,
			[]string{`invalid --format "sarif": use table, json, markdown, html`}},
		{"invalid gate", []string{"dr", "../../examples/dr", "--fail-on", "high"}, exitUntrusted, nil,
			[]string{`invalid --fail-on "high"`}},
		{"invalid instant", []string{"dr", "../../examples/dr", "--at", "yesterday"}, exitUntrusted, nil,
			[]string{`invalid --at "yesterday"`}},
		{"missing path", []string{"dr", "testdata/nope"}, exitUntrusted, nil, []string{"no such file or directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tt.wantStdout {
				assert.Contains(t, stdout, s)
			}
			for _, s := range tt.wantStderr {
				assert.Contains(t, stderr, s)
			}
		})
	}
}

// TestDREscapesControls: a saved inventory is untrusted input; its ids reach the terminal escaped.
func TestDREscapesControls(t *testing.T) {
	for _, format := range []string{"table", "markdown"} {
		code, stdout, stderr := runVigil(t, "dr", "--inventory", "testdata/dr/hostile_inventory.json",
			"--config", "testdata/dr/gold.hcl", "--format", format)
		require.Equal(t, exitOK, code, stderr)
		assert.NotContains(t, stdout, "\x1b", format)
		assert.Contains(t, stdout, `table/evil\x1b[31mred`, format)
		assert.True(t, strings.Contains(stdout, "rpo"), format)
	}
}

// TestDRTableNoWorkflowCommand: a resource id starts a line of the table; one that reads as a GitHub
// Actions workflow command is written with its first colon escaped.
func TestDRTableNoWorkflowCommand(t *testing.T) {
	var b strings.Builder
	p := dr.Posture{Resources: []dr.ResourcePosture{{Resource: "::stop-commands::x", Type: "aws.dynamodb.table", Reason: "no tier"}}}
	require.NoError(t, writeDRTable(&b, p))
	assert.NotContains(t, b.String(), "\n::")
	assert.Contains(t, b.String(), `\x3a:stop-commands::x`)
}

// TestDRReadmeSample keeps the README's `vigil dr examples/dr` sample in step with the real output.
func TestDRReadmeSample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, sample, found := strings.Cut(string(readme), "$ vigil dr examples/dr\n")
	require.True(t, found, "README.md lost its vigil dr sample")
	sample, _, _ = strings.Cut(sample, "```")
	golden, err := os.ReadFile(filepath.Join("testdata", "dr", "examples_dr.golden.table"))
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(sample), "\n") {
		assert.Contains(t, string(golden), line+"\n")
	}
}
