package terraform

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"golang.org/x/sync/errgroup"

	"github.com/vigil-audit/vigil/internal/nesting"
	"github.com/vigil-audit/vigil/internal/safefile"
)

// module is the parsed, not yet evaluated, content of one module directory. It is parsed once and shared by
// every call of that directory; evaluation state lives in instance.
type module struct {
	dir   string // absolute
	rel   string // relative to the scan root, forward slashes ("." for the root)
	files int

	variables []*variableDecl
	varByName map[string]*variableDecl
	locals    []*exprDecl
	localBy   map[string]*exprDecl
	resources []*resourceDecl
	resBy     map[string]*resourceDecl // "aws_x.y" or "data.aws_x.y"
	resTypes  map[string]bool          // managed resource types declared here
	calls     []*callDecl
	callBy    map[string]*callDecl
	outputs   map[string]*exprDecl
	// outputNames are the names of outputs, sorted.
	outputNames []string
	providers   []*providerDecl

	// pathVal is the value of path in the module's instances.
	pathVal cty.Value

	// declRefs and outputRefs hold the module calls (by name) that the module's locals, resources, calls
	// and providers, and respectively its outputs, refer to: an instance of a call referred to by neither
	// is never read once it has run.
	declRefs, outputRefs map[string]bool
}

// exprDecl is a named expression: a local value or an output.
type exprDecl struct {
	name  string
	expr  hcl.Expression
	travs []hcl.Traversal
	rng   hcl.Range
	// sensitive is set on an output declared sensitive: its value is marked (sensitive.go).
	sensitive bool
}

type variableDecl struct {
	name     string
	ty       cty.Type
	defaults *typeexpr.Defaults
	def      cty.Value
	hasDef   bool
	nullable bool
	literal  bool // values from --var are taken as strings, not parsed
	rng      hcl.Range
	// validations are the variable's validation blocks, checked against every value it takes.
	validations []*validation
	// defVal is the default after conversion, or defErr the conversion error, set once (defOnce): the
	// value of every instance that is given no value.
	defOnce sync.Once
	defVal  cty.Value
	defErr  error
	// sensitive is set on a variable declared sensitive: its value is marked (sensitive.go).
	sensitive bool
}

// decodedVar is a variable block decoded: the declaration and the problems met, to be reported by every
// load that decodes the block. Declarations depend on the block alone and are not changed once decoded,
// so loads of one scan share them through the FileCache.
type decodedVar struct {
	once  sync.Once
	decl  *variableDecl
	diags []codedDiags
}

type codedDiags struct {
	code  string
	diags hcl.Diagnostics
}

type resourceDecl struct {
	mode, typ, name string
	key             string // "aws_x.y" or "data.aws_x.y"
	count, forEach  hcl.Expression
	provider        string // "aws" or "aws.alias"
	syn             *hclsyntax.Body
	attrs           hcl.Attributes // JSON bodies: the non-meta arguments
	rng             hcl.Range
	travs           []hcl.Traversal
	ignores         []ignoreDirective // vigil:ignore comments on the block header
}

type callDecl struct {
	name, source   string
	count, forEach hcl.Expression
	providers      map[string]string // child provider key -> parent provider key
	hasProviders   bool
	args           hcl.Attributes
	rng            hcl.Range
	travs          []hcl.Traversal // every reference of the call
	// expTravs are the references of count and for_each, argTravs those of each argument: each module
	// variable is evaluated on its own, as Terraform graphs it (see instance.variable).
	expTravs []hcl.Traversal
	argTravs map[string][]hcl.Traversal
}

type providerDecl struct {
	name, alias string
	region      hcl.Expression
	tags        hcl.Expression
	travs       []hcl.Traversal
	rng         hcl.Range
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "terraform"},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
}}

var labelCount = map[string]int{
	"variable": 1, "locals": 0, "resource": 2, "data": 2, "module": 1, "provider": 1, "output": 1,
}

// Meta-arguments of resource blocks, which are not resource attributes.
var (
	metaAttrs  = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
	metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}
)

var resourceMetaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "provisioner", LabelNames: []string{"type"}}, {Type: "connection"}},
}

// parsedFile is one file's parse result.
type parsedFile struct {
	name  string // relative to the root, or to the FileCache's base
	file  *hcl.File
	diags hcl.Diagnostics
	json  bool
	// comments and commentDiags are the file's vigil:ignore directives and their problems.
	comments     *fileComments
	commentDiags hcl.Diagnostics
}

