package terraform

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// Evaluation is demand-driven: every local, resource, module call, module variable and output is evaluated
// at most once per module instance, when first referenced or when the instance runs, and each expression is
// evaluated in a context holding only what it references. As in Terraform's graph, a module call is not one
// node: each of its variables and each of its outputs is, so an argument may read an output of the same
// module that does not depend on it. A reference that comes back to a value being evaluated is a cycle: it
// evaluates to unknown and is reported. This reaches the same fixed point as repeated passes, without
// their cost.

const (
	stateNew = iota
	stateBusy
	stateDone
)

// maxInstances caps count and for_each expansion; larger values are treated as unknown.
const maxInstances = 10000

// maxModuleDepth caps module nesting, a guard next to the cycle check.
const maxModuleDepth = 64

type slot struct {
	state uint8
	val   cty.Value
}

// resState is the evaluation state of one resource or data block in one module instance.
type resState struct {
	state    uint8
	exp      expansion
	objs     []map[string]cty.Value // per instance: the value other blocks see when they reference it
	refCache cty.Value
	// fillCache holds the values of references that read attributes some instance does not set (they
	// are unknown), by those attributes.
	fillCache map[string]cty.Value
}

// callState is the evaluation state of one module call in one module instance. A call is prepared
// (source resolved, count/for_each expanded, instances created) on first use; its instances' variables
// are then evaluated one by one as they are needed, and the instances run on their own once moduleCall
// has given them every variable. Until then a reference to the module's outputs evaluates just those
// outputs, in the caller: a module argument may depend on an output that does not depend on it, as
// Terraform, which graphs each variable and output on its own, accepts.
type callState struct {
	state    uint8 // of prepareCall
	ok       bool  // the module was found and instantiated
	started  bool  // moduleCall has run
	exp      expansion
	insts    []*instance
	refCache cty.Value // moduleRef's value when it needs no output the module does not declare
}

// callArgs is how a module instance whose variables are not all evaluated yet gets them: from its
// call's arguments, evaluated in the caller for instance i of the call's expansion.
type callArgs struct {
	exp  expansion
	i    int
	busy map[string]bool // variables being evaluated: a reference back to one is a cycle
	// iterName and iterVal are the count or each variable of the instance, built on first use.
	iterName string
	iterVal  cty.Value
}

type providerConf struct {
	region string
	tags   map[string]string
}

// instance is one instance of a module: the root, or module.a["x"].module.b[0].
type instance struct {
	l      *loader
	mod    *module
	parent *instance
	call   *callDecl
	addr   string // module address with keys, "" for the root
	path   string // module address without keys ("module.a.module.b")
	key    string // modules.json key ("a.b")
	// unknownRep is "count" or "for_each" when this instance stands for an unknown number of instances.
	unknownRep string

	vars   map[string]cty.Value
	varObj cty.Value // object of every variable, built on first use
	// args, while set, supplies the variables not yet in vars (see callState). It is cleared before the
	// instance runs on its own goroutine: from then on it reads nothing of its caller's state.
	args      *callArgs
	locals    map[string]*slot
	res       map[string]*resState
	calls     map[string]*callState
	outputs   map[string]*slot
	provs     map[string]providerConf
	provsDone bool
	// dynBlocks counts the blocks dynamic blocks generate in the resource instance being evaluated, and
	// iters the elements for expressions iterate in the expression being evaluated (itersVal holds a
	// pointer to it for iterateFunc).
	dynBlocks int
	// partBlocks is set when the resource instance being evaluated has a partly known block list.
	partBlocks bool
	iters      iterations
	itersVal   cty.Value
	pathVal    cty.Value

	// emitted holds this instance's blocks and child instances in evaluation order; flatten turns the
	// tree into the order a single goroutine evaluating every instance in turn would produce.
	emitted []emission
	// task runs the instance (nil for the root): a child module instance is evaluated on its own
	// goroutine while its caller goes on; a reference to its outputs waits for it.
	task *task

	// Once an instance has run and nothing can read its outputs any more, its evaluation state is
	// dropped (release), keeping only the blocks it emitted, so that a large tree does not keep every
	// instance's values alive until the end. early is set when its caller never reads it after it has
	// run; done and released are guarded by loader.relMu.
	early, done, released bool
}

// finished is called when the instance has run.
func (in *instance) finished() {
	in.l.relMu.Lock()
	in.done = true
	release := in.early || (in.parent != nil && in.parent.released)
	in.l.relMu.Unlock()
	if release {
		in.release()
	}
}

// release drops the evaluation state of in, and of its children that have run (the others drop theirs
// when they finish). Provider configurations stay: running children read them.
func (in *instance) release() {
	in.l.relMu.Lock()
	if in.released {
		in.l.relMu.Unlock()
		return
	}
	in.released = true
	var done []*instance
	for i := range in.emitted {
		if c := in.emitted[i].child; c != nil && c.done {
			done = append(done, c)
		}
	}
	in.l.relMu.Unlock()
	in.vars, in.varObj, in.locals, in.res, in.calls, in.outputs = nil, cty.NilVal, nil, nil, nil, nil
	for _, c := range done {
		c.release()
	}
}

type emission struct {
	blk   *iac.Block
	child *instance
}

// flatten appends the blocks of in and of its descendants, in evaluation order.
func (in *instance) flatten(out []*iac.Block) []*iac.Block {
	for i := range in.emitted {
		if c := in.emitted[i].child; c != nil {
			out = c.flatten(out)
		} else {
			out = append(out, in.emitted[i].blk)
		}
	}
	return out
}

func newInstance(l *loader, mod *module, parent *instance, call *callDecl, addr string, vars map[string]cty.Value) *instance {
	in := &instance{
		l: l, mod: mod, parent: parent, call: call, addr: addr, vars: vars,
		locals: map[string]*slot{}, res: map[string]*resState{}, calls: map[string]*callState{},
		outputs: map[string]*slot{},
	}
	if parent != nil {
		in.path = joinAddr(parent.path, "module."+call.name)
		in.key = call.name
		if parent.key != "" {
			in.key = parent.key + "." + call.name
		}
		in.unknownRep = parent.unknownRep
	}
	in.pathVal = mod.pathVal
	in.iters.max = l.limits.Elements
	in.itersVal = cty.CapsuleVal(iterationsType, &in.iters)
	return in
}

func joinAddr(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "." + s
}

