package terraform

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/vigil-audit/vigil/internal/nesting"
)

// A configuration of ten lines can ask for a hundred million resource instances (a module with
// count = 10000 calling a resource with count = 10000) or a terabyte string (forty locals each doubling
// the one before). Limits bound both, so that such input ends in a located error rather than in the
// runner running out of memory.

// Default limits.
const (
	DefaultMaxInstances  = 100_000  // resource, data source and module instances per scanned folder
	DefaultMaxValueBytes = 16 << 20 // bytes of text in one value
	DefaultMaxElements   = 100_000  // elements in one value, nested ones included
)

// maxFormatWidth caps a width or precision in format() and formatlist(): "%0999999999d" would build a
// gigabyte string before any value could be checked.
const maxFormatWidth = 1_000_000

// Limits bound what one scan evaluates. A zero field takes its default.
type Limits struct {
	// Instances caps the resource, data source and module instances expanded (count, for_each, and a
	// block without either counting one), over every root module of a scanned folder. Going over it ends
	// the load with a LimitError.
	Instances int
	// ValueBytes caps the bytes of text in the value of one expression (the sum over its strings), and
	// Elements the elements of its collections (nested ones included). A larger value is reported where
	// the expression is and is unknown.
	ValueBytes int
	Elements   int
}

func (lim Limits) withDefaults() Limits {
	if lim.Instances <= 0 {
		lim.Instances = DefaultMaxInstances
	}
	if lim.ValueBytes <= 0 {
		lim.ValueBytes = DefaultMaxValueBytes
	}
	if lim.Elements <= 0 {
		lim.Elements = DefaultMaxElements
	}
	return lim
}

// LimitError is a load ended because the configuration expands to more instances than Limits.Instances.
type LimitError struct {
	File         string
	Line, Column int
	Message      string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// instanceBudget counts the instances expanded, shared by the loads of one scanned folder (FileCache).
type instanceBudget struct{ n atomic.Int64 }

// reserve counts n more instances expanded at rng. Over the limit it ends the load with a LimitError
// naming rng and reports false.
func (l *loader) reserve(n int, rng hcl.Range) bool {
	total := l.budget.n.Add(int64(n))
	if total <= int64(l.limits.Instances) {
		return true
	}
	l.cancel(&LimitError{File: rng.Filename, Line: rng.Start.Line, Column: rng.Start.Column,
		Message: fmt.Sprintf("the configuration expands to more than %d resource and module instances; "+
			"raise the limit with --limit instances=N or limits = { instances = N } in vigil.hcl if it is meant",
			l.limits.Instances)})
	return false
}

// checkSize reports the value of expr when it is larger than the limits allow, and returns it, or an
// unknown value in its place.
func (l *loader) checkSize(expr hcl.Expression, v cty.Value) cty.Value {
	what := l.limits.oversize(v)
	if what == "" {
		return v
	}
	l.issue(CodeEval, expr.Range().Ptr(), "value too large: %s; raise the limit with --limit or limits in vigil.hcl if it is meant", what)
	return cty.DynamicVal
}

// oversize describes how v exceeds the limits, "" when it does not. It stops counting as soon as a
// limit is passed, so a value shared many times within itself (a list of the same list, doubled forty
// times) costs no more than the limit to check.
func (lim Limits) oversize(v cty.Value) string {
	s := sizer{maxBytes: lim.ValueBytes, maxElems: lim.Elements}
	if s.walk(v) {
		return ""
	}
	if s.bytes > s.maxBytes {
		return fmt.Sprintf("more than %d MiB of text (limit %d bytes)", s.maxBytes>>20, s.maxBytes)
	}
	return fmt.Sprintf("more than %d elements", s.maxElems)
}

type sizer struct {
	bytes, elems       int
	maxBytes, maxElems int
}

// walk adds v to the counts and reports whether they are still within the limits.
func (s *sizer) walk(v cty.Value) bool {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return true
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		s.bytes += len(v.AsString())
		return s.bytes <= s.maxBytes
	case ty.IsPrimitiveType() || ty == cty.DynamicPseudoType:
		return true
	case ty.IsObjectType():
		for name := range ty.AttributeTypes() {
			s.elems++
			if s.elems > s.maxElems || !s.walk(v.GetAttr(name)) {
				return false
			}
		}
		return true
	case v.CanIterateElements():
		// Elements are counted before they are visited: a list of a million nulls is large too.
		if s.elems += v.LengthInt(); s.elems > s.maxElems {
			return false
		}
		if ety := ty; (ety.IsListType() || ety.IsSetType() || ety.IsMapType()) && ety.ElementType().IsPrimitiveType() &&
			ety.ElementType() != cty.String {
			return true
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if !s.walk(e) {
				return false
			}
		}
	}
	return true
}

