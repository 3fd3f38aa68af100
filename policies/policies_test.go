package policies_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown/print"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/policies"
)

// frameworks are the general catalogs every rule writes out: [] when none of a framework's controls fits.
var frameworks = []string{"iso27001-2022", "nist-800-53-r5", "nist-csf-2.0"}

// scopedFrameworks are the catalogs of a narrower scope (a benchmark, a sector's rules): a rule names
// them only where it evidences one of their controls.
var scopedFrameworks = []string{"cis-aws-foundations-6.0", "soc2-tsc-2017", "pci-dss-4.0.1", "hipaa-security-rule"}

var severities = map[string]bool{"critical": true, "high": true, "medium": true, "low": true, "info": true}

// ruleMeta is the custom METADATA of a rule, decoded once into a typed struct.
type ruleMeta struct {
	ID            string              `json:"id"`
	Severity      string              `json:"severity"`
	ResourceTypes []string            `json:"resource_types"`
	Reads         []string            `json:"reads"`
	Controls      map[string][]string `json:"controls"`
	Remediation   string              `json:"remediation"`
}

// ruleFile is one rule module with its metadata.
type ruleFile struct {
	File        string
	Package     string
	Title       string
	Description string
	Meta        ruleMeta
	Source      string
}

// loadModules reads every module under aws/ and lib/ from the embedded FS, tests included.
func loadModules(t *testing.T) map[string]*ast.Module {
	t.Helper()
	res, err := loader.NewFileLoader().WithFS(policies.FS).WithProcessAnnotation(true).
		WithRegoVersion(ast.RegoV1).All([]string{"aws", "lib"})
	require.NoError(t, err)
	modules := make(map[string]*ast.Module, len(res.Modules))
	for name, f := range res.Modules {
		modules[strings.TrimPrefix(name, "/")] = f.Parsed
	}
	require.NotEmpty(t, modules)
	return modules
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// rules returns every non-test module under aws/, with its package METADATA decoded.
func rules(t *testing.T, modules map[string]*ast.Module) []ruleFile {
	t.Helper()
	var out []ruleFile
	for name, m := range modules {
		if !strings.HasPrefix(name, "aws/") || isTestFile(name) {
			continue
		}
		rf := ruleFile{File: name, Package: strings.TrimPrefix(m.Package.Path.String(), "data.")}
		var pkg *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				pkg = a
			}
		}
		if !assert.NotNil(t, pkg, "%s: no package-scoped METADATA", name) {
			continue
		}
		rf.Title, rf.Description = pkg.Title, pkg.Description
		raw, err := json.Marshal(pkg.Custom)
		require.NoError(t, err, name)
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&rf.Meta), "%s: custom METADATA", name)
		src, err := fs.ReadFile(policies.FS, name)
		require.NoError(t, err)
		rf.Source = string(src)
		out = append(out, rf)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

func TestRegoTests(t *testing.T) {
	modules := loadModules(t)
	ctx := context.Background()
	ch, err := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithStrict(true)).
		SetModules(modules).
		RaiseBuiltinErrors(true). // as the engine evaluates: a built-in error is a rule error
		RunTests(ctx, nil)
	require.NoError(t, err, "compile policies and tests")
	total := 0
	for r := range ch {
		total++
		name := fmt.Sprintf("%s.%s", r.Package, r.Name)
		switch {
		case r.Error != nil:
			t.Errorf("ERROR %s (%s): %v", name, r.Location, r.Error)
		case r.Fail:
			t.Errorf("FAIL %s (%s)", name, r.Location)
		case r.Skip:
			t.Logf("SKIP %s", name)
		}
	}
	assert.Positive(t, total, "no Rego tests ran")
	t.Logf("%d Rego tests", total)
}

var (
	rulePath    = regexp.MustCompile(`^aws/([a-z0-9]+)/([a-z0-9_]+)\.rego$`)
	typePattern = regexp.MustCompile(`^aws\.[a-z0-9]+(\.[a-z0-9_]+)?$`) // aws.account has no service segment
)

// declares reports whether a rule may read resources of type typ: its scope or its reads.
func declares(m ruleMeta, typ string) bool {
	return slices.Contains(m.ResourceTypes, typ) || slices.Contains(m.Reads, typ)
}

