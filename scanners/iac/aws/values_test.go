package aws

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGetters(t *testing.T) {
	b := mb("aws_x.y", m{
		"s": "v", "n": int64(3), "f": 2.5, "jn": json.Number("7"), "ns": "42", "bs": "true", "b": true,
		"null": nil, "list": l("b", "a"), "blk": l(m{"k": "v"}), "empty": l(), "obj": m{"a": 1},
		"partial": l("a", nil),
	}, "u", "blk.0.k2", "partial.1")

	tests := []struct {
		name string
		got  func() (any, state)
		want any
		st   state
	}{
		{"string", func() (any, state) { return getString(&b, "s") }, "v", known},
		{"string from int", func() (any, state) { return getString(&b, "n") }, "3", known},
		{"string from float", func() (any, state) { return getString(&b, "f") }, "2.5", known},
		{"string from bool", func() (any, state) { return getString(&b, "b") }, "true", known},
		{"string from json number", func() (any, state) { return getString(&b, "jn") }, "7", known},
		{"string of an object is unknown", func() (any, state) { return getString(&b, "obj") }, "", unknown},
		{"null is absent", func() (any, state) { return getString(&b, "null") }, "", absent},
		{"missing is absent", func() (any, state) { return getString(&b, "nope") }, "", absent},
		{"unknown", func() (any, state) { return getString(&b, "u") }, "", unknown},
		{"below unknown", func() (any, state) { return getString(&b, "u.0.x") }, "", unknown},
		{"nested", func() (any, state) { return getString(&b, "blk.0.k") }, "v", known},
		{"nested unknown", func() (any, state) { return getString(&b, "blk.0.k2") }, "", unknown},
		{"index out of range", func() (any, state) { return getString(&b, "blk.1.k") }, "", absent},
		{"bool", func() (any, state) { return getBool(&b, "b") }, true, known},
		{"bool from string", func() (any, state) { return getBool(&b, "bs") }, true, known},
		{"bool from other string", func() (any, state) { return getBool(&b, "s") }, false, unknown},
		{"number", func() (any, state) { return getNumber(&b, "n") }, 3.0, known},
		{"number from string", func() (any, state) { return getNumber(&b, "ns") }, 42.0, known},
		{"number from json", func() (any, state) { return getNumber(&b, "jn") }, 7.0, known},
		{"number from bad string", func() (any, state) { return getNumber(&b, "s") }, 0.0, unknown},
		{"list", func() (any, state) { return getList(&b, "list") }, l("b", "a"), known},
		{"list of a string is unknown", func() (any, state) { return getList(&b, "s") }, []any(nil), unknown},
		{"strings sorted", func() (any, state) { return getStrings(&b, "list", true) }, []string{"a", "b"}, known},
		{"strings from one string", func() (any, state) { return getStrings(&b, "s", true) }, []string{"v"}, known},
		{"strings with an unknown element", func() (any, state) { return getStrings(&b, "partial", true) }, []string(nil), unknown},
		{"block", func() (any, state) { return getBlock(&b, "blk") }, m{"k": "v"}, known},
		{"empty block list", func() (any, state) { return getBlock(&b, "empty") }, map[string]any(nil), absent},
		{"unknown block", func() (any, state) { return getBlock(&b, "u") }, map[string]any(nil), unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st := tt.got()
			assert.Equal(t, tt.st, st)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.True(t, present(&b, "u"))
	assert.True(t, present(&b, "blk"))
	assert.False(t, present(&b, "empty"))
	assert.False(t, present(&b, "null"))
}

func TestNum(t *testing.T) {
	assert.Equal(t, int64(3), num(3))
	assert.Equal(t, 2.5, num(2.5))
	assert.Equal(t, int64(-1), num(-1))
}

func TestFieldsUnknownNeverKeepsAValue(t *testing.T) {
	f := newFields()
	f.set("a.b", true)
	f.setUnknown("a.b")
	f.setUnknown("a.b")
	v, ok := f.get("a.b")
	assert.False(t, ok)
	assert.Nil(t, v)
	assert.Equal(t, []string{"a.b"}, f.unknown)
	assert.Equal(t, m{"a": m{"b": nil}}, f.vals)
}
