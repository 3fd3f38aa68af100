package config

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"

	"github.com/zclconf/go-cty/cty"
)

// exprSource renders a constant value as the source text of an HCL expression that evaluates, without
// any context, to an equal value. Object keys are always quoted, so that keys such as "for" or "null"
// keep their meaning.
func exprSource(v cty.Value) (string, error) {
	var b strings.Builder
	if err := writeExpr(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeExpr(b *strings.Builder, v cty.Value) error {
	if !v.IsKnown() {
		return errors.New("the value is not known")
	}
	if v.IsNull() {
		b.WriteString("null")
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		writeQuoted(b, v.AsString())
	case ty == cty.Bool:
		b.WriteString(strconv.FormatBool(v.True()))
	case ty == cty.Number:
		f := v.AsBigFloat()
		// Beyond float64's range, decimal formatting of a big.Float takes time that grows faster than
		// the exponent (seconds at 1e9999999), and no Terraform setting needs such numbers.
		if exp := f.MantExp(nil); f.IsInf() || f.Sign() != 0 && (exp > 1024 || exp < -1073) {
			return errors.New("numbers must lie within the range of a 64-bit float (about 1e-308 to 1e308)")
		}
		if i, acc := f.Int64(); acc == big.Exact {
			b.WriteString(strconv.FormatInt(i, 10))
		} else {
			b.WriteString(f.Text('g', -1))
		}
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		b.WriteByte('[')
		for i, it := 0, v.ElementIterator(); it.Next(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			_, el := it.Element()
			if err := writeExpr(b, el); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case ty.IsMapType() || ty.IsObjectType():
		b.WriteByte('{')
		for i, it := 0, v.ElementIterator(); it.Next(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			k, el := it.Element()
			writeQuoted(b, k.AsString())
			b.WriteString(" = ")
			if err := writeExpr(b, el); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return errors.New("values of type " + ty.FriendlyName() + " cannot be given to Terraform")
	}
	return nil
}

// writeQuoted writes s as an HCL quoted string: escapes for quotes, backslashes and control characters,
// and doubled template introducers ("$${", "%%{") so that the text is never interpolated.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '$', '%':
			b.WriteRune(r)
			if strings.HasPrefix(s[i+1:], "{") {
				b.WriteRune(r)
			}
		default:
			switch {
			case unicode.IsPrint(r):
				b.WriteRune(r)
			case r > 0xFFFF:
				fmt.Fprintf(b, `\U%08x`, r)
			default:
				fmt.Fprintf(b, `\u%04x`, r)
			}
		}
	}
	b.WriteByte('"')
}
