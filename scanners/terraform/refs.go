package terraform

import (
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
	if !native {
		return travs
	}
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.RelativeTraversalExpr:
			// x[key].attr: the relative traversal reads attr from the indexed instance.
			if ix, ok := e.Source.(*hclsyntax.IndexExpr); ok {
				if st, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
					travs = appendIndexedRead(travs, st.Traversal, e.Traversal)
				}
			}
		case *hclsyntax.SplatExpr:
			// x[*].attr: Each reads attr from every instance.
			if st, ok := e.Source.(*hclsyntax.ScopeTraversalExpr); ok {
				if rt, ok := e.Each.(*hclsyntax.RelativeTraversalExpr); ok {
					travs = appendIndexedRead(travs, st.Traversal, rt.Traversal)
				}
			}
		case *hclsyntax.ForExpr:
			// [for k, v in x : v.attr]: v is an instance of x.
			st, ok := e.CollExpr.(*hclsyntax.ScopeTraversalExpr)
			if !ok {
				break
			}
			for _, sub := range []hclsyntax.Expression{e.KeyExpr, e.ValExpr, e.CondExpr} {
				if sub == nil {
					continue
				}
				for _, t := range sub.Variables() {
					if t.RootName() == e.ValVar && len(t) > 1 {
						travs = appendIndexedRead(travs, st.Traversal, t[1:])
					}
				}
			}
		}
		return nil
	})
	return travs
}

// appendIndexedRead appends base[?].attr to travs when base names a whole resource, data source or module
// call (data.x.y, x.y, module.y) and rest starts with an attribute read.
func appendIndexedRead(travs []hcl.Traversal, base, rest hcl.Traversal) []hcl.Traversal {
	want := 2 // x.y, module.y
	if base.RootName() == "data" {
		want = 3
	}
	if len(base) != want || len(rest) == 0 {
		return travs
	}
	for _, s := range base[1:] {
		if _, ok := s.(hcl.TraverseAttr); !ok {
			return travs
		}
	}
	attr, ok := rest[0].(hcl.TraverseAttr)
	if !ok {
		return travs
	}
	t := make(hcl.Traversal, 0, want+2)
	t = append(t, base...)
	t = append(t, hcl.TraverseIndex{Key: cty.DynamicVal}, attr)
	return append(travs, t)
}
