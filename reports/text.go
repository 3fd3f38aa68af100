package reports

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Text in a report comes from the scanned code: resource names, addresses, file names, messages built from
// them. Printed as it is, a newline in a resource name starts a new line in the CI log, and one that then
// starts with "::" is a GitHub Actions workflow command; an ESC starts a terminal escape sequence; a bidi
// override shows text in another order than it is read. Every human format therefore passes such text
// through Printable; the table, stderr and the diff listing also through PrintableLine.

// Printable returns s with every character that could change how a terminal or a CI log shows a line
// replaced by a visible escape: \n, \r and \t; \xHH for the other C0 controls, DEL and bytes that are
// not UTF-8; \uHHHH for the C1 controls, the bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), the bidi marks (U+061C, U+200E, U+200F) and the line and paragraph separators
// (U+2028, U+2029). Other text is returned as it is.
func Printable(s string) string { return escapeControls(s, "") }

// escapeControls is Printable that keeps the characters in keep as they are.
func escapeControls(s, keep string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return needsEscape(r) && !strings.ContainsRune(keep, r) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case strings.ContainsRune(keep, r):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == utf8.RuneError: // a U+FFFD written in the text
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports whether Printable escapes r. Ranging over a string yields utf8.RuneError for a
// byte that is not UTF-8, so it is included; Printable writes a U+FFFD that is in the text as it is.
func needsEscape(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029, r == utf8.RuneError:
		return true
	}
	return false
}

// PrintableLine is Printable for text that makes a whole line of a log: besides, a line never starts with
// "::" after its leading blanks, which the GitHub Actions runner would read as a workflow command; the
// first colon is then written \x3a.
func PrintableLine(s string) string { return noCommandStart(Printable(s)) }

// noCommandStart writes the first colon of a line that starts with "::" after its blanks as \x3a.
func noCommandStart(line string) string {
	rest := strings.TrimLeft(line, " ")
	if strings.HasPrefix(rest, "::") {
		return line[:len(line)-len(rest)] + `\x3a` + rest[1:]
	}
	return line
}

// PrintableLines is PrintableLine for each line of a text whose line breaks are meant (an error listing
// several problems, one a line).
func PrintableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = PrintableLine(l)
	}
	return strings.Join(lines, "\n")
}

// printableCopy returns v with every string in it, map keys included, passed through Printable. A
// renderer that prints many fields of a report takes it once, so that a field printed later cannot be
// forgotten. Only what holds a string to escape is copied; the rest is shared with v, which is never
// modified. Unexported fields (a time.Time's) are kept as they are.
func printableCopy[T any](v T) T {
	out, _ := printableValue(reflect.ValueOf(&v).Elem())
	return out.Interface().(T)
}

// printableValue returns src, or a copy of it with its strings escaped and true when any needed it.
func printableValue(src reflect.Value) (reflect.Value, bool) {
	switch src.Kind() {
	case reflect.String:
		s := src.String()
		if p := Printable(s); p != s {
			out := reflect.New(src.Type()).Elem()
			out.SetString(p)
			return out, true
		}
	case reflect.Pointer:
		if src.IsNil() {
			break
		}
		if elem, changed := printableValue(src.Elem()); changed {
			out := reflect.New(src.Type().Elem())
			out.Elem().Set(elem)
			return out, true
		}
	case reflect.Interface:
		if src.IsNil() {
			break
		}
		if elem, changed := printableValue(src.Elem()); changed {
			out := reflect.New(src.Type()).Elem()
			out.Set(elem)
			return out, true
		}
	case reflect.Slice, reflect.Array:
		var out reflect.Value
		for i := range src.Len() {
			elem, changed := printableValue(src.Index(i))
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(src.Type()).Elem()
				if src.Kind() == reflect.Slice {
					out.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
				}
				reflect.Copy(out, src)
			}
			out.Index(i).Set(elem)
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Map:
		var out reflect.Value
		for it := src.MapRange(); it.Next(); {
			key, keyChanged := printableValue(it.Key())
			val, valChanged := printableValue(it.Value())
			if !keyChanged && !valChanged {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(src.Type(), src.Len())
				for all := src.MapRange(); all.Next(); {
					out.SetMapIndex(all.Key(), all.Value())
				}
			}
			out.SetMapIndex(it.Key(), reflect.Value{}) // delete, in case the key changes
			out.SetMapIndex(key, val)
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Struct:
		var out reflect.Value
		for i := range src.NumField() {
			if !src.Type().Field(i).IsExported() {
				continue
			}
			field, changed := printableValue(src.Field(i))
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(src.Type()).Elem()
				out.Set(src)
			}
			out.Field(i).Set(field)
		}
		if out.IsValid() {
			return out, true
		}
	}
	return src, false
}
