package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vigil-audit/vigil/internal/nesting"
	"github.com/vigil-audit/vigil/internal/safefile"
)

// varValue is a value given for a variable, with where it was given.
type varValue struct {
	val cty.Value
	rng *hcl.Range
}

// rootVariables gathers the root module's variable values in Terraform's order of precedence: defaults,
// TF_VAR_ environment variables, terraform.tfvars(.json), *.auto.tfvars(.json) in lexical order,
// vigil.hcl's var_files and variables, --var-file in order, --var. It returns the values and, by
// variable, where the value was given when that is a file (nil otherwise).
func (l *loader) rootVariables(m *module, opts Options) (map[string]cty.Value, map[string]*hcl.Range, error) {
	given := map[string]varValue{}
	// TF_VAR_name environment variables come first; Terraform ignores those the root does not declare.
	for _, name := range sortedKeys(opts.EnvVars) {
		decl := m.varByName[name]
		if decl == nil {
			continue
		}
		v, err := rawVarValue(decl, opts.EnvVars[name], "TF_VAR_"+name)
		if err != nil {
			return nil, nil, err
		}
		given[name] = varValue{val: v}
	}
	var auto []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		// Whatever is there but a folder is read, so a pipe or a dangling link is reported, not skipped.
		if fi, err := os.Lstat(filepath.Join(l.root, name)); err == nil && !fi.IsDir() {
			auto = append(auto, name)
		}
	}
	entries, err := os.ReadDir(l.root)
	if err != nil {
		return nil, nil, fmt.Errorf("read root module %s: %w", l.rootName, safefile.Bare(err))
	}
	var autoFiles []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
			autoFiles = append(autoFiles, n)
		}
	}
	sort.Strings(autoFiles)
	auto = append(auto, autoFiles...)
	for _, name := range auto {
		path := filepath.Join(l.root, name)
		// A variables file that links out of the scanned folder is refused like a file function's
		// read: a link to an env file (KEY = "value" lines are valid .tfvars) would put its values in
		// the report. Without its values the variables would take their defaults, a guess: an error.
		if _, ok := l.scope.contains(path); !ok {
			l.issue(CodeOutsideScan, &hcl.Range{Filename: l.name(path)}, "%s leads outside the scanned folder "+
				"(a symbolic link); its variable values were not read (a trusted run may allow it with "+
				"--allow-outside-file-reads, or allow_outside_file_reads in a file given with --config)", name)
			continue
		}
		vals, diags := readVarFile(path, l.name(path))
		if diags.HasErrors() {
			l.diags(CodeParse, diags)
			continue
		}
		for k, v := range vals {
			given[k] = v
		}
	}
	for _, path := range opts.ConfigVarFiles {
		vals, diags := readVarFile(path, filepath.ToSlash(path))
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("read var_files entry %s: %w", path, diags)
		}
		for k, v := range l.renameVarFile(vals, path) {
			given[k] = v
		}
	}
	// Config variables are expressions, like .tfvars entries; a config shared by several roots may set
	// variables a root does not declare, which is not an error.
	for _, name := range sortedKeys(opts.ConfigVars) {
		if m.varByName[name] == nil {
			continue
		}
		expr, diags := parseExpression([]byte(opts.ConfigVars[name]), "config variable "+name)
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("invalid config variable %s: %w", name, diags)
		}
		v, diags := expr.Value(nil)
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("invalid config variable %s: %w", name, diags)
		}
		given[name] = varValue{val: v}
	}
	for _, path := range opts.VarFiles {
		vals, diags := readVarFile(path, filepath.ToSlash(path))
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("read --var-file %s: %w", path, diags)
		}
		for k, v := range l.renameVarFile(vals, path) {
			given[k] = v
		}
	}
	for _, name := range sortedKeys(opts.Vars) {
		raw := opts.Vars[name]
		decl := m.varByName[name]
		if decl == nil {
			if opts.SharedVars {
				l.undeclared = append(l.undeclared, name)
			} else {
				l.issue(CodeEval, nil, "--var %s: the root module declares no variable %q", name, name)
			}
			continue
		}
		v, err := rawVarValue(decl, raw, "--var "+name)
		if err != nil {
			return nil, nil, err
		}
		given[name] = varValue{val: v}
	}
	out := make(map[string]cty.Value, len(m.variables))
	rngs := make(map[string]*hcl.Range, len(m.variables))
	for _, d := range m.variables {
		gv, ok := given[d.name]
		out[d.name] = l.finalizeVar(d, gv.val, ok, gv.rng)
		rngs[d.name] = gv.rng
	}
	return out, rngs, nil
}

