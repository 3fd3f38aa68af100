package engine

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// DefaultPolicyTimeout is how long one rule may evaluate over the whole inventory before the run is
// stopped. The built-in rules take well under a second on 100,000 resources (bench/), so a rule that
// runs this long is looping, not working.
const DefaultPolicyTimeout = 30 * time.Second

// A rule is a function of the inventory: the same input gives the same results, on any machine, and
// evaluating it reaches nothing outside vigil. Custom policies come from the repository being scanned
// (a pull request can add one), so the compiler is given OPA's capabilities minus every built-in
// function that could break that:
//
//   - every built-in OPA itself marks non-deterministic: http.send and net.lookup_ip_addr (network),
//     opa.runtime (the process environment: it leaks environment variables, CI secrets included),
//     time.now_ns (the clock: ages are computed in Go and given as data), rand.intn and uuid.rfc4122
//     (randomness), io.jwt.encode_sign and io.jwt.encode_sign_raw (random signatures);
//
//   - the list below, of built-ins that only make sense with the network.
//
//   - net.cidr_expand, which lists every address of a CIDR: "0.0.0.0/0" is four billion strings, gigabytes
//     allocated before the time budget can stop the rule. Configuration rules compare CIDRs
//     (net.cidr_contains, net.cidr_intersects, net.cidr_merge); none needs the addresses.
//
// A policy that calls a removed built-in fails to compile: "undefined function http.send" at its
// file:line, and the run exits 2.
var sandboxRemoved = []string{
	"http.send",
	"net.cidr_expand",
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

// MaxRangeNumbers is the most numbers one numbers.range or numbers.range_step call may give. OPA builds
// the whole array before returning it, so numbers.range(1, 1e10) would allocate gigabytes within the
// time budget; every port (0 to 65535) fits many times over.
const MaxRangeNumbers = 1_000_000

// The range built-ins are replaced, for the whole process, by versions that refuse a range of more
// than MaxRangeNumbers numbers with an error (a rule error: the engine evaluates with strict built-in
// errors). OPA looks its own built-ins up before a rego.Function of the same name, so registering with
// topdown is the only way to replace them; vigil is the only user of OPA in the process.
func init() {
	topdown.RegisterBuiltinFunc(ast.NumbersRange.Name, func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
		return cappedRange(bctx, ast.NumbersRange.Name, operands[0], operands[1], nil, iter)
	})
	topdown.RegisterBuiltinFunc(ast.NumbersRangeStep.Name, func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
		return cappedRange(bctx, ast.NumbersRangeStep.Name, operands[0], operands[1], operands[2], iter)
	})
}

// cappedRange gives the integers from a to b (inclusive, descending when a > b) by step (1 when step
// is nil), as numbers.range and numbers.range_step do, or an error when there are more than
// MaxRangeNumbers of them.
func cappedRange(bctx topdown.BuiltinContext, name string, a, b, step *ast.Term, iter func(*ast.Term) error) error {
	x, err := builtins.BigIntOperand(a.Value, 1)
	if err != nil {
		return err
	}
	y, err := builtins.BigIntOperand(b.Value, 2)
	if err != nil {
		return err
	}
	by := big.NewInt(1)
	if step != nil {
		if by, err = builtins.BigIntOperand(step.Value, 3); err != nil {
			return err
		}
		if by.Sign() <= 0 {
			return fmt.Errorf("%s: step must be a positive integer", name)
		}
	}
	span := new(big.Int).Abs(new(big.Int).Sub(y, x))
	n := new(big.Int).Add(new(big.Int).Quo(span, by), big.NewInt(1))
	if n.Cmp(big.NewInt(MaxRangeNumbers)) > 0 {
		return fmt.Errorf("%s: a range of %s numbers is more than vigil allows in one call (%d)", name, n, MaxRangeNumbers)
	}
	if x.Cmp(y) > 0 {
		by = new(big.Int).Neg(by)
	}
	terms := make([]*ast.Term, 0, n.Int64())
	for i, v := int64(0), new(big.Int).Set(x); i < n.Int64(); i, v = i+1, v.Add(v, by) {
		if i%4096 == 0 && bctx.Cancel != nil && bctx.Cancel.Cancelled() {
			return topdown.Halt{Err: &topdown.Error{Code: topdown.CancelErr, Message: name + ": timed out before generating all numbers in range"}}
		}
		terms = append(terms, ast.NewTerm(builtins.IntToNumber(v)))
	}
	return iter(ast.ArrayTerm(terms...))
}

// explainRemoved adds, to a compile error about a removed built-in, why it is not there.
func explainRemoved(msg string, removed []string) string {
	name, ok := strings.CutPrefix(msg, "undefined function ")
	if !ok || !slices.Contains(removed, name) {
		return msg
	}
	if name == "net.cidr_expand" {
		return msg + " (vigil removes net.cidr_expand: it lists every address of a CIDR, billions for 0.0.0.0/0; compare CIDRs with net.cidr_contains, net.cidr_intersects or net.cidr_merge; see docs/rules.md)"
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
