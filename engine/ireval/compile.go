// Package ireval evaluates Rego queries from OPA's intermediate representation (package ir), the plan
// OPA's planner makes of a query and the rules it reaches, instead of with OPA's tree-walking
// evaluator (topdown).
//
// A rule is judged over every resource of its types: on a large estate, the evaluator's cost per
// expression (bindings, unification, the undo trail) is most of a scan's time. A plan is a small
// program of lookups, comparisons, scans and calls over numbered locals, which this package runs
// directly: the built-in rules take about a third of topdown's CPU over a large estate
// (bench/README.md, fifth pass). It is a target plugin of the rego package (Target): a query
// prepared with rego.Target(Target) is planned by OPA and run here. Built-in functions are OPA's own
// implementations, so the results are the ones topdown gives; a plan this package cannot run (a
// `with` statement, a dynamic call, a built-in OPA does not register) fails to prepare, and the
// caller uses topdown instead.
package ireval

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Target is the name to give rego.Target for queries this package evaluates.
const Target = "vigil-ir"

func init() { rego.RegisterPlugin(Target, plugin{}) }

type plugin struct{}

func (plugin) IsTarget(t string) bool { return t == Target }

func (plugin) PrepareForEval(ctx context.Context, policy *ir.Policy, _ ...rego.PrepareOption) (rego.TargetPluginEval, error) {
	p, err := Compile(policy)
	if c, ok := ctx.Value(captureKey{}).(*capture); ok && err == nil {
		c.program = p
	}
	return p, err
}

type captureKey struct{}

// capture receives the program Plan prepares: rego keeps a plugin's evaluator to itself.
type capture struct{ program *Program }

// Plan plans a query over the compiled modules and compiles the plan. Besides the query's own plan,
// the program holds a function for every rule the query reaches, which Run.Call evaluates alone.
func Plan(ctx context.Context, compiler *ast.Compiler, query string) (_ *Program, err error) {
	// Policies are untrusted input: a panic in the planner is an error, and the caller uses topdown.
	defer recoverAsError(&err)
	c := &capture{}
	_, err = rego.New(rego.Query(query), rego.Compiler(compiler), rego.StrictBuiltinErrors(true),
		rego.Target(Target)).PrepareForEval(context.WithValue(ctx, captureKey{}, c))
	if err != nil {
		return nil, err
	}
	if c.program == nil {
		return nil, fmt.Errorf("ir: the query was not planned")
	}
	return c.program, nil
}

// Func returns the index of the function that computes the rule at path (as "data.pkg.name"), or -1
// when the plan has none.
func (p *Program) Func(path string) int {
	if i, ok := p.byName["g0."+path]; ok {
		return i
	}
	return -1
}

// Program is a compiled plan, safe for concurrent evaluation.
type Program struct {
	plan    []block
	nlocals int
	funcs   []*function
	// maxArgs is the most arguments a built-in call passes: the size of an evaluation's argument buffer.
	maxArgs int
	// constantCalls is how many distinct calls of functions with constant arguments there are
	// (compiler.constantCall): each one's value is kept for the run.
	constantCalls int
	// stackSize is the most locals of functions live at once: the deepest chain of calls.
	stackSize int
	byName    map[string]int
}

type function struct {
	name    string
	id      int
	params  []int
	ret     int
	blocks  []block
	nlocals int
	// depth is the locals of this function and of the deepest chain of calls it makes (-1: being
	// computed).
	depth int
	calls []*function
	// memoized: a function of input and data alone (a rule without arguments) is computed once per
	// evaluation, as OPA's other evaluators do.
	memoized bool
}

type block []stmt

type kind uint8

const (
	kindReturn kind = iota
	kindCallFunc
	kindCallBuiltin
	kindBlock
	kindBreak
	kindDot
	kindLen
	kindScan
	kindNot
	kindAssign
	kindAssignOnce
	kindReset
	kindSet // target = constant (null, numbers, AssignInt)
	kindMakeArray
	kindArrayOf  // an array of the args' values (arrayLiteral)
	kindObjectOf // an object of the args' keys and values, in pairs (objectLiteral)
	kindMakeObject
	kindMakeSet
	kindEqual
	kindNotEqual
	kindIsArray
	kindIsObject
	kindIsSet
	kindIsDefined
	kindIsUndefined
	kindArrayAppend
	kindObjectInsert
	kindObjectInsertOnce
	kindObjectMerge
	kindSetAdd
	kindResultSetAdd
	kindNop
)