// boundedFormat wraps format or formatlist: a format string with a width or precision over
// maxFormatWidth is an error before anything is built.
func boundedFormat(f function.Function) function.Function {
	return wrapCheck(f, func(args []cty.Value) error {
		if len(args) == 0 {
			return nil
		}
		spec, _ := args[0].Unmark()
		if !spec.IsKnown() || spec.IsNull() || spec.Type() != cty.String {
			return nil
		}
		if largestWidth(spec.AsString()) > maxFormatWidth {
			return fmt.Errorf("a width or precision over %d", maxFormatWidth)
		}
		return nil
	})
}

// boundedProduct wraps setproduct: the product of the lengths of its arguments is the number of
// elements it builds, bounded by the elements limit limit returns (read at each call: the loader's
// limits are set after its functions are made).
func boundedProduct(f function.Function, limit func() int) function.Function {
	return wrapCheck(f, func(args []cty.Value) error {
		n, most := 1, limit()
		for _, a := range args {
			a, _ = a.Unmark()
			if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() {
				return nil
			}
			if n *= a.LengthInt(); n > most {
				return fmt.Errorf("the product has more than %d elements; "+
					"raise the limit with --limit elements=N or limits in vigil.hcl if it is meant", most)
			}
			if n == 0 {
				return nil
			}
		}
		return nil
	})
}

// boundedDecode wraps jsondecode or yamldecode: a document that nests too deep would overflow the stack
// of the decoder, and one with a number beyond ±1e400 could take minutes to turn into text; it is
// refused before it is decoded.
func boundedDecode(f function.Function) function.Function {
	return wrapCheck(f, func(args []cty.Value) error {
		if len(args) == 0 {
			return nil
		}
		s, _ := args[0].Unmark()
		if !s.IsKnown() || s.IsNull() || s.Type() != cty.String {
			return nil
		}
		if d := nesting.Check([]byte(s.AsString()), nesting.JSON, "", hcl.InitialPos); d != nil {
			if d.Summary == nesting.NumberOutOfRange {
				return errors.New(d.Detail)
			}
			return fmt.Errorf("the document nests more than %d levels deep", nesting.Max)
		}
		return nil
	})
}

// wrapCheck returns f with check run on the arguments first; the call is refused when it fails.
func wrapCheck(f function.Function, check func([]cty.Value) error) function.Function {
	all := func(p function.Parameter) function.Parameter {
		p.AllowUnknown, p.AllowNull, p.AllowDynamicType, p.AllowMarked = true, true, true, true
		return p
	}
	params := f.Params()
	for i := range params {
		params[i] = all(params[i])
	}
	var varParam *function.Parameter
	if vp := f.VarParam(); vp != nil {
		p := all(*vp)
		varParam = &p
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		// The check runs with the type: jsondecode decodes its argument to find its result type.
		Type: func(args []cty.Value) (cty.Type, error) {
			if err := check(args); err != nil {
				return cty.NilType, err
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return f.Call(args) },
	})
}