// inputRefs lists the uses of input in a module's rules (input.x, input["x"], input alone).
func inputRefs(m *ast.Module) []*ast.Term {
	var out []*ast.Term
	for _, r := range m.Rules {
		ast.WalkTerms(r, func(t *ast.Term) bool {
			if v, ok := t.Value.(ast.Var); ok && v.Equal(ast.InputRootDocument.Value) {
				out = append(out, t)
			}
			return false
		})
	}
	return out
}

// typeLiterals lists the strings of a module's rules that name a canonical inventory type.
func typeLiterals(m *ast.Module) []*ast.Term {
	var out []*ast.Term
	for _, r := range m.Rules {
		ast.WalkTerms(r, func(t *ast.Term) bool {
			if s, ok := t.Value.(ast.String); ok && inventory.KnownType(string(s)) {
				out = append(out, t)
			}
			return false
		})
	}
	return out
}

func TestRuleMetadata(t *testing.T) {
	modules := loadModules(t)
	all := rules(t, modules)
	require.NotEmpty(t, all)
	catalogs := loadCatalogs(t)
	withdrawn := loadWithdrawn(t)
	ids := map[string]string{}
	for _, r := range all {
		t.Run(r.File, func(t *testing.T) {
			m := r.Meta
			match := rulePath.FindStringSubmatch(r.File)
			if assert.NotNil(t, match, "rule files live at aws/<service>/<rule>.rego") {
				assert.Equal(t, "vigil.aws."+match[1]+"."+match[2], r.Package, "package path follows the file path")
			}
			assert.NotEmpty(t, m.ID, "custom.id")
			if prev, dup := ids[m.ID]; dup {
				t.Errorf("id %s is used by %s and %s", m.ID, prev, r.File)
			}
			ids[m.ID] = r.File
			assert.True(t, severities[m.Severity], "severity %q", m.Severity)
			assert.NotEmpty(t, r.Title, "title")
			assert.NotEmpty(t, r.Description, "description")
			assert.NotEmpty(t, strings.TrimSpace(m.Remediation), "remediation")
			assert.NotEmpty(t, m.ResourceTypes, "resource_types")
			for _, rt := range m.ResourceTypes {
				assert.Regexp(t, typePattern, rt, "resource type")
			}
			for fw := range m.Controls {
				assert.True(t, slices.Contains(frameworks, fw) || slices.Contains(scopedFrameworks, fw),
					"controls name an unknown framework %q", fw)
			}
			for _, fw := range scopedFrameworks {
				if ctrls, written := m.Controls[fw]; written {
					assert.NotEmpty(t, ctrls, "%s: name the framework only where a control fits", fw)
				}
			}
			mapped := 0
			for _, fw := range frameworks {
				// [] is a decision (no control of the framework fits), so it must be written out.
				ctrls, written := m.Controls[fw]
				assert.True(t, written, "no %s controls: write [] when none fits", fw)
				mapped += len(ctrls)
			}
			for fw, ctrls := range m.Controls {
				seen := map[string]bool{}
				for _, c := range ctrls {
					assert.False(t, seen[c], "%s control %s listed twice", fw, c)
					seen[c] = true
					assert.True(t, catalogs[fw][c], "%s control %q is not in catalogs/%s.json", fw, c, fw)
					if fw == "nist-800-53-r5" {
						assert.False(t, withdrawn[c], "800-53 control %s is withdrawn", c)
					}
				}
			}
			assert.Positive(t, mapped, "maps to no control at all")
			for _, rt := range m.Reads {
				assert.Regexp(t, typePattern, rt, "type in reads")
				assert.NotContains(t, m.ResourceTypes, rt, "a type in reads is outside the scope")
			}
			// Rules read the input only through data.vigil.lib (lib.resources), never directly, however
			// the reference is written (input.x, input["x"], a variable bound to input).
			for _, in := range inputRefs(modules[r.File]) {
				t.Errorf("%s reads the input directly: use lib.resources", in.Location)
			}
			// Every type the module names is declared, wherever the name is held (a call, a variable).
			for _, lit := range typeLiterals(modules[r.File]) {
				assert.True(t, declares(m, string(lit.Value.(ast.String))),
					"%s: type %s is neither in resource_types nor in reads", lit.Location, lit)
			}
			assert.True(t, definesResults(modules[r.File]), "defines deny or unknown")
		})
	}
}

