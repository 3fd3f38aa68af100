package ireval

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// What running a block gives its caller, besides a break count (≥ 0, see run).
const (
	completed = -1 // every statement ran
	returned  = -2 // a function returned
)

// checkEvery is how many loop iterations and calls run between two looks at the context.
const checkEvery = 1 << 12

// errStop ends the iteration of an object or a set early.
var errStop = errors.New("stop")

// ErrConflict is the error of a rule or function that gives two values for one input (a complete
// rule with two different values, an object with two values for one key).
var ErrConflict = errors.New("conflicting values")

// Eval runs the plan with the query's input and returns its result set, as rego expects of a target.
func (p *Program) Eval(ctx context.Context, ectx *rego.EvalContext, _ ast.Value) (_ ast.Value, err error) {
	defer recoverAsError(&err)
	input := ectx.ParsedInput()
	if raw := ectx.RawInput(); input == nil && raw != nil {
		var err error
		if input, err = ast.InterfaceToValue(*raw); err != nil {
			return nil, fmt.Errorf("ir: input: %w", err)
		}
	}
	r := p.NewRun(ctx, input, ectx.Time())
	defer r.Close()
	if seed := ectx.Seed(); seed != nil {
		r.bctx.Seed = seed
	}
	r.bctx.Capabilities = ectx.Capabilities()
	frame := make([]*ast.Term, p.nlocals)
	frame[0], frame[1] = r.input, r.data
	for _, b := range p.plan {
		if _, err := r.run(b, frame); err != nil {
			return nil, err
		}
	}
	return r.results, nil
}

// Run is one evaluation over one input: the functions it calls share the values of the rules they
// compute (each rule is computed once per Run). It is not safe for concurrent use.
type Run = machine

// NewRun starts an evaluation of the program's functions over input (nil: none). now is the time the
// time built-ins see, zero for the current time. Close ends it.
func (p *Program) NewRun(ctx context.Context, input ast.Value, now time.Time) *Run {
	m := &machine{ctx: ctx, prog: p, results: ast.NewSet(), args: make([]*ast.Term, p.maxArgs),
		memo: make([]*ast.Term, len(p.funcs)), memoized: make([]bool, len(p.funcs)), stack: make([]*ast.Term, p.stackSize),
		calls: make([]*ast.Term, p.constantCalls+1), called: make([]bool, p.constantCalls+1),
		data: ast.NewTerm(ast.NewObject()), order: make([][]*ast.Term, len(p.funcs))}
	if input != nil {
		m.input = ast.NewTerm(input)
	}
	if now.IsZero() {
		now = time.Now()
	}
	// Built-ins that can run long (a large range, a long concatenation) watch Cancel, as under topdown.
	cancel := topdown.NewCancel()
	m.stop = context.AfterFunc(ctx, cancel.Cancel)
	m.bctx = topdown.BuiltinContext{
		Context: ctx,
		Cancel:  cancel,
		Seed:    rand.Reader,
		Cache:   builtins.Cache{},
		Time:    ast.NewTerm(ast.Number(strconv.FormatInt(now.UnixNano(), 10))),
	}
	m.iter = m.output
	return m
}

// Elements returns the elements of the set that the rule of function fn returned in this run, in the
// order they were added, when the run computed it as a set; ok is false otherwise.
func (m *machine) Elements(fn int) (elems []*ast.Term, ok bool) {
	if fn < 0 || fn >= len(m.memo) || !m.memoized[fn] || m.memo[fn] == nil {
		return nil, false
	}
	set, isSet := m.memo[fn].Value.(ast.Set)
	if !isSet {
		return nil, false
	}
	elems = m.order[fn]
	return elems, len(elems) == set.Len()
}

// Close ends a run: its built-ins stop watching the context, which may outlive it (a server's).
func (m *machine) Close() { m.stop() }

// Call computes the rule of function fn (Program.Func) alone: its value, or nil when it is undefined.
// A policy is untrusted input: a panic in a built-in or in this package is returned as an error.
func (m *machine) Call(fn int) (_ *ast.Term, err error) {
	defer recoverAsError(&err)
	f := m.prog.funcs[fn]
	if len(f.params) != 2 {
		return nil, fmt.Errorf("ir: function %s takes arguments", f.name)
	}
	s := &stmt{kind: kindCallFunc, fn: f, args: []operand{{local: 0}, {local: 1}}}
	return m.call(s, []*ast.Term{m.input, m.data})
}

