package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/vigil-audit/vigil/inventory"
)

// Options configures which policies an Engine loads.
type Options struct {
	// PolicyDirs are user folders (or single .rego files) loaded beside the built-in policies.
	PolicyDirs []string
	// SkipBuiltin loads only PolicyDirs.
	SkipBuiltin bool
}

// Engine holds compiled policies and prepared queries. It is safe for concurrent use.
type Engine struct {
	rules    []Rule
	queries  []rego.PreparedEvalQuery
	catalogs map[string]*Catalog
}

// New loads, validates and compiles the policies once.
func New(ctx context.Context, opts Options) (*Engine, error) {
	catalogs, err := LoadCatalogs()
	if err != nil {
		return nil, err
	}
	modules, builtin, err := loadModules(opts.PolicyDirs, opts.SkipBuiltin)
	if err != nil {
		return nil, err
	}
	compiler := ast.NewCompiler().WithStrict(true)
	if compiler.Compile(modules); compiler.Failed() {
		return nil, compileErrors(compiler.Errors)
	}
	rules, err := rulesFromModules(modules, builtin, catalogs)
	if err != nil {
		return nil, err
	}
	e := &Engine{rules: rules, catalogs: catalogs, queries: make([]rego.PreparedEvalQuery, len(rules))}
	for i, r := range rules {
		q := fmt.Sprintf("deny := [x | x := data.%[1]s.deny[_]]; unknown := [x | x := data.%[1]s.unknown[_]]", r.Package)
		pq, err := rego.New(rego.Query(q), rego.Compiler(compiler)).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare rule %s (%s): %w", r.ID, r.File, err)
		}
		e.queries[i] = pq
	}
	return e, nil
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
}

// ruleOutput is what one rule returned.
type ruleOutput struct {
	deny, unknown []verdict
	err           error
}

type verdict struct {
	Resource string         `json:"resource"`
	Message  string         `json:"message"`
	Evidence map[string]any `json:"evidence"`
	Missing  []string       `json:"missing"`
}

