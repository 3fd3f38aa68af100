package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/serve/store"
)

func writeServeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vigil.hcl")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestResolveServe(t *testing.T) {
	const target = "target \"t\" {\n  path = \".\"\n}\n"
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name    string
		config  string
		opts    serveOptions
		env     map[string]string
		wantErr string
		check   func(t *testing.T, s *serveSettings)
	}{
		{name: "defaults", config: target, check: func(t *testing.T, s *serveSettings) {
			assert.Equal(t, defaultListen, s.listen)
			assert.Equal(t, defaultDB, s.db)
			assert.Empty(t, s.token)
		}},
		{name: "no target", config: "", wantErr: "declares no target block"},
		{name: "beyond loopback without a token", config: target, opts: serveOptions{listen: "0.0.0.0:8080"},
			wantErr: "serving on 0.0.0.0:8080, beyond this machine, needs a token: set VIGIL_TOKEN"},
		{name: "beyond loopback with a token", config: target + "serve {\n  token_env = \"MY_TOKEN\"\n}\n", opts: serveOptions{listen: "[::]:8080"},
			env: map[string]string{"MY_TOKEN": "0123456789abcdef0123"}, check: func(t *testing.T, s *serveSettings) {
				assert.Equal(t, "0123456789abcdef0123", s.token)
			}},
		{name: "short token", config: target, env: map[string]string{"VIGIL_TOKEN": "short"}, wantErr: "too short"},
		{name: "flags override the file", config: target + "serve {\n  listen = \"127.0.0.1:9000\"\n  db = \"a.db\"\n}\n",
			opts: serveOptions{listen: "localhost:7000", db: "postgres://vigil@db/vigil"}, check: func(t *testing.T, s *serveSettings) {
				assert.Equal(t, "localhost:7000", s.listen)
				assert.Equal(t, "postgres://vigil@db/vigil", s.db)
			}},
		{name: "webhook url from the environment", config: target + "serve {\n  webhook \"w\" {\n    url_env = \"HOOK\"\n    secret_env = \"KEY\"\n  }\n}\n",
			env: map[string]string{"HOOK": "https://hooks.example.com/T0/B0/secret", "KEY": "k"}, check: func(t *testing.T, s *serveSettings) {
				require.Len(t, s.webhooks, 1)
				assert.Equal(t, "https://hooks.example.com/T0/B0/secret", s.webhooks[0].URL)
				assert.Equal(t, "k", s.webhooks[0].Secret)
			}},
		{name: "webhook url variable unset", config: target + "serve {\n  webhook \"w\" {\n    url_env = \"HOOK\"\n  }\n}\n",
			wantErr: `webhook "w": the environment variable HOOK, which holds its URL, is not set`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.configPath = writeServeConfig(t, tt.config)
			s, err := resolveServe(&o, env(tt.env))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			tt.check(t, s)
		})
	}
}

func TestRedactDSN(t *testing.T) {
	assert.Equal(t, "postgres://vigil:xxxxx@db:5432/vigil", redactDSN("postgres://vigil:hunter2@db:5432/vigil"))
	assert.Equal(t, "postgres://vigil@db/vigil", redactDSN("postgres://vigil@db/vigil"))
	assert.Equal(t, "history.db", redactDSN("history.db"))
}

// TestServeRunnerMatchesScan: a scan run by serve stores what `vigil scan --format json` reports.
func TestServeRunnerMatchesScan(t *testing.T) {
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples", "terraform"))
	require.NoError(t, err)
	cfg, err := config.Load(writeServeConfig(t, "target \"examples\" {\n  path = \""+filepath.ToSlash(examples)+"\"\n}\n"))
	require.NoError(t, err)
	r, err := newServeRunner(context.Background(), cfg)
	require.NoError(t, err)
	out, err := r.run(context.Background(), store.Scan{ID: 1, Target: "examples"})
	require.NoError(t, err)

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"scan", examples, "--format", "json"}, &stdout, &stderr), stderr.String())
	var rep engine.Report
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))

	assert.True(t, out.Complete)
	assert.Len(t, out.InventoryDigest, 64)
	assert.Equal(t, rep.Summary.Resources, out.Summary.Resources)
	assert.Equal(t, len(rep.Results), out.Summary.Results)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusFail], out.Summary.Fail)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusUnknown], out.Summary.Unknown)
	assert.Len(t, out.Findings, rep.Summary.ByStatus[engine.StatusFail]+rep.Summary.ByStatus[engine.StatusUnknown])
	require.Len(t, out.Frameworks, len(rep.Summary.Frameworks))
	for i, fw := range rep.Summary.Frameworks {
		assert.Equal(t, fw.Framework, out.Frameworks[i].Framework)
		assert.Equal(t, fw.ControlsFailing, out.Frameworks[i].Failing, fw.Framework)
	}
	var stored engine.Report
	require.NoError(t, json.Unmarshal(out.ReportJSON, &stored))
	assert.Equal(t, len(rep.Results), len(stored.Results))

	_, err = r.run(context.Background(), store.Scan{ID: 2, Target: "gone"})
	require.ErrorContains(t, err, `target "gone" is not declared`)
}

func TestServeRunnerIncompleteInputIsNotAPass(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n"), 0o600))
	cfg, err := config.Load(writeServeConfig(t, "target \"broken\" {\n  path = \""+filepath.ToSlash(dir)+"\"\n}\n"))
	require.NoError(t, err)
	r, err := newServeRunner(context.Background(), cfg)
	require.NoError(t, err)
	out, err := r.run(context.Background(), store.Scan{ID: 1, Target: "broken"})
	require.NoError(t, err, "a broken file is an incomplete scan, stored with its errors")
	assert.False(t, out.Complete)
	require.NotEmpty(t, out.Summary.Errors)
	assert.Contains(t, out.Summary.Errors[0], "main.tf")
}

// TestServeExampleConfig: every target of examples/serve/vigil.hcl scans completely, and the DR systems
// apply only where the config says they live.
func TestServeExampleConfig(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "examples", "serve", "vigil.hcl"))
	require.NoError(t, err)
	require.Len(t, cfg.Serve.Targets, 2)
	r, err := newServeRunner(context.Background(), cfg)
	require.NoError(t, err)
	for _, target := range []string{"payments", "dr-estate"} {
		out, err := r.run(context.Background(), store.Scan{ID: 1, Target: target})
		require.NoError(t, err, target)
		assert.True(t, out.Complete, "%s: %v", target, out.Summary.Errors)
		assert.Empty(t, out.Summary.Errors, target)
		assert.Positive(t, out.Summary.Fail, target)
		if target == "dr-estate" {
			systems := map[string]bool{}
			for _, o := range out.DR {
				systems[o.System] = true
			}
			assert.True(t, systems["ledger"] && systems["payments"], "DR objectives per system: %v", systems)
			assert.Positive(t, out.Summary.DRMissed)
		}
	}
}
