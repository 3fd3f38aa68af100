package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// reflected is res as the json format's encoder wrote it before resultEncoder: encoding/json, indented
// after prefix, HTML not escaped, without the final newline.
func reflected(t testing.TB, res engine.Result, prefix string) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(normalizedResult(res))
	return strings.TrimSuffix(buf.String(), "\n"), err
}

// hostileStrings are strings whose quoting encoding/json decides byte by byte.
var hostileStrings = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "\b\f\n\r\t\x00\x01\x1f\x7f",
	"line\u2028para\u2029", "bad utf-8 \xff\xfe end", "\xe2\x80", "émoji 🚀 ‮rtl", "a/b", "\u00e9\u0301",
}

func TestResultEncoderMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2026, 12, 7, 6, 0, 0, 123456789, time.FixedZone("x", 3600))
	base := engine.Result{
		RuleID: "S3.1", RuleTitle: "Buckets block public access", Severity: engine.SeverityHigh,
		Status: engine.StatusFail, ResourceID: "arn:aws:s3:::b", ResourceType: "aws.s3.bucket", ResourceName: "b",
		Location: &inventory.Location{Kind: "terraform", File: "main.tf", StartLine: 3, EndLine: 9,
			Address: "aws_s3_bucket.b", Related: []string{"aws_s3_bucket_acl.b", "aws_s3_bucket_policy.b"}},
		Message:     "bucket b is public",
		Evidence:    map[string]any{"acl": "public-read", "n": json.Number("3"), "nested": map[string]any{"list": []any{1.5, true, nil, "x"}}, "empty": map[string]any{}, "none": []any{}},
		Missing:     []string{"policy", "acl.grants"},
		Controls:    map[string][]string{"nist-800-53-r5": {"AC-3", "SC-7"}, "iso27001-2022": {"8.3"}, "empty": {}, "nil": nil},
		Fingerprint: "0123456789abcdef0123456789abcdef",
	}
	cases := map[string]func(r *engine.Result){
		"full": func(*engine.Result) {},
		"bare": func(r *engine.Result) { *r = engine.Result{} },
		"pass": func(r *engine.Result) {
			r.Evidence, r.Missing, r.Location.Related, r.Status = nil, nil, nil, engine.StatusPass
		},
		"nil controls": func(r *engine.Result) { r.Controls = nil },
		"empty lists": func(r *engine.Result) {
			r.Missing, r.Location.Related, r.Evidence = []string{}, []string{}, map[string]any{}
		},
		"live": func(r *engine.Result) {
			r.Location = &inventory.Location{Kind: "aws", API: "s3:GetBucketAcl", CollectedAt: &at}
		},
		"negative lines": func(r *engine.Result) { r.Location.StartLine, r.Location.EndLine = -1, math.MaxInt32 },
		"waived": func(r *engine.Result) {
			exp := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
			r.Status, r.OriginalStatus, r.Baseline = engine.StatusWaived, engine.StatusFail, engine.BaselineNew
			r.Waiver = &engine.Waiver{ID: "w<1>", Rule: "S3.1", Resources: []string{"arn:*"}, Reason: "accepted & tracked", Expires: &exp}
		},
	}
	for i, s := range hostileStrings {
		cases["hostile "+string(rune('a'+i))] = func(r *engine.Result) {
			r.RuleID, r.RuleTitle, r.ResourceID, r.ResourceName, r.Message = s, s, s, s, s
			r.Location.File, r.Location.Address, r.Location.API, r.Location.Kind = s, s, s, s
			r.Location.Related, r.Missing = []string{s, s}, []string{s}
			r.Controls = map[string][]string{s: {s}, "k" + s: nil}
			r.Evidence = map[string]any{s: s}
			r.Fingerprint, r.Baseline = s, s
		}
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			res := base
			if base.Location != nil {
				loc := *base.Location // the cases change it: each has its own
				res.Location = &loc
			}
			res.Controls = map[string][]string{}
			for k, v := range base.Controls {
				res.Controls[k] = v
			}
			change(&res)
			for _, prefix := range []string{"", "    "} {
				want, err := reflected(t, res, prefix)
				require.NoError(t, err)
				got, err := newResultEncoder(prefix).appendResult([]byte("head"), &res)
				require.NoError(t, err)
				assert.Equal(t, "head"+want, string(got))
			}
		})
	}
}

