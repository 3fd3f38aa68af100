package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadServe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	src := `
target "prod" {
  path       = "infra/prod"
  frameworks = ["iso27001-2022"]
}
target "plan" {
  plan = "plans/prod.json"
  path = "infra/prod"
}
target "org" {
  inventory = ["inv/a.json", "inv/b.json"]
}
target "live" {
  aws {
    profile  = "audit"
    accounts = ["111122223333"]
    regions  = ["eu-west-1", "eu-central-1"]
  }
}
schedule "nightly" {
  cron    = "CRON_TZ=Europe/Paris 0 2 * * *"
  targets = ["prod", "plan"]
  jitter  = "5m"
  timeout = "30m"
}
schedule "hourly" {
  cron       = "@every 1h"
  targets    = ["live", "org"]
  frameworks = ["cis-aws-foundations-6.0"]
}
serve {
  listen      = "0.0.0.0:9090"
  db          = "history.db"
  token_env   = "VIGIL_TOKEN"
  concurrency = 2
  keep_scans  = 500
  max_age     = "400d"
  webhook "ops" {
    url_env      = "SLACK_URL"
    format       = "slack"
    min_severity = "critical"
    events       = ["new_finding", "scan_failed"]
  }
  webhook "siem" {
    url        = "https://siem.example.com/hook"
    secret_env = "SIEM_SECRET"
  }
}
`
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	s := cfg.Serve

	require.Len(t, s.Targets, 4)
	assert.Equal(t, TargetTerraform, s.Targets[0].Kind)
	assert.Equal(t, []string{filepath.Join(dir, "infra", "prod")}, s.Targets[0].Paths)
	assert.Equal(t, []string{"iso27001-2022"}, s.Targets[0].Frameworks)
	assert.Equal(t, TargetPlan, s.Targets[1].Kind)
	assert.Equal(t, filepath.Join(dir, "plans", "prod.json"), s.Targets[1].Plan)
	assert.Equal(t, TargetInventory, s.Targets[2].Kind)
	assert.Len(t, s.Targets[2].Inventory, 2)
	assert.Equal(t, TargetAWS, s.Targets[3].Kind)
	assert.Equal(t, &AWSTarget{Profile: "audit", Accounts: []string{"111122223333"}, Regions: []string{"eu-west-1", "eu-central-1"}}, s.Targets[3].AWS)
	assert.Equal(t, "111122223333 eu-west-1,eu-central-1", s.Targets[3].Describe())

	require.Len(t, s.Schedules, 2)
	nightly := s.Schedules[0]
	assert.Equal(t, []string{"prod", "plan"}, nightly.Targets)
	assert.Equal(t, 5*time.Minute, nightly.Jitter)
	assert.Equal(t, 30*time.Minute, nightly.Timeout)
	// 02:00 in Paris is 01:00 UTC in winter.
	assert.Equal(t, time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC), nightly.Spec.Next(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)).UTC())
	assert.Equal(t, []string{"cis-aws-foundations-6.0"}, s.Schedules[1].Frameworks)

	assert.Equal(t, "0.0.0.0:9090", s.Listen)
	assert.Equal(t, filepath.Join(dir, "history.db"), s.DB)
	assert.Equal(t, "VIGIL_TOKEN", s.TokenEnv)
	assert.Equal(t, 2, s.Concurrency)
	assert.Equal(t, 500, s.KeepScans)
	assert.Equal(t, 400*24*time.Hour, s.MaxAge)
	require.Len(t, s.Webhooks, 2)
	assert.Equal(t, "slack", s.Webhooks[0].Format)
	assert.Equal(t, "SLACK_URL", s.Webhooks[0].URLEnv)
	assert.Equal(t, "critical", s.Webhooks[0].MinSeverity)
	assert.Equal(t, []string{"new_finding", "scan_failed"}, s.Webhooks[0].Events)
	assert.Equal(t, "json", s.Webhooks[1].Format)
	assert.Equal(t, "high", s.Webhooks[1].MinSeverity)
}