// run evaluates everything the instance declares, emitting its blocks and starting its module calls'
// instances. Instances share no evaluation state: a module instance reads only its own variables (set by
// its caller before it starts) and its caller's provider configurations (evaluated before it starts), and
// its caller reads its outputs only once it has finished.
func (in *instance) run() {
	for _, d := range in.mod.locals {
		if in.l.ctx.Err() != nil {
			return
		}
		in.local(d.name)
	}
	for _, d := range in.mod.resources {
		if in.l.ctx.Err() != nil {
			return
		}
		in.resource(d.key)
	}
	for _, d := range in.mod.calls {
		if in.l.ctx.Err() != nil {
			return
		}
		in.moduleCall(d.name)
	}
}

var workspaceVal = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})

// evalCtx builds an evaluation context holding exactly what travs reference. count and each are added by
// the caller, in a child context or in its Variables map, which is new on every call.
func (in *instance) evalCtx(travs []hcl.Traversal) *hcl.EvalContext {
	vars := make(map[string]cty.Value, 4)
	var localAttrs map[string]cty.Value
	// Variables: when every var reference names a declared variable, the instance's object of all its
	// variables serves (built once); otherwise, as when an undeclared one is named, only those referenced,
	// so that diagnostics are unchanged.
	varRefs, varsDeclared := false, true
	// needs lists the resources, data sources and module calls referenced, with the attribute names read
	// from their instances, in the order of first reference. A handful per expression: a slice is cheaper
	// than maps.
	var needs []refNeed
	addNeed := func(root, name, attr string) {
		for i := range needs {
			if n := &needs[i]; n.root == root && n.name == name {
				n.whole = n.whole || attr == ""
				if attr != "" {
					if n.attrs == nil {
						n.attrs = map[string]bool{}
					}
					n.attrs[attr] = true
				}
				return
			}
		}
		n := refNeed{root: root, name: name, whole: attr == ""}
		if attr != "" {
			n.attrs = map[string]bool{attr: true}
		}
		needs = append(needs, n)
	}
	for _, t := range travs {
		root := t.RootName()
		switch root {
		case "var":
			if _, ok := in.mod.varByName[stepName(t, 1)]; ok {
				varRefs = true
			} else {
				varsDeclared = false
			}
		case "local":
			name := stepName(t, 1)
			if v, ok := in.local(name); ok {
				if localAttrs == nil {
					localAttrs = map[string]cty.Value{}
				}
				localAttrs[name] = v
			}
		case "path":
			vars["path"] = in.pathVal
		case "terraform":
			vars["terraform"] = workspaceVal
		case iterateVarName:
			vars[iterateVarName] = in.itersVal
		case "count", "each", "self":
		case "data":
			typ, name := stepName(t, 1), stepName(t, 2)
			if _, ok := in.mod.resBy["data."+typ+"."+name]; ok {
				addNeed("data."+typ, name, attrAfter(t, 3))
			}
		case "module":
			name := stepName(t, 1)
			if _, ok := in.mod.callBy[name]; ok {
				addNeed("module", name, attrAfter(t, 2))
			}
		default:
			name := stepName(t, 1)
			if _, ok := in.mod.resBy[root+"."+name]; ok {
				addNeed(root, name, attrAfter(t, 2))
			}
		}
	}
	if varRefs {
		if varsDeclared && in.args == nil {
			if in.varObj == cty.NilVal {
				in.varObj = cty.ObjectVal(in.vars)
			}
			vars["var"] = in.varObj
		} else {
			varAttrs := map[string]cty.Value{}
			for _, t := range travs {
				if t.RootName() == "var" {
					name := stepName(t, 1)
					if v, ok := in.variable(name); ok {
						varAttrs[name] = v
					}
				}
			}
			vars["var"] = cty.ObjectVal(varAttrs)
		}
	}
	if localAttrs != nil {
		vars["local"] = cty.ObjectVal(localAttrs)
	}
	if len(needs) == 0 {
		return &hcl.EvalContext{Variables: vars, Functions: in.l.funcs}
	}
	// objs: root ("aws_x", "data.aws_x", "module") -> name -> value
	objs := make(map[string]map[string]cty.Value, len(needs))
	for _, n := range needs {
		var v cty.Value
		if n.root == "module" {
			v = in.moduleRef(n.name, n.attrs, n.whole)
		} else {
			v = in.resourceRef(n.root+"."+n.name, n.attrs)
		}
		byName := objs[n.root]
		if byName == nil {
			byName = map[string]cty.Value{}
			objs[n.root] = byName
		}
		byName[n.name] = v
	}
	var data map[string]cty.Value
	for root, byName := range objs {
		if typ, ok := strings.CutPrefix(root, "data."); ok {
			if data == nil {
				data = map[string]cty.Value{}
			}
			data[typ] = cty.ObjectVal(byName)
			continue
		}
		vars[root] = cty.ObjectVal(byName)
	}
	if data != nil {
		vars["data"] = cty.ObjectVal(data)
	}
	return &hcl.EvalContext{Variables: vars, Functions: in.l.funcs}
}

// refNeed is a resource, data source or module call an expression references, and the attributes it
// reads from its instances.
type refNeed struct {
	root, name string
	attrs      map[string]bool
	whole      bool // some reference reads the whole value (module.x), or an attribute not known here
}

// stepName returns the attribute name (or string index) at step i of t, "" when there is none.
func stepName(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
			return s.Key.AsString()
		}
	}
	return ""
}

// attrAfter returns the attribute read from a resource or module instance by t, whose instance selection
// starts at step i: x.attr or x[key].attr.
func attrAfter(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseIndex:
		if i+1 < len(t) {
			if a, ok := t[i+1].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
	}
	return ""
}