// TestResultEncoderKeepsEachControlsMapsEncoding: an encoder encodes the controls map of a rule once and
// reuses the encoding for the rule's other results; another map, even of the same size, is its own.
func TestResultEncoderKeepsEachControlsMapsEncoding(t *testing.T) {
	a := map[string][]string{"iso27001-2022": {"8.13"}, "nist-800-53-r5": {"CP-9", "CP-10"}}
	b := map[string][]string{"iso27001-2022": {"5.15"}, "nist-800-53-r5": {"AC-3", "AC-6"}}
	enc := newResultEncoder("  ")
	for i, controls := range []map[string][]string{a, a, b, a, b, {"x": nil}} {
		res := engine.Result{RuleID: "R", ResourceID: fmt.Sprint("r", i), Controls: controls}
		want, err := reflected(t, res, "  ")
		require.NoError(t, err)
		got, err := enc.appendResult(nil, &res)
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "result %d", i)
	}
	assert.Len(t, enc.controls, 3)
}

// TestResultEncoderRefusesWhatEncodingJSONRefuses: a value encoding/json cannot encode is an error that
// leaves dst as it was, so the json format falls back to encoding/json and its message.
func TestResultEncoderRefusesWhatEncodingJSONRefuses(t *testing.T) {
	year := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, res := range map[string]engine.Result{
		"NaN evidence":       {Evidence: map[string]any{"x": math.NaN()}},
		"year 10000":         {Location: &inventory.Location{CollectedAt: &year}},
		"channel evidence":   {Evidence: map[string]any{"x": make(chan int)}},
		"unencodable waiver": {Waiver: &engine.Waiver{Expires: &year}},
	} {
		t.Run(name, func(t *testing.T) {
			_, want := reflected(t, res, "")
			require.Error(t, want)
			got, err := newResultEncoder("").appendResult([]byte("head"), &res)
			require.Error(t, err)
			assert.Equal(t, "head", string(got))
		})
	}
}

// TestJSONFormatNamesAResultItCannotEncode: the fallback gives encoding/json's error, naming the result.
func TestJSONFormatNamesAResultItCannotEncode(t *testing.T) {
	rep := fixtureReport()
	rep.Results[0].Evidence = map[string]any{"x": math.Inf(1)}
	var buf bytes.Buffer
	r, err := New("json", Options{})
	require.NoError(t, err)
	err = r.Render(t.Context(), &buf, rep)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "result "+rep.Results[0].RuleID+" on "+rep.Results[0].ResourceID)
	assert.Contains(t, err.Error(), "unsupported value")
}

func FuzzResultEncoderMatchesEncodingJSON(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s, s, 3)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		res := engine.Result{
			RuleID: a, RuleTitle: b, Status: engine.Status(a), ResourceID: b, Message: a + b,
			Location: &inventory.Location{Kind: a, File: b, StartLine: n, EndLine: -n, Related: []string{a, b}},
			Evidence: map[string]any{a: b, b: []any{a, float64(n)}}, Missing: []string{b},
			Controls: map[string][]string{a: {b}, b: nil}, Fingerprint: a, OriginalStatus: engine.Status(b),
		}
		for _, prefix := range []string{"", "    "} {
			want, err := reflected(t, res, prefix)
			require.NoError(t, err)
			got, err := newResultEncoder(prefix).appendResult(nil, &res)
			require.NoError(t, err)
			require.Equal(t, want, string(got))
		}
	})
}
