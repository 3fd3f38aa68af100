package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/vigil-audit/vigil/engine/ireval"
	"github.com/vigil-audit/vigil/internal/gcpace"
	"github.com/vigil-audit/vigil/internal/parallel"
	"github.com/vigil-audit/vigil/inventory"
)

// Options configures which policies an Engine loads.
type Options struct {
	// PolicyDirs are user folders (or single .rego files) loaded beside the built-in policies. Each must
	// define at least one rule; the walk of a folder is bounded and confined (see readPolicyPath).
	PolicyDirs []string
	// SkipBuiltin loads only PolicyDirs.
	SkipBuiltin bool
	// Topdown evaluates every rule with OPA's own evaluator, not from its plan (engine/ireval): the
	// reference the plans are tested against, and a way around a difference should one appear.
	Topdown bool
}

// Engine holds compiled policies and prepared queries. It is safe for concurrent use.
type Engine struct {
	rules    []Rule
	compiler *ast.Compiler
	// plans computes the rules from OPA's plan of them (engine/ireval), made by the first evaluation
	// of a large inventory (usePlans); nil with Options.Topdown. A pointer, so that a copy of the Engine
	// (the tests make some) shares it.
	plans *rulePlans
	// verdicts are each rule's verdictRefs.
	verdicts [][]verdictRef
	queries  []lazyQuery
	catalogs map[string]*Catalog
	// groups are the rules of one service (policies/aws/<service>, see prepareGroups), evaluated
	// together when all of them are selected; groupOf maps a rule to its group, -1 for none.
	groups  []ruleGroup
	groupOf []int
}

// rulePlans are the rules' plans: program computes them (nil when the policies cannot be planned), and
// funcs[i] are its functions for rule i's verdicts, in the order of verdictKinds (-1: the rule does not
// define that kind), nil for a rule that OPA's evaluator runs. Its queries are also the fallback that
// reports a rule's errors.
type rulePlans struct {
	once    sync.Once
	program *ireval.Program
	funcs   [][]int
}

// ruleGroup is a set of rules evaluated together (evalGroup).
type ruleGroup struct {
	rules []int
	query lazyQuery
}

// lazyQuery is a query for OPA's evaluator, prepared once: a rule's by New, a group's by the first
// evaluation that uses it (from the plans, none may).
type lazyQuery struct {
	text string
	once sync.Once
	pq   rego.PreparedEvalQuery
	err  error
}

// get prepares the query once. A built-in that fails (json.unmarshal of malformed text, lower(null))
// would by default make its expression undefined, so a deny that never fires would leave the resource
// passing: with strict built-in errors the failure stops the rule, and the run, with an error naming
// it. The plans stop at any built-in error too.
func (q *lazyQuery) get(ctx context.Context, compiler *ast.Compiler) (*rego.PreparedEvalQuery, error) {
	q.once.Do(func() {
		// Prepared once for every later use: a rule's time budget must not cancel it.
		q.pq, q.err = rego.New(rego.Query(q.text), rego.Compiler(compiler),
			rego.StrictBuiltinErrors(true)).PrepareForEval(context.WithoutCancel(ctx))
	})
	return &q.pq, q.err
}

// New loads, validates and compiles the policies once.
func New(ctx context.Context, opts Options) (*Engine, error) {
	catalogs, err := LoadCatalogs()
	if err != nil {
		return nil, err
	}
	modules, builtin, perDir, err := loadModules(opts.PolicyDirs, opts.SkipBuiltin)
	if err != nil {
		return nil, err
	}
	caps, removed := sandboxCapabilities()
	compiler := ast.NewCompiler().WithStrict(true).WithCapabilities(caps)
	if compiler.Compile(modules); compiler.Failed() {
		return nil, compileErrors(compiler.Errors, removed)
	}
	rules, err := rulesFromModules(modules, builtin, catalogs)
	if err != nil {
		return nil, err
	}
	if err := checkEveryDirHasRules(opts.PolicyDirs, perDir, rules); err != nil {
		return nil, err
	}
	e := &Engine{rules: rules, compiler: compiler, catalogs: catalogs, queries: make([]lazyQuery, len(rules))}
	e.verdicts = make([][]verdictRef, len(rules))
	for i, r := range rules {
		e.verdicts[i] = verdictRefs(compiler, r.Package)
		e.queries[i].text = strings.Join(resultsQueryParts(e.verdicts[i], ""), "; ")
	}
	if !opts.Topdown {
		e.plans = &rulePlans{funcs: make([][]int, len(rules))}
	}
	// Every rule's query is prepared now, so that one that cannot be prepared stops New rather than a
	// scan; the plans are made by the first evaluation that needs them (usePlans).
	for i, r := range rules {
		if _, err := e.queries[i].get(ctx, compiler); err != nil {
			return nil, fmt.Errorf("prepare rule %s (%s): %w", r.ID, r.File, err)
		}
	}
	e.prepareGroups()
	return e, nil
}