// operand is a local (index ≥ 0) or a constant.
type operand struct {
	local int
	konst *ast.Term
}

type stmt struct {
	kind kind
	// a, b and c are the statement's operands, in the order of the ir statement's fields (source, key,
	// value); target is the local it writes (the array, object or set it adds to).
	a, b, c operand
	target  int
	// extra is a second local: a scan's value, or a break's index.
	extra int
	// keyRead says a scan's key is read: if not, it is not made (a term per index of a long array).
	keyRead bool
	// ordered says an addition goes to the set a rule without arguments returns (function fn): the run
	// keeps the order its elements were added in (Run.Elements).
	ordered bool
	// memoSlot numbers a call of a function with constant arguments (compiler.constantCall), 0 for
	// another call.
	memoSlot int
	blocks   []block
	fn       *function
	builtin  topdown.BuiltinFunc
	args     []operand
	name     string
	loc      *ir.Location
	// at is where a built-in is called, for its errors.
	at *ast.Location
}

// Compile turns a plan into a Program, or explains why it cannot be run here.
func Compile(policy *ir.Policy) (*Program, error) {
	if policy.Plans == nil || len(policy.Plans.Plans) != 1 {
		return nil, fmt.Errorf("ir: want one plan")
	}
	if len(policy.UnplannedRules) > 0 {
		return nil, fmt.Errorf("ir: rule %s was not planned", policy.UnplannedRules[0].Path)
	}
	c := &compiler{policy: policy, funcs: map[string]*function{}, strings: make([]*ast.Term, 0)}
	if policy.Static != nil {
		for _, s := range policy.Static.Strings {
			c.strings = append(c.strings, ast.InternedTerm(s.Value))
		}
	}
	p := &Program{byName: map[string]int{}}
	var funcs []*ir.Func
	if policy.Funcs != nil {
		funcs = policy.Funcs.Funcs
	}
	for i, f := range funcs {
		fn := &function{name: f.Name, id: i, ret: int(f.Return), memoized: len(f.Params) == 2}
		for _, l := range f.Params {
			fn.params = append(fn.params, int(l))
		}
		c.funcs[f.Name] = fn
		p.byName[f.Name] = i
		p.funcs = append(p.funcs, fn)
	}
	for i, f := range funcs {
		fn := p.funcs[i]
		c.calls = nil
		c.maxLocal = max(fn.ret, 1)
		for _, l := range fn.params {
			c.maxLocal = max(c.maxLocal, l)
		}
		blocks, err := c.blocks(f.Blocks)
		if err != nil {
			return nil, fmt.Errorf("ir: function %s: %w", f.Name, err)
		}
		fn.blocks, fn.nlocals, fn.calls, fn.depth = blocks, c.maxLocal+1, c.calls, 0
		markKeysRead(fn.blocks)
		shareUnchanged(fn.blocks)
		if fn.memoized {
			walk(fn.blocks, func(st *stmt) {
				if st.kind == kindSetAdd && st.target == fn.ret {
					st.ordered, st.fn = true, fn
				}
			})
		}
	}
	c.maxLocal, c.calls = 1, nil
	blocks, err := c.blocks(policy.Plans.Plans[0].Blocks)
	if err != nil {
		return nil, fmt.Errorf("ir: plan: %w", err)
	}
	markKeysRead(blocks)
	shareUnchanged(blocks)
	p.plan, p.nlocals, p.maxArgs, p.constantCalls = blocks, c.maxLocal+1, c.maxArgs, len(c.constant)
	for _, fn := range p.funcs {
		d, err := depth(fn)
		if err != nil {
			return nil, err
		}
		p.stackSize = max(p.stackSize, d)
	}
	return p, nil
}