// eval evaluates expr. On error the value is unknown and the error is reported, except a read of an
// attribute that the configuration does not set on an object (a resource, a data source, a module, or a
// value holding one): the provider computes it, so it is unknown without complaint.
func (in *instance) eval(expr hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	in.iters.n = 0
	v, diags := expr.Value(ctx)
	if in.l.anyDenied.Load() && (diags.HasErrors() || !v.IsWhollyKnown()) {
		in.l.locateDenied(expr, ctx)
	}
	if !diags.HasErrors() {
		return in.l.checkSize(expr, keepRefNames(expr, in.partialValue(expr, ctx, v)))
	}
	var report hcl.Diagnostics
	hide, tooMany := false, false
	for _, d := range diags {
		if d.Severity == hcl.DiagError && strings.Contains(d.Detail, iterateFuncName) {
			// iterateFunc failed (limits.go): once per expression, at the outermost for that crossed the limit.
			if !tooMany {
				tooMany = true
				report = append(report, &hcl.Diagnostic{Severity: hcl.DiagError, Subject: d.Subject,
					Summary: "Value too large", Detail: fmt.Sprintf("for expressions iterate over more than %d elements "+
						"in one expression; raise the limit with --limit elements=N or limits in vigil.hcl if it is meant.",
						in.l.limits.Elements)})
			}
			continue
		}
		if d.Severity == hcl.DiagError && !in.computedAttr(d) {
			if len(report) == 0 {
				hide = readsSensitive(expr, ctx)
			}
			if hide {
				// A function's message may quote its argument (cidrhost quotes the text it could not read).
				d = &hcl.Diagnostic{Severity: d.Severity, Summary: d.Summary, Subject: d.Subject,
					Detail: "The message is not shown: the expression reads a sensitive value."}
			}
			report = append(report, in.undeclaredRef(d))
		}
	}
	in.l.diags(CodeEval, report)
	return cty.DynamicVal
}

// undeclaredRef returns d reworded as Terraform words it when d is a reference to a variable, local value,
// resource, data source or module call that the module does not declare: HCL's own words, "There is no
// variable named "local"", name the wrong thing. Other diagnostics are returned as they are.
func (in *instance) undeclaredRef(d *hcl.Diagnostic) *hcl.Diagnostic {
	if d.Summary != "Unknown variable" && d.Summary != "Unsupported attribute" {
		return d
	}
	st, ok := d.Expression.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return d
	}
	t := st.Traversal
	where := "the root module"
	if in.path != "" {
		where = in.path
	}
	var summary, detail string
	switch root := t.RootName(); root {
	case "var":
		name := stepName(t, 1)
		if _, declared := in.mod.varByName[name]; declared || name == "" {
			return d
		}
		summary = "Reference to undeclared input variable"
		detail = fmt.Sprintf("An input variable with the name %q has not been declared. "+
			"This variable can be declared with a variable %q {} block.", name, name)
	case "local":
		name := stepName(t, 1)
		if _, declared := in.mod.localBy[name]; declared || name == "" {
			return d
		}
		summary = "Reference to undeclared local value"
		detail = fmt.Sprintf("A local value with the name %q has not been declared.", name)
	case "data":
		typ, name := stepName(t, 1), stepName(t, 2)
		if _, declared := in.mod.resBy["data."+typ+"."+name]; declared || typ == "" || name == "" {
			return d
		}
		summary = "Reference to undeclared resource"
		detail = fmt.Sprintf("A data resource %q %q has not been declared in %s.", typ, name, where)
	case "module":
		name := stepName(t, 1)
		if _, declared := in.mod.callBy[name]; declared || name == "" {
			return d
		}
		summary = "Reference to undeclared module"
		detail = fmt.Sprintf("No module call named %q is declared in %s.", name, where)
	case "path", "terraform", "count", "each", "self":
		return d
	default:
		name := stepName(t, 1)
		if _, declared := in.mod.resBy[root+"."+name]; declared || name == "" {
			return d
		}
		summary = "Reference to undeclared resource"
		detail = fmt.Sprintf("A managed resource %q %q has not been declared in %s.", root, name, where)
	}
	out := *d
	out.Summary, out.Detail = summary, detail
	return &out
}

// readsSensitive reports whether a reference of expr reads a sensitive value in ctx.
func readsSensitive(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	for _, t := range expr.Variables() {
		if v, diags := t.TraverseAbs(ctx); !diags.HasErrors() && containsSensitive(v) {
			return true
		}
	}
	return false
}

// computedAttr reports whether d is the read of an attribute missing from an object, rather than a
// reference to an undeclared variable, local value or path/terraform/count attribute.
func (in *instance) computedAttr(d *hcl.Diagnostic) bool {
	if d.Summary != "Unsupported attribute" {
		return false
	}
	st, ok := d.Expression.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return true
	}
	t := st.Traversal
	switch t.RootName() {
	case "var":
		_, declared := in.mod.varByName[stepName(t, 1)]
		return declared
	case "local":
		_, declared := in.mod.localBy[stepName(t, 1)]
		return declared
	case "path", "terraform", "count":
		return false
	case "data":
		// An attribute the data source does not set is computed; a data source that is not declared is
		// a configuration error, as in Terraform.
		_, declared := in.mod.resBy["data."+stepName(t, 1)+"."+stepName(t, 2)]
		return declared
	case "module":
		_, declared := in.mod.callBy[stepName(t, 1)]
		return declared
	case "each", "self":
		return true
	}
	if _, isResourceType := in.mod.resTypes[t.RootName()]; isResourceType {
		_, declared := in.mod.resBy[t.RootName()+"."+stepName(t, 1)]
		return declared
	}
	return true
}

// local returns the value of local.name, evaluating it on first use.
func (in *instance) local(name string) (cty.Value, bool) {
	d, ok := in.mod.localBy[name]
	if !ok {
		return cty.NilVal, false
	}
	s := in.locals[name]
	if s == nil {
		s = &slot{}
		in.locals[name] = s
	}
	switch s.state {
	case stateDone:
		return s.val, true
	case stateBusy:
		in.l.issue(CodeEval, d.rng.Ptr(), "local.%s depends on itself", name)
		return cty.DynamicVal, true
	}
	s.state = stateBusy
	s.val = in.eval(d.expr, in.evalCtx(d.travs))
	s.state = stateDone
	return s.val, true
}

// variable returns the value of var.name and whether the module declares it. In a module instance
// that has not started running, a variable is evaluated on first use from its argument, in the caller.
func (in *instance) variable(name string) (cty.Value, bool) {
	if v, ok := in.vars[name]; ok {
		return v, true
	}
	vd := in.mod.varByName[name]
	if vd == nil {
		return cty.NilVal, false
	}
	if in.args == nil {
		// Every variable of a running instance has its value: not reached.
		return cty.UnknownVal(vd.ty.WithoutOptionalAttributesDeep()), true
	}
	a := in.call.args[name]
	if in.args.busy[name] {
		rng := vd.rng
		if a != nil {
			rng = a.Expr.Range()
		}
		in.l.issue(CodeEval, rng.Ptr(), "%s: variable %q depends on itself (through the module's outputs)", in.addr, name)
		return cty.UnknownVal(vd.ty.WithoutOptionalAttributesDeep()), true
	}
	in.args.busy[name] = true
	var v cty.Value
	var rng *hcl.Range
	if a != nil {
		p := in.parent
		ctx := p.evalCtx(in.call.argTravs[name]) // a context of its own: count or each can be added to it
		if ca := in.args; ca.exp.mode != "" {
			if ca.iterName == "" {
				ca.iterName, ca.iterVal = ca.exp.iterVar(ca.i)
			}
			ctx.Variables[ca.iterName] = ca.iterVal
		}
		v = p.eval(a.Expr, ctx)
		rng = a.Expr.Range().Ptr()
	}
	v = in.l.finalizeVar(vd, v, a != nil, rng)
	delete(in.args.busy, name)
	in.vars[name] = v
	in.validate(vd, rng)
	return v, true
}

