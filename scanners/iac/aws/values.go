package aws

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// state says what a block tells about one of its attributes.
type state uint8

const (
	absent  state = iota // not set (or null): the platform default applies
	known                // set to a known value
	unknown              // set, but the value is not known before apply
)

// lookup returns the value at a dotted path of b's attributes ("rule.0.status"). A null value is absent,
// as in Terraform.
func lookup(b *iac.Block, path string) (any, state) {
	if b.IsUnknown(path) {
		return nil, unknown
	}
	v, ok := inventory.ValueAt(b.Attrs, path)
	if !ok || v == nil {
		return nil, absent
	}
	return v, known
}

// unknownWithin reports whether path, a parent of it, or anything below it is unknown: a list of strings
// with one unknown element cannot be judged as a whole.
func unknownWithin(b *iac.Block, path string) bool {
	if b.IsUnknown(path) {
		return true
	}
	for _, u := range b.Unknown {
		if strings.HasPrefix(u, path+".") {
			return true
		}
	}
	return false
}

// getString reads a string, converting numbers and booleans as Terraform does. A value of another type
// is reported unknown: it cannot be the string the provider would see.
func getString(b *iac.Block, path string) (string, state) {
	v, st := lookup(b, path)
	if st != known {
		return "", st
	}
	s, ok := asString(v)
	if !ok {
		return "", unknown
	}
	return s, known
}

// getBool reads a boolean; "true" and "false" strings convert as in Terraform.
func getBool(b *iac.Block, path string) (bool, state) {
	v, st := lookup(b, path)
	if st != known {
		return false, st
	}
	switch x := v.(type) {
	case bool:
		return x, known
	case string:
		if p, err := strconv.ParseBool(x); err == nil {
			return p, known
		}
	}
	return false, unknown
}

// getNumber reads a number; numeric strings convert as in Terraform.
func getNumber(b *iac.Block, path string) (float64, state) {
	v, st := lookup(b, path)
	if st != known {
		return 0, st
	}
	f, ok := asFloat(v)
	if !ok {
		return 0, unknown
	}
	return f, known
}

// getList reads a list (of nested blocks or of values). Only the list itself is checked for unknown;
// callers look at elements one by one.
func getList(b *iac.Block, path string) ([]any, state) {
	v, st := lookup(b, path)
	if st != known {
		return nil, st
	}
	l, ok := v.([]any)
	if !ok {
		return nil, unknown
	}
	return l, known
}

// getBlock reads the first nested block at path (Terraform blocks are lists even when only one may appear).
func getBlock(b *iac.Block, path string) (map[string]any, state) {
	l, st := getList(b, path)
	if st != known {
		return nil, st
	}
	if len(l) == 0 {
		return nil, absent
	}
	if b.IsUnknown(path + ".0") {
		return nil, unknown
	}
	m, ok := l[0].(map[string]any)
	if !ok {
		return nil, unknown
	}
	return m, known
}

// getStrings reads a list of strings, sorted when sorted is set (Terraform sets). It is unknown when any
// element is, and a single string counts as a list of one.
func getStrings(b *iac.Block, path string, sorted bool) ([]string, state) {
	if unknownWithin(b, path) {
		return nil, unknown
	}
	v, st := lookup(b, path)
	if st != known {
		return nil, st
	}
	var out []string
	switch x := v.(type) {
	case []any:
		out = make([]string, 0, len(x))
		for _, e := range x {
			if e == nil {
				continue
			}
			s, ok := asString(e)
			if !ok {
				return nil, unknown
			}
			out = append(out, s)
		}
	case []string:
		out = append([]string{}, x...)
	default:
		s, ok := asString(v)
		if !ok {
			return nil, unknown
		}
		out = []string{s}
	}
	if sorted {
		sort.Strings(out)
	}
	return out, known
}

// count returns the number of nested blocks at path.
func count(b *iac.Block, path string) (int, state) {
	l, st := getList(b, path)
	return len(l), st
}

// present reports whether a block sets path at all (to a known or unknown value, or a non-empty list).
func present(b *iac.Block, path string) bool {
	v, st := lookup(b, path)
	switch st {
	case unknown:
		return true
	case absent:
		return false
	}
	if l, ok := v.([]any); ok {
		return len(l) > 0
	}
	return true
}

func asString(v any) (string, bool) { return inventory.ScalarString(v) }

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// num is the canonical form of a number: int64 when it is whole, float64 otherwise.
func num(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}