// isConfigFile reports whether Terraform would load name as a configuration file of its directory
// (override files included: see isOverrideFile).
func isConfigFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return false
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// module parses the configuration files of dir, once per directory. The files were usually read and
// parsed in the background already (see prefetcher); declarations are decoded here, in file order.
func (l *loader) module(dir string) (*module, error) {
	l.mu.Lock()
	if e, ok := l.mods[dir]; ok {
		l.mu.Unlock()
		<-e.done
		return e.m, e.err
	}
	e := &modEntry{done: make(chan struct{})}
	l.mods[dir] = e
	l.mu.Unlock()
	e.m, e.err = l.decodeModule(dir)
	close(e.done)
	return e.m, e.err
}

func (l *loader) decodeModule(dir string) (*module, error) {
	names, parsed, err := l.pre.take(dir)
	if l.cache != nil {
		defer l.cache.decoded(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("read module directory: %w", err)
	}
	m := &module{
		dir: dir, rel: l.rel(dir), files: len(names),
		varByName: map[string]*variableDecl{}, localBy: map[string]*exprDecl{},
		resBy: map[string]*resourceDecl{}, resTypes: map[string]bool{}, callBy: map[string]*callDecl{},
		outputs: map[string]*exprDecl{},
	}
	m.pathVal = cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(m.rel),
		"root":   cty.StringVal("."),
		"cwd":    cty.StringVal(l.pathCwd),
	})
	l.mu.Lock()
	l.files += len(names)
	for _, pf := range parsed {
		if pf.comments != nil {
			l.comments[pf.name] = pf.comments
		}
	}
	l.mu.Unlock()
	// Override files are merged into the blocks of the other files, in lexical order, before decoding.
	var blocks []topBlock
	var overrides []parsedFile
	for _, pf := range parsed {
		l.diags(CodeParse, pf.commentDiags)
		if pf.diags.HasErrors() || pf.file == nil {
			l.diags(CodeParse, pf.diags)
			continue
		}
		if isOverrideFile(pf.name) {
			overrides = append(overrides, pf)
			continue
		}
		blocks = append(blocks, l.topBlocks(pf)...)
	}
	for _, pf := range overrides {
		l.applyOverride(blocks, l.topBlocks(pf))
	}
	for _, tb := range blocks {
		l.decodeBlock(m, tb.b, tb.full, tb.syn)
	}
	m.declRefs, m.outputRefs = map[string]bool{}, map[string]bool{}
	for _, d := range m.locals {
		addModuleRefs(m.declRefs, d.travs)
	}
	for _, d := range m.resources {
		addModuleRefs(m.declRefs, d.travs)
	}
	for _, d := range m.calls {
		addModuleRefs(m.declRefs, d.travs)
	}
	for _, d := range m.providers {
		addModuleRefs(m.declRefs, d.travs)
	}
	for name, d := range m.outputs {
		addModuleRefs(m.outputRefs, d.travs)
		m.outputNames = append(m.outputNames, name)
	}
	sort.Strings(m.outputNames)
	// Start reading the modules this one calls: evaluation gets to them soon.
	for _, c := range m.calls {
		if isLocalSource(c.source) {
			child := filepath.Clean(filepath.Join(dir, filepath.FromSlash(c.source)))
			l.mu.Lock()
			known := l.mods[child] != nil
			l.mu.Unlock()
			if !known {
				l.pre.enqueue(child)
			}
		}
	}
	return m, nil
}

// addModuleRefs adds the module call names that travs refer to (module.NAME...).
func addModuleRefs(set map[string]bool, travs []hcl.Traversal) {
	for _, t := range travs {
		if t.RootName() == "module" {
			set[stepName(t, 1)] = true
		}
	}
}

// isLocalSource reports whether a module source is a path relative to the calling module.
func isLocalSource(src string) bool {
	return strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") || src == "." || src == ".."
}

// isConfigEntry reports whether the entry e of dir is to be read as a configuration file: named like one
// and not a folder, nor a link to one. Anything else so named is listed (see configFiles).
func isConfigEntry(dir string, e fs.DirEntry) bool {
	if !isConfigFile(e.Name()) || e.IsDir() {
		return false
	}
	if e.Type()&fs.ModeSymlink != 0 {
		if fi, err := os.Stat(filepath.Join(dir, e.Name())); err == nil && fi.IsDir() {
			return false
		}
	}
	return true
}