// validate checks the value of variable vd against its validation blocks, as Terraform does before a
// plan: a condition that is false is reported, with the block's error_message, where the value was given
// (rng), or at the condition when the value is the default. A condition that cannot be known yet (the
// value, or what it is compared with, is unknown) is not an error: Terraform checks it once known.
func (in *instance) validate(vd *variableDecl, rng *hcl.Range) {
	for _, val := range vd.validations {
		ctx := in.evalCtx(val.travs)
		cv := unmarkDeep(in.eval(val.condition, ctx))
		if !cv.IsKnown() {
			continue
		}
		where := val.condition.Range()
		at := rng
		if at == nil {
			at = where.Ptr()
		}
		if cv.IsNull() {
			in.l.issue(CodeEval, where.Ptr(), "invalid validation condition for variable %q: the condition is null, want true or false", vd.name)
			continue
		}
		b, err := convert.Convert(cv, cty.Bool)
		if err != nil {
			in.l.issue(CodeEval, where.Ptr(), "invalid validation condition for variable %q: %v", vd.name, err)
			continue
		}
		if b.True() {
			continue
		}
		msg := "(its error_message could not be evaluated)"
		if mv := in.eval(val.message, ctx); containsSensitive(mv) {
			// As in Terraform: a sensitive value (a secret given in TF_VAR_x) must not reach the report.
			msg = "(its error_message includes a sensitive value, so it is not shown)"
		} else if mv = unmarkDeep(mv); mv.IsKnown() && !mv.IsNull() {
			if sv, err := convert.Convert(mv, cty.String); err == nil {
				msg = sv.AsString()
			}
		}
		if rng == nil {
			in.l.issue(CodeEval, at, "invalid value for variable %q: %s", vd.name, msg)
			continue
		}
		in.l.issue(CodeEval, at, "invalid value for variable %q: %s (validation rule at %s:%d)",
			vd.name, msg, where.Filename, where.Start.Line)
	}
}

// validateAll checks every variable's validation blocks: the root's, whose values are all given before
// it runs. rngs are where the values were given.
func (in *instance) validateAll(rngs map[string]*hcl.Range) {
	for _, vd := range in.mod.variables {
		if len(vd.validations) > 0 {
			in.validate(vd, rngs[vd.name])
		}
	}
}

// output returns the value of output name of this module instance.
func (in *instance) output(name string) cty.Value {
	d, ok := in.mod.outputs[name]
	if !ok {
		return cty.DynamicVal
	}
	s := in.outputs[name]
	if s == nil {
		s = &slot{}
		in.outputs[name] = s
	}
	switch s.state {
	case stateDone:
		return s.val
	case stateBusy:
		in.l.issue(CodeEval, d.rng.Ptr(), "output %q depends on itself", name)
		return cty.DynamicVal
	}
	s.state = stateBusy
	s.val = markSensitive(in.eval(d.expr, in.evalCtx(d.travs)), d.sensitive)
	s.state = stateDone
	return s.val
}

// expansion is the result of evaluating count or for_each.
type expansion struct {
	mode    string      // "", "count", "for_each"
	unknown bool        // the number of instances cannot be known
	keys    []cty.Value // instance keys: numbers for count, strings for for_each
	vals    []cty.Value // each.value
}

func (e expansion) len() int {
	if e.mode == "" || e.unknown {
		return 1
	}
	return len(e.keys)
}

// instCtx returns the context for instance i of e: base plus count.index or each.key/each.value.
func (e expansion) instCtx(base *hcl.EvalContext, i int) *hcl.EvalContext {
	if e.mode == "" {
		return base
	}
	c := base.NewChild()
	name, v := e.iterVar(i)
	c.Variables = map[string]cty.Value{name: v}
	return c
}

// iterVar returns the variable instance i of e defines: count ({index}) or each ({key, value}).
func (e expansion) iterVar(i int) (string, cty.Value) {
	switch {
	case e.mode == "count" && e.unknown:
		return "count", cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)})
	case e.mode == "count":
		return "count", cty.ObjectVal(map[string]cty.Value{"index": e.keys[i]})
	case e.unknown:
		return "each", cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal})
	default:
		return "each", cty.ObjectVal(map[string]cty.Value{"key": e.keys[i], "value": e.vals[i]})
	}
}

// keySuffix is the address suffix of instance i: [0] or ["a"].
func (e expansion) keySuffix(i int) string {
	if e.mode == "" || e.unknown {
		return ""
	}
	k := e.keys[i]
	if e.mode == "count" {
		bf := k.AsBigFloat()
		n, _ := bf.Int64()
		return "[" + itoa(n) + "]"
	}
	return "[" + quoteKey(k.AsString()) + "]"
}

// expansionRange is where a block's instances are decided: its count or for_each, else the block.
func expansionRange(count, forEach hcl.Expression, block hcl.Range) hcl.Range {
	switch {
	case count != nil:
		return count.Range()
	case forEach != nil:
		return forEach.Range()
	}
	return block
}