func TestEveryRuleHasTests(t *testing.T) {
	modules := loadModules(t)
	for _, r := range rules(t, modules) {
		testFile := strings.TrimSuffix(r.File, ".rego") + "_test.rego"
		tm, ok := modules[testFile]
		if !assert.True(t, ok, "%s has no %s", r.File, path.Base(testFile)) {
			continue
		}
		assert.Equal(t, "data."+r.Package+"_test", tm.Package.Path.String(), "%s package", testFile)
		tests := map[string]bool{}
		for _, rule := range tm.Rules {
			if name := rule.Head.Name.String(); strings.HasPrefix(name, "test_") {
				tests[name] = true
			}
		}
		assert.GreaterOrEqual(t, len(tests), 3, "%s needs at least 3 tests", testFile)
	}
}

// TestRulesDocTable keeps the rule table of docs/rules.md in step with the rules' METADATA.
func TestRulesDocTable(t *testing.T) {
	raw, err := os.ReadFile("../docs/rules.md")
	require.NoError(t, err)
	rows := map[string][]string{}
	// The rule table is the one of the "Built-in rules" section; later sections have tables of controls.
	_, section, found := strings.Cut(string(raw), "\n## Built-in rules\n")
	require.True(t, found, "docs/rules.md has no Built-in rules section")
	section, _, _ = strings.Cut(section, "\n## ")
	for _, line := range strings.Split(section, "\n") {
		if !docRow.MatchString(line) {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		require.GreaterOrEqual(t, len(cells), 7, line)
		rows[cells[0]] = cells
	}
	all := rules(t, loadModules(t))
	assert.Len(t, rows, len(all), "docs/rules.md lists a different number of rules")
	for _, r := range all {
		cells, ok := rows[r.Meta.ID]
		if !assert.True(t, ok, "docs/rules.md has no row for %s", r.Meta.ID) {
			continue
		}
		assert.Equal(t, r.Meta.Severity, cells[1], "%s severity", r.Meta.ID)
		assert.Equal(t, r.Title, cells[2], "%s title", r.Meta.ID)
		assert.Equal(t, "`"+strings.Join(r.Meta.ResourceTypes, ", ")+"`", cells[3], "%s resource types", r.Meta.ID)
		for i, fw := range frameworks {
			assert.Equal(t, strings.Join(r.Meta.Controls[fw], ", "), cells[4+i], "%s %s controls", r.Meta.ID, fw)
		}
	}
}

var docRow = regexp.MustCompile(`^\| [A-Z0-9]+\.[0-9]+ \|`)

var docDistinct = regexp.MustCompile(`Distinct controls evidenced: ISO/IEC 27001:2022 (\d+) \(([^)]*)\), NIST SP 800-53 Rev\. 5 (\d+), NIST CSF 2\.0 (\d+)\.`)

// TestRulesDocDistinctControls keeps the count of controls the rules evidence, in docs/rules.md, in step
// with the rules' METADATA.
func TestRulesDocDistinctControls(t *testing.T) {
	raw, err := os.ReadFile("../docs/rules.md")
	require.NoError(t, err)
	m := docDistinct.FindStringSubmatch(strings.Join(strings.Fields(string(raw)), " "))
	require.NotNil(t, m, "docs/rules.md has no 'Distinct controls evidenced' sentence")
	distinct := map[string]map[string]bool{}
	for _, r := range rules(t, loadModules(t)) {
		for fw, ids := range r.Meta.Controls {
			if distinct[fw] == nil {
				distinct[fw] = map[string]bool{}
			}
			for _, id := range ids {
				distinct[fw][id] = true
			}
		}
	}
	assert.Equal(t, m[1], fmt.Sprint(len(distinct["iso27001-2022"])), "ISO 27001 count")
	var iso []string
	for _, id := range strings.Split(m[2], ",") {
		iso = append(iso, strings.TrimSpace(id))
	}
	assert.ElementsMatch(t, slices.Sorted(maps.Keys(distinct["iso27001-2022"])), iso, "ISO 27001 controls")
	assert.Equal(t, m[3], fmt.Sprint(len(distinct["nist-800-53-r5"])), "NIST SP 800-53 count")
	assert.Equal(t, m[4], fmt.Sprint(len(distinct["nist-csf-2.0"])), "NIST CSF count")
}

func definesResults(m *ast.Module) bool {
	for _, r := range m.Rules {
		if n := r.Head.Name.String(); n == "deny" || n == "unknown" {
			return true
		}
		if len(r.Head.Reference) > 0 {
			if n := r.Head.Reference[0].String(); n == "deny" || n == "unknown" {
				return true
			}
		}
	}
	return false
}

type catalogEntry struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Profile    string `json:"profile"`
	Assessment string `json:"assessment"`
}