// depth computes how many locals a call of fn needs on the stack, its own and its callees'.
func depth(fn *function) (int, error) {
	switch fn.depth {
	case -1:
		return 0, fmt.Errorf("ir: function %s calls itself", fn.name)
	case 0:
	default:
		return fn.depth, nil
	}
	fn.depth = -1
	deepest := 0
	for _, callee := range fn.calls {
		d, err := depth(callee)
		if err != nil {
			return 0, err
		}
		deepest = max(deepest, d)
	}
	fn.depth = fn.nlocals + deepest
	return fn.depth, nil
}

// Empty collections that a function or plan makes but never adds to (the default of object.get, an
// empty literal) are the same shared value every time: values are never changed once made, except
// by the statements that add to the local they were made in.
var (
	emptyObject = ast.NewTerm(ast.NewObject())
	emptyArray  = ast.NewTerm(ast.NewArray())
	emptySet    = ast.NewTerm(ast.NewSet())
)

// shareUnchanged replaces the making of an empty object, array or set that no statement of the
// function or plan adds to by the shared empty value. A constant array literal (arrayLiteral) that a
// statement adds to is made anew each time instead. A value copied to another local counts as added
// to when that local is.
func shareUnchanged(blocks []block) {
	added := map[int]bool{}
	walk(blocks, func(s *stmt) {
		switch s.kind {
		case kindArrayAppend, kindObjectInsert, kindObjectInsertOnce, kindSetAdd:
			added[s.target] = true
		}
	})
	spreadToSources(added, copiedFrom(blocks))
	walk(blocks, func(s *stmt) {
		if !added[s.target] {
			switch s.kind {
			case kindMakeObject:
				*s = stmt{kind: kindSet, target: s.target, a: operand{local: -1, konst: emptyObject}}
			case kindMakeArray:
				*s = stmt{kind: kindSet, target: s.target, a: operand{local: -1, konst: emptyArray}}
			case kindMakeSet:
				*s = stmt{kind: kindSet, target: s.target, a: operand{local: -1, konst: emptySet}}
			}
			return
		}
		if s.kind == kindSet && s.args != nil {
			s.kind = kindArrayOf // a constant literal that is added to: not shared
		}
	})
}

// walk calls f for every statement of blocks, nested ones included.
func walk(blocks []block, f func(*stmt)) {
	for _, b := range blocks {
		for i := range b {
			f(&b[i])
			walk(b[i].blocks, f)
		}
	}
}

// markKeysRead sets keyRead on the scans of a function or plan whose key is used. The planner copies
// a scan's key and value to other locals first thing, so a local counts as used when a statement
// other than such a copy reads it, or it is copied to a used local.
func markKeysRead(blocks []block) {
	used := map[int]bool{}
	walk(blocks, func(s *stmt) {
		if isCopy(s) {
			return
		}
		for _, o := range append([]operand{s.a, s.b, s.c}, s.args...) {
			if o.konst == nil {
				used[o.local] = true
			}
		}
		switch s.kind {
		case kindReturn, kindArrayAppend, kindObjectInsert, kindObjectInsertOnce, kindSetAdd:
			used[s.target] = true
		}
	})
	spreadToSources(used, copiedFrom(blocks))
	walk(blocks, func(s *stmt) {
		if s.kind == kindScan {
			s.keyRead = used[s.target]
		}
	})
}

// isCopy says s assigns one local to another.
func isCopy(s *stmt) bool {
	return (s.kind == kindAssign || s.kind == kindAssignOnce) && s.a.konst == nil
}

// copiedFrom maps each local of a function or plan to the locals copied into it.
func copiedFrom(blocks []block) map[int][]int {
	copied := map[int][]int{}
	walk(blocks, func(s *stmt) {
		if isCopy(s) {
			copied[s.target] = append(copied[s.target], s.a.local)
		}
	})
	return copied
}

// spreadToSources adds to set every local copied, directly or through others, into a local of set.
func spreadToSources(set map[int]bool, copied map[int][]int) {
	work := make([]int, 0, len(set))
	for l := range set {
		work = append(work, l)
	}
	for len(work) > 0 {
		l := work[len(work)-1]
		work = work[:len(work)-1]
		for _, src := range copied[l] {
			if !set[src] {
				set[src] = true
				work = append(work, src)
			}
		}
	}
}

