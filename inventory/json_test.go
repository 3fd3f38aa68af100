package inventory

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    any
		wantErr string
	}{
		{in: `{"a": 1, "b": [2.5, "x", null, true], "c": {"d": 123456789012}}`,
			want: map[string]any{"a": int64(1), "b": []any{2.5, "x", nil, true}, "c": map[string]any{"d": int64(123456789012)}}},
		{in: `99999999999999999999`, want: 1e20}, // beyond int64: a float, as large as JSON says
		{in: ` [1] `, want: []any{int64(1)}},
		{in: `{"a": 1} {"b": 2}`, wantErr: "trailing data"},
		{in: `{"a": `, wantErr: "unexpected EOF"},
	}
	for _, tt := range tests {
		got, err := DecodeJSON([]byte(tt.in))
		if tt.wantErr != "" {
			require.ErrorContains(t, err, tt.wantErr, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestValueAt(t *testing.T) {
	doc := map[string]any{"Statement": []any{map[string]any{"Resource": []any{"a", nil}, "Sid": nil}}}
	tests := []struct {
		path   string
		want   any
		wantOK bool
	}{
		{path: "Statement.0.Resource.0", want: "a", wantOK: true},
		{path: "Statement.0.Resource.1", want: nil, wantOK: true},
		{path: "Statement.0.Sid", want: nil, wantOK: true},
		{path: "Statement.0.Resource.2", wantOK: false},
		{path: "Statement.x", wantOK: false},
		{path: "Statement.0.Sid.x", wantOK: false},
		{path: "Missing", wantOK: false},
	}
	for _, tt := range tests {
		got, ok := ValueAt(doc, tt.path)
		assert.Equal(t, tt.wantOK, ok, tt.path)
		assert.Equal(t, tt.want, got, tt.path)
	}
}
