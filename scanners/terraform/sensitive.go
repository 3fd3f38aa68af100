package terraform

import (
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Sensitive values.
//
// A variable or output declared `sensitive = true`, and sensitive(x), mark their value with sensitiveMark.
// The mark rides through evaluation as Terraform's does: operators, templates and functions put the marks
// of their operands on their result. The value itself never leaves evaluation: where values become block
// attributes (goConverter) a marked value is nil, its path unknown and listed in Block.Sensitive, so no
// rule judges a value it cannot see (a hidden "public-read" must not pass as some placeholder) and
// reports show iac.Redacted where they would show it. A policy document with a sensitive part is a
// partial document whose part is unknown (partial.go). A for_each that is sensitive is an error, as in
// Terraform: its keys would become addresses.

// sensitivity is the type of sensitiveMark.
type sensitivity struct{}

// sensitiveMark marks a sensitive value.
var sensitiveMark = sensitivity{}

// isSensitive reports whether v itself (not a value inside it) is marked sensitive.
func isSensitive(v cty.Value) bool { return v.HasMark(sensitiveMark) }

// containsSensitive reports whether v or any value inside it is marked sensitive.
func containsSensitive(v cty.Value) bool {
	if !containsMarks(v) {
		return false
	}
	_, pvm := v.UnmarkDeepWithPaths()
	for _, pm := range pvm {
		if _, ok := pm.Marks[sensitiveMark]; ok {
			return true
		}
	}
	return false
}

// markSensitive marks v sensitive when sensitive is set.
func markSensitive(v cty.Value, sensitive bool) cty.Value {
	if !sensitive || v == cty.NilVal {
		return v
	}
	return v.Mark(sensitiveMark)
}

// dropPartial removes every mark from v except sensitivity: partial document marks (partial.go) must not
// outlive the expression that made them, and sensitivity must.
func dropPartial(v cty.Value) cty.Value {
	if !containsMarks(v) {
		return v
	}
	u, pvm := v.UnmarkDeepWithPaths()
	var keep []cty.PathValueMarks
	for _, pm := range pvm {
		if _, ok := pm.Marks[sensitiveMark]; ok {
			keep = append(keep, cty.PathValueMarks{Path: pm.Path, Marks: cty.NewValueMarks(sensitiveMark)})
		}
	}
	if len(keep) == 0 {
		return u
	}
	return u.MarkWithPaths(keep)
}

// sensitiveFunc is Terraform's sensitive(value).
var sensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true,
		AllowDynamicType: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return args[0].Mark(sensitiveMark), nil
	},
})

// nonsensitiveFunc is Terraform's nonsensitive(value): the author declares the value safe to show.
var nonsensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true,
		AllowDynamicType: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		delete(marks, sensitiveMark)
		return v.WithMarks(marks), nil
	},
})

// issensitiveFunc is Terraform's issensitive(value).
var issensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true,
		AllowDynamicType: true, AllowMarked: true}},
	Type: function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(isSensitive(args[0])), nil
	},
})
