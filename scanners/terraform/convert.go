package terraform

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-audit/vigil/inventory"
)

// attrsToGo converts evaluated block arguments to JSON-like Go values. Unknown values become nil and their
// dotted paths are returned, sorted. Null arguments are left out: Terraform treats them as unset. A
// sensitive value is unknown too, and its path is also returned in sensitive (sensitive.go). Other marks
// are dropped, except that an unknown value marked with a partial document becomes the document
// (partial.go).
//
// A number beyond float64 (1e400, or 1e-400, which would become 0) is unknown too, and its path is also
// returned in outOfRange: any float64 would change its value, its decimal text can take seconds to
// compute (1e1000000), and +Inf made OPA panic when a rule compared it.
func attrsToGo(attrs map[string]cty.Value) (out map[string]any, unknown, sensitive, outOfRange []string) {
	out = make(map[string]any, len(attrs))
	var c goConverter
	for k, v := range attrs {
		if v.IsKnown() && v.IsNull() {
			continue
		}
		c.path = append(c.path[:0], k)
		out[k] = c.toGo(v)
	}
	sort.Strings(c.unknown)
	sort.Strings(c.sensitive)
	sort.Strings(c.outOfRange)
	return out, c.unknown, c.sensitive, c.outOfRange
}

// goConverter converts values, collecting the dotted paths of unknown ones. The path of the value being
// converted is kept as segments and joined only for an unknown value.
type goConverter struct {
	path    []string
	unknown []string
	// strUnknown asks for the paths of unknown strings in unknownStr too (jsonencode's partial documents).
	// Partial document marks are then not expanded: the value is being encoded again.
	strUnknown bool
	unknownStr map[string]bool
	// sensitive collects the paths of sensitive values, also in unknown.
	sensitive []string
	// outOfRange collects the paths of numbers beyond float64, also in unknown.
	outOfRange []string
}

// toGo converts v, the value at c.path. Unknown values are nil, with their path recorded; an unknown
// value marked with a partial document is that document, with its unknown paths below c.path.
func (c *goConverter) toGo(v cty.Value) any {
	if v.IsMarked() {
		if isSensitive(v) {
			return c.redact(v)
		}
		if pb := partialBlocksOf(v); pb != nil && !c.strUnknown {
			return c.partialBlocksToGo(pb)
		}
		if ref, ok := refNameOf(v); ok && !c.strUnknown {
			return ref // the parent's reference, as the adapters join it (joinrefs.go)
		}
		if pd := partialOf(v); pd != nil && !c.strUnknown {
			base := strings.Join(c.path, ".")
			for _, u := range pd.unknown {
				c.unknown = append(c.unknown, base+"."+u)
			}
			return inventory.CopyJSON(pd.v)
		}
		v, _ = v.Unmark()
	}
	if !v.IsKnown() {
		p := strings.Join(c.path, ".")
		c.unknown = append(c.unknown, p)
		if c.strUnknown && v.Type() == cty.String {
			if c.unknownStr == nil {
				c.unknownStr = map[string]bool{}
			}
			c.unknownStr[p] = true
		}
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
		bf := v.AsBigFloat()
		if !fitsFloat64(bf) {
			p := strings.Join(c.path, ".")
			c.unknown = append(c.unknown, p)
			c.outOfRange = append(c.outOfRange, p)
			return nil
		}
		return numberToGo(bf)
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, v.LengthInt())
		i := 0
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			c.path = append(c.path, strconv.Itoa(i))
			out = append(out, c.toGo(ev))
			c.path = c.path[:len(c.path)-1]
			i++
		}
		return out
	case ty.IsObjectType():
		// By attribute: an element iterator sorts the names and allocates a value for each.
		atys := ty.AttributeTypes()
		out := make(map[string]any, len(atys))
		for name := range atys {
			c.path = append(c.path, name)
			out[name] = c.toGo(v.GetAttr(name))
			c.path = c.path[:len(c.path)-1]
		}
		return out
	case ty.IsMapType():
		out := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			ks := k.AsString()
			c.path = append(c.path, ks)
			out[ks] = c.toGo(ev)
			c.path = c.path[:len(c.path)-1]
		}
		return out
	default:
		return nil
	}
}

// redact is the value of a sensitive v at c.path: nil, its path unknown and sensitive (sensitive.go). A
// null value hides nothing and stays null.
func (c *goConverter) redact(v cty.Value) any {
	if u, _ := v.Unmark(); u.IsKnown() && u.IsNull() {
		return nil
	}
	p := strings.Join(c.path, ".")
	c.unknown = append(c.unknown, p)
	c.sensitive = append(c.sensitive, p)
	if c.strUnknown && v.Type() == cty.String {
		if c.unknownStr == nil {
			c.unknownStr = map[string]bool{}
		}
		c.unknownStr[p] = true
	}
	return nil
}

// setAttr sets attribute name of attrs, as attrsToGo returns them, to v (nil and unknown when unknown is
// set), replacing what was there and any unknown path at or under it. It returns the new unknown paths,
// sorted.
func setAttr(attrs map[string]any, unknownPaths []string, name string, v any, unknown bool) []string {
	attrs[name] = v
	out := unknownPaths[:0]
	for _, u := range unknownPaths {
		if u != name && !strings.HasPrefix(u, name+".") {
			out = append(out, u)
		}
	}
	if unknown {
		out = append(out, name)
		sort.Strings(out)
	}
	return out
}

// unmarkDeep is v.UnmarkDeep() without its cost in the usual case where nothing in v is marked.
func unmarkDeep(v cty.Value) cty.Value {
	if !containsMarks(v) {
		return v
	}
	u, _ := v.UnmarkDeep()
	return u
}

func containsMarks(v cty.Value) bool {
	if v.IsMarked() {
		return true
	}
	ty := v.Type()
	if !v.IsKnown() || v.IsNull() || ty.IsPrimitiveType() || !v.CanIterateElements() {
		return false
	}
	if ty.IsObjectType() {
		for name := range ty.AttributeTypes() {
			if containsMarks(v.GetAttr(name)) {
				return true
			}
		}
		return false
	}
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if containsMarks(e) {
			return true
		}
	}
	return false
}

// fitsFloat64 reports whether bf is within float64's range: neither beyond ±1.8e308 nor a nonzero
// number nearer to 0 than 4.9e-324. Float64 reads the binary exponent; it does not convert to decimal.
func fitsFloat64(bf *big.Float) bool {
	f, _ := bf.Float64()
	return !math.IsInf(f, 0) && (f != 0 || bf.Sign() == 0)
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
