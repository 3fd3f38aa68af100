package engine

import (
	"context"
	"time"

	"github.com/vigil-audit/vigil/inventory"
)

// RuleCost is the time one rule took to evaluate over an inventory, and how many verdicts it returned.
type RuleCost struct {
	ID       string
	Time     time.Duration
	Verdicts int
}

// RuleCosts evaluates every rule on its own, one after the other, for the benchmarks: which rules the
// evaluation time goes to.
func (e *Engine) RuleCosts(ctx context.Context, inv *inventory.Inventory) ([]RuleCost, error) {
	inv.Normalize()
	input, err := inputValue(inv.ByType())
	if err != nil {
		return nil, err
	}
	out := make([]RuleCost, 0, len(e.rules))
	for _, i := range e.selectRules(nil, false) { // as Evaluate without a DR posture
		r := e.rules[i]
		start := time.Now()
		o := e.evalRule(ctx, i, input)
		if o.err != nil {
			return nil, o.err
		}
		out = append(out, RuleCost{ID: r.ID, Time: time.Since(start), Verdicts: len(o.deny) + len(o.unknown) + len(o.notApplicable)})
	}
	return out, nil
}
