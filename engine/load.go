package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/policies"
)

// PolicyError is a problem in a policy file, located at file:line.
type PolicyError struct {
	File    string
	Line    int
	Message string
}

func (e *PolicyError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// PolicyErrors collects every problem found while loading policies, so a user fixes them in one pass.
type PolicyErrors []*PolicyError

func (es PolicyErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// ErrNoRules is returned when the loaded policies define no rule at all.
var ErrNoRules = errors.New("no rules loaded")

// isRegoSource keeps .rego files that are not tests.
func isRegoSource(name string) bool {
	return strings.HasSuffix(name, ".rego") && !strings.HasSuffix(name, "_test.rego")
}

// skipNonRego is a loader filter (true excludes) that keeps directories and Rego sources.
func skipNonRego(_ string, info fs.FileInfo, _ int) bool {
	return !info.IsDir() && !isRegoSource(info.Name())
}

// loadModules reads the embedded policies (unless skipBuiltin) and every user folder. perDir lists, for
// each user folder, the module names read from it.
func loadModules(dirs []string, skipBuiltin bool) (modules map[string]*ast.Module, builtin map[string]bool, perDir map[string][]string, err error) {
	modules, builtin, perDir = map[string]*ast.Module{}, map[string]bool{}, map[string][]string{}
	if !skipBuiltin {
		res, err := loader.NewFileLoader().WithFS(policies.FS).WithProcessAnnotation(true).
			WithRegoVersion(ast.RegoV1).Filtered([]string{"aws", "lib"}, skipNonRego)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("load built-in policies: %w", err)
		}
		for name, f := range res.Modules {
			key := "policies/" + strings.TrimPrefix(name, "/")
			modules[key] = f.Parsed
			builtin[key] = true
		}
	}
	var errs PolicyErrors
	for _, dir := range dirs {
		sources, err := readPolicyPath(dir)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, s := range sources {
			perDir[dir] = append(perDir[dir], s.name)
		}
		var perrs PolicyErrors
		if err := parsePolicies(sources, modules); errors.As(err, &perrs) {
			errs = append(errs, perrs...)
		} else if err != nil {
			return nil, nil, nil, err
		}
	}
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	return modules, builtin, perDir, nil
}

// checkEveryDirHasRules refuses a user folder that defines no rule: .rego files of helpers only, or
// packages without METADATA, would otherwise add nothing to the run without a word.
func checkEveryDirHasRules(dirs []string, perDir map[string][]string, rules []Rule) error {
	for _, dir := range dirs {
		found := false
		for _, r := range rules {
			if slices.Contains(perDir[dir], r.File) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("policy folder %s defines no rule: no package has a METADATA block with custom.id, severity, resource_types and controls (see docs/rules.md)", dir)
		}
	}
	return nil
}

// rulesFromModules reads and validates the METADATA of every rule package.
func rulesFromModules(modules map[string]*ast.Module, builtin map[string]bool, catalogs map[string]*Catalog) ([]Rule, error) {
	var errs PolicyErrors
	var rules []Rule
	seen := map[string]string{}
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, file := range names {
		m := modules[file]
		var pkgAnn *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				pkgAnn = a
			}
		}
		if pkgAnn == nil || pkgAnn.Custom["id"] == nil {
			if definesResults(m) {
				errs = append(errs, &PolicyError{File: file, Line: m.Package.Location.Row,
					Message: fmt.Sprintf("package %s defines deny/unknown but has no package METADATA with custom.id", packagePath(m))})
			}
			continue
		}
		rule, problems := parseRuleMetadata(pkgAnn, catalogs)
		line := 0
		if pkgAnn.Location != nil {
			line = pkgAnn.Location.Row
		}
		for _, p := range problems {
			errs = append(errs, &PolicyError{File: file, Line: line, Message: p})
		}
		if len(problems) > 0 {
			continue
		}
		if prev, dup := seen[rule.ID]; dup {
			errs = append(errs, &PolicyError{File: file, Line: line, Message: fmt.Sprintf("rule id %s is already used by %s", rule.ID, prev)})
			continue
		}
		seen[rule.ID] = file
		if !definesResults(m) {
			errs = append(errs, &PolicyError{File: file, Line: line, Message: fmt.Sprintf("rule %s defines neither deny nor unknown", rule.ID)})
			continue
		}
		rule.Package = packagePath(m)
		rule.File = file
		rule.Line = line
		rule.Builtin = builtin[file]
		rules = append(rules, rule)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(rules) == 0 {
		return nil, ErrNoRules
	}
	SortRules(rules)
	return rules, nil
}

func packagePath(m *ast.Module) string {
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}

func definesResults(m *ast.Module) bool {
	for _, r := range m.Rules {
		switch r.Head.Name.String() {
		case "deny", "unknown":
			return true
		}
		if len(r.Head.Reference) > 0 {
			switch r.Head.Reference[0].String() {
			case "deny", "unknown":
				return true
			}
		}
	}
	return false
}