// largestWidth returns the largest width or precision of the verbs of a format string (0 when none),
// saturating above maxFormatWidth. Digits outside verbs are text.
func largestWidth(s string) int {
	largest := 0
	number := func(i int) (int, int) {
		n := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if n <= maxFormatWidth {
				n = n*10 + int(s[i]-'0')
			}
		}
		return n, i
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		i++
		if i < len(s) && s[i] == '%' {
			continue
		}
		if i < len(s) && s[i] == '[' { // an argument index: %[2]s
			for i < len(s) && s[i] != ']' {
				i++
			}
			i++
		}
		for i < len(s) && (s[i] == '+' || s[i] == '-' || s[i] == '#' || s[i] == ' ' || s[i] == '0') {
			i++
		}
		var n int
		n, i = number(i)
		largest = max(largest, n)
		if i < len(s) && s[i] == '.' {
			n, i = number(i + 1)
			largest = max(largest, n)
		}
		i-- // the loop steps onto the verb
	}
	return largest
}

// Nested for expressions multiply: [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]
// builds a billion elements inside one expression, before its value can be measured. Every for
// expression's collection is therefore wrapped, as the file is parsed, in a call of iterateFunc, which
// counts the elements iterated against the elements limit, per evaluation of an expression.
const (
	iterateFuncName = "vigil::iterate"
	iterateVarName  = "vigil::iterations"
)

// iterations counts the elements for expressions have iterated in the expression being evaluated.
type iterations struct{ n, max int }

var iterationsType = cty.Capsule("iterations", reflect.TypeOf(iterations{}))

// iterateFunc returns its first argument after counting its elements in its second, an iterations
// capsule.
var iterateFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "collection", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true},
		{Name: "iterations", Type: iterationsType},
	},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		it := args[1].EncapsulatedValue().(*iterations)
		if v, _ := args[0].Unmark(); v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
			if it.n += v.LengthInt(); it.n > it.max {
				return cty.NilVal, fmt.Errorf("for expressions iterate over more than %d elements in one expression; "+
					"raise the limit with --limit elements=N or limits in vigil.hcl if it is meant", it.max)
			}
		}
		return args[0], nil
	},
})

// forKeyword finds what may open a for expression: "[" or "{", blanks, "for", a blank.
var forKeyword = regexp.MustCompile(`[\[{]\s*for\s`)

// mayHaveForExprs reports whether src may hold a for expression: most files hold none, and walking a
// file's syntax tree allocates at every node (a tenth of a scan's allocations on many small roots).
func mayHaveForExprs(src []byte) bool { return forKeyword.Match(src) }

// boundForExprs wraps the collection of every for expression in body in a call of iterateFunc. It runs
// once per parsed file, before the file is shared.
func boundForExprs(body hcl.Body) {
	syn, ok := body.(*hclsyntax.Body)
	if !ok {
		return
	}
	_ = hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
		fe, ok := n.(*hclsyntax.ForExpr)
		if !ok {
			return nil
		}
		rng := fe.CollExpr.Range()
		fe.CollExpr = &hclsyntax.FunctionCallExpr{
			Name: iterateFuncName,
			Args: []hclsyntax.Expression{fe.CollExpr, &hclsyntax.ScopeTraversalExpr{
				Traversal: hcl.Traversal{hcl.TraverseRoot{Name: iterateVarName, SrcRange: rng}}, SrcRange: rng}},
			NameRange: rng, OpenParenRange: rng, CloseParenRange: rng,
		}
		return nil
	})
}

// forCollection returns the collection of a for expression as written, without the iterateFunc call
// boundForExprs wrapped it in.
func forCollection(fe *hclsyntax.ForExpr) hclsyntax.Expression {
	if call, ok := fe.CollExpr.(*hclsyntax.FunctionCallExpr); ok && call.Name == iterateFuncName && len(call.Args) == 2 {
		return call.Args[0]
	}
	return fe.CollExpr
}

// iterationsCtx is a context for expressions evaluated without one (a variable's default): only the
// iteration count of for expressions.
func iterationsCtx(max int) *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{iterateVarName: cty.CapsuleVal(iterationsType, &iterations{max: max})},
		Functions: map[string]function.Function{iterateFuncName: iterateFunc},
	}
}