// configFiles lists the configuration files of dir that are not excluded, sorted.
func (l *loader) configFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, safefile.Bare(err) // the callers name the folder: never the machine's absolute path
	}
	// Every entry named like a configuration file but a folder is listed, as Terraform reads it: a
	// named pipe, a device, a dangling or looping link is then reported as unreadable (the scan is
	// incomplete) rather than left out of a scan that would say it is complete.
	var names []string
	for _, e := range entries {
		if isConfigEntry(dir, e) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if l.exclude != nil {
		kept := names[:0]
		for _, n := range names {
			if !l.exclude(l.name(filepath.Join(dir, n))) {
				kept = append(kept, n)
			}
		}
		names = kept
	}
	return names, nil
}

// parseFile reads and parses one file. It touches no loader state, so it runs on any goroutine.
func (l *loader) parseFile(dir, name string) parsedFile {
	path := filepath.Join(dir, name)
	// A symbolic link out of the tree is not read. The folder itself is inside (the root, under the scanned
	// folder, or a module folder checked by moduleFolder), so only a link needs resolving.
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 && !l.inBound(path) {
		rel := l.name(path)
		return parsedFile{name: rel, json: strings.HasSuffix(path, ".json"), diags: hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "File outside the scanned tree",
			Detail:  rel + " is a symbolic link that leads outside the scanned tree: not read; " + outsideTreeHint,
			Subject: &hcl.Range{Filename: rel}}}}
	}
	if l.cache != nil {
		return l.cache.parse(path, nil)
	}
	return parseFileAt(path, l.name(path), nil)
}

// parseFileAt reads and parses the file at path; rel is how locations name it. src, when not nil, is the
// file's content, already read.
func parseFileAt(path, rel string, src []byte) parsedFile {
	pf := parsedFile{name: rel, json: strings.HasSuffix(path, ".json")}
	if src == nil {
		var err error
		if src, err = safefile.Read(path, safefile.MaxConfigFile); err != nil {
			pf.diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unreadable file", Detail: unreadable(path, err),
				Subject: &hcl.Range{Filename: rel}}}
			return pf
		}
	}
	syntax := nesting.HCL
	if pf.json {
		syntax = nesting.JSON
	}
	if d := nesting.Check(src, syntax, rel, hcl.InitialPos); d != nil {
		pf.diags = hcl.Diagnostics{d} // parsing it would overflow the stack
		return pf
	}
	if pf.json {
		pf.file, pf.diags = hcljson.Parse(src, rel)
	} else {
		pf.file, pf.diags = hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
		if pf.file != nil && mayHaveForExprs(src) {
			boundForExprs(pf.file.Body)
		}
		pf.comments, pf.commentDiags = scanComments(src, rel)
	}
	return pf
}

// unreadable says why the file at path could not be read, naming a dangling symbolic link as such.
func unreadable(path string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return "dangling symbolic link: its target does not exist"
		}
	}
	return err.Error()
}

// parseFiles reads and parses names in dir concurrently. hclparse.Parser is not safe for concurrent use,
// so the syntax packages are called directly.
func (l *loader) parseFiles(dir string, names []string) []parsedFile {
	out := make([]parsedFile, len(names))
	if len(names) < 4 {
		for i, name := range names {
			out[i] = l.parseFile(dir, name)
		}
		return out
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, name := range names {
		g.Go(func() error {
			out[i] = l.parseFile(dir, name) // problems are diagnostics in the parsed file
			return nil
		})
	}
	_ = g.Wait()
	return out
}

func (l *loader) decodeBlock(m *module, b *hcl.Block, full hcl.Range, syn *hclsyntax.Body) {
	want, known := labelCount[b.Type]
	if !known {
		return // terraform, moved, import, check, removed: nothing to evaluate
	}
	if len(b.Labels) != want {
		l.issue(CodeParse, b.DefRange.Ptr(), "%s block needs %d label(s), has %d", b.Type, want, len(b.Labels))
		return
	}
	switch b.Type {
	case "variable":
		l.decodeVariable(m, b, syn == nil)
	case "locals":
		attrs, diags := b.Body.JustAttributes()
		l.diags(CodeParse, diags)
		for _, a := range sortedAttrs(attrs) {
			if _, dup := m.localBy[a.Name]; dup {
				l.issue(CodeParse, a.NameRange.Ptr(), "duplicate local value %q", a.Name)
				continue
			}
			d := &exprDecl{name: a.Name, expr: a.Expr, travs: references(a.Expr), rng: a.Range}
			m.locals = append(m.locals, d)
			m.localBy[a.Name] = d
		}
	case "resource", "data":
		l.decodeResource(m, b, full, syn)
	case "module":
		l.decodeCall(m, b)
	case "provider":
		l.decodeProvider(m, b)
	case "output":
		content, _, diags := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}, {Name: "sensitive"}}})
		l.diags(CodeParse, diags)
		if a := content.Attributes["value"]; a != nil {
			d := &exprDecl{name: b.Labels[0], expr: a.Expr, travs: references(a.Expr), rng: a.Range}
			if sa := content.Attributes["sensitive"]; sa != nil {
				d.sensitive = literalBool(sa, func(code string, diags hcl.Diagnostics) { l.diags(code, diags) })
			}
			m.outputs[b.Labels[0]] = d
		}
	}
}