// rawVarValue turns a value given on the command line or in the environment into a value: as written
// for a string variable, else parsed as an HCL expression, as Terraform does. what names the input in
// errors ("--var region", "TF_VAR_region").
func rawVarValue(decl *variableDecl, raw, what string) (cty.Value, error) {
	if decl.literal {
		return cty.StringVal(raw), nil
	}
	if decl.ty.IsPrimitiveType() {
		// Like Terraform, a number or bool is written as is, not as an expression: --var n=abc is a
		// string that is not a number, not a reference to a variable named abc.
		v, err := convert.Convert(cty.StringVal(raw), decl.ty)
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid %s: invalid value for variable %q: %v", what, decl.name, err)
		}
		return v, nil
	}
	expr, diags := parseExpression([]byte(raw), what)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("invalid %s: %w", what, diags)
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("invalid %s: %w", what, diags)
	}
	return v, nil
}

// parseExpression parses a variable value given as expression text, refusing one that nests too deep.
func parseExpression(src []byte, name string) (hclsyntax.Expression, hcl.Diagnostics) {
	if d := nesting.Check(src, nesting.HCLExpr, name, hcl.InitialPos); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	return hclsyntax.ParseExpression(src, name, hcl.InitialPos)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// renameVarFile names the file of vals, read from path (as the user wrote it: relative to the working
// directory), the way issues name files: relative to the loader's base, which the caller then prefixes
// with the scanned folder. Named as written, --var-file v/x.tfvars of a scan of v was reported as
// v/v/x.tfvars.
func (l *loader) renameVarFile(vals map[string]varValue, path string) map[string]varValue {
	abs, err := filepath.Abs(path)
	if err != nil {
		return vals
	}
	name := l.name(abs)
	for k, v := range vals {
		if v.rng != nil {
			r := *v.rng
			r.Filename = name
			v.rng = &r
			vals[k] = v
		}
	}
	return vals
}

// readVarFile reads a .tfvars or .tfvars.json file. name is how ranges and messages refer to it.
func readVarFile(path, name string) (map[string]varValue, hcl.Diagnostics) {
	src, err := safefile.Read(path, safefile.MaxConfigFile)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unreadable variables file", Detail: unreadable(path, err),
			Subject: &hcl.Range{Filename: name}}}
	}
	syntax := nesting.HCL
	if strings.HasSuffix(path, ".json") {
		syntax = nesting.JSON
	}
	if d := nesting.Check(src, syntax, name, hcl.InitialPos); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = hcljson.Parse(src, name)
	} else {
		f, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, diags
	}
	out := make(map[string]varValue, len(attrs))
	for name, a := range attrs {
		v, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		out[name] = varValue{val: v, rng: a.Expr.Range().Ptr()}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return out, nil
}

// finalizeVar applies a variable's declaration to the value given for it: default when absent, optional
// attribute defaults, type conversion. A variable with neither value nor default is unknown, never null.
func (l *loader) finalizeVar(d *variableDecl, v cty.Value, given bool, rng *hcl.Range) cty.Value {
	return markSensitive(l.declaredValue(d, v, given, rng), d.sensitive)
}