// catalogFile is the layout of catalogs/<framework>.json.
type catalogFile struct {
	Framework string         `json:"framework"`
	Source    string         `json:"source"`
	Controls  []catalogEntry `json:"controls"`
}

// loadCatalogs returns the set of control ids of each framework catalog.
func loadCatalogs(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	for _, fw := range slices.Concat(frameworks, scopedFrameworks) {
		out[fw] = map[string]bool{}
		for _, e := range loadCatalog(t, fw) {
			out[fw][e.ID] = true
		}
	}
	return out
}

// loadCatalog returns the controls of one framework's catalog, in catalog order.
func loadCatalog(t *testing.T, fw string) []catalogEntry {
	t.Helper()
	raw, err := fs.ReadFile(policies.FS, "catalogs/"+fw+".json")
	require.NoError(t, err)
	var cat catalogFile
	require.NoError(t, json.Unmarshal(raw, &cat), fw)
	require.Equal(t, fw, cat.Framework, "catalogs/%s.json names another framework", fw)
	require.NotEmpty(t, cat.Source, "catalogs/%s.json says nothing of its source", fw)
	require.NotEmpty(t, cat.Controls, fw)
	return cat.Controls
}

// loadWithdrawn returns the withdrawn NIST SP 800-53 Rev. 5 ids.
func loadWithdrawn(t *testing.T) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile("testdata/nist_800_53_r5_withdrawn.json")
	require.NoError(t, err)
	var entries []catalogEntry
	require.NoError(t, json.Unmarshal(raw, &entries))
	require.NotEmpty(t, entries)
	out := make(map[string]bool, len(entries))
	for _, e := range entries {
		out[e.ID] = true
	}
	return out
}

// readsProbe stands in for lib.resources and lib.resources_with_unknown and prints each type a rule asks for.
const readsProbe = `package vigil_reads_probe

resources(type_name) := object.get(input, ["by_type", type_name], []) if print("reads", type_name)

resources_with_unknown(type_name) := object.get(input, ["unknown_by_type", type_name], []) if print("reads", type_name)
`

// typesRead collects the types the probe prints.
type typesRead map[string]bool

func (tr typesRead) Print(_ print.Context, msg string) error {
	if typ, ok := strings.CutPrefix(msg, "reads "); ok {
		tr[typ] = true
	}
	return nil
}

// TestRulesReadOnlyDeclaredTypes evaluates every rule on an inventory with resources of every type, with
// lib.resources replaced by a probe that records the types asked for: a rule that computes a type name,
// or reaches it through another package, is caught as well as one that writes it out.
func TestRulesReadOnlyDeclaredTypes(t *testing.T) {
	modules := loadModules(t)
	all := rules(t, modules)
	compiled := map[string]*ast.Module{}
	for name, m := range modules {
		if !isTestFile(name) {
			compiled[name] = m
		}
	}
	probe, err := ast.ParseModuleWithOpts("probe.rego", readsProbe, ast.ParserOptions{RegoVersion: ast.RegoV1})
	require.NoError(t, err)
	compiled["probe.rego"] = probe
	c := ast.NewCompiler().WithEnablePrintStatements(true)
	c.Compile(compiled)
	require.False(t, c.Failed(), "%v", c.Errors)

	byType, unknownByType := map[string]any{}, map[string]any{}
	for _, typ := range inventory.Types {
		res := func(name string, unknown []any) map[string]any {
			return map[string]any{"id": typ + "." + name, "type": typ, "name": name, "account": "111122223333",
				"region": "eu-west-1", "tags": map[string]any{}, "attributes": map[string]any{}, "unknown": unknown}
		}
		withUnknown := res("partial", []any{"attributes"})
		byType[typ] = []any{res("known", []any{}), withUnknown}
		unknownByType[typ] = []any{withUnknown}
	}
	input := map[string]any{"by_type": byType, "unknown_by_type": unknownByType}

	ctx := context.Background()
	for _, r := range all {
		t.Run(r.File, func(t *testing.T) {
			read := typesRead{}
			for _, result := range []string{"deny", "unknown"} {
				query := fmt.Sprintf("x := data.%s.%s with data.vigil.lib.resources as data.vigil_reads_probe.resources "+
					"with data.vigil.lib.resources_with_unknown as data.vigil_reads_probe.resources_with_unknown", r.Package, result)
				_, err := rego.New(rego.Query(query), rego.Compiler(c), rego.Input(input),
					rego.EnablePrintStatements(true), rego.PrintHook(read)).Eval(ctx)
				require.NoError(t, err, query)
			}
			assert.NotEmpty(t, read, "the probe saw no read: is it still wired to lib.resources?")
			for typ := range read {
				assert.True(t, declares(r.Meta, typ), "reads %s, which is neither in resource_types nor in reads", typ)
			}
		})
	}
}