// machine is the state of one evaluation.
type machine struct {
	ctx         context.Context
	input, data *ast.Term
	prog        *Program
	bctx        topdown.BuiltinContext
	results     ast.Set
	// memo holds the values of the memoized functions that memoized says are computed (nil:
	// undefined, which a rule referenced for every resource must not compute again each time).
	memo     []*ast.Term
	memoized []bool
	// calls and called are the same for the calls of functions with constant arguments, by memoSlot.
	calls  []*ast.Term
	called []bool
	// order lists the elements of the sets that rules without arguments return, by function, in the
	// order they were added (a set's own order is that of its sorted elements: a sort by deep
	// comparisons).
	order [][]*ast.Term
	// ret is the value a function returned; out the output of a built-in (nil: undefined).
	ret, out *ast.Term
	iter     func(*ast.Term) error
	args     []*ast.Term
	steps    int
	// stop stops relaying the context's end to the built-ins' cancel.
	stop func() bool
	// stack holds the locals of the functions being called, from sp up.
	stack []*ast.Term
	sp    int
}

func recoverAsError(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("ir: stopped by a panic: %v", p)
	}
}

func (m *machine) output(t *ast.Term) error {
	m.out = t
	return nil
}

func (m *machine) tick() error {
	m.steps++
	if m.steps%checkEvery == 0 {
		return m.ctx.Err()
	}
	return nil
}

func read(frame []*ast.Term, o operand) *ast.Term {
	if o.local >= 0 {
		return frame[o.local]
	}
	return o.konst
}

// run runs a block. It returns completed, returned, or the number of enclosing blocks a break leaves
// beyond this one: 0 when a statement was undefined or a break left this block only, so the caller
// goes on after it.
func (m *machine) run(b block, frame []*ast.Term) (int, error) {
	for i := range b {
		s := &b[i]
		switch s.kind {
		case kindReturn:
			m.ret = frame[s.target]
			return returned, nil
		case kindCallFunc:
			v, err := m.call(s, frame)
			if err != nil {
				return 0, err
			}
			if v == nil {
				return 0, nil
			}
			frame[s.target] = v
		case kindCallBuiltin:
			args := m.args[:len(s.args):len(s.args)]
			for k, a := range s.args {
				if args[k] = read(frame, a); args[k] == nil {
					return 0, nil
				}
			}
			m.out = nil
			bctx := m.bctx
			bctx.Location = s.at
			if err := s.builtin(bctx, args, m.iter); err != nil {
				return 0, err
			}
			clearWritten(args)
			if m.out == nil {
				return 0, nil
			}
			frame[s.target] = m.out
		case kindBlock:
			for _, sub := range s.blocks {
				r, err := m.run(sub, frame)
				if err != nil || r == returned {
					return r, err
				}
				if r > 0 {
					return r - 1, nil
				}
			}
		case kindBreak:
			return s.extra, nil
		case kindDot:
			v := dot(read(frame, s.a), read(frame, s.b))
			if v == nil {
				return 0, nil
			}
			frame[s.target] = v
		case kindLen:
			n, ok := length(read(frame, s.a))
			if !ok {
				return 0, nil
			}
			frame[s.target] = ast.InternedTerm(n)
		case kindScan:
			r, err := m.scan(s, frame)
			if err != nil || r == returned {
				return r, err
			}
			if r >= 0 {
				return r, nil
			}
		case kindNot:
			r, err := m.run(s.blocks[0], frame)
			if err != nil || r == returned {
				return r, err
			}
			if r == completed {
				return 0, nil
			}
			if r > 0 {
				return r - 1, nil
			}
		case kindAssign:
			frame[s.target] = read(frame, s.a)
		case kindAssignOnce:
			v := read(frame, s.a)
			if old := frame[s.target]; old != nil {
				if !equal(old, v) {
					return 0, m.conflict(s)
				}
				break
			}
			frame[s.target] = v
		case kindReset:
			frame[s.target] = nil
		case kindSet:
			frame[s.target] = s.a.konst
		case kindMakeArray:
			frame[s.target] = ast.NewTerm(ast.NewArrayWithCapacity(s.extra))
		case kindArrayOf:
			elems := make([]*ast.Term, len(s.args))
			for k, a := range s.args {
				if elems[k] = read(frame, a); elems[k] == nil {
					return 0, nil
				}
			}
			frame[s.target] = ast.ArrayTerm(elems...)
		case kindObjectOf:
			items := make([][2]*ast.Term, len(s.args)/2)
			for k := range items {
				items[k] = [2]*ast.Term{s.args[2*k].konst, read(frame, s.args[2*k+1])}
				if items[k][1] == nil {
					return 0, fmt.Errorf("ir: object member %v is undefined", s.args[2*k].konst)
				}
			}
			frame[s.target] = ast.NewTerm(ast.NewObject(items...))
		case kindMakeObject:
			frame[s.target] = ast.NewTerm(ast.NewObject())
		case kindMakeSet:
			frame[s.target] = ast.NewTerm(ast.NewSet())
		case kindEqual, kindNotEqual:
			a, c := read(frame, s.a), read(frame, s.b)
			if a == nil || c == nil || equal(a, c) != (s.kind == kindEqual) {
				return 0, nil
			}
		case kindIsArray, kindIsObject, kindIsSet:
			if !isKind(read(frame, s.a), s.kind) {
				return 0, nil
			}
		case kindIsDefined:
			if frame[s.a.local] == nil {
				return 0, nil
			}
		case kindIsUndefined:
			if frame[s.a.local] != nil {
				return 0, nil
			}
		case kindArrayAppend:
			t := frame[s.target]
			arr, ok := t.Value.(*ast.Array)
			if !ok {
				return 0, fmt.Errorf("ir: append to %s", ast.ValueName(t.Value))
			}
			t.Value = arr.Append(read(frame, s.a))
		case kindObjectInsert, kindObjectInsertOnce:
			obj, ok := frame[s.target].Value.(ast.Object)
			if !ok {
				return 0, fmt.Errorf("ir: insert into %s", ast.ValueName(frame[s.target].Value))
			}
			k, v := read(frame, s.a), read(frame, s.b)
			if s.kind == kindObjectInsertOnce {
				if old := obj.Get(k); old != nil {
					if !equal(old, v) {
						return 0, m.conflict(s)
					}
					break
				}
			}
			obj.Insert(k, v)
		case kindObjectMerge:
			frame[s.target] = merge(read(frame, s.a), read(frame, s.b))
		case kindSetAdd:
			set, ok := frame[s.target].Value.(ast.Set)
			if !ok {
				return 0, fmt.Errorf("ir: add to %s", ast.ValueName(frame[s.target].Value))
			}
			// Adding an element again costs a deep comparison of the two; set.Contains first checks
			// whether it is the same term, which a rule adding the same resource once per matching
			// attribute does.
			t := read(frame, s.a)
			if composite(t.Value) && set.Contains(t) {
				break
			}
			if !s.ordered {
				set.Add(t)
				break
			}
			n := set.Len()
			if set.Add(t); set.Len() > n {
				m.order[s.fn.id] = append(m.order[s.fn.id], t)
			}
		case kindResultSetAdd:
			m.results.Add(frame[s.a.local])
		case kindNop:
		}
	}
	return completed, nil
}

