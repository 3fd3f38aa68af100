package engine

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/inventory"
)

// RuleCost is what one rule, or one task of Evaluate (a group of rules evaluated in one query), took
// over an inventory: wall time, CPU time of the process (on a busy machine the wall time grows with
// the load, the CPU time much less), and how many verdicts it returned. Neither includes garbage
// collection (see withoutCollections).
type RuleCost struct {
	ID       string
	Time     time.Duration
	CPU      time.Duration
	Verdicts int
}

// RuleCosts evaluates every rule on its own, one after the other, for the benchmarks: which rules the
// evaluation time goes to.
func (e *Engine) RuleCosts(ctx context.Context, inv *inventory.Inventory) ([]RuleCost, error) {
	inv.Normalize()
	in, err := inputValue(inv.ByType(), nil)
	if err != nil {
		return nil, err
	}
	input := in.value
	planned := e.usePlans(ctx, len(inv.Resources))
	defer withoutCollections()()
	out := make([]RuleCost, 0, len(e.rules))
	for _, i := range e.selectRules(nil, false) { // as Evaluate without a DR posture
		collectIfLarge()
		r := e.rules[i]
		start, cpu := time.Now(), cputime.Used()
		o := e.evalRule(ctx, i, input, planned)
		if o.err != nil {
			return nil, o.err
		}
		out = append(out, RuleCost{ID: r.ID, Time: time.Since(start), CPU: cputime.Used() - cpu,
			Verdicts: len(o.deny) + len(o.unknown) + len(o.notApplicable)})
	}
	return out, nil
}

// TaskCosts evaluates the tasks of Evaluate (evalTasks: single rules and groups) one after the other:
// whether one task is so long that it leaves the other cores idle at the end. A group is named by
// its rules' ids.
func (e *Engine) TaskCosts(ctx context.Context, inv *inventory.Inventory) ([]RuleCost, error) {
	inv.Normalize()
	in, err := inputValue(inv.ByType(), nil)
	if err != nil {
		return nil, err
	}
	input := in.value
	planned := e.usePlans(ctx, len(inv.Resources))
	defer withoutCollections()()
	var out []RuleCost
	for _, task := range e.evalTasks(e.selectRules(nil, false)) {
		collectIfLarge()
		start, cpu := time.Now(), cputime.Used()
		var outs []ruleOutput
		if len(task) == 1 {
			outs = []ruleOutput{e.evalRule(ctx, task[0], input, planned)}
		} else if outs, err = e.evalGroup(ctx, &e.groups[e.groupOf[task[0]]], input, planned); err != nil {
			return nil, err
		}
		c := RuleCost{Time: time.Since(start), CPU: cputime.Used() - cpu}
		ids := make([]string, len(task))
		for k, i := range task {
			ids[k] = e.rules[i].ID
			if outs[k].err != nil {
				return nil, outs[k].err
			}
			c.Verdicts += len(outs[k].deny) + len(outs[k].unknown) + len(outs[k].notApplicable)
		}
		c.ID = strings.Join(ids, ",")
		out = append(out, c)
	}
	return out, nil
}

// withoutCollections turns the garbage collector off until the returned function is called; the
// measuring loops collect between rules instead (collectIfLarge). A collection marks the whole
// inventory, more than most rules cost: landing in one rule's time or another's at random, it made
// the ranking of rules by cost say more about the collector than about the rules.
func withoutCollections() (restore func()) {
	percent := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(percent) }
}

// collectIfLarge collects when the heap has passed 3 GiB: a rule of the 100,000-resource benchmark
// allocates a few hundred MiB at most.
func collectIfLarge() {
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	if heap[0].Value.Kind() == metrics.KindUint64 && heap[0].Value.Uint64() > 3<<30 {
		runtime.GC()
	}
}

// RulePlanned reports whether the rule with this id is evaluated from OPA's plan (engine/ireval)
// rather than by OPA's evaluator, once an evaluation has made the plans.
func RulePlanned(e *Engine, id string) bool {
	for i, r := range e.rules {
		if r.ID == id {
			return e.plans != nil && e.plans.funcs[i] != nil
		}
	}
	return false
}