// rejectedMappings are mappings that were made once and do not fit what the rule tests, with the reason.
var rejectedMappings = []struct{ rule, framework, control, why string }{
	{"RDS.3", "nist-800-53-r5", "CP-7", "a standby in another zone of the region is not an alternate processing site"},
	{"RDS.4", "iso27001-2022", "8.32", "deletion protection is not change management"},
	{"RDS.4", "nist-800-53-r5", "CM-5", "anyone who may delete the database may turn deletion protection off"},
	{"RDS.4", "iso27001-2022", "8.13", "deletion protection is not a backup"},
	{"RDS.4", "nist-800-53-r5", "CP-9", "deletion protection is not a backup"},
	{"RDS.8", "iso27001-2022", "8.32", "deletion protection is not change management"},
	{"RDS.8", "nist-800-53-r5", "CM-5", "anyone who may delete the cluster may turn deletion protection off"},
	{"RDS.8", "iso27001-2022", "8.13", "deletion protection is not a backup"},
	{"RDS.8", "nist-800-53-r5", "CP-9", "deletion protection is not a backup"},
	{"RDS.4", "soc2-tsc-2017", "A1.2", "deletion protection is not a backup"},
	{"RDS.8", "soc2-tsc-2017", "A1.2", "deletion protection is not a backup"},
	{"RDS.4", "hipaa-security-rule", "164.308(a)(7)(ii)(A)", "deletion protection is not a backup"},
	{"RDS.8", "hipaa-security-rule", "164.308(a)(7)(ii)(A)", "deletion protection is not a backup"},
	{"CT.1", "cis-aws-foundations-6.0", "4.1", "4.1 asks for one multi-region trail, not that every trail is multi-region (ACCT.7 judges it)"},
	{"S3.5", "cis-aws-foundations-6.0", "4.4", "4.4 is about the CloudTrail bucket only; S3.5 fails any bucket without logging"},
	{"S3.1", "cis-aws-foundations-6.0", "3.1.2", "versioning is not MFA Delete"},
	{"ACCT.1", "cis-aws-foundations-6.0", "2.5", "the rule does not see whether the root MFA device is hardware"},
	{"S3.2", "pci-dss-4.0.1", "3.5.1", "storage-level encryption alone renders PAN unreadable only on removable media (3.5.1.2)"},
	{"RDS.1", "pci-dss-4.0.1", "3.5.1", "storage-level encryption alone renders PAN unreadable only on removable media (3.5.1.2)"},
	{"EC2.5", "pci-dss-4.0.1", "3.5.1", "storage-level encryption alone renders PAN unreadable only on removable media (3.5.1.2)"},
}

func TestRejectedMappings(t *testing.T) {
	byID := map[string]ruleMeta{}
	for _, r := range rules(t, loadModules(t)) {
		byID[r.Meta.ID] = r.Meta
	}
	for _, m := range rejectedMappings {
		meta, ok := byID[m.rule]
		require.True(t, ok, "no rule %s", m.rule)
		assert.NotContains(t, meta.Controls[m.framework], m.control, "%s → %s %s: %s", m.rule, m.framework, m.control, m.why)
	}
}