type compiler struct {
	policy   *ir.Policy
	funcs    map[string]*function
	strings  []*ast.Term
	maxLocal int
	maxArgs  int
	// calls are the functions the function being compiled calls.
	calls []*function
	// constant numbers the calls of a function with constant arguments (constantCall), from 1.
	constant map[string]int
}

// constantCall returns the number of a call of fn whose arguments, besides input and data, are all
// constants (a function of a rule's constants, such as lib.resources("aws.s3.bucket")), the same for
// every such call of fn with the same constants; 0 for another call. Without a with statement, such a
// call has one value per run, which is kept, as topdown caches a function's value per argument.
func (c *compiler) constantCall(fn *function, args []operand) int {
	if len(args) <= 2 || args[0].local != 0 || args[1].local != 1 {
		return 0
	}
	key := fn.name
	for _, a := range args[2:] {
		if a.konst == nil {
			return 0
		}
		key += "\x00" + a.konst.String()
	}
	if c.constant == nil {
		c.constant = map[string]int{}
	}
	n, ok := c.constant[key]
	if !ok {
		n = len(c.constant) + 1
		c.constant[key] = n
	}
	return n
}

func (c *compiler) astLocation(loc *ir.Location) *ast.Location {
	at := &ast.Location{Row: loc.Row, Col: loc.Col, Text: []byte(loc.Text)}
	if st := c.policy.Static; st != nil && loc.File >= 0 && loc.File < len(st.Files) {
		at.File = st.Files[loc.File].Value
	}
	return at
}

func (c *compiler) local(l ir.Local) int {
	c.maxLocal = max(c.maxLocal, int(l))
	return int(l)
}

func (c *compiler) operand(o ir.Operand) (operand, error) {
	switch v := o.Value.(type) {
	case ir.Local:
		return operand{local: c.local(v)}, nil
	case ir.Bool:
		return operand{local: -1, konst: ast.InternedTerm(bool(v))}, nil
	case ir.StringIndex:
		if int(v) < 0 || int(v) >= len(c.strings) {
			return operand{}, fmt.Errorf("string %d out of range", v)
		}
		return operand{local: -1, konst: c.strings[v]}, nil
	}
	return operand{}, fmt.Errorf("operand of type %T", o.Value)
}