// Evaluate runs every selected rule over the whole inventory and derives pass results for in-scope
// resources that were neither denied nor unknown.
func (e *Engine) Evaluate(ctx context.Context, inv *inventory.Inventory, opts EvalOptions) (*Report, error) {
	for _, fw := range opts.Frameworks {
		if _, ok := e.catalogs[fw]; !ok {
			return nil, fmt.Errorf("unknown framework %q (known: %s)", fw, strings.Join(Frameworks, ", "))
		}
	}
	inv.Normalize()
	selected := e.selectRules(opts.Frameworks)
	byType := inv.ByType()
	input, err := inputValue(byType)
	if err != nil {
		return nil, err
	}
	outputs := make([]ruleOutput, len(e.rules))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(selected)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				outputs[i] = e.evalRule(ctx, i, input)
			}
		}()
	}
	for _, i := range selected {
		work <- i
	}
	close(work)
	wg.Wait()

	byID := make(map[string]*inventory.Resource, len(inv.Resources))
	for i := range inv.Resources {
		byID[inv.Resources[i].ID] = &inv.Resources[i]
	}
	rep := &Report{
		Tool:       "vigil",
		Sources:    inv.Sources,
		Complete:   inv.Complete(),
		Frameworks: frameworksOrAll(opts.Frameworks),
		Rules:      make([]Rule, 0, len(selected)),
		Results:    []Result{},
	}
	for _, i := range selected {
		rule := e.rules[i]
		if outputs[i].err != nil {
			return nil, fmt.Errorf("evaluate rule %s (%s): %w", rule.ID, rule.File, outputs[i].err)
		}
		rep.Rules = append(rep.Rules, rule)
		rep.Results = append(rep.Results, resultsForRule(rule, outputs[i], byType, byID)...)
	}
	inline, err := InlineWaivers(inv.Resources)
	if err != nil {
		return nil, err
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

func frameworksOrAll(fws []string) []string {
	if len(fws) == 0 {
		return append([]string(nil), Frameworks...)
	}
	return fws
}

func (e *Engine) selectRules(frameworks []string) []int {
	var out []int
	for i, r := range e.rules {
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

// inputValue converts the inventory to an OPA value once; every rule then reads its own types
// through input.by_type instead of scanning every resource.
func inputValue(byType map[string][]*inventory.Resource) (ast.Value, error) {
	obj := make(map[string]any, len(byType))
	for t, rs := range byType {
		list := make([]any, len(rs))
		for i, r := range rs {
			list[i] = resourceDoc(r)
		}
		obj[t] = list
	}
	v, err := ast.InterfaceToValue(map[string]any{"by_type": obj})
	if err != nil {
		return nil, fmt.Errorf("convert inventory for policy evaluation: %w", err)
	}
	return v, nil
}

func resourceDoc(r *inventory.Resource) map[string]any {
	tags := make(map[string]any, len(r.Tags))
	for k, v := range r.Tags {
		tags[k] = v
	}
	unknown := make([]any, len(r.Unknown))
	for i, u := range r.Unknown {
		unknown[i] = u
	}
	return map[string]any{
		"id":         r.ID,
		"type":       r.Type,
		"name":       r.Name,
		"account":    r.Account,
		"region":     r.Region,
		"tags":       tags,
		"attributes": r.Attributes,
		"unknown":    unknown,
		"source": map[string]any{
			"kind":    r.Source.Kind,
			"file":    r.Source.File,
			"address": r.Source.Address,
		},
	}
}

func (e *Engine) evalRule(ctx context.Context, i int, input ast.Value) ruleOutput {
	rs, err := e.queries[i].Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return ruleOutput{err: err}
	}
	if len(rs) == 0 {
		return ruleOutput{}
	}
	var out ruleOutput
	if out.deny, err = decodeVerdicts(rs[0].Bindings["deny"]); err != nil {
		return ruleOutput{err: fmt.Errorf("deny: %w", err)}
	}
	if out.unknown, err = decodeVerdicts(rs[0].Bindings["unknown"]); err != nil {
		return ruleOutput{err: fmt.Errorf("unknown: %w", err)}
	}
	return out
}

func decodeVerdicts(v any) ([]verdict, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out []verdict
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("each result must be an object with resource, message, evidence, missing: %w", err)
	}
	for _, vd := range out {
		if vd.Resource == "" {
			return nil, fmt.Errorf("a result has no resource id: %s", raw)
		}
	}
	return out, nil
}

// resultsForRule merges a rule's verdicts per resource: fail wins over unknown, and every in-scope
// resource without a verdict passes.
func resultsForRule(rule Rule, out ruleOutput, byType map[string][]*inventory.Resource, byID map[string]*inventory.Resource) []Result {
	results := map[string]*Result{}
	newResult := func(resID string, status Status) *Result {
		res := &Result{
			RuleID: rule.ID, RuleTitle: rule.Title, Severity: rule.Severity, Status: status,
			ResourceID: resID, Controls: rule.Controls, Fingerprint: Fingerprint(rule.ID, resID),
		}
		if r, ok := byID[resID]; ok {
			res.ResourceType, res.ResourceName, res.Location = r.Type, r.Name, r.Source
		}
		return res
	}
	for _, v := range out.deny {
		res, ok := results[v.Resource]
		if !ok {
			res = newResult(v.Resource, StatusFail)
			results[v.Resource] = res
		}
		res.Message = joinMessage(res.Message, v.Message)
		res.Evidence = mergeEvidence(res.Evidence, v.Evidence)
	}
	for _, v := range out.unknown {
		res, ok := results[v.Resource]
		if ok && res.Status == StatusFail {
			continue
		}
		if !ok {
			res = newResult(v.Resource, StatusUnknown)
			results[v.Resource] = res
		}
		res.Message = joinMessage(res.Message, v.Message)
		res.Missing = appendUnique(res.Missing, v.Missing...)
		res.Evidence = mergeEvidence(res.Evidence, v.Evidence)
	}
	for _, t := range rule.ResourceTypes {
		for _, r := range byType[t] {
			if _, ok := results[r.ID]; !ok {
				res := newResult(r.ID, StatusPass)
				res.Message = "compliant"
				results[r.ID] = res
			}
		}
	}
	list := make([]Result, 0, len(results))
	for _, r := range results {
		sort.Strings(r.Missing)
		list = append(list, *r)
	}
	sort.Slice(list, func(a, b int) bool { return list[a].ResourceID < list[b].ResourceID })
	return list
}

func joinMessage(have, add string) string {
	switch {
	case have == "":
		return add
	case add == "" || strings.Contains(have, add):
		return have
	default:
		return have + "; " + add
	}
}

func mergeEvidence(have, add map[string]any) map[string]any {
	if len(add) == 0 {
		return have
	}
	if have == nil {
		have = map[string]any{}
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
