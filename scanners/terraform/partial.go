package terraform

import (
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/vigil-audit/vigil/inventory"
)

// Partially known policy documents.
//
// A JSON string built from values that are not all known (jsonencode over an object holding a variable
// without value, a heredoc interpolating an account id, an aws_iam_policy_document with one unknown
// resource) is unknown to Terraform. An IAM policy document is still mostly known: its statements'
// Effect and Action usually are. Such a string is kept unknown for evaluation, marked with a partialDoc
// that holds the decoded document with null at its unknown parts. attrsToGo writes the document in place
// of the string, with the unknown parts' paths under the attribute, and the adapters read it like any
// other document.
//
// The mark rides on the unknown value only while it is exactly the document's JSON: eval drops it from
// the value of any expression that could transform it (see exactExpr). Marks are created only for
// objects with a Statement attribute, so other JSON strings stay plainly unknown.

// partialDoc is the decoded form of a partly unknown JSON policy document: JSON-like Go values with nil
// at the unknown paths, which are relative to the document and dotted (Statement.1.Resource.0).
type partialDoc struct {
	v       map[string]any
	unknown []string
}

// partialMarks is set once a partialDoc mark has been made: until then eval need not look for marks.
var partialMarks atomic.Bool

// markPartial returns an unknown string marked with the partial document.
func markPartial(pd *partialDoc) cty.Value {
	partialMarks.Store(true)
	return cty.UnknownVal(cty.String).RefineNotNull().Mark(pd)
}

// partialOf returns the partial document v stands for: v must be unknown and carry exactly one partialDoc
// mark (two come from a conditional between documents, which one is not known).
func partialOf(v cty.Value) *partialDoc {
	if v.IsKnown() || !v.IsMarked() {
		return nil
	}
	var pd *partialDoc
	for m := range v.Marks() {
		p, ok := m.(*partialDoc)
		if !ok {
			continue
		}
		if pd != nil {
			return nil
		}
		pd = p
	}
	return pd
}

// isPolicyLike reports whether a value jsonencode'd could be a policy document: an object or map with a
// Statement.
func isPolicyLike(v cty.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType():
		return ty.HasAttribute("Statement")
	case ty.IsMapType():
		return v.HasIndex(cty.StringVal("Statement")).True()
	}
	return false
}

// policyListKeys are the statement elements the inventory reads as lists of strings: an unknown string
// written there is one unknown element of the list, not an unknown list (see listifyUnknownStrings).
var policyListKeys = map[string]bool{"Action": true, "NotAction": true, "Resource": true, "NotResource": true}

// jsonencodeFunc is Terraform's jsonencode, which also marks the unknown result of encoding a policy
// document that is partly known.
var jsonencodeFunc = function.New(&function.Spec{
	Description: stdlib.JSONEncodeFunc.Description(),
	Params: []function.Parameter{{
		Name: "val", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true,
	}},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		// Marks inside the value are partial documents encoded again: the result is a different string.
		// Sensitivity stays: the encoding of a sensitive value is sensitive, except that a policy document
		// with sensitive parts is a partial document in which they are unknown.
		val := dropPartial(args[0])
		sensitive := containsSensitive(val)
		if isSensitive(val) || (val.IsWhollyKnown() && !(sensitive && isPolicyLike(val))) {
			return stdlib.JSONEncode(val)
		}
		if !isPolicyLike(val) {
			return markSensitive(cty.UnknownVal(cty.String).RefineNotNull(), sensitive), nil
		}
		var c goConverter
		c.strUnknown = true
		m, _ := c.toGo(val).(map[string]any)
		if m == nil {
			return cty.UnknownVal(cty.String).RefineNotNull(), nil
		}
		return markPartial(&partialDoc{v: m, unknown: listifyUnknownStrings(m, c.unknown, c.unknownStr)}), nil
	},
})

