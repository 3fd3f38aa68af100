package engine

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// ruleOnlyCache is OPA's virtual document cache without the entries for function calls. OPA memoizes
// every call of a Rego function by its arguments for the whole query; the rules call helpers with a
// different resource each time, so almost no entry is ever hit again, and the cache (a trie with a
// hash map per argument) grows with every resource and is the largest source of garbage. Rules and
// partial rules (data.x.y, data.x.deny[k]) stay cached, so a rule is still evaluated once per query.
type ruleOnlyCache struct {
	topdown.VirtualCache
}

func newRuleOnlyCache() topdown.VirtualCache {
	return ruleOnlyCache{topdown.NewVirtualCache()}
}

// isCall reports whether a cache key is a function call: its head is the function's ref
// (data.vigil.lib.label) followed by the arguments, where a rule's key starts with the var data.
func isCall(key ast.Ref) bool {
	if len(key) == 0 {
		return false
	}
	_, ok := key[0].Value.(ast.Ref)
	return ok
}

func (c ruleOnlyCache) Get(key ast.Ref) (*ast.Term, bool) {
	if isCall(key) {
		return nil, false
	}
	return c.VirtualCache.Get(key)
}

func (c ruleOnlyCache) Put(key ast.Ref, value *ast.Term) {
	if !isCall(key) {
		c.VirtualCache.Put(key, value)
	}
}