func (m *machine) conflict(s *stmt) error {
	if s.loc != nil {
		return fmt.Errorf("%s at row %d: %w", s.loc.Text, s.loc.Row, ErrConflict)
	}
	return ErrConflict
}

// scan runs the block of a scan statement for every element of its source. It returns completed when
// the scan is over, or what the caller returns (a function's return, a break count).
func (m *machine) scan(s *stmt, frame []*ast.Term) (int, error) {
	src := frame[s.a.local]
	if src == nil {
		return completed, nil
	}
	switch v := src.Value.(type) {
	case *ast.Array:
		for i := range v.Len() {
			var k *ast.Term
			if s.keyRead {
				k = ast.InternedTerm(i)
			}
			if r, done, err := m.scanStep(s, frame, k, v.Elem(i)); done {
				return r, err
			}
		}
	case ast.Object:
		return m.scanEach(s, frame, v.Iter)
	case ast.Set:
		return m.scanEach(s, frame, func(f func(k, v *ast.Term) error) error {
			return v.Iter(func(e *ast.Term) error { return f(e, e) })
		})
	}
	return completed, nil
}

// scanEach runs a scan over an object or a set, whose iter calls f for each key and value.
func (m *machine) scanEach(s *stmt, frame []*ast.Term, iter func(f func(k, v *ast.Term) error) error) (int, error) {
	r := completed
	err := iter(func(k, v *ast.Term) error {
		var done bool
		var err error
		if r, done, err = m.scanStep(s, frame, k, v); done {
			return cmp.Or(err, errStop)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, err
	}
	return r, nil
}

// scanStep runs a scan's block for one element. done says the scan ends, with r for its statement.
func (m *machine) scanStep(s *stmt, frame []*ast.Term, k, v *ast.Term) (r int, done bool, err error) {
	if err := m.tick(); err != nil {
		return 0, true, err
	}
	frame[s.target], frame[s.extra] = k, v
	switch r, err := m.run(s.blocks[0], frame); {
	case err != nil:
		return 0, true, err
	case r == returned:
		return returned, true, nil
	case r == 1:
		return completed, true, nil
	case r >= 2:
		return r - 2, true, nil
	}
	return completed, false, nil
}

// call runs a planned function; nil is an undefined result.
func (m *machine) call(s *stmt, frame []*ast.Term) (*ast.Term, error) {
	fn := s.fn
	if fn.memoized && m.memoized[fn.id] {
		return m.memo[fn.id], nil
	}
	if s.memoSlot > 0 && m.called[s.memoSlot] {
		return m.calls[s.memoSlot], nil
	}
	if err := m.tick(); err != nil {
		return nil, err
	}
	// Functions do not recurse (OPA refuses recursive rules), so the stack the program computed
	// holds every frame; a frame is zeroed again when its call ends, since locals start undefined.
	locals := m.stack[m.sp : m.sp+fn.nlocals : m.sp+fn.nlocals]
	for k, a := range s.args {
		// The planner reads only defined locals into arguments, but input (the first) may be absent.
		locals[fn.params[k]] = read(frame, a)
	}
	m.sp += fn.nlocals
	m.ret = nil
	var err error
	for _, b := range fn.blocks {
		var r int
		if r, err = m.run(b, locals); err != nil || r == returned {
			break
		}
	}
	m.sp -= fn.nlocals
	clearWritten(locals)
	if err != nil {
		return nil, err
	}
	v := m.ret
	m.ret = nil
	if fn.memoized {
		m.memo[fn.id], m.memoized[fn.id] = v, true
	}
	if s.memoSlot > 0 {
		m.calls[s.memoSlot], m.called[s.memoSlot] = v, true
	}
	return v, nil
}

// dot looks key up in src: an object's value, an array's element, a set's member; nil when there is
// none or src is not a collection.
func dot(src, key *ast.Term) *ast.Term {
	if src == nil || key == nil {
		return nil
	}
	switch v := src.Value.(type) {
	case ast.Object:
		return v.Get(key)
	case *ast.Array:
		n, ok := key.Value.(ast.Number)
		if !ok {
			return nil
		}
		i, ok := n.Int()
		if !ok || i < 0 || i >= v.Len() {
			return nil
		}
		return v.Elem(i)
	case ast.Set:
		if v.Contains(key) {
			return key
		}
	}
	return nil
}

// merge merges two objects, the members of both merged in turn, as a package's virtual documents are
// merged with its base documents; nil (undefined) when a member is not an object in both.
func merge(a, b *ast.Term) *ast.Term {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	x, ok1 := a.Value.(ast.Object)
	y, ok2 := b.Value.(ast.Object)
	if !ok1 || !ok2 {
		return nil
	}
	merged, ok := x.Merge(y)
	if !ok {
		return nil
	}
	return ast.NewTerm(merged)
}

func length(t *ast.Term) (int, bool) {
	if t == nil {
		return 0, false
	}
	switch v := t.Value.(type) {
	case *ast.Array:
		return v.Len(), true
	case ast.Object:
		return v.Len(), true
	case ast.Set:
		return v.Len(), true
	case ast.String:
		return len(v), true
	}
	return 0, false
}

func isKind(t *ast.Term, k kind) bool {
	if t == nil {
		return false
	}
	switch t.Value.(type) {
	case *ast.Array:
		return k == kindIsArray
	case ast.Object:
		return k == kindIsObject
	case ast.Set:
		return k == kindIsSet
	}
	return false
}

func equal(a, b *ast.Term) bool {
	return a == b || ast.Compare(a.Value, b.Value) == 0
}

// composite says whether v is an array, object or set: one whose comparison walks its elements.
func composite(v ast.Value) bool {
	switch v.(type) {
	case *ast.Array, ast.Object, ast.Set:
		return true
	}
	return false
}

// clearWritten sets the non-nil terms of a frame to nil. Most of a function's locals stay unset in a
// call, and while the collector marks, clear would pay a write barrier for every slot, set or not:
// a fifth of the evaluation's barrier cost.
func clearWritten(frame []*ast.Term) {
	for i, t := range frame {
		if t != nil {
			frame[i] = nil
		}
	}
}