// listifyUnknownStrings rewrites an unknown string written as a statement's Action, NotAction, Resource
// or NotResource into a one-element list whose element is unknown: that the list has one element is
// known. unknown and strs are paths relative to doc; it returns the new unknown paths, sorted.
func listifyUnknownStrings(doc map[string]any, unknown []string, strs map[string]bool) []string {
	out := make([]string, 0, len(unknown))
	for _, u := range unknown {
		i := strings.LastIndexByte(u, '.')
		if strs[u] && i > 0 && strings.HasPrefix(u, "Statement") && policyListKeys[u[i+1:]] {
			v, _ := inventory.ValueAt(doc, u[:i])
			if parent, ok := v.(map[string]any); ok {
				parent[u[i+1:]] = []any{nil}
				u += ".0"
			}
		}
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// unknownPlaceholder stands for an interpolation whose value is unknown when a heredoc policy document is
// rendered partially. Private-use characters, which cannot come from a configuration that means them as
// text in a policy.
const unknownPlaceholder = "\uE000vigil:unknown\uE000"

// partialTemplate renders a template whose value is unknown with a placeholder for each unknown
// interpolation. When the text is a JSON policy document in which every placeholder is inside a string,
// the strings holding one are its unknown parts; otherwise (not JSON, a placeholder where it could add
// structure) the template stays plainly unknown.
func (in *instance) partialTemplate(e *hclsyntax.TemplateExpr, ctx *hcl.EvalContext) cty.Value {
	var b strings.Builder
	for _, p := range e.Parts {
		v, diags := p.Value(ctx)
		if diags.HasErrors() {
			return cty.NilVal
		}
		if containsSensitive(v) {
			b.WriteString(unknownPlaceholder) // never written into a document
			continue
		}
		v = unmarkDeep(v)
		if !v.IsKnown() {
			b.WriteString(unknownPlaceholder)
			continue
		}
		if v.IsNull() {
			return cty.NilVal // an error in Terraform
		}
		s, err := convert.Convert(v, cty.String)
		if err != nil || !s.IsKnown() {
			return cty.NilVal
		}
		b.WriteString(s.AsString())
	}
	doc, err := inventory.DecodeJSON([]byte(b.String()))
	if err != nil {
		return cty.NilVal
	}
	m, ok := doc.(map[string]any)
	if !ok || m["Statement"] == nil {
		return cty.NilVal
	}
	var unknown []string
	strs := map[string]bool{}
	if !placeholders(m, "", &unknown, strs) {
		return cty.NilVal
	}
	if len(unknown) == 0 {
		return cty.NilVal // the placeholder was outside the document: unknown
	}
	return markPartial(&partialDoc{v: m, unknown: listifyUnknownStrings(m, unknown, strs)})
}

// placeholders replaces each string holding the placeholder by nil and records its path (in strs too: it
// was a string). An object key holding one makes its object unknown. It reports false when the document
// is unusable.
func placeholders(v any, path string, unknown *[]string, strs map[string]bool) bool {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	// elem handles one element at path p; set replaces it.
	elem := func(e any, p string, set func(any)) bool {
		s, isStr := e.(string)
		if !isStr {
			return placeholders(e, p, unknown, strs)
		}
		if strings.Contains(s, unknownPlaceholder) {
			set(nil)
			*unknown = append(*unknown, p)
			strs[p] = true
		}
		return true
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if strings.Contains(k, unknownPlaceholder) {
				return false // a key unknown: the object's shape is not known
			}
			if !elem(e, join(k), func(n any) { x[k] = n }) {
				return false
			}
		}
	case []any:
		for i, e := range x {
			if !elem(e, join(strconv.Itoa(i)), func(n any) { x[i] = n }) {
				return false
			}
		}
	}
	return true
}

// templateMayBePolicy reports whether a template's literal text names a Statement: only such a template
// is worth rendering again with placeholders.
func templateMayBePolicy(e *hclsyntax.TemplateExpr) bool {
	for _, p := range e.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String &&
			strings.Contains(lit.Val.AsString(), "Statement") {
			return true
		}
	}
	return false
}

// exactExpr reports whether expr's value is the value of one of its operands as it is, or built only of
// such values (a tuple or object of them), so that a partial document mark on it still describes it:
// references, jsonencode (which makes the marks), and "${...}" around one of them. Any other expression
// (a function, a template joining text, a conditional on an unknown condition) may transform a document,
// and its value loses the marks. (A heredoc is handled by partialValue before this is asked.)
func exactExpr(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.TemplateWrapExpr:
		return exactExpr(e.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return exactExpr(e.Expression)
	case *hclsyntax.RelativeTraversalExpr:
		return exactExpr(e.Source)
	case *hclsyntax.IndexExpr:
		_, lit := e.Key.(*hclsyntax.LiteralValueExpr)
		return lit && exactExpr(e.Collection)
	case *hclsyntax.FunctionCallExpr:
		return e.Name == "jsonencode" && len(e.Args) == 1
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !exactExpr(x) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			if !exactExpr(it.ValueExpr) {
				return false
			}
		}
		return true
	}
	return false
}