// expand evaluates count or for_each as Terraform does. A value that is not known yields an expansion
// marked unknown; a value Terraform rejects is reported and also treated as unknown, so the block is still
// reported rather than dropped.
func (in *instance) expand(count, forEach hcl.Expression, ctx *hcl.EvalContext) expansion {
	if count != nil && forEach != nil {
		in.l.issue(CodeEval, count.Range().Ptr(), "count and for_each cannot both be set")
	}
	if count != nil {
		e := expansion{mode: "count"}
		v := unmarkDeep(in.eval(count, ctx))
		if !v.IsKnown() {
			e.unknown = true
			return e
		}
		nv, err := convert.Convert(v, cty.Number)
		if err != nil || nv.IsNull() {
			in.l.issue(CodeEval, count.Range().Ptr(), "count must be a whole number")
			e.unknown = true
			return e
		}
		if !nv.IsKnown() {
			e.unknown = true
			return e
		}
		bf := nv.AsBigFloat()
		n, acc := bf.Int64()
		if !bf.IsInt() || acc != 0 || n < 0 || n > maxInstances {
			in.l.issue(CodeEval, count.Range().Ptr(), "count must be a whole number between 0 and %d", maxInstances)
			e.unknown = true
			return e
		}
		for i := int64(0); i < n; i++ {
			e.keys = append(e.keys, cty.NumberIntVal(i))
		}
		return e
	}
	if forEach == nil {
		return expansion{}
	}
	e := expansion{mode: "for_each"}
	v, marks := in.eval(forEach, ctx).Unmark()
	// each.value keeps the sensitivity of the values inside; the keys become addresses.
	v = dropPartial(v)
	ty := v.Type()
	switch {
	case marks.Has(sensitiveMark):
		in.l.issue(CodeEval, forEach.Range().Ptr(),
			"for_each must not be sensitive: its keys would be shown as instance addresses")
		e.unknown = true
	case !v.IsKnown():
		e.unknown = true
	case v.IsNull():
		in.l.issue(CodeEval, forEach.Range().Ptr(), "for_each must not be null")
		e.unknown = true
	case ty.IsListType() || ty.IsTupleType():
		in.l.issue(CodeEval, forEach.Range().Ptr(),
			"for_each must be a map or a set of strings, not a list: convert it with toset()")
		e.unknown = true
	case ty.IsSetType():
		if !v.IsWhollyKnown() {
			e.unknown = true
			break
		}
		if !ty.ElementType().Equals(cty.String) && v.LengthInt() > 0 {
			sv, err := convert.Convert(v, cty.Set(cty.String))
			if err != nil {
				in.l.issue(CodeEval, forEach.Range().Ptr(), "for_each over a set needs strings")
				e.unknown = true
				break
			}
			v = sv
		}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			if ev.IsNull() {
				in.l.issue(CodeEval, forEach.Range().Ptr(), "for_each set must not contain null")
				e = expansion{mode: "for_each", unknown: true}
				break
			}
			e.keys = append(e.keys, ev)
			e.vals = append(e.vals, ev)
		}
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			e.keys = append(e.keys, k)
			e.vals = append(e.vals, ev)
		}
	default:
		in.l.issue(CodeEval, forEach.Range().Ptr(), "for_each must be a map or a set of strings, not %s", ty.FriendlyName())
		e.unknown = true
	}
	if len(e.keys) > maxInstances {
		in.l.issue(CodeEval, forEach.Range().Ptr(), "for_each has more than %d elements", maxInstances)
		e = expansion{mode: "for_each", unknown: true}
	}
	return e
}

// resource evaluates the resource or data block key ("aws_x.y", "data.aws_x.y") on first use and emits its
// blocks. It returns nil when the block is being evaluated (a cycle).
func (in *instance) resource(key string) *resState {
	d := in.mod.resBy[key]
	rs := in.res[key]
	if rs == nil {
		rs = &resState{}
		in.res[key] = rs
	}
	switch rs.state {
	case stateDone:
		return rs
	case stateBusy:
		in.l.issue(CodeEval, d.rng.Ptr(), "%s depends on itself", key)
		return nil
	}
	rs.state = stateBusy
	base := in.evalCtx(d.travs)
	rs.exp = in.expand(d.count, d.forEach, base)
	if !in.l.reserve(rs.exp.len(), expansionRange(d.count, d.forEach, d.rng)) {
		rs.exp = expansion{mode: rs.exp.mode, unknown: true} // the load is ending
	}
	prov := in.providerFor(d.provider)
	n := rs.exp.len()
	rs.objs = make([]map[string]cty.Value, 0, n)
	for i := 0; i < n; i++ {
		ctx := rs.exp.instCtx(base, i)
		var cfg map[string]cty.Value
		in.partBlocks = false
		if d.syn != nil {
			cfg = in.evalSyn(d.syn, ctx, true)
		} else {
			cfg = in.evalAttrs(d.attrs, ctx)
		}
		addr := joinAddr(in.addr, d.key) + rs.exp.keySuffix(i)
		blk := &iac.Block{
			Address: addr, Mode: d.mode, Type: d.typ, Name: d.name, Module: in.addr,
			File: d.rng.Filename, StartLine: d.rng.Start.Line, EndLine: d.rng.End.Line,
			Region: prov.region, DefaultTags: prov.tags,
			Ignores: in.l.instanceIgnores(d, rs.exp.keySuffix(i), rs.exp.unknown),
		}
		if d.mode == iac.ModeData {
			providerDataAttrs(d.typ, cfg, prov.region)
		}
		var outOfRange []string
		blk.Attrs, blk.Unknown, blk.Sensitive, outOfRange = attrsToGo(cfg)
		for _, p := range outOfRange {
			in.l.issue(CodeEval, d.rng.Ptr(), "%s: %s is a number beyond float64 (±1.8e308, or nearer to 0 than 4.9e-324), which vigil cannot compare: it is read as unknown", addr, p)
		}
		if in.partBlocks {
			// Other blocks see a partly known block list as Terraform does: unknown.
			dropPartialBlocks(cfg)
			if d.mode == iac.ModeData {
				// No reader of a data source judges a list by its known blocks (a policy document
				// with a statement more to come is not known).
				*blk = blk.CloseLists(nil)
			}
		}
		// cfg becomes the value other blocks see when they reference this instance.
		if d.mode == iac.ModeManaged {
			cfg["id"] = cty.StringVal(addr)
			cfg["arn"] = cty.StringVal(addr)
			markJoinKeys(d.typ, addr, cfg)
		} else if d.typ == "aws_iam_policy_document" {
			pretty, minified, ok := renderPolicyDocument(blk.Attrs, blk.Unknown)
			var pd *partialDoc
			if !ok {
				pd = renderPartialPolicyDocument(blk.Attrs, blk.Unknown)
			}
			if ok {
				cfg["json"], cfg["minified_json"] = cty.StringVal(pretty), cty.StringVal(minified)
				blk.Unknown = setAttr(blk.Attrs, blk.Unknown, "json", pretty, false)
				blk.Unknown = setAttr(blk.Attrs, blk.Unknown, "minified_json", minified, false)
			} else if pd != nil {
				// Partly known: references see an unknown string that carries the document (partial.go).
				cfg["json"], cfg["minified_json"] = markPartial(pd), markPartial(pd)
				blk.Unknown = setAttr(blk.Attrs, blk.Unknown, "json", nil, true)
				blk.Unknown = setAttr(blk.Attrs, blk.Unknown, "minified_json", nil, true)
			} else {
				cfg["json"], cfg["minified_json"] = cty.UnknownVal(cty.String), cty.UnknownVal(cty.String)
				blk.Unknown = setAttr(blk.Attrs, blk.Unknown, "json", nil, true)
				blk.Unknown = setAttr(blk.Attrs, blk.Unknown, "minified_json", nil, true)
			}
		}
		ref := cfg
		if rs.exp.unknown {
			blk.Unknown = append(blk.Unknown, rs.exp.mode)
		}
		if in.unknownRep != "" {
			blk.Unknown = append(blk.Unknown, in.unknownRep)
		}
		sort.Strings(blk.Unknown)
		blk.Unknown = slices.Compact(blk.Unknown)
		in.emitted = append(in.emitted, emission{blk: blk})
		rs.objs = append(rs.objs, ref)
	}
	in.l.mu.Lock()
	in.l.nblocks += n
	in.l.mu.Unlock()
	rs.state = stateDone
	return rs
}