func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Filename != out[j].Range.Filename {
			return out[i].Range.Filename < out[j].Range.Filename
		}
		return out[i].Range.Start.Byte < out[j].Range.Start.Byte
	})
	return out
}

var (
	variableSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"}, {Name: "nullable"}, {Name: "sensitive"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "validation"}},
	}
	validationSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "condition", Required: true}, {Name: "error_message", Required: true},
	}}
)

// validation is a variable's validation block: a value for which condition is false is invalid.
type validation struct {
	condition, message hcl.Expression
	travs              []hcl.Traversal // of both expressions
}

func (l *loader) decodeVariable(m *module, b *hcl.Block, isJSON bool) {
	name := b.Labels[0]
	if _, dup := m.varByName[name]; dup {
		l.issue(CodeParse, b.DefRange.Ptr(), "duplicate variable %q", name)
		return
	}
	// A module shared by many roots declares the same variables in every load: decoding them, above all
	// evaluating a large default, costs more than evaluating a small root module.
	dv := l.cache.decodedVar(m.dir, b.DefRange)
	dv.once.Do(func() { dv.decl, dv.diags = decodeVariableDecl(b, isJSON) })
	for _, d := range dv.diags {
		l.diags(d.code, d.diags)
	}
	m.variables = append(m.variables, dv.decl)
	m.varByName[name] = dv.decl
}

// decodeVariableDecl decodes a variable block and returns the problems met.
func decodeVariableDecl(b *hcl.Block, isJSON bool) (*variableDecl, []codedDiags) {
	var problems []codedDiags
	report := func(code string, d hcl.Diagnostics) {
		if d.HasErrors() {
			problems = append(problems, codedDiags{code, d})
		}
	}
	content, _, diags := b.Body.PartialContent(variableSchema)
	report(CodeParse, diags)
	v := &variableDecl{name: b.Labels[0], ty: cty.DynamicPseudoType, nullable: true, literal: true, rng: b.DefRange}
	if a := content.Attributes["type"]; a != nil {
		expr := a.Expr
		if isJSON {
			// In JSON the type is a string holding a type expression.
			if s, d := expr.Value(nil); !d.HasErrors() && s.Type() == cty.String && s.IsKnown() && !s.IsNull() {
				src, start := []byte(s.AsString()), a.Expr.Range().Start
				var e hclsyntax.Expression
				var pd hcl.Diagnostics
				if deep := nesting.Check(src, nesting.HCLExpr, a.Range.Filename, start); deep != nil {
					pd = hcl.Diagnostics{deep}
				} else {
					e, pd = hclsyntax.ParseExpression(src, a.Range.Filename, start)
				}
				report(CodeParse, pd)
				if !pd.HasErrors() {
					expr = e
				} else {
					expr = nil // the JSON expression would parse the text again
				}
			}
		}
		if expr != nil {
			ty, defaults, td := typeexpr.TypeConstraintWithDefaults(expr)
			report(CodeParse, td)
			if !td.HasErrors() {
				v.ty, v.defaults = ty, defaults
				v.literal = ty == cty.String
			}
		}
	}
	if a := content.Attributes["nullable"]; a != nil {
		if nv, d := a.Expr.Value(nil); !d.HasErrors() && nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() {
			v.nullable = nv.True()
		}
	}
	if a := content.Attributes["sensitive"]; a != nil {
		v.sensitive = literalBool(a, report)
	}
	if a := content.Attributes["default"]; a != nil {
		dv, d := a.Expr.Value(iterationsCtx(DefaultMaxElements))
		report(CodeEval, d)
		if !d.HasErrors() {
			v.def, v.hasDef = dv, true
		}
	}
	for _, blk := range content.Blocks {
		vc, d := blk.Body.Content(validationSchema)
		report(CodeParse, d)
		cond, msg := vc.Attributes["condition"], vc.Attributes["error_message"]
		if cond == nil || msg == nil {
			continue
		}
		val := &validation{condition: cond.Expr, message: msg.Expr}
		val.travs = append(references(cond.Expr), references(msg.Expr)...)
		v.validations = append(v.validations, val)
	}
	return v, problems
}

