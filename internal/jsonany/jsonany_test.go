package jsonany

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// standard decodes data as the inventory reader did before this package: encoding/json with
// UseNumber, nothing but white space after the value.
func standard(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

var cases = []string{
	resourceDoc,
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e+10`, `-12.0E-3`, `true`, `false`, `null`,
	` { "a" : [ 1 , 2 , { "b" : null } ] , "c" : "d" } `,
	"\t\r\n[\n]\n",
	`{"a":1,"a":2}`, // the last of two equal keys wins
	`{"k\u0041y":"v\"\\\/\b\f\n\r\t"}`,
	`"\u00e9\u4e2d\ud83d\ude00"`, // a valid surrogate pair
	`"\ud83d"`, `"\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"\ud83dx"`,
	"\"caf\xc3\xa9\"", "\"bad \xff byte\"", "\"cut \xe4\xb8\"", "\"\xed\xa0\x80\"", // invalid UTF-8 is replaced
	`{"ids":["a","b"],"n":{"x":[[],{}]}}`,
	// refused
	``, ` `, `{`, `}`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`,
	`+1`, `tru`, `truex`, `nul`, `"abc`, `"a\x"`, `"\u12"`, `"\u12g4"`, "\"tab\there\"", `{} {}`, `[] x`,
	"\xef\xbb\xbf{}", `'a'`, `NaN`, `[1,2]]`,
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			want, wantOK := standard([]byte(c))
			got, ok := NewDecoder().Decode([]byte(c))
			require.Equal(t, wantOK, ok)
			assert.Equal(t, want, got)
		})
	}
}

func TestRepeatedKey(t *testing.T) {
	d := NewDecoder()
	for doc, want := range map[string]bool{
		`{"a": 1, "b": {"c": 2}}`:        false,
		`{"a": 1, "a": 2}`:               true,
		`[{"x": {"k": 1, "\u006b": 2}}]`: true,
		`{"a": [{"b": 1}, {"b": 2}]}`:    false,
		"{\"\xff\": 1, \"\xfe\": 2}":     true, // both are U+FFFD to a decoder
	} {
		_, ok := d.Decode([]byte(doc))
		require.True(t, ok, doc)
		assert.Equal(t, want, d.RepeatedKey(), doc)
	}
}

func TestUnusualNumber(t *testing.T) {
	d := NewDecoder()
	for doc, want := range map[string]bool{
		`{"a": [1, -2.5, 123456789012345678901234]}`:  false,
		`{"a": {"b": 1e3}}`:                           true,
		`[1234567890123456789012345]`:                 true,
		`{"a": "1e1000000", "b": 0.0000000000000001}`: false,
	} {
		_, ok := d.Decode([]byte(doc))
		require.True(t, ok, doc)
		assert.Equal(t, want, d.UnusualNumber(), doc)
	}
}

func TestDecodeDepth(t *testing.T) {
	for _, depth := range []int{MaxDepth - 1, MaxDepth, MaxDepth + 1} {
		for _, open := range []string{"[", `{"a":`} {
			closer := map[string]string{"[": "]", `{"a":`: "}"}[open]
			doc := []byte(strings.Repeat(open, depth) + "1" + strings.Repeat(closer, depth))
			_, wantOK := standard(doc)
			_, ok := NewDecoder().Decode(doc)
			assert.Equal(t, wantOK, ok, "depth %d of %s", depth, open)
		}
	}
}

// The key table is shared between values and bounded: keys beyond it are still decoded.
func TestSharedKeys(t *testing.T) {
	d := NewDecoder()
	var doc strings.Builder
	doc.WriteString("{")
	for i := range sharedKeys + 10 {
		if i > 0 {
			doc.WriteString(",")
		}
		doc.WriteString(`"k` + strconv.Itoa(i) + `":1`)
	}
	doc.WriteString(`,"zzzzz":2}`)
	first, ok := d.Decode([]byte(doc.String()))
	require.True(t, ok)
	want, _ := standard([]byte(doc.String()))
	assert.Equal(t, want, first)
	assert.LessOrEqual(t, len(d.keys), sharedKeys)
	again, ok := d.Decode([]byte(`{"zzzzz":3}`))
	require.True(t, ok)
	assert.Equal(t, map[string]any{"zzzzz": json.Number("3")}, again)
}

func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, c := range cases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantOK := standard(data)
		got, ok := NewDecoder().Decode(data)
		if ok != wantOK {
			t.Fatalf("jsonany ok=%v, encoding/json ok=%v for %q", ok, wantOK, data)
		}
		assert.Equal(t, want, got)
	})
}

// resourceDoc is a resource as the live collector writes one: the shape a large inventory repeats.
const resourceDoc = `{"id":"arn:aws:iam::123456789012:role/app-0042","type":"aws.iam.role","account":"123456789012",
"region":"us-east-1","name":"app-0042","tags":{"team":"payments","env":"prod"},
"source":{"kind":"aws","api":"iam:GetAccountAuthorizationDetails","collected_at":"2026-12-01T10:00:00Z"},
"attributes":{"arn":"arn:aws:iam::123456789012:role/app-0042","path":"/","max_session_duration":3600,
"assume_role_policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
"managed_policy_arns":["arn:aws:iam::aws:policy/ReadOnlyAccess"],
"inline_policies":[{"name":"s3","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-0042/*"}]}}],
"last_used":"2026-11-30T08:12:00Z","description":"role caf\u00e9 \"app\""}}`

func BenchmarkDecode(b *testing.B) {
	data := []byte(resourceDoc)
	b.Run("jsonany", func(b *testing.B) {
		d := NewDecoder()
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := d.Decode(data); !ok {
				b.Fatal("refused")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := standard(data); !ok {
				b.Fatal("refused")
			}
		}
	})
}