// partialValue gives the value of an evaluated expression as far as partial documents go: a heredoc
// policy whose value is unknown gets its partial document, and an expression that may transform a
// marked value loses the marks.
func (in *instance) partialValue(expr hcl.Expression, ctx *hcl.EvalContext, v cty.Value) cty.Value {
	if t, ok := expr.(*hclsyntax.TemplateExpr); ok && (!v.IsKnown() || isSensitive(v)) && templateMayBePolicy(t) {
		if p := in.partialTemplate(t, ctx); p != cty.NilVal {
			return p
		}
		return dropPartial(v)
	}
	if !partialMarks.Load() || exactExpr(expr) {
		return v
	}
	if !containsMarks(v) {
		return v
	}
	switch e := expr.(type) {
	case *hclsyntax.ConditionalExpr:
		return in.partialConditional(e, ctx, v)
	case *hclsyntax.TupleConsExpr:
		// [cond ? doc : "", ...]: each element as partialValue gives it.
		elems := make([]cty.Value, len(e.Exprs))
		for i, x := range e.Exprs {
			ev, diags := x.Value(ctx)
			if diags.HasErrors() {
				return dropPartial(v)
			}
			elems[i] = in.partialValue(x, ctx, ev)
		}
		return cty.TupleVal(elems)
	case *hclsyntax.FunctionCallExpr:
		// compact([...]) keeps its documents: the S3 bucket module merges its optional policies as
		// source_policy_documents = compact([var.a ? doc_a : "", ...]).
		if e.Name == "compact" && len(e.Args) == 1 && !e.ExpandFinal {
			av, diags := e.Args[0].Value(ctx)
			if !diags.HasErrors() {
				if out, ok := compactPartial(in.partialValue(e.Args[0], ctx, av)); ok {
					return out
				}
			}
		}
		// coalesce(var.policy, data.x.json) is the document when every argument before it is known to
		// be null or empty: the KMS key module chooses its key policy so.
		if e.Name == "coalesce" && !e.ExpandFinal {
			if out, ok := in.coalescePartial(e.Args, ctx); ok {
				return out
			}
		}
	}
	return dropPartial(v)
}

// compactPartial is Terraform's compact over a list some of whose strings are partial documents, which
// stay in the result: a document is never empty. ok is false when an element is unknown and not a
// document (it might be empty) or the value is not a known list of strings.
func compactPartial(list cty.Value) (cty.Value, bool) {
	list, _ = list.Unmark()
	ty := list.Type()
	if !list.IsKnown() || list.IsNull() || !(ty.IsListType() || ty.IsTupleType() || ty.IsSetType()) {
		return cty.NilVal, false
	}
	var out []cty.Value
	for it := list.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		if partialOf(ev) != nil {
			out = append(out, ev)
			continue
		}
		if containsSensitive(ev) {
			return cty.NilVal, false
		}
		ev = unmarkDeep(ev)
		if !ev.IsKnown() {
			return cty.NilVal, false
		}
		if ev.IsNull() {
			continue
		}
		s, err := convert.Convert(ev, cty.String)
		if err != nil {
			return cty.NilVal, false
		}
		if s.AsString() != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return cty.ListValEmpty(cty.String), true
	}
	return cty.ListVal(out), true
}

// coalescePartial is partialValue for coalesce(args...): the first argument that is neither null nor an
// empty string, when it is a partial document and every argument before it is known. ok is false
// otherwise, and the marks are then dropped by the caller.
func (in *instance) coalescePartial(args []hclsyntax.Expression, ctx *hcl.EvalContext) (cty.Value, bool) {
	for _, a := range args {
		av, diags := a.Value(ctx)
		if diags.HasErrors() {
			return cty.NilVal, false
		}
		av = in.partialValue(a, ctx, av)
		if partialOf(av) != nil {
			return av, true
		}
		if containsSensitive(av) {
			return cty.NilVal, false
		}
		av = unmarkDeep(av)
		if !av.IsKnown() {
			return cty.NilVal, false
		}
		if av.IsNull() || (av.Type() == cty.String && av.AsString() == "") {
			continue
		}
		return cty.NilVal, false // a known value comes first: coalesce gives it, with no document
	}
	return cty.NilVal, false
}

// partialConditional is partialValue for a conditional. On a known condition its value is the chosen
// branch's, so a document chosen stays a document: modules take an optional extra policy as
// `var.policy == null ? [] : [var.policy]`. hcl also puts the condition's marks on the result, and a
// condition that reads a document would make the other branch look like that document, so the chosen
// branch is evaluated again on its own and converted to the conditional's type. An unknown condition
// leaves which document unknown: the marks are dropped.
func (in *instance) partialConditional(c *hclsyntax.ConditionalExpr, ctx *hcl.EvalContext, v cty.Value) cty.Value {
	cond, diags := c.Condition.Value(ctx)
	if diags.HasErrors() {
		return dropPartial(v)
	}
	if containsSensitive(cond) {
		return dropPartial(v) // re-evaluating the branch alone would lose the condition's sensitivity
	}
	cond, err := convert.Convert(unmarkDeep(cond), cty.Bool)
	if err != nil || !cond.IsKnown() || cond.IsNull() {
		return dropPartial(v)
	}
	branch := c.FalseResult
	if cond.True() {
		branch = c.TrueResult
	}
	bv, diags := branch.Value(ctx)
	if diags.HasErrors() {
		return dropPartial(v)
	}
	out, err := convert.Convert(in.partialValue(branch, ctx, bv), v.Type())
	if err != nil {
		return dropPartial(v)
	}
	return out
}
