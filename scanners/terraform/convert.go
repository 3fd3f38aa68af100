package terraform

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// attrsToGo converts evaluated block arguments to JSON-like Go values. Unknown values become nil and their
// dotted paths are returned, sorted. Null arguments are left out: Terraform treats them as unset.
func attrsToGo(attrs map[string]cty.Value) (map[string]any, []string) {
	out := make(map[string]any, len(attrs))
	var unknown []string
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v, _ := attrs[k].UnmarkDeep()
		if v.IsKnown() && v.IsNull() {
			continue
		}
		out[k] = toGo(v, k, &unknown)
	}
	sort.Strings(unknown)
	return out, unknown
}

// toGo converts an unmarked value. Unknown values are nil, with their path appended to unknown.
func toGo(v cty.Value, path string, unknown *[]string) any {
	if !v.IsKnown() {
		*unknown = append(*unknown, path)
		return nil
	}
	if v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Bool:
		return v.True()
	case ty == cty.Number:
		return numberToGo(v.AsBigFloat())
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, v.LengthInt())
		i := 0
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			out = append(out, toGo(ev, path+"."+strconv.Itoa(i), unknown))
			i++
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			ks := k.AsString()
			out[ks] = toGo(ev, path+"."+ks, unknown)
		}
		return out
	default:
		return nil
	}
}

// numberToGo returns an int64 for whole numbers that fit, else a float64.
func numberToGo(bf *big.Float) any {
	if bf.IsInt() {
		if i, acc := bf.Int64(); acc == big.Exact {
			return i
		}
	}
	f, _ := bf.Float64()
	return f
}

func dedupSorted(s []string) []string {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, x := range s[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// quoteKey quotes an instance key the way Terraform prints addresses: HCL string syntax.
func quoteKey(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && i+1 < len(s) && s[i+1] == '{':
			b.WriteRune(r)
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