func (l *loader) decodeResource(m *module, b *hcl.Block, full hcl.Range, syn *hclsyntax.Body) {
	l.mu.Lock()
	fc := l.comments[full.Filename]
	l.mu.Unlock()
	d := &resourceDecl{mode: "managed", typ: b.Labels[0], name: b.Labels[1], rng: full, syn: syn,
		ignores: fc.directivesFor(b.DefRange.Start.Line)}
	d.key = d.typ + "." + d.name
	if b.Type == "data" {
		d.mode = "data"
		d.key = "data." + d.key
	}
	if !validIdentifier(d.typ) || !validIdentifier(d.name) {
		l.issue(CodeParse, b.DefRange.Ptr(), "invalid %s name %q.%q", b.Type, d.typ, d.name)
		return
	}
	if _, dup := m.resBy[d.key]; dup {
		l.issue(CodeParse, b.DefRange.Ptr(), "duplicate %s %s", b.Type, d.key)
		return
	}
	var providerExpr hcl.Expression
	if syn != nil {
		if a := syn.Attributes["count"]; a != nil {
			d.count = a.Expr
		}
		if a := syn.Attributes["for_each"]; a != nil {
			d.forEach = a.Expr
		}
		if a := syn.Attributes["provider"]; a != nil {
			providerExpr = a.Expr
		}
		d.travs = synTraversals(syn, true, nil)
	} else {
		content, remain, diags := b.Body.PartialContent(resourceMetaSchema)
		l.diags(CodeParse, diags)
		if a := content.Attributes["count"]; a != nil {
			d.count = a.Expr
			d.travs = append(d.travs, references(a.Expr)...)
		}
		if a := content.Attributes["for_each"]; a != nil {
			d.forEach = a.Expr
			d.travs = append(d.travs, references(a.Expr)...)
		}
		if a := content.Attributes["provider"]; a != nil {
			providerExpr = a.Expr
		}
		attrs, diags := remain.JustAttributes()
		l.diags(CodeParse, diags)
		d.attrs = attrs
		for _, a := range attrs {
			d.travs = append(d.travs, references(a.Expr)...)
		}
	}
	d.provider = providerName(d.typ)
	if providerExpr != nil {
		if t, diags := hcl.AbsTraversalForExpr(providerExpr); !diags.HasErrors() {
			d.provider = traversalKey(t)
		} else {
			l.issue(CodeParse, providerExpr.Range().Ptr(), "provider must be a reference such as aws.west")
		}
	}
	m.resources = append(m.resources, d)
	m.resBy[d.key] = d
	if d.mode == "managed" {
		m.resTypes[d.typ] = true
	}
}