func TestLoadServeInvalid(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown target", "target \"a\" {\n  path = \"x\"\n}\nschedule \"s\" {\n  cron    = \"0 2 * * *\"\n  targets = [\"a\", \"b\"]\n}\n", []string{
			`6:19: Unknown target: Schedule "s" lists target "b", which no target block declares (declared targets: a).`,
		}},
		{"bad cron", "target \"a\" {\n  path = \"x\"\n}\nschedule \"s\" {\n  cron    = \"0 2 * *\"\n  targets = [\"a\"]\n}\n", []string{
			`5:13: Invalid cron expression: "0 2 * *": expected exactly 5 fields, found 4: [0 2 * *]; write five fields (minute hour day-of-month month day-of-week) such as "0 2 * * *", or @daily, @every 6h.`,
		}},
		{"too frequent", "target \"a\" {\n  path = \"x\"\n}\nschedule \"s\" {\n  cron    = \"@every 10s\"\n  targets = [\"a\"]\n}\n", []string{
			`5:13: Schedule too frequent: "@every 10s" runs every 10s; schedules run at most once a minute.`,
		}},
		{"missing cron", "target \"a\" {\n  path = \"x\"\n}\nschedule \"s\" {\n  targets = [\"a\"]\n}\n", []string{
			`4:14: Missing required argument: The argument "cron" is required, but no definition was found.`,
		}},
		{"target without source", "target \"a\" {\n}\n", []string{
			`1:1: Target without a source: Target "a" scans nothing; set path (Terraform folders), plan (a plan JSON file), inventory (inventory files) or an aws block.`,
		}},
		{"target with two sources", "target \"a\" {\n  inventory = [\"i.json\"]\n  aws {}\n}\n", []string{
			`1:1: Target with several sources: Target "a" sets more than one of path, plan, inventory and aws; a target scans one source (a plan may name one path: its configuration folder).`,
		}},
		{"bad account", "target \"a\" {\n  aws {\n    accounts = [\"123\"]\n  }\n}\n", []string{
			`3:17: Invalid account id: "123" is not an AWS account id (12 digits).`,
		}},
		{"duplicate target", "target \"a\" {\n  path = \"x\"\n}\ntarget \"a\" {\n  path = \"y\"\n}\n", []string{
			`4:8: Duplicate target: A target named "a" is already declared at PATH:1; target names identify targets in reports and must be unique.`,
		}},
		{"webhook url and env", "serve {\n  webhook \"w\" {\n    url     = \"https://h/x\"\n    url_env = \"W\"\n  }\n}\n", []string{
			`2:3: Webhook url: Webhook "w" needs exactly one of url and url_env (the name of an environment variable holding the URL; a Slack URL is a secret).`,
		}},
		{"webhook bad url never repeated", "serve {\n  webhook \"w\" {\n    url = \"ftp://secret-token@h/x\"\n  }\n}\n", []string{
			`3:11: Invalid webhook url: url must be an http or https URL.`,
		}},
		{"webhook event", "serve {\n  webhook \"w\" {\n    url    = \"https://h/x\"\n    events = [\"new_findings\"]\n  }\n}\n", []string{
			`4:15: Unknown event: "new_findings" is not an event; use new_finding, objective_missed, scan_failed.`,
		}},
		{"db password", "serve {\n  db = \"postgres://vigil:hunter2@db/vigil\"\n}\n", []string{
			`2:8: Password in db: Do not write the database password in vigil.hcl; give it in PGPASSWORD or ~/.pgpass, or pass --db.`,
		}},
		{"listen", "serve {\n  listen = \"8080\"\n}\n", []string{
			`2:12: Invalid listen address: "8080": address 8080: missing port in address; write host:port such as "127.0.0.1:8080".`,
		}},
		{"duration", "serve {\n  max_age = \"a year\"\n}\n", []string{
			`2:13: Invalid duration: max_age: "a year" is not a duration; write a number and a unit, such as "90s", "5m", "2h" or "30d".`,
		}},
		{"two serve blocks", "serve {\n}\nserve {\n}\n", []string{
			`3:1: Duplicate serve block: A serve block is already declared at PATH:1; write one.`,
		}},
		{"concurrency", "serve {\n  concurrency = 0\n}\n", []string{
			`2:17: Value out of range: concurrency must be between 1 and 64.`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			require.NoError(t, os.WriteFile(path, []byte(tt.src), 0o600))
			cfg, err := Load(path)
			require.Error(t, err)
			assert.Nil(t, cfg)
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + ":" + strings.ReplaceAll(w, "PATH", path)
			}
			assert.Equal(t, want, strings.Split(err.Error(), "\n"))
			assert.NotContains(t, err.Error(), "hunter2")
			assert.NotContains(t, err.Error(), "secret-token")
		})
	}
}

func TestParseServeDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90s": 90 * time.Second, "5m": 5 * time.Minute, "2h": 2 * time.Hour, "30d": 30 * 24 * time.Hour, "0s": 0} {
		got, err := parseServeDuration(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "d", "-5m", "1y", "99999999999d"} {
		_, err := parseServeDuration(in)
		assert.Error(t, err, in)
	}
}

func TestServeTargetDRSystems(t *testing.T) {
	src := "dr_tier \"t\" {\n  rpo = \"1h\"\n}\ndr_system \"ledger\" {\n  tier = \"t\"\n  match { ids = [\"x\"] }\n}\n" +
		"target \"a\" {\n  path = \".\"\n  dr_systems = [\"ledger\"]\n}\ntarget \"b\" {\n  path = \".\"\n  dr_systems = []\n}\ntarget \"c\" {\n  path = \".\"\n}\n"
	path := filepath.Join(t.TempDir(), FileName)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"ledger"}, cfg.Serve.Targets[0].DRSystems)
	assert.Equal(t, []string{}, cfg.Serve.Targets[1].DRSystems, "set and empty: none applies")
	assert.Nil(t, cfg.Serve.Targets[2].DRSystems, "not set: all apply")

	bad := "target \"a\" {\n  path = \".\"\n  dr_systems = [\"ledgr\"]\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))
	_, err = Load(path)
	require.EqualError(t, err, path+`:3:17: Unknown DR system: Target "a" lists DR system "ledgr", which no dr_system block declares.`)
}