// resourceRef is the value of a reference to a resource or data block: one object, a tuple (count) or an
// object keyed by instance key (for_each). Attributes in need that the configuration does not set are
// unknown: they are computed by the provider.
func (in *instance) resourceRef(key string, need map[string]bool) cty.Value {
	rs := in.resource(key)
	if rs == nil || rs.exp.unknown {
		return cty.DynamicVal
	}
	// missing: the attributes in need that some instance does not set. The value depends on need only
	// through them, so it is cached under them.
	var missing []string
	for attr := range need {
		for _, o := range rs.objs {
			if _, ok := o[attr]; !ok {
				missing = append(missing, attr)
				break
			}
		}
	}
	fill := len(missing) > 0
	var fillKey string
	if fill {
		sort.Strings(missing)
		fillKey = strings.Join(missing, "\x00")
		if v, ok := rs.fillCache[fillKey]; ok {
			return v
		}
	} else if rs.refCache != cty.NilVal {
		return rs.refCache
	}
	objs := make([]cty.Value, len(rs.objs))
	for i, o := range rs.objs {
		if fill {
			c := make(map[string]cty.Value, len(o)+len(need))
			for k, v := range o {
				c[k] = v
			}
			for attr := range need {
				if _, ok := c[attr]; !ok {
					c[attr] = cty.DynamicVal
				}
			}
			o = c
		}
		objs[i] = cty.ObjectVal(o)
	}
	v := collect(rs.exp, objs)
	if fill {
		if rs.fillCache == nil {
			rs.fillCache = map[string]cty.Value{}
		}
		rs.fillCache[fillKey] = v
	} else {
		rs.refCache = v
	}
	return v
}

// collect assembles instance values the way Terraform exposes them.
func collect(e expansion, objs []cty.Value) cty.Value {
	switch e.mode {
	case "":
		return objs[0]
	case "count":
		if len(objs) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(objs)
	default:
		if len(objs) == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, len(objs))
		for i, o := range objs {
			m[e.keys[i].AsString()] = o
		}
		return cty.ObjectVal(m)
	}
}

// evalAttrs evaluates the arguments of a JSON body.
func (in *instance) evalAttrs(attrs hcl.Attributes, ctx *hcl.EvalContext) map[string]cty.Value {
	out := make(map[string]cty.Value, len(attrs))
	for name, a := range attrs {
		v := in.eval(a.Expr, ctx)
		if v.IsKnown() && v.IsNull() {
			continue
		}
		out[name] = v
	}
	return out
}

// evalSyn evaluates a native body without a schema: arguments become attributes (null ones are left out,
// as unset), nested blocks become tuples of objects under their type, dynamic blocks are expanded.
func (in *instance) evalSyn(b *hclsyntax.Body, ctx *hcl.EvalContext, top bool) map[string]cty.Value {
	if top {
		in.dynBlocks = 0
		in.partBlocks = false
	}
	out := make(map[string]cty.Value, len(b.Attributes)+len(b.Blocks))
	for name, a := range b.Attributes {
		if top && metaAttrs[name] {
			continue
		}
		v := in.eval(a.Expr, ctx)
		if v.IsKnown() && v.IsNull() {
			continue
		}
		out[name] = v
	}
	if len(b.Blocks) == 0 {
		return out
	}
	var groups blockGroups
	for _, blk := range b.Blocks {
		if top && metaBlocks[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" {
			in.expandDynamic(blk, ctx, &groups)
			continue
		}
		g := groups.get(blk.Type)
		g.vals = append(g.vals, cty.ObjectVal(in.evalSyn(blk.Body, ctx, false)))
	}
	for _, g := range groups {
		switch {
		case g.unknown && len(g.vals) > 0:
			// Static blocks next to a dynamic block of the same type whose for_each is unknown: they are
			// known, more may follow (partialblocks.go).
			out[g.typ] = markPartialBlocks(g.vals)
			in.partBlocks = true
		case g.unknown:
			out[g.typ] = cty.DynamicVal
		case len(g.vals) == 0:
			out[g.typ] = cty.EmptyTupleVal
		default:
			out[g.typ] = cty.TupleVal(g.vals)
		}
	}
	return out
}

// blockGroup collects the nested blocks of one type; unknown is set when a dynamic block of that type
// has an unknown for_each. A body has a few block types: a slice is cheaper than maps.
type blockGroup struct {
	typ     string
	vals    []cty.Value
	unknown bool
}

type blockGroups []blockGroup

// get returns the group of typ, adding it if needed. The pointer is valid until the next get.
func (gs *blockGroups) get(typ string) *blockGroup {
	for i := range *gs {
		if (*gs)[i].typ == typ {
			return &(*gs)[i]
		}
	}
	*gs = append(*gs, blockGroup{typ: typ})
	return &(*gs)[len(*gs)-1]
}