// planThreshold is the size of inventory from which Evaluate computes the rules from their plan:
// planning every rule costs about 0.1 s of CPU, once per Engine, and saves about 50 µs per resource
// (bench/README.md, fifth pass), so a small scan (a pull request's Terraform) is faster without it.
const planThreshold = 2_000

// usePlans makes the plans once (planRules) and says whether an evaluation of n resources uses them.
func (e *Engine) usePlans(ctx context.Context, n int) bool {
	if e.plans == nil || n < planThreshold {
		return false
	}
	e.plans.once.Do(func() { e.planRules(context.WithoutCancel(ctx)) })
	return e.plans.program != nil
}

// planRules plans every rule's verdicts in one query (planning a query per rule would cost more than a
// small scan) and finds each rule's functions in the plan. When the query cannot be planned (a custom
// policy with a with statement, say), the built-in rules are planned alone, so that one custom
// policy does not leave every rule to OPA's slower evaluator. A rule whose verdicts the plan does not
// compute as functions, or that cannot be planned, is left to OPA's evaluator.
func (e *Engine) planRules(ctx context.Context) {
	for _, builtinOnly := range []bool{false, true} {
		var parts []string
		var rules []int
		for i, r := range e.rules {
			if builtinOnly && !r.Builtin {
				continue
			}
			rules = append(rules, i)
			for _, v := range e.verdicts[i] {
				if v.defined {
					parts = append(parts, fmt.Sprintf("__%d := %s", len(parts), v.ref))
				}
			}
		}
		if len(parts) == 0 {
			return
		}
		plan, err := ireval.Plan(ctx, e.compiler, strings.Join(parts, "; "))
		if err != nil {
			continue
		}
		e.plans.program = plan
		for _, i := range rules {
			e.plans.funcs[i] = plannedVerdicts(plan, e.verdicts[i])
		}
		return
	}
}

// plannedVerdicts returns the plan's functions for a rule's verdicts (-1 for a kind the rule does not
// define), or nil when the plan lacks one.
func plannedVerdicts(plan *ireval.Program, refs []verdictRef) []int {
	funcs := make([]int, 0, len(refs))
	for _, v := range refs {
		fn := -1
		if v.defined {
			if fn = plan.Func(v.ref); fn < 0 {
				return nil
			}
		}
		funcs = append(funcs, fn)
	}
	return funcs
}

// prepareGroups groups the rules by the first three parts of their package (vigil.aws.<service>: the
// built-in rules of one service). The rules of a service read the same types and share the helpers of
// policies/lib that are rules (lib.world_open_group_ids, lib.document_wrong_type_ids,
// lib.iam_resources): evaluated together, such a helper is computed once per group instead of once
// per rule. A rule whose package has fewer than four parts is evaluated alone.
func (e *Engine) prepareGroups() {
	e.groupOf = make([]int, len(e.rules))
	byService := map[string][]int{}
	var services []string
	for i, r := range e.rules {
		e.groupOf[i] = -1
		parts := strings.Split(r.Package, ".")
		if len(parts) < 4 {
			continue
		}
		service := strings.Join(parts[:3], ".")
		if _, ok := byService[service]; !ok {
			services = append(services, service)
		}
		byService[service] = append(byService[service], i)
	}
	for _, service := range services {
		members := byService[service]
		if len(members) < 2 {
			continue
		}
		parts := make([]string, 0, len(members))
		for k, i := range members {
			parts = append(parts, resultsQueryParts(e.verdicts[i], groupPrefix(k))...)
		}
		for _, i := range members {
			e.groupOf[i] = len(e.groups)
		}
		e.groups = append(e.groups, ruleGroup{rules: members, query: lazyQuery{text: strings.Join(parts, "; ")}})
	}
}

// groupPrefix names the bindings of the k-th rule of a group query.
func groupPrefix(k int) string { return fmt.Sprintf("r%d_", k) }