// parseRuleMetadata turns METADATA custom fields into a Rule, listing every problem found.
// ruleIDPattern is what a rule id may be: what a # vigil:ignore comment can name.
var ruleIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func parseRuleMetadata(a *ast.Annotations, catalogs map[string]*Catalog) (Rule, []string) {
	var problems []string
	str := func(key string) string {
		v, ok := a.Custom[key]
		if !ok || v == nil {
			return ""
		}
		s, ok := v.(string)
		if !ok {
			problems = append(problems, fmt.Sprintf("custom.%s must be a string, got %T", key, v))
		}
		return s
	}
	rule := Rule{Title: a.Title, Description: a.Description, ID: str("id"), Remediation: str("remediation")}
	switch {
	case rule.ID == "":
		problems = append(problems, "custom.id is empty")
	case !ruleIDPattern.MatchString(rule.ID):
		// An id is printed in every format and matched by # vigil:ignore comments, which read only these.
		problems = append(problems, fmt.Sprintf("custom.id %q is not a rule id: write letters, digits, '.', '_' "+
			"and '-' only, at most 64 characters, such as S3.1", rule.ID))
	}
	if rule.Title == "" {
		problems = append(problems, "title is missing")
	}
	sev := str("severity")
	if s, ok := ParseSeverity(sev); ok {
		rule.Severity = s
	} else {
		problems = append(problems, fmt.Sprintf("custom.severity %q is not one of critical, high, medium, low, info", sev))
	}
	types, err := stringList(a.Custom["resource_types"])
	switch {
	case err != nil:
		problems = append(problems, "custom.resource_types: "+err.Error())
	case len(types) == 0:
		problems = append(problems, "custom.resource_types is empty")
	}
	for _, t := range types {
		if !inventory.KnownType(t) {
			problems = append(problems, fmt.Sprintf("custom.resource_types: unknown resource type %q", t))
		}
	}
	rule.ResourceTypes = types
	if v, ok := a.Custom["reads"]; ok {
		reads, err := stringList(v)
		if err != nil {
			problems = append(problems, "custom.reads: "+err.Error())
		}
		for _, t := range reads {
			switch {
			case !inventory.KnownType(t):
				problems = append(problems, fmt.Sprintf("custom.reads: unknown resource type %q", t))
			case slices.Contains(types, t):
				problems = append(problems, fmt.Sprintf("custom.reads: %q is already in resource_types", t))
			}
		}
		rule.Reads = reads
	}
	rule.Controls = map[string][]string{}
	ctl, ok := a.Custom["controls"].(map[string]any)
	if !ok {
		problems = append(problems, "custom.controls must map framework ids to lists of control ids")
	}
	for fw, ids := range ctl {
		cat, known := catalogs[fw]
		if !known {
			problems = append(problems, fmt.Sprintf("custom.controls: unknown framework %q (known: %s)", fw, strings.Join(Frameworks, ", ")))
			continue
		}
		list, err := stringList(ids)
		if err != nil {
			problems = append(problems, fmt.Sprintf("custom.controls.%s: %v", fw, err))
			continue
		}
		for _, id := range list {
			if _, ok := cat.Lookup(id); !ok {
				problems = append(problems, fmt.Sprintf("custom.controls.%s: control %q is not in the %s catalog", fw, id, cat.Title))
			}
		}
		cat.SortControlIDs(list)
		rule.Controls[fw] = list
	}
	return rule, problems
}

func stringList(v any) ([]string, error) {
	items, ok := v.([]any)
	if !ok {
		if v == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("must be a list of strings, got %T", v)
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("must be a list of strings, found %v", it)
		}
		out = append(out, s)
	}
	return out, nil
}

// SortRules orders rules by id with numeric suffixes compared as numbers (S3.2 before S3.10).
func SortRules(rules []Rule) {
	sort.SliceStable(rules, func(a, b int) bool { return lessRuleID(rules[a].ID, rules[b].ID) })
}

func lessRuleID(a, b string) bool {
	pa, na := splitRuleID(a)
	pb, nb := splitRuleID(b)
	if pa != pb {
		return pa < pb
	}
	if na != nb {
		return na < nb
	}
	return a < b
}

func splitRuleID(id string) (string, int) {
	i := strings.LastIndexAny(id, ".-_")
	if i < 0 {
		return id, 0
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil {
		return id, 0
	}
	return id[:i], n
}

// compileErrors converts OPA compile errors into located policy errors. removed are the built-ins the
// sandbox took away: a call to one of them says why it is undefined.
func compileErrors(err error, removed []string) error {
	var astErrs ast.Errors
	if !errors.As(err, &astErrs) {
		return err
	}
	out := make(PolicyErrors, 0, len(astErrs))
	for _, e := range astErrs {
		pe := &PolicyError{Message: e.Code + ": " + explainRemoved(e.Message, removed)}
		if e.Location != nil {
			pe.File = e.Location.File
			pe.Line = e.Location.Row
		}
		out = append(out, pe)
	}
	return out
}