// declaredValue is finalizeVar without the variable's sensitivity.
func (l *loader) declaredValue(d *variableDecl, v cty.Value, given bool, rng *hcl.Range) cty.Value {
	if !given || v == cty.NilVal {
		if !d.hasDef {
			return cty.UnknownVal(d.ty.WithoutOptionalAttributesDeep())
		}
		// The default depends on the declaration alone: convert it once, not once per module instance,
		// nor once per root module using the module (a large default, like a table of predefined rules,
		// dominated the evaluation of modules instantiated hundreds of times, then of scans of many
		// roots). The error is reported by every load, as each would have met it.
		d.defOnce.Do(func() { d.defVal, d.defErr = convertDecl(d, d.def) })
		if d.defErr != nil {
			return l.invalidVar(d, d.defErr, d.rng.Ptr())
		}
		return d.defVal
	}
	return l.convertVar(d, v, rng)
}

// convertVar applies the declaration to a value: the default for a null non-nullable variable, optional
// attribute defaults, type conversion.
func (l *loader) convertVar(d *variableDecl, v cty.Value, rng *hcl.Range) cty.Value {
	cv, err := convertDecl(d, v)
	if err != nil {
		return l.invalidVar(d, err, rng)
	}
	return cv
}

func convertDecl(d *variableDecl, v cty.Value) (cty.Value, error) {
	if v.IsNull() && !d.nullable && d.hasDef {
		v = d.def
	}
	if d.defaults != nil && !v.IsNull() {
		v = d.defaults.Apply(v)
	}
	return convert.Convert(v, d.ty)
}

// invalidVar reports a value that does not convert to the variable's type and returns the unknown value
// the variable then has.
func (l *loader) invalidVar(d *variableDecl, err error, rng *hcl.Range) cty.Value {
	if rng == nil {
		rng = d.rng.Ptr()
	}
	l.issue(CodeEval, rng, "invalid value for variable %q: %v", d.name, err)
	return cty.UnknownVal(d.ty.WithoutOptionalAttributesDeep())
}

// readModulesJSON reads .terraform/modules/modules.json, written by terraform init, which maps module call
// keys ("net", "net.sub") to the directories where their sources were installed.
func (l *loader) readModulesJSON() {
	path := filepath.Join(l.root, ".terraform", "modules", "modules.json")
	if _, err := os.Lstat(path); err != nil {
		return // not initialised
	}
	if _, ok := l.bound.contains(path); !ok {
		// A .terraform committed as a link out of the tree: the installed modules are not known.
		l.issue(CodeModule, &hcl.Range{Filename: l.name(path)}, "cannot read installed modules: %s leads outside the "+
			"scanned tree (a symbolic link): not read; %s", l.name(path), outsideTreeHint)
		return
	}
	src, err := safefile.Read(path, safefile.MaxDocument)
	if err != nil {
		l.issue(CodeModule, &hcl.Range{Filename: l.name(path)}, "cannot read installed modules: %s", unreadable(path, err))
		return
	}
	var doc struct {
		Modules []struct {
			Key, Source, Dir string
		}
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		l.issue(CodeModule, &hcl.Range{Filename: l.name(path)}, "cannot read installed modules: %v", err)
		return
	}
	l.modJSON = map[string]string{}
	for _, m := range doc.Modules {
		if m.Key == "" || m.Dir == "" {
			continue
		}
		dir := filepath.FromSlash(m.Dir)
		if filepath.IsAbs(dir) || filepath.VolumeName(dir) != "" || strings.HasPrefix(m.Dir, "/") {
			// terraform init writes Dir relative to the root module; an absolute one is not followed.
			// Its module call is then reported as not installed.
			l.issue(CodeModule, &hcl.Range{Filename: l.name(path)}, "installed module %q: Dir %q is an absolute "+
				"path (terraform init writes it relative to the root module): not read", m.Key, m.Dir)
			continue
		}
		// A relative Dir is checked against the module boundary when its call is evaluated.
		l.modJSON[m.Key] = filepath.Join(l.root, dir)
	}
}