// TestFullyAutomatedControls keeps coverage/fully-automated.json honest: each control it says rules decide
// in full exists in its catalog, says why, is evidenced by at least one built-in rule, and is listed in
// docs/rules.md, where the claim is explained to users.
func TestFullyAutomatedControls(t *testing.T) {
	raw, err := fs.ReadFile(policies.FS, "coverage/fully-automated.json")
	require.NoError(t, err)
	var entries []struct {
		Framework string `json:"framework"`
		Control   string `json:"control"`
		Rationale string `json:"rationale"`
	}
	require.NoError(t, json.Unmarshal(raw, &entries))
	catalogs := loadCatalogs(t)
	mapped := map[string]bool{}
	for _, r := range rules(t, loadModules(t)) {
		for fw, ctrls := range r.Meta.Controls {
			for _, c := range ctrls {
				mapped[fw+" "+c] = true
			}
		}
	}
	doc, err := os.ReadFile("../docs/rules.md")
	require.NoError(t, err)
	full := map[string]int{}
	for _, e := range entries {
		full[e.Framework]++
	}
	// The coverage table of docs/rules.md: per framework, controls with a rule split into fully and
	// partly automated, and the rest manual only.
	for _, fw := range frameworks {
		withRule := 0
		for c := range catalogs[fw] {
			if mapped[fw+" "+c] {
				withRule++
			}
		}
		row := fmt.Sprintf("| %s | %d | %d | %d | %d |", fw, len(catalogs[fw]), full[fw], withRule-full[fw], len(catalogs[fw])-withRule)
		assert.Contains(t, string(doc), row, "docs/rules.md coverage table")
	}
	for _, e := range entries {
		assert.True(t, catalogs[e.Framework][e.Control], "%s %s is not in its catalog", e.Framework, e.Control)
		assert.NotEmpty(t, strings.TrimSpace(e.Rationale), "%s %s: say why rules decide the whole control", e.Framework, e.Control)
		assert.True(t, mapped[e.Framework+" "+e.Control], "%s %s: no built-in rule evidences it", e.Framework, e.Control)
		assert.Contains(t, string(doc), "| "+e.Framework+" | "+e.Control+" |", "docs/rules.md lists %s %s as fully automated", e.Framework, e.Control)
	}
}

// TestCatalogFiles checks each catalog's shape: ids listed once with a title, and for CIS the profile and
// assessment of every recommendation, with the counts the benchmark publishes (63, of which 35 automated).
func TestCatalogFiles(t *testing.T) {
	type control struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		Group      string `json:"group"`
		Profile    string `json:"profile"`
		Assessment string `json:"assessment"`
	}
	for _, fw := range slices.Concat(frameworks, scopedFrameworks) {
		t.Run(fw, func(t *testing.T) {
			raw, err := fs.ReadFile(policies.FS, "catalogs/"+fw+".json")
			require.NoError(t, err)
			var cat struct {
				Framework string    `json:"framework"`
				Title     string    `json:"title"`
				Version   string    `json:"version"`
				Source    string    `json:"source"`
				Controls  []control `json:"controls"`
			}
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&cat))
			assert.NotEmpty(t, cat.Title)
			assert.NotEmpty(t, cat.Version)
			seen := map[string]bool{}
			for _, c := range cat.Controls {
				assert.False(t, seen[c.ID], "%s listed twice", c.ID)
				seen[c.ID] = true
				assert.NotEmpty(t, c.Title, c.ID)
				assert.NotEmpty(t, c.Group, c.ID)
			}
			switch fw {
			case "soc2-tsc-2017":
				// CC1.1-CC1.5, CC2.1-2.3, CC3.1-3.4, CC4.1-4.2, CC5.1-5.3, CC6.1-6.8, CC7.1-7.5, CC8.1, CC9.1-9.2,
				// A1.1-1.3, C1.1-1.2, PI1.1-1.5 and the 18 privacy criteria P1.1-P8.1.
				assert.Len(t, cat.Controls, 61)
				for _, id := range []string{"CC1.1", "CC6.8", "CC9.2", "A1.2", "A1.3", "C1.2", "PI1.5", "P1.1", "P6.7", "P8.1"} {
					assert.True(t, seen[id], "no %s", id)
				}
			case "hipaa-security-rule":
				for _, c := range cat.Controls {
					assert.Regexp(t, `^164\.31[02]|^164\.308`, c.ID)
				}
				for _, id := range []string{"164.308(a)(7)(ii)(A)", "164.312(a)(2)(iv)", "164.310(d)(2)(iv)", "164.312(e)(2)(ii)"} {
					assert.True(t, seen[id], "no %s", id)
				}
			}
			if fw != "cis-aws-foundations-6.0" {
				return
			}
			assert.Len(t, cat.Controls, 63)
			automated := 0
			for _, c := range cat.Controls {
				assert.Contains(t, []string{"Level 1", "Level 2"}, c.Profile, c.ID)
				assert.Contains(t, []string{"Automated", "Manual"}, c.Assessment, c.ID)
				if c.Assessment == "Automated" {
					automated++
				}
			}
			assert.Equal(t, 35, automated, "automated recommendations")
		})
	}
}