// validIdentifier is hclsyntax.ValidIdentifier, which runs the HCL scanner, with a fast path for the
// usual ASCII names: a letter, then letters, digits, underscores and dashes.
func validIdentifier(s string) bool {
	if s == "" || !isASCIILetter(s[0]) {
		return hclsyntax.ValidIdentifier(s)
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isASCIILetter(c) && !isDigit(c) && c != '_' && c != '-' {
			return hclsyntax.ValidIdentifier(s)
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// providerName is the provider local name a resource type uses by default: the prefix before "_".
func providerName(typ string) string {
	if i := strings.IndexByte(typ, '_'); i > 0 {
		return typ[:i]
	}
	return typ
}

// traversalKey renders a provider reference (aws or aws.west) as a key.
func traversalKey(t hcl.Traversal) string {
	parts := []string{t.RootName()}
	for _, s := range t[1:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(parts, ".")
}

// synTraversals collects the references of a native body, nested blocks included. At the top level of a
// resource, depends_on and the lifecycle/provisioner/connection blocks are left out: they do not feed values.
func synTraversals(b *hclsyntax.Body, top bool, out []hcl.Traversal) []hcl.Traversal {
	for name, a := range b.Attributes {
		if top && name == "depends_on" {
			continue
		}
		out = append(out, references(a.Expr)...)
	}
	for _, blk := range b.Blocks {
		if top && metaBlocks[blk.Type] {
			continue
		}
		out = synTraversals(blk.Body, false, out)
	}
	return out
}

var callSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "source"}, {Name: "version"}, {Name: "count"}, {Name: "for_each"}, {Name: "providers"}, {Name: "depends_on"},
}}

func (l *loader) decodeCall(m *module, b *hcl.Block) {
	d := &callDecl{name: b.Labels[0], rng: b.DefRange}
	if _, dup := m.callBy[d.name]; dup {
		l.issue(CodeParse, b.DefRange.Ptr(), "duplicate module call %q", d.name)
		return
	}
	content, remain, diags := b.Body.PartialContent(callSchema)
	l.diags(CodeParse, diags)
	if a := content.Attributes["source"]; a != nil {
		if v, d2 := a.Expr.Value(nil); !d2.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			d.source = v.AsString()
		} else {
			l.issue(CodeParse, a.Expr.Range().Ptr(), "module source must be a literal string")
		}
	} else {
		l.issue(CodeParse, b.DefRange.Ptr(), "module %q has no source", d.name)
	}
	if a := content.Attributes["count"]; a != nil {
		d.count = a.Expr
		d.expTravs = append(d.expTravs, references(a.Expr)...)
	}
	if a := content.Attributes["for_each"]; a != nil {
		d.forEach = a.Expr
		d.expTravs = append(d.expTravs, references(a.Expr)...)
	}
	d.travs = append(d.travs, d.expTravs...)
	if a := content.Attributes["providers"]; a != nil {
		d.hasProviders = true
		d.providers = map[string]string{}
		pairs, pd := hcl.ExprMap(a.Expr)
		l.diags(CodeParse, pd)
		for _, p := range pairs {
			kt, kd := hcl.AbsTraversalForExpr(p.Key)
			vt, vd := hcl.AbsTraversalForExpr(p.Value)
			if kd.HasErrors() || vd.HasErrors() {
				l.issue(CodeParse, p.Key.Range().Ptr(), "providers entries must be references such as aws = aws.west")
				continue
			}
			d.providers[traversalKey(kt)] = traversalKey(vt)
		}
	}
	attrs, diags := remain.JustAttributes()
	l.diags(CodeParse, diags)
	d.args = attrs
	d.argTravs = make(map[string][]hcl.Traversal, len(attrs))
	for name, a := range attrs {
		d.argTravs[name] = references(a.Expr)
		d.travs = append(d.travs, d.argTravs[name]...)
	}
	m.calls = append(m.calls, d)
	m.callBy[d.name] = d
}

var (
	providerSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "region"}, {Name: "alias"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "default_tags"}},
	}
	defaultTagsSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "tags"}}}
)

func (l *loader) decodeProvider(m *module, b *hcl.Block) {
	d := &providerDecl{name: b.Labels[0], rng: b.DefRange}
	content, _, diags := b.Body.PartialContent(providerSchema)
	l.diags(CodeParse, diags)
	if a := content.Attributes["alias"]; a != nil {
		if v, d2 := a.Expr.Value(nil); !d2.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			d.alias = v.AsString()
		} else {
			l.issue(CodeParse, a.Expr.Range().Ptr(), "provider alias must be a literal string")
		}
	}
	if a := content.Attributes["region"]; a != nil {
		d.region = a.Expr
		d.travs = append(d.travs, references(a.Expr)...)
	}
	for _, blk := range content.Blocks {
		tc, _, td := blk.Body.PartialContent(defaultTagsSchema)
		l.diags(CodeParse, td)
		if a := tc.Attributes["tags"]; a != nil {
			d.tags = a.Expr
			d.travs = append(d.travs, references(a.Expr)...)
		}
	}
	m.providers = append(m.providers, d)
}

// literalBool is the value of a = true/false, which must be a literal. Anything else is reported and
// taken as true: for `sensitive`, hiding a value is the safe side.
func literalBool(a *hcl.Attribute, report func(string, hcl.Diagnostics)) bool {
	v, diags := a.Expr.Value(nil)
	if !diags.HasErrors() && v.IsKnown() && !v.IsNull() {
		if b, err := convert.Convert(v, cty.Bool); err == nil {
			return b.True()
		}
	}
	report(CodeParse, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid " + a.Name,
		Detail: "A literal true or false is required.", Subject: a.Expr.Range().Ptr()}})
	return true
}
