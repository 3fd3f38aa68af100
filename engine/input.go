package engine

import (
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-audit/vigil/inventory"
)

// inputChunk is how many resources one conversion task turns into OPA values: small enough to spread a
// type with most of the resources over every core, large enough that the scheduling is negligible.
const inputChunk = 4096

// Keys of a resource document, shared by every resource (OPA values are immutable once built).
var (
	keyByType     = ast.InternedTerm("by_type")
	keyUnknownBy  = ast.InternedTerm("unknown_by_type")
	keyID         = ast.InternedTerm("id")
	keyType       = ast.InternedTerm("type")
	keyName       = ast.InternedTerm("name")
	keyAccount    = ast.InternedTerm("account")
	keyRegion     = ast.InternedTerm("region")
	keyTags       = ast.InternedTerm("tags")
	keyAttributes = ast.InternedTerm("attributes")
	keyUnknown    = ast.InternedTerm("unknown")
	keySource     = ast.InternedTerm("source")
	keyKind       = ast.InternedTerm("kind")
	keyFile       = ast.InternedTerm("file")
	keyAddress    = ast.InternedTerm("address")
	keyDR         = ast.InternedTerm("dr")
)

// policyInput is the inventory as the rules read it: the OPA value, and the resource documents it
// lists, kept so that release can let them go.
type policyInput struct {
	value ast.Value
	lists [][]*ast.Term // the elements of input.by_type and input.unknown_by_type, which NewArray keeps
}

// release drops the resource documents from the input once no rule reads it any more. OPA's pooled
// evaluators keep the last queries' input until the second collection after their last use (see
// internal/gcpace); emptying its lists lets the documents, most of the evaluation's memory, go at the
// next collection instead, before the results are built.
func (in *policyInput) release() {
	for _, list := range in.lists {
		for i := range list {
			list[i] = ast.InternedNullTerm
		}
	}
	in.lists = nil
}

// inputValue converts the inventory to an OPA value once; every rule then reads its own types
// through input.by_type instead of scanning every resource. input.unknown_by_type lists, per type, the
// resources that have unknown paths (lib.resources_with_unknown): unknown rules look only at those.
// Resources are built straight into ast values (no intermediate map[string]any), in parallel, and
// equal values share one term (see valueBuilder). dr, when not nil, is the DR posture's JSON, given to
// the rules as input.dr (see drTerm).
func inputValue(byType map[string][]*inventory.Resource, dr []byte) (*policyInput, error) {
	var posture *ast.Term
	if dr != nil {
		var err error
		if posture, err = drTerm(dr); err != nil {
			return nil, err
		}
	}
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	sort.Strings(types)

	type task struct {
		out []*ast.Term
		rs  []*inventory.Resource
	}
	lists := make([][]*ast.Term, len(types))
	var tasks []task
	for i, t := range types {
		rs := byType[t]
		lists[i] = make([]*ast.Term, len(rs))
		for lo := 0; lo < len(rs); lo += inputChunk {
			hi := min(lo+inputChunk, len(rs))
			tasks = append(tasks, task{out: lists[i][lo:hi], rs: rs[lo:hi]})
		}
	}

	work := make(chan task)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(tasks)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newValueBuilder()
			for tk := range work {
				for i, r := range tk.rs {
					doc, err := b.resource(r)
					if err != nil {
						select {
						case errs <- fmt.Errorf("resource %s: %w", r.ID, err):
						default:
						}
						continue
					}
					tk.out[i] = doc
				}
			}
		}()
	}
	for _, tk := range tasks {
		work <- tk
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return nil, fmt.Errorf("convert inventory for policy evaluation: %w", err)
	default:
	}

	all := make([][2]*ast.Term, len(types))
	var withUnknown [][2]*ast.Term
	for i, t := range types {
		typ := ast.StringTerm(t)
		all[i] = [2]*ast.Term{typ, ast.NewTerm(ast.NewArray(lists[i]...))}
		var unknown []*ast.Term
		for j, r := range byType[t] {
			if len(r.Unknown) > 0 {
				unknown = append(unknown, lists[i][j])
			}
		}
		if len(unknown) > 0 {
			withUnknown = append(withUnknown, [2]*ast.Term{typ, ast.NewTerm(ast.NewArray(unknown...))})
			lists = append(lists, unknown)
		}
	}
	top := [][2]*ast.Term{
		{keyByType, ast.NewTerm(ast.NewObject(all...))},
		{keyUnknownBy, ast.NewTerm(ast.NewObject(withUnknown...))},
	}
	if posture != nil {
		top = append(top, [2]*ast.Term{keyDR, posture})
	}
	return &policyInput{value: ast.NewObject(top...), lists: lists}, nil
}