// rulesByControl lists, per framework and control id, the ids of the rules mapped to it.
func rulesByControl(all []ruleFile) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, r := range all {
		for fw, ids := range r.Meta.Controls {
			if out[fw] == nil {
				out[fw] = map[string][]string{}
			}
			for _, id := range ids {
				out[fw][id] = append(out[fw][id], r.Meta.ID)
			}
		}
	}
	return out
}

// docTable returns the rows of the first Markdown table after the heading line that contains marker, as
// maps from column name to cell, with the line number of each row.
func docTable(t *testing.T, doc []string, marker string) ([]map[string]string, []int) {
	t.Helper()
	start := slices.IndexFunc(doc, func(l string) bool { return strings.HasPrefix(l, "#") && strings.Contains(l, marker) })
	require.NotEqual(t, -1, start, "docs/rules.md has no heading with %s", marker)
	var header []string
	var rows []map[string]string
	var lines []int
	for i := start + 1; i < len(doc); i++ {
		line := doc[i]
		if strings.HasPrefix(line, "#") {
			break
		}
		if !strings.HasPrefix(line, "|") {
			if header != nil {
				break // the table ended
			}
			continue
		}
		cells := strings.Split(strings.Trim(strings.ReplaceAll(line, `\|`, "\x00"), "|"), "|")
		for j := range cells {
			cells[j] = strings.ReplaceAll(strings.TrimSpace(cells[j]), "\x00", "|")
		}
		switch {
		case header == nil:
			header = cells
		case strings.Trim(strings.Join(cells, ""), "-:") == "":
			// the delimiter row
		default:
			require.Len(t, cells, len(header), "docs/rules.md:%d", i+1)
			row := map[string]string{}
			for j, c := range cells {
				row[header[j]] = c
			}
			rows = append(rows, row)
			lines = append(lines, i+1)
		}
	}
	require.NotEmpty(t, rows, "docs/rules.md: no table under the heading with %s", marker)
	return rows, lines
}

