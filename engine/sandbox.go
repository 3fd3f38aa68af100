package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// DefaultPolicyTimeout is how long one rule may evaluate over the whole inventory before the run is
// stopped. The built-in rules take well under a second on 100,000 resources (bench/), so a rule that
// runs this long is looping, not working.
const DefaultPolicyTimeout = 30 * time.Second

// A rule is a function of the inventory: the same input gives the same results, on any machine, and
// evaluating it reaches nothing outside vigil. Custom policies come from the repository being scanned
// (a pull request can add one), so the compiler is given OPA's capabilities minus every built-in
// function that could break that:
//   - every built-in OPA itself marks non-deterministic: http.send and net.lookup_ip_addr (network),
//     opa.runtime (the process environment: it leaks environment variables, CI secrets included),
//     time.now_ns (the clock: ages are computed in Go and given as data), rand.intn and uuid.rfc4122
//     (randomness), io.jwt.encode_sign and io.jwt.encode_sign_raw (random signatures);
//   - the list below, of built-ins that only make sense with the network.
//
// A policy that calls a removed built-in fails to compile: "undefined function http.send" at its
// file:line, and the run exits 2.
var sandboxRemoved = []string{
	"http.send",
	"net.lookup_ip_addr",
	"opa.runtime",
	"providers.aws.sign_req", // signs an HTTP request for http.send
}

// sandboxCapabilities returns the capabilities the engine compiles policies with, and the names it
// removed (sorted).
func sandboxCapabilities() (*ast.Capabilities, []string) {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	var removed []string
	for _, b := range caps.Builtins {
		if b.Nondeterministic || slices.Contains(sandboxRemoved, b.Name) {
			removed = append(removed, b.Name)
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	slices.Sort(removed)
	return caps, slices.Compact(removed)
}

// RemovedBuiltins lists the OPA built-in functions policies cannot call (see docs/rules.md).
func RemovedBuiltins() []string {
	_, removed := sandboxCapabilities()
	return removed
}

// explainRemoved adds, to a compile error about a removed built-in, why it is not there.
func explainRemoved(msg string, removed []string) string {
	name, ok := strings.CutPrefix(msg, "undefined function ")
	if !ok || !slices.Contains(removed, name) {
		return msg
	}
	return msg + " (vigil removes built-ins that reach the network, the environment, the clock or randomness: a rule is a function of the inventory; see docs/rules.md)"
}

// errPolicyTimeout marks a rule that ran out of its time budget.
var errPolicyTimeout = errors.New("policy timeout")

// ruleTimeoutError says which budget a rule exceeded and how to change it.
func ruleTimeoutError(budget time.Duration) error {
	return fmt.Errorf("%w: the rule ran longer than %s and was stopped (a loop over a large range or a large comprehension?); "+
		"raise the budget with --policy-timeout or policy_timeout in vigil.hcl if the rule is meant to be this slow", errPolicyTimeout, budget)
}

// withRuleBudget runs eval with a deadline of budget; an evaluation stopped by that deadline (rather
// than by the caller's context) returns a timeout error.
func withRuleBudget(ctx context.Context, budget time.Duration, eval func(context.Context) ruleOutput) ruleOutput {
	rctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	out := eval(rctx)
	if out.err != nil && ctx.Err() == nil && errors.Is(rctx.Err(), context.DeadlineExceeded) {
		out.err = ruleTimeoutError(budget)
	}
	return out
}
