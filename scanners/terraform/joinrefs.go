package terraform

import (
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// Joins through names that are not known.
//
// A split resource names its parent by the parent's name: role = aws_iam_role.app.name. References to
// a resource's id and arn evaluate to its address, so adapters join them exactly; a name evaluates to
// the name, and when that is not known (a variable without value, name_prefix, a name the provider
// makes up) the value is unknown and the adapter cannot tell which parent the block configures. The
// plan reader joins such a value through the configuration's reference to it; this is the same join for
// HCL: the unknown name of a resource is marked with the attribute it is (refName), the mark survives
// only a plain reference (a traversal, through locals, module variables and outputs, or a list or object
// of plain references), and attrsToGo writes "<address>.<attribute>" in place of the unknown value,
// the form the adapters' owners lookup follows ("aws_iam_role.app.name").

// refName marks an unknown value that is attribute ref ("aws_iam_role.app.name") of a resource.
type refName struct{ ref string }

// refNameMarks is set once a refName mark has been made: until then eval need not look for them.
var refNameMarks atomic.Bool

// markJoinKeys replaces in cfg, the value other blocks see of managed resource typ at addr, each join
// key that is not known (unknown or not set, so computed) with an unknown string marked with its
// reference. A sensitive name stays as it is: its value never reaches a report.
func markJoinKeys(typ, addr string, cfg map[string]cty.Value) {
	for _, attr := range iac.JoinKeys(typ) {
		if v, ok := cfg[attr]; ok && (v.IsKnown() && !v.IsMarked() || isSensitive(v)) {
			if !v.IsNull() {
				continue
			}
		}
		refNameMarks.Store(true)
		cfg[attr] = cty.UnknownVal(cty.String).RefineNotNull().Mark(refName{ref: addr + "." + attr})
	}
}

// refNameOf returns the reference an unknown value stands for: v must carry exactly one refName mark.
func refNameOf(v cty.Value) (string, bool) {
	if v.IsKnown() || !v.IsMarked() {
		return "", false
	}
	ref, n := "", 0
	for m := range v.Marks() {
		if r, ok := m.(refName); ok {
			ref = r.ref
			n++
		}
	}
	return ref, n == 1
}

// keepRefNames drops the refName marks from the value of an expression that is not a plain reference:
// a name interpolated, or passed to a function, is no longer the parent's name.
func keepRefNames(expr hcl.Expression, v cty.Value) cty.Value {
	if !refNameMarks.Load() || plainRef(expr) || !containsMarks(v) {
		return v
	}
	u, pvm := v.UnmarkDeepWithPaths()
	var keep []cty.PathValueMarks
	for _, pm := range pvm {
		marks := cty.ValueMarks{}
		for m := range pm.Marks {
			if _, ok := m.(refName); !ok {
				marks[m] = struct{}{}
			}
		}
		if len(marks) > 0 {
			keep = append(keep, cty.PathValueMarks{Path: pm.Path, Marks: marks})
		}
	}
	if len(keep) == 0 {
		return u
	}
	return u.MarkWithPaths(keep)
}

// plainRef reports whether expr's value is a referenced value as it is: a traversal, or a list or object
// of them (users = [aws_iam_user.a.name]).
func plainRef(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.TemplateWrapExpr:
		return plainRef(e.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return plainRef(e.Expression)
	case *hclsyntax.RelativeTraversalExpr:
		return plainRef(e.Source)
	case *hclsyntax.IndexExpr:
		_, lit := e.Key.(*hclsyntax.LiteralValueExpr)
		return lit && plainRef(e.Collection)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !plainRef(x) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			if !plainRef(it.ValueExpr) {
				return false
			}
		}
		return true
	}
	return false
}
