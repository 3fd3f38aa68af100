package aws

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// fields accumulates canonical attribute values (a tree of maps keyed by dotted paths) and the canonical
// paths whose value is unknown. A resource's attributes are one fields; so is each element of a list
// attribute and each candidate source of a joined setting, so they can be compared and embedded.
type fields struct {
	vals    map[string]any
	unknown []string
}

func newFields() *fields { return &fields{vals: map[string]any{}} }

// set stores v at a dotted path, creating the parent maps.
func (f *fields) set(path string, v any) {
	m := f.vals
	for {
		s, rest, found := strings.Cut(path, ".")
		if !found {
			m[s] = v
			return
		}
		next, ok := m[s].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[s] = next
		}
		m, path = next, rest
	}
}

// get returns the value at a dotted path and whether it is known.
func (f *fields) get(path string) (any, bool) {
	if f.isUnknown(path) {
		return nil, false
	}
	var cur any = f.vals
	for rest, more := path, true; more; {
		var s string
		s, rest, more = strings.Cut(rest, ".")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[s]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// setUnknown records path as unknown and stores null at it: an unknown value never carries a default.
func (f *fields) setUnknown(path string) {
	f.set(path, nil)
	if !f.isUnknown(path) {
		f.unknown = append(f.unknown, path)
	}
}

func (f *fields) isUnknown(path string) bool {
	for _, u := range f.unknown {
		if u == path || strings.HasPrefix(path, u+".") {
			return true
		}
	}
	return false
}

// merge copies every top-level value and unknown path of src into f.
func (f *fields) merge(src *fields) {
	for k, v := range src.vals {
		f.vals[k] = v
	}
	for _, u := range src.unknown {
		if !f.isUnknown(u) {
			f.unknown = append(f.unknown, u)
		}
	}
}

// equal reports whether two candidate sources give the same canonical values.
func (f *fields) equal(o *fields) bool {
	a, b := append([]string{}, f.unknown...), append([]string{}, o.unknown...)
	sort.Strings(a)
	sort.Strings(b)
	return reflect.DeepEqual(f.vals, o.vals) && reflect.DeepEqual(a, b)
}

// equalExcept is equal ignoring the value and unknown state of one dotted path.
func (f *fields) equalExcept(o *fields, path string) bool {
	strip := func(x *fields) *fields {
		c := newFields()
		c.vals = deepCopyMap(x.vals)
		c.deletePath(path)
		for _, u := range x.unknown {
			if u != path {
				c.unknown = append(c.unknown, u)
			}
		}
		return c
	}
	return strip(f).equal(strip(o))
}

// deletePath removes the value at a dotted path, if any.
func (f *fields) deletePath(path string) {
	segs := strings.Split(path, ".")
	m := f.vals
	for _, s := range segs[:len(segs)-1] {
		next, ok := m[s].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	delete(m, segs[len(segs)-1])
}

func deepCopyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			out[k] = deepCopyMap(sub)
		} else {
			out[k] = v
		}
	}
	return out
}

// list stores elems as a list attribute at path; element unknown paths become path.<index>.<sub>.
// Unordered lists (Terraform sets) are sorted by their JSON form so that HCL and plan input agree.
func (f *fields) list(path string, elems []*fields, ordered bool) {
	if !ordered {
		keys := make(map[*fields]string, len(elems))
		for _, e := range elems {
			keys[e] = e.sortKey()
		}
		sort.SliceStable(elems, func(i, j int) bool { return keys[elems[i]] < keys[elems[j]] })
	}
	out := make([]any, len(elems))
	for i, e := range elems {
		out[i] = e.vals
		for _, u := range e.unknown {
			p := path + "." + strconv.Itoa(i) + "." + u
			if !f.isUnknown(p) {
				f.unknown = append(f.unknown, p)
			}
		}
	}
	f.set(path, out)
}

func (f *fields) sortKey() string {
	u := append([]string{}, f.unknown...)
	sort.Strings(u)
	b, _ := json.Marshal(struct {
		V map[string]any
		U []string
	}{f.vals, u})
	return string(b)
}

// The copy helpers below read one attribute of a block into a canonical path: a known value is copied,
// an unknown one is recorded as unknown, and an absent one takes def (the value AWS applies, or nil).

// str copies a string. An empty string counts as absent, as the provider treats it (and as plan JSON
// writes optional strings left out of nested blocks).
func (f *fields) str(dst string, b *iac.Block, src string, def any) {
	f.strFunc(dst, b, src, def, func(s string) any { return s })
}

// strFunc is str with the known value converted by conv.
func (f *fields) strFunc(dst string, b *iac.Block, src string, def any, conv func(string) any) {
	s, st := getString(b, src)
	switch {
	case st == known && s != "":
		f.set(dst, conv(s))
	case st == unknown:
		f.setUnknown(dst)
	default:
		f.set(dst, def)
	}
}

func (f *fields) boolean(dst string, b *iac.Block, src string, def any) {
	v, st := getBool(b, src)
	switch st {
	case known:
		f.set(dst, v)
	case unknown:
		f.setUnknown(dst)
	default:
		f.set(dst, def)
	}
}

func (f *fields) number(dst string, b *iac.Block, src string, def any) {
	v, st := getNumber(b, src)
	switch st {
	case known:
		f.set(dst, num(v))
	case unknown:
		f.setUnknown(dst)
	default:
		f.set(dst, def)
	}
}

// positive copies a number of days that AWS requires to be positive: 0, as plan JSON writes an optional
// number left out of a nested block (and as the provider treats it), counts as absent.
func (f *fields) positive(dst string, b *iac.Block, src string, def any) {
	v, st := getNumber(b, src)
	switch {
	case st == known && v != 0:
		f.set(dst, num(v))
	case st == unknown:
		f.setUnknown(dst)
	default:
		f.set(dst, def)
	}
}

// strings copies a list of strings; an absent list is empty. Sets are sorted.
func (f *fields) strings(dst string, b *iac.Block, src string, sorted bool) {
	v, st := getStrings(b, src, sorted)
	switch st {
	case known:
		f.set(dst, v)
	case unknown:
		f.setUnknown(dst)
	default:
		f.set(dst, []string{})
	}
}