// resultsQueryParts are the expressions of the query that returns a rule package's deny, unknown and
// not_applicable results, their variables named with prefix. A partial set rule (deny contains ...) is
// returned as the set itself, bound to deny. Anything else is bound to deny_value as a list of its
// value, empty when the package does not define it: a list that a comprehension always gives, so that
// an undefined deny does not hide the unknown results; and the value itself, so that a deny of the
// wrong kind ("deny := 42") is an error, not an empty list.
func resultsQueryParts(refs []verdictRef, prefix string) []string {
	parts := make([]string, 0, len(refs))
	for _, v := range refs {
		if v.multi {
			parts = append(parts, fmt.Sprintf("%s%s := %s", prefix, v.kind, v.ref))
		} else {
			parts = append(parts, fmt.Sprintf("%s%s_value := [x | x := %s]", prefix, v.kind, v.ref))
		}
	}
	return parts
}

// verdictRef is where a rule package's verdicts of one kind are: ref, defined by at least one rule or
// not, and multi when it is a partial set (deny contains ...).
type verdictRef struct {
	kind, ref      string
	defined, multi bool
}

// verdictRefs are a rule package's verdict references, in the order of verdictKinds.
func verdictRefs(compiler *ast.Compiler, pkg string) []verdictRef {
	refs := make([]verdictRef, 0, len(verdictKinds))
	for _, kind := range verdictKinds {
		ref := fmt.Sprintf("data.%s.%s", pkg, kind)
		rules := compiler.GetRules(ast.MustParseRef(ref))
		multi := len(rules) > 0
		for _, r := range rules {
			multi = multi && r.Head.RuleKind() == ast.MultiValue && len(r.Head.Ref()) == 1
		}
		refs = append(refs, verdictRef{kind: kind, ref: ref, defined: len(rules) > 0, multi: multi})
	}
	return refs
}

// Rules returns the loaded rules in id order.
func (e *Engine) Rules() []Rule { return e.rules }

// Catalogs returns the framework catalogs keyed by framework id.
func (e *Engine) Catalogs() map[string]*Catalog { return e.catalogs }

// EvalOptions narrows an evaluation.
type EvalOptions struct {
	// Frameworks limits rules to those mapped to one of these frameworks, and the summary to them.
	// Empty means every framework.
	Frameworks []string
	// Waivers accept known findings; inline `# vigil:ignore` waivers from the inventory are added to them.
	Waivers []Waiver
	// Now decides which waivers have expired; zero means time.Now().
	Now time.Time
	// PolicyTimeout is each rule's time budget; zero means DefaultPolicyTimeout. A rule that runs longer
	// stops the evaluation with an error naming it.
	PolicyTimeout time.Duration
	// DR is the DR posture (a dr.Posture, or any value that marshals to the same JSON) that rules read
	// as input.dr through lib.dr_objective (policies/lib/dr.rego): the engine cannot compute it, since
	// it depends on vigil.hcl's dr_tier declarations and a reference instant. nil means no DR objective
	// is declared: the built-in DR rules (DRRulePackage) are then not run at all, as rules outside the
	// selected frameworks are not, and the controls only they evidence need manual evidence. Giving
	// every protectable resource seven not-applicable results instead doubled the cost of evaluating a
	// large estate that declares no DR.
	DR any
	// ReleaseInput drops each resource's Attributes and Tags from the inventory once they are converted
	// to the policy input, for a caller that does not read them again: the rules read the converted
	// copy, and the maps (about 1.2 KB per resource of a live inventory) can be freed while the rules
	// run, when the memory of a large evaluation peaks.
	ReleaseInput bool
}

// ruleOutput is what one rule returned: its well-formed verdicts, and what was wrong with the others.
type ruleOutput struct {
	deny, unknown, notApplicable []verdict
	problems                     []string
	err                          error
}

type verdict struct {
	Resource string         `json:"resource"`
	Message  string         `json:"message"`
	Evidence map[string]any `json:"evidence"`
	Missing  []string       `json:"missing"`
}