// valueBuilder turns inventory values into OPA terms. It is used by one goroutine. Values are
// hash-consed: equal strings and numbers share one term, and so do equal objects and arrays (the same
// default configuration block or policy document on thousands of resources), which keeps the value
// that every rule reads, and the garbage collector scans, small and saves building it again.
type valueBuilder struct {
	scalars    map[string]*ast.Term
	numbers    map[ast.Number]*ast.Term
	composites map[compositeKey]*ast.Term
}

func newValueBuilder() *valueBuilder {
	return &valueBuilder{
		scalars:    map[string]*ast.Term{},
		numbers:    map[ast.Number]*ast.Term{},
		composites: map[compositeKey]*ast.Term{},
	}
}

// maxShared bounds the objects and arrays that are shared: a small one is identified by its
// (already shared) elements; larger ones are rare and built every time.
const maxShared = 8

// compositeKey identifies an object (its keys in order, each followed by its value) or an array by the
// terms of its elements, which are themselves shared: equal composites have equal keys.
type compositeKey struct {
	array bool
	n     int
	terms [2 * maxShared]*ast.Term
}

// internLimit bounds the strings worth sharing: attribute keys and enumerated values are short, and
// long strings are rarely repeated.
const internLimit = 64

func (b *valueBuilder) str(s string) *ast.Term {
	if len(s) > internLimit {
		return ast.StringTerm(s)
	}
	if t, ok := b.scalars[s]; ok {
		return t
	}
	t := ast.StringTerm(s)
	b.scalars[s] = t
	return t
}

// resource builds the document a rule sees for one resource:
// {id, type, name, account, region, tags, attributes, unknown, source: {kind, file, address}}.
func (b *valueBuilder) resource(r *inventory.Resource) (*ast.Term, error) {
	attrs, err := b.object(r.Attributes)
	if err != nil {
		return nil, err
	}
	id := ast.StringTerm(r.ID)
	address := id
	if r.Source.Address != r.ID {
		address = b.str(r.Source.Address)
	}
	name := id
	if r.Name != r.ID {
		name = b.str(r.Name)
	}
	// A source that names the resource itself as its address is its own; any other (a live
	// resource's, without file or address; the block of several instances) is shared.
	source := [][2]*ast.Term{{keyAddress, address}, {keyFile, b.str(r.Source.File)}, {keyKind, b.str(r.Source.Kind)}}
	var sourceTerm *ast.Term
	if address == id || len(r.Source.Address) > internLimit {
		sourceTerm = ast.NewTerm(ast.NewObject(source...))
	} else {
		sourceTerm = b.newObject(source)
	}
	return ast.NewTerm(ast.NewObject(
		[2]*ast.Term{keyID, id},
		[2]*ast.Term{keyType, b.str(r.Type)},
		[2]*ast.Term{keyName, name},
		[2]*ast.Term{keyAccount, b.str(r.Account)},
		[2]*ast.Term{keyRegion, b.str(r.Region)},
		[2]*ast.Term{keyTags, b.tags(r.Tags)},
		[2]*ast.Term{keyAttributes, attrs},
		[2]*ast.Term{keyUnknown, b.stringList(r.Unknown)},
		[2]*ast.Term{keySource, sourceTerm},
	)), nil
}

func (b *valueBuilder) tags(tags map[string]string) *ast.Term {
	if len(tags) == 0 {
		return ast.InternedEmptyObject
	}
	var kbuf [maxShared]string
	var pbuf [maxShared][2]*ast.Term
	pairs := pbuf[:0]
	for _, k := range sortedKeys(tags, kbuf[:0]) {
		pairs = append(pairs, [2]*ast.Term{b.str(k), b.str(tags[k])})
	}
	return b.newObject(pairs)
}

func (b *valueBuilder) stringList(list []string) *ast.Term {
	if len(list) == 0 {
		return ast.InternedEmptyArray
	}
	var tbuf [2 * maxShared]*ast.Term
	terms := tbuf[:0]
	for _, s := range list {
		terms = append(terms, b.str(s))
	}
	return b.newArray(terms)
}