// expandDynamic expands one dynamic block into groups. When for_each is unknown, blocks of that type may
// follow those known (static ones, or those of another dynamic block of the type).
func (in *instance) expandDynamic(blk *hclsyntax.Block, ctx *hcl.EvalContext, groups *blockGroups) {
	if len(blk.Labels) != 1 {
		in.l.issue(CodeEval, blk.DefRange().Ptr(), "dynamic block needs one label: the block type")
		return
	}
	typ := blk.Labels[0]
	groups.get(typ)
	fe := blk.Body.Attributes["for_each"]
	if fe == nil {
		in.l.issue(CodeEval, blk.DefRange().Ptr(), "dynamic %q has no for_each", typ)
		return
	}
	iter := typ
	if a := blk.Body.Attributes["iterator"]; a != nil {
		if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
			iter = kw
		} else {
			in.l.issue(CodeEval, a.Expr.Range().Ptr(), "dynamic iterator must be a single name")
		}
	}
	var content *hclsyntax.Block
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c
			break
		}
	}
	if content == nil {
		in.l.issue(CodeEval, blk.DefRange().Ptr(), "dynamic %q has no content block", typ)
		return
	}
	// A sensitive for_each makes every generated block's iterator sensitive; values inside keep their own
	// sensitivity.
	v, marks := in.eval(fe.Expr, ctx).Unmark()
	v = dropPartial(v)
	sensitive := marks.Has(sensitiveMark)
	switch {
	case !v.IsKnown():
		groups.get(typ).unknown = true
		return
	case v.IsNull():
		in.l.issue(CodeEval, fe.Expr.Range().Ptr(), "dynamic %q for_each must not be null", typ)
		return
	case !v.CanIterateElements():
		in.l.issue(CodeEval, fe.Expr.Range().Ptr(), "dynamic %q for_each must be a collection, not %s", typ, v.Type().FriendlyName())
		return
	}
	if v.Type().IsSetType() && !v.IsWhollyKnown() {
		groups.get(typ).unknown = true
		return
	}
	// Dynamic blocks nested in dynamic blocks multiply: the blocks one resource instance generates count
	// against the elements limit.
	if in.dynBlocks > in.l.limits.Elements { // reported once already
		groups.get(typ).unknown = true
		return
	}
	if in.dynBlocks += v.LengthInt(); in.dynBlocks > in.l.limits.Elements {
		in.l.issue(CodeEval, fe.Expr.Range().Ptr(), "dynamic blocks generate more than %d blocks in one resource; "+
			"raise the limit with --limit elements=N or limits in vigil.hcl if it is meant", in.l.limits.Elements)
		groups.get(typ).unknown = true
		return
	}
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		c := ctx.NewChild()
		c.Variables = map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{
			"key": markSensitive(k, sensitive), "value": markSensitive(ev, sensitive)})}
		v := cty.ObjectVal(in.evalSyn(content.Body, c, false))
		g := groups.get(typ)
		g.vals = append(g.vals, v)
	}
}

// moduleCall runs module call name: it prepares the call, evaluates every variable of its instances that
// is not evaluated yet, then starts each instance on its own goroutine.
func (in *instance) moduleCall(name string) *callState {
	cs := in.prepareCall(name)
	if cs == nil || !cs.ok || cs.started {
		return cs
	}
	cs.started = true
	d := in.mod.callBy[name]
	if len(cs.insts) > 0 {
		mod := cs.insts[0].mod
		for _, a := range sortedAttrs(d.args) {
			if _, declared := mod.varByName[a.Name]; !declared {
				in.l.issue(CodeEval, a.NameRange.Ptr(), "module %s has no variable %q", cs.insts[0].path, a.Name)
			}
		}
	}
	for _, child := range cs.insts {
		for _, vd := range child.mod.variables {
			child.variable(vd.name)
		}
		child.args = nil
		child.task = in.l.evals.submit(func() {
			child.run()
			child.finished()
		})
	}
	return cs
}

// prepareCall prepares module call name on first use: resolves its source, reads the module, expands
// count/for_each and creates the instances, whose variables are not evaluated yet.
func (in *instance) prepareCall(name string) *callState {
	d := in.mod.callBy[name]
	cs := in.calls[name]
	if cs == nil {
		cs = &callState{}
		in.calls[name] = cs
	}
	switch cs.state {
	case stateDone:
		return cs
	case stateBusy:
		in.l.issue(CodeEval, d.rng.Ptr(), "module.%s depends on itself: its count, for_each or a provider configuration refers to its own outputs", name)
		return nil
	}
	cs.state = stateBusy
	defer func() { cs.state = stateDone }()

	path := joinAddr(in.path, "module."+name)
	key := name
	if in.key != "" {
		key = in.key + "." + name
	}
	in.l.mu.Lock()
	mc := in.l.calls[path]
	if mc == nil {
		mc = &ModuleCall{Address: path, Source: d.source}
		in.l.calls[path] = mc
	}
	in.l.mu.Unlock()
	dir, reason := in.resolveSource(d, key)
	if reason == "" {
		if chain := in.moduleChain(dir); chain != nil {
			reason = cycleReason(chain)
		} else if depth(in) >= maxModuleDepth {
			reason = "modules nested too deep"
		}
	}
	var mod *module
	if reason == "" {
		m, err := in.l.module(dir)
		switch {
		case err != nil:
			reason = err.Error()
		case m.files == 0:
			reason = "no Terraform files in " + in.l.rel(dir)
		default:
			mod = m
		}
	}
	if mod == nil {
		gap := reason == reasonNotInstalled && in.l.acceptUninstalled
		in.l.mu.Lock()
		mc.Reason, mc.Gap = reason, gap
		in.l.mu.Unlock()
		if gap {
			// Accepted by the user (Options.AcceptUninstalledModules): a gap of the scan, reported, not an
			// error. Its outputs are unknown (moduleRef) and nothing inside it is evaluated.
			in.l.gap(CodeModule, d.rng.Ptr(), "module %s (source %q) not evaluated: its resources are not checked "+
				"and its outputs are unknown; %s", path, d.source, reason)
			return cs
		}
		in.l.issue(CodeModule, d.rng.Ptr(), "module %s (source %q) not scanned: %s", path, d.source, reason)
		return cs
	}
	in.l.mu.Lock()
	mc.Scanned, mc.Reason, mc.Dir = true, "", in.l.rel(dir)
	in.l.mu.Unlock()
	if len(mod.resources) > 0 || len(mod.calls) > 0 {
		// The child instances read this instance's provider configurations: evaluate them now, on this
		// goroutine, as the first resource of a child would have.
		in.providerConfs()
	}

	cs.exp = in.expand(d.count, d.forEach, in.evalCtx(d.expTravs))
	if !in.l.reserve(cs.exp.len(), expansionRange(d.count, d.forEach, d.rng)) {
		return cs // the load is ending
	}
	cs.ok = true
	for i := 0; i < cs.exp.len(); i++ {
		child := newInstance(in.l, mod, in, d, joinAddr(in.addr, "module."+name)+cs.exp.keySuffix(i),
			make(map[string]cty.Value, len(mod.variables)))
		child.args = &callArgs{exp: cs.exp, i: i, busy: map[string]bool{}}
		if cs.exp.unknown {
			child.unknownRep = cs.exp.mode
		}
		// The root's outputs are never read; another instance's are, by its caller.
		child.early = !in.mod.declRefs[name] && (in.parent == nil || !in.mod.outputRefs[name])
		cs.insts = append(cs.insts, child)
		in.emitted = append(in.emitted, emission{child: child})
	}
	return cs
}