func splitList(cell string) []string {
	var out []string
	for _, s := range strings.Split(cell, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TestScopedFrameworkDocTables keeps each narrower framework's table in docs/rules.md in step with its
// catalog (every control, in order, with its title) and with the rules mapped to each control. A CIS
// recommendation without a rule says why (manual evidence, or the work that adds its rule).
func TestScopedFrameworkDocTables(t *testing.T) {
	raw, err := os.ReadFile("../docs/rules.md")
	require.NoError(t, err)
	doc := strings.Split(string(raw), "\n")
	mapped := rulesByControl(rules(t, loadModules(t)))
	for _, fw := range scopedFrameworks {
		t.Run(fw, func(t *testing.T) {
			rows, lines := docTable(t, doc, "(`"+fw+"`)")
			cat := loadCatalog(t, fw)
			notes := loadNotes(t, fw)
			var ids []string
			for _, row := range rows {
				ids = append(ids, row[docIDColumn(row)])
			}
			var want []string
			for _, c := range cat {
				want = append(want, c.ID)
			}
			require.Equal(t, want, ids, "the table lists the catalog's controls in catalog order")
			for i, row := range rows {
				c := cat[i]
				where := fmt.Sprintf("docs/rules.md:%d: %s", lines[i], c.ID)
				if title, ok := row["Title"]; ok {
					assert.Equal(t, c.Title, title, where)
				}
				assert.ElementsMatch(t, mapped[fw][c.ID], splitList(row["Rules"]), "%s rules", where)
				if p, ok := row["Profile"]; ok {
					assert.Equal(t, c.Profile, p, where)
				}
				if a, ok := row["Assessment"]; ok {
					assert.Equal(t, c.Assessment, a, where)
				}
				assert.Equal(t, notes[c.ID], row["Note"], "%s note: the table shows coverage/%s.json", where, fw)
				if c.Assessment == "Automated" && len(mapped[fw][c.ID]) == 0 {
					assert.NotEmpty(t, notes[c.ID], "%s is automated and has no rule: say why in coverage/%s.json", where, fw)
				}
			}
		})
	}
}

// docIDColumn is the name of a table's id column: the first one.
func docIDColumn(row map[string]string) string {
	for _, name := range []string{"Recommendation", "Criterion", "Requirement", "Safeguard", "Control"} {
		if _, ok := row[name]; ok {
			return name
		}
	}
	return ""
}

var docShareID = regexp.MustCompile("^`([a-z0-9.-]+)`(?: (.+))?$")

// TestFrameworkShareDocTable keeps the share of controls with a rule, per framework and CIS profile, in
// docs/rules.md in step with the catalogs and the rules' METADATA.
func TestFrameworkShareDocTable(t *testing.T) {
	raw, err := os.ReadFile("../docs/rules.md")
	require.NoError(t, err)
	rows, lines := docTable(t, strings.Split(string(raw), "\n"), "Share of controls with automated evidence")
	mapped := rulesByControl(rules(t, loadModules(t)))
	seen := map[string]bool{}
	for i, row := range rows {
		m := docShareID.FindStringSubmatch(row["id"])
		require.NotNil(t, m, "docs/rules.md:%d: id cell %q", lines[i], row["id"])
		fw, profile := m[1], m[2]
		seen[row["id"]] = true
		total, with := 0, 0
		for _, c := range loadCatalog(t, fw) {
			if profile != "" && c.Profile != profile {
				continue
			}
			total++
			if len(mapped[fw][c.ID]) > 0 {
				with++
			}
		}
		where := fmt.Sprintf("docs/rules.md:%d: %s", lines[i], row["id"])
		require.Positive(t, total, where)
		assert.Equal(t, fmt.Sprint(total), row["Controls"], where)
		assert.Equal(t, fmt.Sprint(with), row["With a rule"], where)
		assert.Equal(t, fmt.Sprintf("%.1f%%", 100*float64(with)/float64(total)), row["Share"], where)
	}
	for _, fw := range slices.Concat(frameworks, scopedFrameworks) {
		assert.True(t, seen["`"+fw+"`"], "docs/rules.md: no share row for %s", fw)
	}
}

// TestEveryCatalogIsGuarded: each embedded catalog is one of the frameworks these tests check.
func TestEveryCatalogIsGuarded(t *testing.T) {
	entries, err := fs.ReadDir(policies.FS, "catalogs")
	require.NoError(t, err)
	var files []string
	for _, e := range entries {
		files = append(files, strings.TrimSuffix(e.Name(), ".json"))
	}
	assert.ElementsMatch(t, slices.Concat(frameworks, scopedFrameworks), files)
}

// loadNotes returns vigil's coverage notes on a framework's controls (coverage/<framework>.json), if any.
func loadNotes(t *testing.T, fw string) map[string]string {
	t.Helper()
	raw, err := fs.ReadFile(policies.FS, "coverage/"+fw+".json")
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}
	}
	require.NoError(t, err)
	var f struct {
		Framework string            `json:"framework"`
		Notes     map[string]string `json:"notes"`
	}
	require.NoError(t, json.Unmarshal(raw, &f))
	require.Equal(t, fw, f.Framework)
	return f.Notes
}

var readmeCounts = regexp.MustCompile(`(\d+) built-in rules over (\d+) resource types \(\[docs/rules\.md\]\(docs/rules\.md\)\), (\d+) frameworks`)

// TestReadmeCounts keeps the rule, resource type and framework counts README.md states equal to what ships.
func TestReadmeCounts(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	m := readmeCounts.FindStringSubmatch(strings.Join(strings.Fields(string(raw)), " "))
	require.NotNil(t, m, "README.md states no rule count")
	assert.Equal(t, fmt.Sprint(len(rules(t, loadModules(t)))), m[1], "built-in rules")
	assert.Equal(t, fmt.Sprint(len(inventory.Types)), m[2], "resource types")
	assert.Equal(t, fmt.Sprint(len(frameworks)+len(scopedFrameworks)), m[3], "frameworks")
}
