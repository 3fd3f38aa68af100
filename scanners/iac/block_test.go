package iac

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type m = map[string]any

func TestPartlyKnownLists(t *testing.T) {
	b := Block{
		Attrs: m{
			"ingress": []any{m{"from_port": 22}},
			"rule":    []any{m{"transition": []any{m{"days": 30}}}, nil},
			"tags":    m{"a": nil},
			"whole":   nil,
		},
		Unknown: []string{"ingress.0.cidr_blocks", "ingress.1", "rule.0.transition.1", "rule.1", "tags.a", "whole"},
	}
	assert.True(t, b.MayHoldMore("ingress"))
	assert.False(t, b.MayHoldMore("rule"), "rule.1 is an unknown element of a list of two, not one more")
	assert.True(t, b.MayHoldMore("rule.0.transition"))
	assert.False(t, b.MayHoldMore("whole"), "unknown as a whole")
	assert.False(t, b.MayHoldMore("tags"))
	assert.Equal(t, []string{"ingress", "rule.0.transition"}, b.PartlyKnownLists())

	closed := b.CloseLists(func(p string) bool { return p == "ingress" })
	assert.Equal(t, []string{"ingress.0.cidr_blocks", "ingress.1", "rule.0.transition", "rule.1", "tags.a", "whole"}, closed.Unknown)
	assert.Nil(t, closed.Attrs["rule"].([]any)[0].(m)["transition"])
	assert.NotNil(t, b.Attrs["rule"].([]any)[0].(m)["transition"], "the original is not changed")

	all := b.CloseLists(nil)
	assert.Equal(t, []string{"ingress", "rule.0.transition", "rule.1", "tags.a", "whole"}, all.Unknown)
	assert.Nil(t, all.Attrs["ingress"])
	assert.Empty(t, all.PartlyKnownLists())

	plain := Block{Attrs: m{"x": []any{}}, Unknown: []string{"y"}}
	assert.Equal(t, plain.Unknown, plain.CloseLists(nil).Unknown)
}
