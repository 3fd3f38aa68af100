package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// awsEnv points the default AWS configuration at the emulator, with static credentials and none of
// the machine's AWS settings.
func awsEnv(t *testing.T, srv *awstest.Server) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
}

// managementAccount makes kumo's account the management account of an organization.
func managementAccount(srv *awstest.Server) {
	srv.Respond(awstest.Action("organizations", "DescribeOrganization"), http.StatusOK, "application/x-amz-json-1.1",
		`{"Organization":{"Id":"o-abc","FeatureSet":"ALL","MasterAccountId":"000000000000"}}`)
}

var liveFlags = []string{"--regions", "eu-west-1", "--services", "sts,organizations", "--max-attempts", "1"}

func TestCollectAWSWritesTheInventory(t *testing.T) {
	srv := awstest.New(t)
	awsEnv(t, srv)
	out := filepath.Join(t.TempDir(), "inventory.json")

	code, stdout, stderr := runVigil(t, append([]string{"collect", "aws", "-o", out}, liveFlags...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "AWS: 1 resources collected from 1 account(s) × 1 region(s)")
	assert.Contains(t, stderr, "  aws.account")
	assert.Contains(t, stderr, "vigil: inventory written to "+out)

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	inv, err := inventory.Read(f)
	require.NoError(t, err)
	require.NotNil(t, inv.GeneratedAt)
	require.Len(t, inv.Sources, 1)
	assert.Equal(t, "000000000000/eu-west-1", inv.Sources[0].Path)
	assert.True(t, inv.Complete())

	code, stdout, stderr = runVigil(t, "scan", "--inventory", out, "--format", "json")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"000000000000/eu-west-1"`, "the report carries the live sources")

	code, stdout, _ = runVigil(t, append([]string{"collect", "aws"}, liveFlags...)...)
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, `"schema": "vigil.inventory/v1"`, "without -o, the inventory goes to stdout")
}

func TestScanAWSIncompleteIsUntrusted(t *testing.T) {
	srv := awstest.New(t)
	awsEnv(t, srv)
	managementAccount(srv)
	srv.DenyJSON(awstest.Action("organizations", "ListAccounts"), "AccessDeniedException", http.StatusBadRequest)

	code, _, stderr := runVigil(t, append([]string{"scan", "--aws"}, liveFlags...)...)
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "vigil: AWS: 1 resources from 1 account(s) × 1 region(s)")
	assert.Contains(t, stderr, "000000000000/eu-west-1: organizations ListAccounts (eu-west-1): AccessDenied: ")
	assert.Contains(t, stderr, "results are incomplete")
}

func TestCollectAWSNothingReadIsUntrusted(t *testing.T) {
	srv := awstest.New(t)
	awsEnv(t, srv)
	srv.DenyJSON(awstest.Action("organizations", "DescribeOrganization"), "AccessDeniedException", http.StatusBadRequest)

	out := filepath.Join(t.TempDir(), "inventory.json")
	code, _, stderr := runVigil(t, append([]string{"collect", "aws", "-o", out}, liveFlags...)...)
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "000000000000 eu-west-1  organizations DescribeOrganization: AccessDenied — ")
	assert.Contains(t, stderr, "no AWS API call succeeded")
	assert.FileExists(t, out, "the inventory is still written")
}

func TestCollectAWSIncompleteStillExitsZero(t *testing.T) {
	srv := awstest.New(t)
	awsEnv(t, srv)
	managementAccount(srv)
	srv.DenyJSON(awstest.Action("organizations", "ListAccounts"), "AccessDeniedException", http.StatusBadRequest)

	code, _, stderr := runVigil(t, append([]string{"collect", "aws", "-o", filepath.Join(t.TempDir(), "i.json")}, liveFlags...)...)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "1 call(s) failed")
	assert.Contains(t, stderr, "organizations ListAccounts: AccessDenied")
	assert.Contains(t, stderr, "it is incomplete")
}

func TestLiveFlagsAreValidated(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"schema":"vigil.inventory/v1","resources":[`), 0o600))
	old := filepath.Join(t.TempDir(), "old.json")
	require.NoError(t, os.WriteFile(old, []byte(`{"schema":"vigil.inventory/v0"}`), 0o600))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"AWS flag without --aws", []string{"scan", "--regions", "eu-west-1"}, "the AWS flags (--profile, --regions, ...) need --aws"},
		{"path with --aws", []string{"scan", "--aws", "infra/"}, "--aws and --inventory take no PATH"},
		{"both sources", []string{"scan", "--aws", "--inventory", "x.json"}, "choose either --aws or --inventory"},
		{"plan and aws", []string{"scan", "--aws", "--plan", "p.json"}, "--plan cannot be combined with --aws or --inventory"},
		{"bad account", []string{"collect", "aws", "--accounts", "12"}, `account "12" is not a 12-digit AWS account id`},
		{"org and accounts", []string{"scan", "--aws", "--org", "--accounts", "111122223333"}, "either --accounts or --org"},
		{"unknown service", []string{"collect", "aws", "--services", "gamelift"}, `unknown service "gamelift"`},
		{"negative timeout", []string{"collect", "aws", "--call-timeout", "-1s"}, "cannot be negative"},
		{"missing inventory", []string{"scan", "--inventory", "nope.json"}, "--inventory nope.json: no such file or directory"},
		{"truncated inventory", []string{"scan", "--inventory", bad}, "--inventory " + bad + ": decode inventory: unexpected EOF (expected a file written by vigil collect)"},
		{"old schema", []string{"scan", "--inventory", old}, `unsupported inventory schema "vigil.inventory/v0"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runVigil(t, tt.args...)
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

func TestCollectAWSWithoutCredentials(t *testing.T) {
	srv := awstest.New(t)
	awsEnv(t, srv)
	srv.DenyQuery(awstest.Action("sts", "GetCallerIdentity"), "ExpiredToken")
	out := filepath.Join(t.TempDir(), "inventory.json")
	code, _, stderr := runVigil(t, append([]string{"collect", "aws", "-o", out}, liveFlags...)...)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "read the caller's identity (are AWS credentials configured?)")
	assert.NoFileExists(t, out)
}