func (c *compiler) blocks(in []*ir.Block) ([]block, error) {
	out := make([]block, len(in))
	for i, b := range in {
		var err error
		if out[i], err = c.block(b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *compiler) block(b *ir.Block) (block, error) {
	out := make(block, 0, len(b.Stmts))
	for i := 0; i < len(b.Stmts); i++ {
		s := b.Stmts[i]
		st, n, err := c.arrayLiteral(b.Stmts[i:])
		if err == nil && n == 0 {
			st, n, err = c.objectLiteral(b.Stmts[i:])
		}
		if err != nil || n > 0 {
			if err != nil {
				return nil, err
			}
			out = append(out, st)
			i += n - 1
			continue
		}
		st, err = c.stmt(s)
		if err != nil {
			loc := s.GetLocation()
			return nil, fmt.Errorf("%s at row %d: %w", loc.Text, loc.Row, err)
		}
		out = append(out, st)
	}
	return out, nil
}

// arrayLiteral compiles an array literal, a new array of capacity n and the n statements that append
// its elements, into one statement that makes the array whole: the constant array itself when every
// element is a constant. It returns how many statements it took, 0 for none.
func (c *compiler) arrayLiteral(stmts []ir.Stmt) (stmt, int, error) {
	mk, ok := stmts[0].(*ir.MakeArrayStmt)
	if !ok || mk.Capacity <= 0 || int(mk.Capacity) >= len(stmts) {
		return stmt{}, 0, nil
	}
	n := int(mk.Capacity)
	args := make([]operand, 0, n)
	constant := true
	for _, s := range stmts[1 : n+1] {
		app, ok := s.(*ir.ArrayAppendStmt)
		if !ok || app.Array != mk.Target {
			return stmt{}, 0, nil
		}
		if l, ok := app.Value.Value.(ir.Local); ok && l == mk.Target {
			return stmt{}, 0, nil
		}
		op, err := c.operand(app.Value)
		if err != nil {
			return stmt{}, 0, err
		}
		constant = constant && op.konst != nil
		args = append(args, op)
	}
	st := stmt{kind: kindArrayOf, target: c.local(mk.Target), args: args}
	if constant {
		elems := make([]*ast.Term, len(args))
		for i, a := range args {
			elems[i] = a.konst
		}
		// args stay, for shareUnchanged to make the array anew if a statement adds to it.
		st = stmt{kind: kindSet, target: st.target, a: operand{local: -1, konst: ast.ArrayTerm(elems...)}, args: args}
	}
	return st, n + 1, nil
}

// objectLiteral compiles a new object and the statements right after it that insert distinct
// constant keys into it into one statement that makes the object with those members at once (one
// allocation for all of them). It returns how many statements it took, 0 for none.
func (c *compiler) objectLiteral(stmts []ir.Stmt) (stmt, int, error) {
	mk, ok := stmts[0].(*ir.MakeObjectStmt)
	if !ok {
		return stmt{}, 0, nil
	}
	st := stmt{kind: kindObjectOf, target: c.local(mk.Target)}
	seen := map[*ast.Term]bool{}
	n := 1
	for _, s := range stmts[1:] {
		ins, ok := s.(*ir.ObjectInsertStmt)
		if !ok || ins.Object != mk.Target {
			break
		}
		k, err := c.operand(ins.Key)
		if err != nil {
			return stmt{}, 0, err
		}
		v, err := c.operand(ins.Value)
		if err != nil {
			return stmt{}, 0, err
		}
		if k.konst == nil || seen[k.konst] || v.konst == nil && v.local == int(mk.Target) {
			break
		}
		seen[k.konst] = true
		st.args = append(st.args, k, v)
		n++
	}
	if n < 2 {
		return stmt{}, 0, nil
	}
	return st, n, nil
}

func (c *compiler) stmt(s ir.Stmt) (stmt, error) {
	var st stmt
	var err error
	ops := func(in ...ir.Operand) {
		for i, o := range in {
			var op operand
			if op, err = c.operand(o); err != nil {
				return
			}
			switch i {
			case 0:
				st.a = op
			case 1:
				st.b = op
			case 2:
				st.c = op
			}
		}
	}
	switch s := s.(type) {
	case *ir.ReturnLocalStmt:
		st.kind, st.target = kindReturn, c.local(s.Source)
	case *ir.CallStmt:
		st.target, st.name = c.local(s.Result), s.Func
		st.at = c.astLocation(s.GetLocation())
		for _, a := range s.Args {
			op, err := c.operand(a)
			if err != nil {
				return st, err
			}
			st.args = append(st.args, op)
		}
		if fn, ok := c.funcs[s.Func]; ok {
			if len(st.args) != len(fn.params) {
				return st, fmt.Errorf("call of %s with %d arguments, want %d", s.Func, len(st.args), len(fn.params))
			}
			st.kind, st.fn = kindCallFunc, fn
			c.calls = append(c.calls, fn)
			st.memoSlot = c.constantCall(fn, st.args)
			break
		}
		st.kind, st.builtin = kindCallBuiltin, topdown.GetBuiltin(s.Func)
		if st.builtin == nil {
			return st, fmt.Errorf("built-in %s is not available", s.Func)
		}
		c.maxArgs = max(c.maxArgs, len(st.args))
	case *ir.BlockStmt:
		st.kind = kindBlock
		st.blocks, err = c.blocks(s.Blocks)
	case *ir.BreakStmt:
		st.kind, st.extra = kindBreak, int(s.Index)
	case *ir.DotStmt:
		st.kind, st.target = kindDot, c.local(s.Target)
		ops(s.Source, s.Key)
	case *ir.LenStmt:
		st.kind, st.target = kindLen, c.local(s.Target)
		ops(s.Source)
	case *ir.ScanStmt:
		st.kind, st.a, st.target, st.extra = kindScan, operand{local: c.local(s.Source)}, c.local(s.Key), c.local(s.Value)
		var b block
		b, err = c.block(s.Block)
		st.blocks = []block{b}
	case *ir.NotStmt:
		st.kind = kindNot
		var b block
		b, err = c.block(s.Block)
		st.blocks = []block{b}
	case *ir.AssignIntStmt:
		st.kind, st.target, st.a = kindSet, c.local(s.Target), operand{local: -1, konst: ast.InternedTerm(s.Value)}
	case *ir.AssignVarStmt:
		st.kind, st.target = kindAssign, c.local(s.Target)
		ops(s.Source)
	case *ir.AssignVarOnceStmt:
		st.kind, st.target = kindAssignOnce, c.local(s.Target)
		ops(s.Source)
	case *ir.ResetLocalStmt:
		st.kind, st.target = kindReset, c.local(s.Target)
	case *ir.MakeNullStmt:
		st.kind, st.target, st.a = kindSet, c.local(s.Target), operand{local: -1, konst: ast.InternedNullTerm}
	case *ir.MakeNumberIntStmt:
		st.kind, st.target, st.a = kindSet, c.local(s.Target), operand{local: -1, konst: ast.InternedTerm(s.Value)}
	case *ir.MakeNumberRefStmt:
		if s.Index < 0 || s.Index >= len(c.strings) {
			return st, fmt.Errorf("number %d out of range", s.Index)
		}
		n := ast.Number(c.policy.Static.Strings[s.Index].Value)
		if _, ok := n.Int(); !ok {
			if _, ok := n.Float64(); !ok {
				return st, fmt.Errorf("number %q", string(n))
			}
		}
		st.kind, st.target, st.a = kindSet, c.local(s.Target), operand{local: -1, konst: ast.NewTerm(n)}
	case *ir.MakeArrayStmt:
		st.kind, st.target, st.extra = kindMakeArray, c.local(s.Target), int(max(s.Capacity, 0))
	case *ir.MakeObjectStmt:
		st.kind, st.target = kindMakeObject, c.local(s.Target)
	case *ir.MakeSetStmt:
		st.kind, st.target = kindMakeSet, c.local(s.Target)
	case *ir.EqualStmt:
		st.kind = kindEqual
		ops(s.A, s.B)
	case *ir.NotEqualStmt:
		st.kind = kindNotEqual
		ops(s.A, s.B)
	case *ir.IsArrayStmt:
		st.kind = kindIsArray
		ops(s.Source)
	case *ir.IsObjectStmt:
		st.kind = kindIsObject
		ops(s.Source)
	case *ir.IsSetStmt:
		st.kind = kindIsSet
		ops(s.Source)
	case *ir.IsDefinedStmt:
		st.kind, st.a = kindIsDefined, operand{local: c.local(s.Source)}
	case *ir.IsUndefinedStmt:
		st.kind, st.a = kindIsUndefined, operand{local: c.local(s.Source)}
	case *ir.ArrayAppendStmt:
		st.kind, st.target = kindArrayAppend, c.local(s.Array)
		ops(s.Value)
	case *ir.ObjectInsertStmt:
		st.kind, st.target = kindObjectInsert, c.local(s.Object)
		ops(s.Key, s.Value)
	case *ir.ObjectInsertOnceStmt:
		st.kind, st.target = kindObjectInsertOnce, c.local(s.Object)
		ops(s.Key, s.Value)
	case *ir.ObjectMergeStmt:
		st.kind, st.target = kindObjectMerge, c.local(s.Target)
		st.a, st.b = operand{local: c.local(s.A)}, operand{local: c.local(s.B)}
	case *ir.SetAddStmt:
		st.kind, st.target = kindSetAdd, c.local(s.Set)
		ops(s.Value)
	case *ir.ResultSetAddStmt:
		st.kind, st.a = kindResultSetAdd, operand{local: c.local(s.Value)}
	case *ir.NopStmt:
		st.kind = kindNop
	default:
		return st, fmt.Errorf("statement %T is not supported", s)
	}
	if err == nil && (st.kind == kindAssignOnce || st.kind == kindObjectInsertOnce) {
		st.loc = s.GetLocation()
	}
	return st, err
}