// Evaluate runs every selected rule over the whole inventory and derives pass results for in-scope
// resources that were neither denied, unknown nor not applicable.
//
// While it runs, the garbage collector waits for the heap to reach 768 MiB (or 384 MiB above the live
// heap, when that is more) instead of collecting every time the heap doubles, unless GOGC or GOMEMLIMIT is set or the program set a memory limit (see
// internal/gcpace): one collection during an evaluation of 100,000 resources costs more than a second of CPU.
// A collection that building the results would bring on runs before them instead, with the cores to
// itself (gcpace.CollectBefore).
func (e *Engine) Evaluate(ctx context.Context, inv *inventory.Inventory, opts EvalOptions) (*Report, error) {
	for _, fw := range opts.Frameworks {
		if _, ok := e.catalogs[fw]; !ok {
			return nil, fmt.Errorf("unknown framework %q (known: %s)", fw, strings.Join(Frameworks, ", "))
		}
	}
	// Inline waivers are checked before any rule runs: a typo in one is as untrusted as in vigil.hcl.
	inline, err := InlineWaivers(inv)
	if err != nil {
		return nil, err
	}
	if err := e.CheckWaivers(inline); err != nil {
		return nil, err
	}
	defer gcpace.HoldOff()()
	inv.Normalize()
	selected := e.selectRules(opts.Frameworks, opts.DR != nil)
	byType := inv.ByType()
	// The posture is encoded once: the rules read it as input.dr, the report carries it as Report.DR.
	var drJSON []byte
	var drPosture *DRPosture
	if opts.DR != nil {
		if drJSON, err = json.Marshal(opts.DR); err != nil {
			return nil, fmt.Errorf("encode DR posture: %w", err)
		}
		if drPosture, err = drPostureFromJSON(drJSON); err != nil {
			return nil, err
		}
	}
	in, err := inputValue(byType, drJSON)
	if err != nil {
		return nil, err
	}
	input := in.value
	if opts.ReleaseInput {
		for i := range inv.Resources {
			inv.Resources[i].Attributes, inv.Resources[i].Tags = nil, nil
		}
	}
	idx := resourceIndex{byType: byType, byID: make(map[string]*inventory.Resource, len(inv.Resources))}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		if _, dup := idx.byID[r.ID]; dup {
			if idx.duplicates == nil {
				idx.duplicates = map[string]bool{}
			}
			idx.duplicates[r.ID] = true
		}
		idx.byID[r.ID] = r
	}

	// Each worker evaluates a rule, or a group of rules, and keeps its verdicts. The results are built
	// once every rule has run and the policy input is released (see buildResults): the input is most of
	// the evaluation's memory, and the results (a third of a report's memory) then take its place rather
	// than come on top of it. The rules reading the most resources start first, so a long rule does not
	// start last and leave the other cores idle.
	outputs := make([]ruleOutput, len(e.rules))
	size := func(i int) int {
		n := 0
		for _, t := range e.rules[i].ResourceTypes {
			n += len(byType[t])
		}
		return n
	}
	budget := opts.PolicyTimeout
	if budget <= 0 {
		budget = DefaultPolicyTimeout
	}
	// A task is one rule, or a group of rules whose members are all selected (evalGroup).
	tasks := e.evalTasks(selected)
	taskSize := func(task []int) int {
		n := 0
		for _, i := range task {
			n += size(i)
		}
		return n
	}
	sort.SliceStable(tasks, func(a, b int) bool { return taskSize(tasks[a]) > taskSize(tasks[b]) })
	finish := func(i int, out ruleOutput) {
		if out.err == nil {
			out.problems = append(out.problems, outOfScope(e.rules[i], out, idx)...)
		}
		outputs[i] = out
	}
	planned := e.usePlans(ctx, len(inv.Resources))
	evalOne := func(i int) {
		finish(i, withRuleBudget(ctx, budget, func(ctx context.Context) ruleOutput { return e.evalRule(ctx, i, input, planned) }))
	}
	_ = parallel.Each(len(tasks), 1, func(k, _ int) error {
		task := tasks[k]
		if len(task) == 1 {
			evalOne(task[0])
			return nil
		}
		// The group has the budget of its rules together. A group that fails (a built-in error, a
		// timeout) is evaluated again rule by rule, so that the error names its rule as it would
		// without groups.
		g := &e.groups[e.groupOf[task[0]]]
		gctx, cancel := context.WithTimeout(ctx, budget*time.Duration(len(task)))
		outs, err := e.evalGroup(gctx, g, input, planned)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				for _, i := range task {
					outputs[i].err = err
				}
				return nil
			}
			for _, i := range task {
				evalOne(i)
			}
			return nil
		}
		for k, i := range task {
			finish(i, outs[k])
		}
		return nil
	})
	in.release()
	// The results come next, a few hundred bytes each (resultBytes).
	gcpace.CollectBefore(uint64(resultCount(selected, size)) * resultBytes)

	rep := &Report{
		Tool:       "vigil",
		Sources:    inv.Sources,
		Complete:   inv.Complete(),
		Frameworks: frameworksOrAll(opts.Frameworks),
		Rules:      make([]Rule, 0, len(selected)),
		DR:         drPosture,
	}
	// A rule that failed or returned malformed results makes the run untrustworthy: every such rule is
	// reported, with its file, before any result is used.
	var errs PolicyErrors
	for _, i := range selected {
		errs = append(errs, ruleProblems(e.rules[i], outputs[i].err, outputs[i].problems)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("evaluate policies:\n%w", errs)
	}
	rep.Results = buildResults(e.rules, selected, outputs, idx, size)
	for _, i := range selected {
		rep.Rules = append(rep.Rules, e.rules[i])
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if waivers := append(append([]Waiver(nil), opts.Waivers...), inline...); len(waivers) > 0 {
		rep.Waivers = applyWaivers(rep.Results, waivers, now)
	}
	rep.Summary = summarize(rep, len(inv.Resources), e.catalogs)
	return rep, nil
}

// buildResults turns the selected rules' verdicts into results, in rule order, and each rule's in
// resource id order. size(i) is how many resources rule i judges.
//
// Every rule has a region of one slice the size of its in-scope resources (one result each), and the
// rules are done in parallel.
func buildResults(rules []Rule, selected []int, outputs []ruleOutput, idx resourceIndex, size func(int) int) []Result {
	regions := make([][]Result, len(rules))
	all := make([]Result, resultCount(selected, size))
	reserved := 0
	for _, i := range selected {
		n := size(i)
		regions[i] = all[reserved : reserved : reserved+n]
		reserved += n
	}
	built := make([][]Result, len(rules))
	_ = parallel.Each(len(selected), 1, func(k, _ int) error {
		i := selected[k]
		built[i] = resultsForRule(rules[i], outputs[i], idx, regions[i])
		outputs[i] = ruleOutput{}
		return nil
	})
	// The results are already in order in all unless a rule had fewer results than in-scope resources
	// (an id listed twice): then they are copied together.
	total, inPlace := 0, true
	for _, i := range selected {
		if res := built[i]; len(res) > 0 && (total >= len(all) || &res[0] != &all[total]) {
			inPlace = false
		}
		total += len(built[i])
	}
	if inPlace {
		return all[:total]
	}
	out := make([]Result, 0, total)
	for _, i := range selected {
		out = append(out, built[i]...)
	}
	return out
}

// resultCount returns how many results the selected rules give at most: one per in-scope resource.
func resultCount(selected []int, size func(int) int) int {
	n := 0
	for _, i := range selected {
		n += size(i)
	}
	return n
}

// resultBytes is about what building a result allocates: the Result, its fingerprint, its share of
// its rule's verdict records (490 bytes measured for BenchmarkEvaluate100k).
const resultBytes = 2 * uint64(unsafe.Sizeof(Result{}))

// evalTasks splits the selected rules into tasks: the groups all of whose rules are selected, in the
// order of the group's rules (evalGroup returns their outputs in that order), and single rules.
func (e *Engine) evalTasks(selected []int) [][]int {
	chosen := make(map[int]bool, len(selected))
	for _, i := range selected {
		chosen[i] = true
	}
	var tasks [][]int
	done := make([]bool, len(e.groups))
	for _, i := range selected {
		g := e.groupOf[i]
		if g < 0 {
			tasks = append(tasks, []int{i})
			continue
		}
		if done[g] {
			continue
		}
		done[g] = true
		whole := true
		for _, m := range e.groups[g].rules {
			whole = whole && chosen[m]
		}
		if whole {
			tasks = append(tasks, e.groups[g].rules)
			continue
		}
		for _, m := range e.groups[g].rules {
			if chosen[m] {
				tasks = append(tasks, []int{m})
			}
		}
	}
	return tasks
}

func frameworksOrAll(fws []string) []string {
	if len(fws) == 0 {
		return append([]string(nil), Frameworks...)
	}
	return fws
}

// DRRulePackage is the package prefix of the built-in DR rules (policies/aws/dr), which judge the DR
// posture and run only when one is given (EvalOptions.DR). Custom policies cannot use vigil packages.
const DRRulePackage = "vigil.aws.dr."

func (e *Engine) selectRules(frameworks []string, withDR bool) []int {
	var out []int
	for i, r := range e.rules {
		if !withDR && r.Builtin && strings.HasPrefix(r.Package, DRRulePackage) {
			continue
		}
		if len(frameworks) == 0 {
			out = append(out, i)
			continue
		}
		for _, fw := range frameworks {
			if len(r.Controls[fw]) > 0 {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// resourceIndex finds resources by type and by id. duplicates lists the ids that more than one
// resource has (normally none).
type resourceIndex struct {
	byType     map[string][]*inventory.Resource
	byID       map[string]*inventory.Resource
	duplicates map[string]bool
}

// maxProblemsPerRule bounds how many malformed results of one rule are listed: a rule that returns a
// wrong shape usually does so for every resource.
const maxProblemsPerRule = 10

// outOfScope lists the verdicts that name a resource the rule does not judge: an id that is not in the
// inventory, or a resource of a type outside the rule's resource_types. Such a verdict cannot become a
// result (it has no in-scope resource to attach to), and dropping it would hide a failure.
func outOfScope(rule Rule, out ruleOutput, idx resourceIndex) []string {
	var problems []string
	check := func(kind string, vs []verdict) {
		for _, v := range vs {
			r := idx.byID[v.Resource]
			switch {
			case r == nil:
				problems = append(problems, fmt.Sprintf("%s result names resource %q, which is not in the inventory", kind, v.Resource))
			case !inScope(rule, v.Resource, r, idx):
				problems = append(problems, fmt.Sprintf("%s result names resource %q of type %s, outside the rule's resource_types [%s]",
					kind, v.Resource, r.Type, strings.Join(rule.ResourceTypes, ", ")))
			}
		}
	}
	check("deny", out.deny)
	check("unknown", out.unknown)
	check("not_applicable", out.notApplicable)
	return problems
}

// inScope reports whether a resource with this id has one of the rule's types. r is the resource the
// id indexes; with duplicate ids, any resource with the id counts.
func inScope(rule Rule, id string, r *inventory.Resource, idx resourceIndex) bool {
	if slices.Contains(rule.ResourceTypes, r.Type) {
		return true
	}
	if !idx.duplicates[id] {
		return false
	}
	for _, t := range rule.ResourceTypes {
		for _, other := range idx.byType[t] {
			if other.ID == id {
				return true
			}
		}
	}
	return false
}

// ruleProblems turns a rule's evaluation error and malformed results into errors located at the rule's
// METADATA, naming the rule.
func ruleProblems(rule Rule, err error, problems []string) PolicyErrors {
	var out PolicyErrors
	at := func(msg string) *PolicyError {
		return &PolicyError{File: rule.File, Line: rule.Line, Message: fmt.Sprintf("rule %s: %s", rule.ID, msg)}
	}
	if err != nil {
		out = append(out, at("evaluation failed: "+err.Error()))
	}
	for i, p := range problems {
		if i == maxProblemsPerRule {
			out = append(out, at(fmt.Sprintf("and %d more malformed results", len(problems)-i)))
			break
		}
		out = append(out, at(p))
	}
	return out
}

// resultsForRule merges a rule's verdicts per resource: fail wins over unknown, unknown over not
// applicable, and every in-scope resource without a verdict passes. Results are in resource id order.
//
// The results are appended to dst, which has room for one result per in-scope resource. Every verdict
// names an in-scope resource (outOfScope has refused the others).
func resultsForRule(rule Rule, out ruleOutput, idx resourceIndex, dst []Result) []Result {
	// fill sets the fields every result of the rule has, taking the resource's type, name and location
	// from r. Results are built in place in their slice, as a
	// report holds one per rule and resource.
	fill := func(res *Result, resID string, status Status, r *inventory.Resource) {
		*res = Result{
			RuleID: rule.ID, RuleTitle: rule.Title, Severity: rule.Severity, Status: status,
			ResourceID: resID, Controls: rule.Controls, Fingerprint: Fingerprint(rule.ID, resID),
		}
		if r != nil {
			res.ResourceType, res.ResourceName, res.Location = r.Type, r.Name, &r.Source
		}
	}
	// merged is what a resource's verdicts add up to; the result itself is built once, in place.
	type merged struct {
		status   Status
		message  string
		evidence map[string]any
		missing  []string
		emitted  bool
	}
	verdicts := make(map[string]*merged, len(out.deny)+len(out.unknown)+len(out.notApplicable))
	// add merges a verdict of the given status into its resource's record, unless keep says that the
	// record's status stands over it (a known verdict over a skip, a failure over an unknown).
	add := func(v verdict, status Status, keep func(Status) bool) {
		m, ok := verdicts[v.Resource]
		if ok && keep(m.status) {
			return
		}
		if !ok {
			m = &merged{status: status}
			verdicts[v.Resource] = m
		}
		m.message = joinMessage(m.message, v.Message)
		if status == StatusUnknown {
			m.missing = appendUnique(m.missing, v.Missing...)
		}
		m.evidence = mergeEvidence(m.evidence, v.Evidence)
	}
	never := func(Status) bool { return false }
	for _, v := range out.deny {
		add(v, StatusFail, never)
	}
	for _, v := range out.unknown {
		add(v, StatusUnknown, func(have Status) bool { return have == StatusFail })
	}
	// A rule that skips a resource on purpose says so: never a pass, and never over a known verdict.
	for _, v := range out.notApplicable {
		add(v, StatusNotApplicable, func(have Status) bool { return have != StatusNotApplicable })
	}
	list := dst
	runs := make([]int, 0, len(rule.ResourceTypes)+1)
	for _, t := range rule.ResourceTypes {
		runs = append(runs, len(list))
		for _, r := range idx.byType[t] {
			if m, ok := verdicts[r.ID]; ok {
				if !m.emitted {
					m.emitted = true
					list = append(list, Result{})
					res := &list[len(list)-1]
					fill(res, r.ID, m.status, idx.byID[r.ID])
					res.Message, res.Evidence, res.Missing = m.message, m.evidence, m.missing
					sort.Strings(res.Missing)
					capFields(&res.Message, &res.Missing, &res.Evidence)
				}
				continue
			}
			src := r
			if idx.duplicates[r.ID] {
				src = idx.byID[r.ID] // the resource a report shows for an id is the last one with it
			}
			list = append(list, Result{})
			res := &list[len(list)-1]
			fill(res, r.ID, StatusPass, src)
			res.Message = "compliant"
		}
	}
	list = mergeRuns(list, append(runs, len(list)))
	// A resource listed twice among the rule's types passes once.
	return slices.CompactFunc(list, func(a, b Result) bool { return a.ResourceID == b.ResourceID })
}

// mergeRuns puts results in resource id order, stably. Each of the rule's types gives a run of results
// already in that order (the inventory is sorted by id, and each type's resources keep its order),
// starting at the offsets bounds lists, with len(list) last: a rule of several types has its runs merged,
// the first run first among equal ids, as a stable sort of the whole list would order them, in one
// pass (a result is a few hundred bytes, and the sort moved them many times).
func mergeRuns(list []Result, bounds []int) []Result {
	sorted := true
	for i := 1; i < len(list); i++ {
		if list[i-1].ResourceID > list[i].ResourceID {
			sorted = false
			if !slices.Contains(bounds, i) {
				// Not runs in order (an inventory that Evaluate did not normalize): sort the whole list.
				sort.SliceStable(list, func(a, b int) bool { return list[a].ResourceID < list[b].ResourceID })
				return list
			}
		}
	}
	if sorted {
		return list
	}
	tmp := slices.Clone(list)
	heads := slices.Clone(bounds[:len(bounds)-1])
	for out := range list {
		best := -1
		for k, h := range heads {
			if h < bounds[k+1] && (best < 0 || tmp[h].ResourceID < tmp[heads[best]].ResourceID) {
				best = k
			}
		}
		list[out] = tmp[heads[best]]
		heads[best]++
	}
	return list
}

func joinMessage(have, add string) string {
	switch {
	case have == "":
		return add
	case add == "" || len(have) > MaxMessageBytes || strings.Contains(have, add):
		// Past the cap the rest would be cut anyway (capFields): joining thousands of messages for one
		// resource would copy megabytes each time.
		return have
	default:
		return have + "; " + add
	}
}

// mergeEvidence adds the entries of add to have. add is a verdict's own map: the first one is kept
// as is rather than copied.
func mergeEvidence(have, add map[string]any) map[string]any {
	if len(add) == 0 {
		return have
	}
	if have == nil {
		return add
	}
	for k, v := range add {
		have[k] = v
	}
	return have
}

func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, have := range list {
			if have == it {
				found = true
				break
			}
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}