func (b *valueBuilder) object(m map[string]any) (*ast.Term, error) {
	if len(m) == 0 {
		return ast.InternedEmptyObject, nil
	}
	// Small objects are assembled on the stack: most of them are already built.
	var kbuf [maxShared]string
	var pbuf [maxShared][2]*ast.Term
	pairs := pbuf[:0]
	for _, k := range sortedKeys(m, kbuf[:0]) {
		t, err := b.term(m[k])
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]*ast.Term{b.str(k), t})
	}
	return b.newObject(pairs), nil
}

// sortedKeys appends the keys of m to keys, in order for a small map, so that equal maps give equal
// composite keys (larger maps are not shared, and their order does not matter).
func sortedKeys[V any](m map[string]V, keys []string) []string {
	for k := range m {
		keys = append(keys, k)
	}
	if len(keys) <= maxShared {
		slices.Sort(keys)
	}
	return keys
}

// newObject returns the shared object with these pairs, in key order, building it the first time.
func (b *valueBuilder) newObject(pairs [][2]*ast.Term) *ast.Term {
	if len(pairs) > maxShared {
		return ast.NewTerm(ast.NewObject(pairs...))
	}
	key := compositeKey{n: len(pairs)}
	for i, p := range pairs {
		key.terms[2*i], key.terms[2*i+1] = p[0], p[1]
	}
	if t, ok := b.composites[key]; ok {
		return t
	}
	t := ast.NewTerm(ast.NewObject(pairs...))
	b.composites[key] = t
	return t
}

// newArray returns the shared array with these elements, building it the first time. terms may be a
// scratch buffer: the array gets its own copy.
func (b *valueBuilder) newArray(terms []*ast.Term) *ast.Term {
	if len(terms) > 2*maxShared {
		return ast.NewTerm(ast.NewArray(slices.Clone(terms)...))
	}
	key := compositeKey{array: true, n: len(terms)}
	copy(key.terms[:], terms)
	if t, ok := b.composites[key]; ok {
		return t
	}
	t := ast.NewTerm(ast.NewArray(slices.Clone(terms)...))
	b.composites[key] = t
	return t
}

// term converts one attribute value the way ast.InterfaceToValue does.
func (b *valueBuilder) term(x any) (*ast.Term, error) {
	switch x := x.(type) {
	case nil:
		return ast.InternedNullTerm, nil
	case bool:
		return ast.InternedTerm(x), nil
	case string:
		return b.str(x), nil
	case map[string]any:
		return b.object(x)
	case []any:
		if len(x) == 0 {
			return ast.InternedEmptyArray, nil
		}
		var tbuf [2 * maxShared]*ast.Term
		terms := tbuf[:0]
		for _, e := range x {
			t, err := b.term(e)
			if err != nil {
				return nil, err
			}
			terms = append(terms, t)
		}
		return b.newArray(terms), nil
	case []string:
		return b.stringList(x), nil
	case map[string]string:
		return b.tags(x), nil
	default:
		v, err := ast.InterfaceToValue(x)
		if err != nil {
			return nil, err
		}
		if n, ok := v.(ast.Number); ok {
			if t, ok := b.numbers[n]; ok {
				return t, nil
			}
			t := ast.NewTerm(n)
			b.numbers[n] = t
			return t, nil
		}
		return ast.NewTerm(v), nil
	}
}

// drTerm is the DR posture as the rules read it, input.dr = {"resources": {id: resource posture}}:
// keyed by resource id, so that a rule finds a resource's objectives in one lookup. raw is the
// posture's JSON.
func drTerm(raw []byte) (*ast.Term, error) {
	var doc struct {
		Resources []map[string]any `json:"resources"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("decode DR posture for policy evaluation: %w", err)
	}
	byID := make(map[string]any, len(doc.Resources))
	for _, r := range doc.Resources {
		id, _ := r["resource"].(string)
		if id == "" {
			return nil, fmt.Errorf("DR posture for policy evaluation: a resource has no id")
		}
		byID[id] = r
	}
	v, err := ast.InterfaceToValue(map[string]any{"resources": byID})
	if err != nil {
		return nil, fmt.Errorf("convert DR posture for policy evaluation: %w", err)
	}
	return ast.NewTerm(v), nil
}
