package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// DecodeJSON decodes one JSON value into the values attributes hold: objects as map[string]any, arrays
// as []any, whole numbers as int64 and other numbers as float64 (an account id or a port never goes
// through a lossy float). Data after the value is an error.
func DecodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return numbersInPlace(v), nil
}

// NumberValue returns a JSON number as attributes hold it: int64 when whole, else float64.
func NumberValue(n json.Number) any {
	if i, err := n.Int64(); err == nil {
		return i
	}
	f, _ := n.Float64()
	return f
}

func numbersInPlace(v any) any {
	switch x := v.(type) {
	case json.Number:
		return NumberValue(x)
	case map[string]any:
		for k, e := range x {
			x[k] = numbersInPlace(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersInPlace(e)
		}
	}
	return v
}

// ValueAt returns the value at a dotted path of a JSON-like value ("Statement.0.Resource"): map keys and
// list indexes. ok is false when a segment names nothing.
func ValueAt(v any, path string) (any, bool) {
	for rest, more := path, true; more; {
		var seg string
		seg, rest, more = strings.Cut(rest, ".")
		var ok bool
		if v, ok = Child(v, seg); !ok {
			return nil, false
		}
	}
	return v, true
}

// Child returns the value under one path segment of a map (a key) or a list (an index).
func Child(v any, seg string) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		e, ok := x[seg]
		return e, ok
	case []any:
		return elem(x, seg)
	case []map[string]any: // built in Go, before a JSON round trip
		return elem(x, seg)
	case []string:
		return elem(x, seg)
	}
	return nil, false
}

// elem returns the element of list at the index seg.
func elem[T any](list []T, seg string) (any, bool) {
	i, err := strconv.Atoi(seg)
	if err != nil || i < 0 || i >= len(list) {
		return nil, false
	}
	return list[i], true
}

// ScalarString converts a JSON-like string, number or boolean to the string Terraform converts it to
// (true, 12, 1.5); ok is false for any other value.
func ScalarString(v any) (s string, ok bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return x.String(), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}