// moduleChain returns the module folders from the instance of dir among in and its callers down to in,
// then dir again: the cycle a call of dir from in would close. It is nil when there is none.
func (in *instance) moduleChain(dir string) []string {
	var chain []string
	for p := in; p != nil; p = p.parent {
		chain = append(chain, p.mod.rel)
		if p.mod.dir == dir {
			slices.Reverse(chain)
			return append(chain, in.l.rel(dir))
		}
	}
	return nil
}

// cycleReason describes a module cycle by its folders: "module cycle: modules/a calls modules/b, which
// calls modules/a again".
func cycleReason(chain []string) string {
	name := func(rel string) string {
		if rel == "." {
			return "the root module"
		}
		return rel
	}
	if len(chain) == 2 {
		return "module cycle: " + name(chain[0]) + " calls itself"
	}
	var b strings.Builder
	b.WriteString("module cycle: " + name(chain[0]) + " calls " + name(chain[1]))
	for _, rel := range chain[2:] {
		b.WriteString(", which calls " + name(rel))
	}
	b.WriteString(" again")
	return b.String()
}

func depth(in *instance) int {
	n := 0
	for p := in; p != nil; p = p.parent {
		n++
	}
	return n
}

// resolveSource finds the directory of a module call: a local path relative to the calling module, or
// the directory terraform init installed it in. reason is set when it cannot be found.
func (in *instance) resolveSource(d *callDecl, key string) (dir, reason string) {
	src := d.source
	if src == "" {
		return "", "no source"
	}
	if isLocalSource(src) {
		return in.l.moduleFolder(filepath.Clean(filepath.Join(in.mod.dir, filepath.FromSlash(src))))
	}
	if dir, ok := in.l.modJSON[key]; ok {
		return in.l.moduleFolder(dir)
	}
	return "", reasonNotInstalled
}

// reasonNotInstalled is why a remote module without a .terraform/modules/modules.json entry is not scanned.
const reasonNotInstalled = "remote source not installed: run terraform init (or terraform get) so .terraform/modules holds it"

// moduleRef is the value of module.name: an object of outputs, a tuple (count) or an object keyed by
// instance key (for_each). Outputs in need that the module does not declare are unknown. An instance that
// is running is waited for; one that has not started (its variables are being evaluated) gives the
// outputs in need only (all of them when whole is set), evaluated here, so that an argument may use an output that does not depend on it.
func (in *instance) moduleRef(name string, need map[string]bool, whole bool) cty.Value {
	cs := in.prepareCall(name)
	if cs == nil || !cs.ok || cs.exp.unknown {
		return cty.DynamicVal
	}
	fill := false
	if len(cs.insts) > 0 {
		for attr := range need {
			if _, ok := cs.insts[0].mod.outputs[attr]; !ok {
				fill = true
				break
			}
		}
	}
	if !fill && cs.refCache != cty.NilVal {
		return cs.refCache
	}
	cacheable := !fill
	objs := make([]cty.Value, len(cs.insts))
	for i, child := range cs.insts {
		outs := make(map[string]cty.Value, len(child.mod.outputs)+len(need))
		if child.task != nil {
			in.l.evals.wait(child.task)
			for on := range child.mod.outputs {
				outs[on] = child.output(on)
			}
		} else {
			cacheable = false
			for _, on := range child.mod.outputNames {
				if whole || need[on] {
					outs[on] = child.output(on)
				}
			}
		}
		for attr := range need {
			if _, ok := outs[attr]; !ok {
				outs[attr] = cty.DynamicVal
			}
		}
		objs[i] = cty.ObjectVal(outs)
	}
	v := collect(cs.exp, objs)
	if cacheable {
		// Every output is evaluated once per instance: the value does not change.
		cs.refCache = v
	}
	return v
}

// providerFor returns the configuration of provider key ("aws" or "aws.west") in this instance.
func (in *instance) providerFor(key string) providerConf {
	return in.providerConfs()[key]
}

// providerConfs evaluates the provider configurations visible in this instance: those passed by the
// caller (all default ones implicitly, or exactly the providers map) and the module's own provider blocks.
func (in *instance) providerConfs() map[string]providerConf {
	if in.provsDone {
		return in.provs
	}
	in.provsDone = true
	m := map[string]providerConf{}
	if in.parent != nil {
		pc := in.parent.providerConfs()
		if in.call.hasProviders {
			for child, parentKey := range in.call.providers {
				if c, ok := pc[parentKey]; ok {
					m[child] = c
				}
			}
		} else {
			for k, c := range pc {
				if !strings.Contains(k, ".") {
					m[k] = c
				}
			}
		}
	}
	for _, p := range in.mod.providers {
		ctx := in.evalCtx(p.travs)
		var conf providerConf
		if p.region != nil {
			// A sensitive region is left unknown: it would be shown with every resource.
			if v := in.eval(p.region, ctx); !containsSensitive(v) {
				if v = unmarkDeep(v); v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
					conf.region = v.AsString()
				}
			}
		}
		if p.tags != nil {
			v, marks := in.eval(p.tags, ctx).Unmark()
			v = dropPartial(v)
			if v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
				conf.tags = map[string]string{}
				for it := v.ElementIterator(); it.Next(); {
					k, tv := it.Element()
					tv, tmarks := tv.Unmark()
					if sv, err := convert.Convert(unmarkDeep(tv), cty.String); err == nil && sv.IsKnown() && !sv.IsNull() &&
						k.Type() == cty.String {
						if marks.Has(sensitiveMark) || tmarks.Has(sensitiveMark) || containsSensitive(tv) {
							conf.tags[k.AsString()] = iac.Redacted
						} else {
							conf.tags[k.AsString()] = sv.AsString()
						}
					}
				}
			}
		}
		key := p.name
		if p.alias != "" {
			key += "." + p.alias
		}
		m[key] = conf
	}
	in.provs = m
	return m
}
