package ireval

import (
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLookupCacheAnswersOnlyForItsObjectKeyAndGeneration: lookups that share a slot answer for their
// own object and key, and a change in place (which moves the generation on) is seen.
func TestLookupCacheAnswersOnlyForItsObjectKeyAndGeneration(t *testing.T) {
	m := &machine{}
	name := ast.StringTerm("name")
	first := ast.NewTerm(ast.NewObject([2]*ast.Term{name, ast.StringTerm("first")}))
	// Objects until one takes the first one's slot for the same key.
	var other *ast.Term
	var kept []*ast.Term // alive, so that no two have the same address
	for i := 0; other == nil && i < 1_000_000; i++ {
		o := ast.NewTerm(ast.NewObject([2]*ast.Term{name, ast.StringTerm(fmt.Sprint("other ", i))}))
		kept = append(kept, o)
		if lookupSlot(o, name) == lookupSlot(first, name) {
			other = o
		}
	}
	require.NotNil(t, other, "no two objects share a slot")
	// A key that takes the first object's slot too.
	var key *ast.Term
	for i := 0; key == nil && i < 1_000_000; i++ {
		k := ast.StringTerm(fmt.Sprint("k", i))
		kept = append(kept, k)
		if lookupSlot(first, k) == lookupSlot(first, name) {
			key = k
		}
	}
	require.NotNil(t, key, "no key shares the slot")

	assert.Equal(t, ast.StringTerm("first"), m.dotConst(first, name))
	assert.Equal(t, other.Value.(ast.Object).Get(name), m.dotConst(other, name), "another object in the same slot")
	assert.NotEqual(t, ast.StringTerm("first"), m.dotConst(other, name))
	assert.Nil(t, m.dotConst(first, key), "another key in the same slot")
	assert.Equal(t, ast.StringTerm("first"), m.dotConst(first, name))

	// A change in place, as an insert statement makes it, after the lookup that found nothing.
	require.Nil(t, m.dotConst(first, key))
	first.Value.(ast.Object).Insert(key, ast.StringTerm("added"))
	m.generation++
	assert.Equal(t, ast.StringTerm("added"), m.dotConst(first, key))
	assert.Nil(t, m.dotConst(nil, key))
}
