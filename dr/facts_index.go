package dr

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// index holds the inventory's resources by what facts need of them.
type index struct {
	byID        map[string]*inventory.Resource
	protectable []*inventory.Resource
	vaults      []*inventory.Resource
	selections  []*inventory.Resource
	// selectors are the selections read once, in the order of selections.
	selectors []*selector
	// rules caches the rule facts of a plan for a resource type (point in time depends on the type).
	rules    map[[2]string][]RuleFacts
	clusters []*inventory.Resource
	// dlmPolicies are the DLM snapshot policies (or of unknown type), read once, by id.
	dlmPolicies []*dlmPolicy
	// bucketsByName holds the S3 buckets by their known name (replication destinations name them).
	bucketsByName map[string][]*inventory.Resource
	// arns caches each resource's ARN (resourceARN), matched against every selection's patterns.
	arns map[*inventory.Resource]arnEntry
}

type arnEntry struct {
	arn subject
	ok  bool
}

// arnOf returns resourceARN(r), computed once per resource.
func (ix *index) arnOf(r *inventory.Resource) (subject, bool) {
	if e, ok := ix.arns[r]; ok {
		return e.arn, e.ok
	}
	arn, ok := resourceARN(r)
	ix.arns[r] = arnEntry{arn, ok}
	return arn, ok
}

func newIndex(inv *inventory.Inventory) *index {
	ix := &index{byID: map[string]*inventory.Resource{}, arns: map[*inventory.Resource]arnEntry{},
		rules: map[[2]string][]RuleFacts{}, bucketsByName: map[string][]*inventory.Resource{}}
	if inv == nil {
		return ix
	}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		ix.byID[r.ID] = r
		switch r.Type {
		case inventory.TypeBackupVault:
			ix.vaults = append(ix.vaults, r)
		case inventory.TypeBackupSelection:
			ix.selections = append(ix.selections, r)
		}
		switch r.Type {
		case inventory.TypeRDSCluster:
			ix.clusters = append(ix.clusters, r)
		case inventory.TypeDLMPolicy:
			if c := compileDLM(r); c != nil {
				ix.dlmPolicies = append(ix.dlmPolicies, c)
			}
		case inventory.TypeS3Bucket:
			if n, st := str(r, "bucket"); st == present {
				ix.bucketsByName[n] = append(ix.bucketsByName[n], r)
			}
		}
		if Protectable(r.Type) {
			ix.protectable = append(ix.protectable, r)
		}
	}
	byID := func(l []*inventory.Resource) {
		sort.SliceStable(l, func(i, j int) bool { return l[i].ID < l[j].ID })
	}
	byID(ix.protectable)
	byID(ix.vaults)
	byID(ix.selections)
	byID(ix.clusters)
	sort.SliceStable(ix.dlmPolicies, func(i, j int) bool { return ix.dlmPolicies[i].res.ID < ix.dlmPolicies[j].res.ID })
	for _, sel := range ix.selections {
		var plan *inventory.Resource
		if ref, st := str(sel, "plan_id"); st == present {
			if p, ok := ix.byID[ref]; ok && p.Type == inventory.TypeBackupPlan {
				plan = p
			}
		}
		ix.selectors = append(ix.selectors, ix.compile(sel, plan))
	}
	return ix
}

// get returns the value at a dotted path of the attributes ("lock.mode", "rules.0.schedule").
func get(r *inventory.Resource, path string) (any, bool) {
	return inventory.ValueAt(r.Attributes, path)
}

// unknownAt reports whether path, a parent of it, or anything below it is unknown.
func unknownAt(r *inventory.Resource, path string) bool {
	if r.IsUnknown(path) {
		return true
	}
	for _, u := range r.Unknown {
		if strings.HasPrefix(u, path+".") {
			return true
		}
	}
	return false
}

// value states of an attribute.
type valueState int

const (
	absent     valueState = iota // null or missing
	unknownVal                   // in the resource's unknown paths
	present                      // a value
	wrongType                    // a value of another type than expected
)

func str(r *inventory.Resource, path string) (string, valueState) {
	if r.IsUnknown(path) {
		return "", unknownVal
	}
	v, ok := get(r, path)
	if !ok || v == nil {
		return "", absent
	}
	s, ok := v.(string)
	if !ok {
		return "", wrongType
	}
	return s, present
}

func integer(r *inventory.Resource, path string) (int, valueState) {
	if r.IsUnknown(path) {
		return 0, unknownVal
	}
	v, ok := get(r, path)
	if !ok || v == nil {
		return 0, absent
	}
	n, ok := toInt(v)
	if !ok {
		return 0, wrongType
	}
	return n, present
}

// toInt converts the numbers an inventory holds (int64 from scanners, float64 from JSON) to a whole int.
func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case float64:
		if n != math.Trunc(n) || n > math.MaxInt32 || n < math.MinInt32 {
			return 0, false
		}
		return int(n), true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

func boolean(r *inventory.Resource, path string) (bool, valueState) {
	if r.IsUnknown(path) {
		return false, unknownVal
	}
	v, ok := get(r, path)
	if !ok || v == nil {
		return false, absent
	}
	b, ok := v.(bool)
	if !ok {
		return false, wrongType
	}
	return b, present
}

// list returns the elements of a list attribute, whatever slice type holds them.
func list(r *inventory.Resource, path string) ([]any, valueState) {
	if r.IsUnknown(path) {
		return nil, unknownVal
	}
	v, ok := get(r, path)
	if !ok || v == nil {
		return nil, absent
	}
	if l, ok := toList(v); ok {
		return l, present
	}
	return nil, wrongType
}

// toList converts the slice types an inventory holds ([]any from JSON, []string and []map[string]any from
// scanners) to []any.
func toList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// describe names a value state in a reason.
func describe(r *inventory.Resource, path string, st valueState) string {
	switch st {
	case unknownVal:
		return fmt.Sprintf("%s of %s is unknown", path, r.ID)
	case wrongType:
		return fmt.Sprintf("%s of %s has an unexpected type", path, r.ID)
	default:
		return fmt.Sprintf("%s of %s is not in the inventory", path, r.ID)
	}
}

func ptr[T any](v T) *T { return &v }

// sortedUnique sorts reasons and drops repeats; never nil, so JSON shows [].
func sortedUnique(in []string) []string {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
