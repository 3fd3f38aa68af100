package terraform

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// references returns the traversals expr refers to, as Expression.Variables does, plus one traversal for
// each attribute read from a resource, data source or module instance that the static traversals do not
// show: data.x.this[each.key].name, data.x.this[*].name, and v.name in a for expression over data.x.this.
// Those reads are written as data.x.this[?].name (an unknown index), so that attrAfter finds the attribute
// and the evaluator supplies it, unknown, when the configuration does not set it. Without them, such a read
// of a computed attribute ("service_name" of a data source) failed as an unsupported attribute: visible
// when the read sits in try() or can(), which turn the missing attribute into the failure of the call.
func references(expr hcl.Expression) []hcl.Traversal {
	travs := expr.Variables()
	se, native := expr.(hclsyntax.Expression)
	if !native || !slices.ContainsFunc(travs, isWholeInstanceRef) {
		// Every such read starts from a reference to a whole resource, data source or module call (data.x.y
		// then [key], [*] or a for expression): without one, the syntax tree need not be walked.
		return travs
	}
	// replaced holds the ranges of the traversals x whose instance is then read with an attribute: x
	// itself is not read whole (module.x whole would need every output of the module).
	var replaced []hcl.Range
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		var ok bool
		switch e := n.(type) {
		case *hclsyntax.RelativeTraversalExpr:
			// x[key].attr: the relative traversal reads attr from the indexed instance.
			if ix, isIndex := e.Source.(*hclsyntax.IndexExpr); isIndex {
				if st, isTrav := ix.Collection.(*hclsyntax.ScopeTraversalExpr); isTrav {
					if travs, ok = appendIndexedRead(travs, st.Traversal, e.Traversal); ok {
						replaced = append(replaced, st.SrcRange)
					}
				}
			}
		case *hclsyntax.SplatExpr:
			// x[*].attr: Each reads attr from every instance.
			if st, isTrav := e.Source.(*hclsyntax.ScopeTraversalExpr); isTrav {
				if rt, isRel := e.Each.(*hclsyntax.RelativeTraversalExpr); isRel {
					if travs, ok = appendIndexedRead(travs, st.Traversal, rt.Traversal); ok {
						replaced = append(replaced, st.SrcRange)
					}
				}
			}
		case *hclsyntax.ForExpr:
			// [for k, v in x : v.attr]: v is an instance of x.
			st, ok := forCollection(e).(*hclsyntax.ScopeTraversalExpr)
			if !ok {
				break
			}
			for _, sub := range []hclsyntax.Expression{e.KeyExpr, e.ValExpr, e.CondExpr} {
				if sub == nil {
					continue
				}
				for _, t := range sub.Variables() {
					if t.RootName() == e.ValVar && len(t) > 1 {
						travs, _ = appendIndexedRead(travs, st.Traversal, t[1:])
					}
				}
			}
		}
		return nil
	})
	if len(replaced) == 0 {
		return travs
	}
	return slices.DeleteFunc(travs, func(t hcl.Traversal) bool {
		return slices.Contains(replaced, t.SourceRange())
	})
}

// notInstances are the roots of references that are not resources, data sources or module calls.
var notInstances = map[string]bool{
	"var": true, "local": true, "each": true, "count": true, "self": true, "path": true, "terraform": true,
}

// isWholeInstanceRef reports whether t refers to a whole resource, data source or module call, with
// nothing read from it: data.x.y, x.y, module.y.
func isWholeInstanceRef(t hcl.Traversal) bool {
	if notInstances[t.RootName()] {
		return false
	}
	if t.RootName() == "data" {
		return len(t) == 3
	}
	return len(t) == 2
}

// appendIndexedRead appends base[?].attr to travs when base names a whole resource, data source or module
// call (data.x.y, x.y, module.y) and rest starts with an attribute read. It reports whether it did.
func appendIndexedRead(travs []hcl.Traversal, base, rest hcl.Traversal) ([]hcl.Traversal, bool) {
	want := 2 // x.y, module.y
	if base.RootName() == "data" {
		want = 3
	}
	if len(base) != want || len(rest) == 0 || notInstances[base.RootName()] {
		return travs, false
	}
	for _, s := range base[1:] {
		if _, ok := s.(hcl.TraverseAttr); !ok {
			return travs, false
		}
	}
	attr, ok := rest[0].(hcl.TraverseAttr)
	if !ok {
		return travs, false
	}
	t := make(hcl.Traversal, 0, want+2)
	t = append(t, base...)
	t = append(t, hcl.TraverseIndex{Key: cty.DynamicVal, SrcRange: attr.SrcRange}, attr)
	return append(travs, t), true
}
