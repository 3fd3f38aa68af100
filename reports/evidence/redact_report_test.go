package evidence

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// wholeReportRedaction is how RedactReport worked before it redacted in parts: the whole report through
// its JSON form at once. The parts must give the same report.
func wholeReportRedaction(t *testing.T, rep *engine.Report) *engine.Report {
	t.Helper()
	red, _, err := redactedJSON(rep)
	require.NoError(t, err)
	var out engine.Report
	require.NoError(t, decodeRedacted(red, &out))
	return &out
}

func reportJSON(t *testing.T, rep *engine.Report) string {
	t.Helper()
	b, err := json.MarshalIndent(rep, "", " ")
	require.NoError(t, err)
	return string(b)
}

// TestRedactReportInParts: secrets in the report's head (a source error, a rule's remediation) and in some
// results (message, evidence value under a secret key, a {key, value} tag pair, an evidence key, a waiver)
// are removed exactly as redacting the whole document removed them; clean results are shared, not copied
// one by one; the original is not changed.
func TestRedactReportInParts(t *testing.T) {
	expires := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	clean := engine.Result{RuleID: "S3.1", ResourceID: "aws_s3_bucket.a", Message: "versioning is off",
		Controls: map[string][]string{"iso27001-2022": {"8.13"}}, Missing: []string{"versioning"},
		Evidence: map[string]any{"versioning": map[string]any{"enabled": false, "n": json.Number("3")}}}
	tests := map[string]func(r *engine.Report){
		"nothing secret": func(*engine.Report) {},
		"source error": func(r *engine.Report) {
			r.Sources = []inventory.Source{{Kind: "terraform", Path: "infra",
				Errors: []inventory.Issue{{File: "main.tf", Line: 3, Message: "bad value AKIAPLANTEDKEY12345X"}}}}
		},
		"rule remediation": func(r *engine.Report) {
			r.Rules = []engine.Rule{{ID: "S3.1", Remediation: "rotate wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}
		},
		"result message": func(r *engine.Report) { r.Results[1].Message = "key AKIAPLANTEDKEY12345X in use" },
		"evidence under a secret key": func(r *engine.Report) {
			r.Results[2].Evidence = map[string]any{"condition": map[string]any{"aws:PrincipalTag/api_token": "planted-9f"}}
		},
		"tag pair": func(r *engine.Report) {
			r.Results[0].Evidence = map[string]any{"tags": []any{map[string]any{"key": "db_password", "value": "x"}}}
		},
		"evidence key": func(r *engine.Report) {
			r.Results[2].Evidence = map[string]any{"AKIAPLANTEDKEY12345X": true}
		},
		"secret in a list under a secret key": func(r *engine.Report) {
			r.Results[1].Evidence = map[string]any{"tokens": []any{"a", "b"}, "password": []any{"p1", Redacted, ""}}
		},
		"waiver": func(r *engine.Report) {
			r.Results[1].Waiver = &engine.Waiver{ID: "w1", Reason: "AKIAPLANTEDKEY12345X", Expires: &expires}
		},
		"resource id and location": func(r *engine.Report) {
			r.Results[0].ResourceID = "aws_iam_access_key.AKIAPLANTEDKEY12345X"
			r.Results[2].Location = &inventory.Location{Related: []string{"-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"}}
		},
	}
	for name, plant := range tests {
		t.Run(name, func(t *testing.T) {
			build := func() *engine.Report {
				r := &engine.Report{Tool: "vigil", Results: []engine.Result{clean, clean, clean}}
				for i := range r.Results {
					r.Results[i].ResourceID += fmt.Sprint(i)
				}
				plant(r)
				return r
			}
			rep, pristine := build(), build()
			got, err := RedactReport(rep)
			require.NoError(t, err)
			want := wholeReportRedaction(t, build())
			assert.Equal(t, reportJSON(t, want), reportJSON(t, got))
			assert.Equal(t, reportJSON(t, pristine), reportJSON(t, rep), "the original is not changed")
			if reportJSON(t, want) == reportJSON(t, pristine) {
				assert.Same(t, rep, got, "nothing to redact: no copy")
			}
			for i := range got.Results {
				if reportJSON(t, &engine.Report{Results: got.Results[i : i+1]}) ==
					reportJSON(t, &engine.Report{Results: rep.Results[i : i+1]}) {
					// An unchanged result keeps its own evidence map: only its value was copied.
					assert.Equal(t, reflect.ValueOf(rep.Results[i].Evidence).Pointer(),
						reflect.ValueOf(got.Results[i].Evidence).Pointer(), "result %d", i)
				}
			}
		})
	}
}

// TestResultFieldNamesAreNotSecret: resultNeedsJSON checks a result's fixed fields with RedactString only,
// which is right while none of their JSON names (that redact reads as keys) is secret-like.
func TestResultFieldNamesAreNotSecret(t *testing.T) {
	now := time.Now()
	res := engine.Result{RuleID: "r", RuleTitle: "t", Severity: "high", Status: "fail", ResourceID: "i", ResourceType: "t",
		ResourceName: "n", Location: &inventory.Location{Kind: "k", File: "f", StartLine: 1, EndLine: 2, Address: "a",
			Related: []string{"x"}, API: "a", CollectedAt: &now}, Message: "m", Missing: []string{"x"},
		Fingerprint: "f", OriginalStatus: "fail", Baseline: "new"}
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var generic map[string]any
	require.NoError(t, json.Unmarshal(b, &generic))
	var walk func(v any)
	walk = func(v any) {
		if m, ok := v.(map[string]any); ok {
			for k, val := range m {
				assert.False(t, SecretKeyName(k), k)
				walk(val)
			}
		}
	}
	walk(generic)
	assert.Contains(t, generic, "location")
}

// FuzzResultNeedsJSON: whatever a result's message, evidence key and value, when redacting it through
// JSON changes it, resultNeedsJSON said so (it may say so needlessly, never miss one).
func FuzzResultNeedsJSON(f *testing.F) {
	f.Add("versioning is off", "enabled", "false", "8.13")
	f.Add("key AKIAPLANTEDKEY12345X", "password", "", "x")
	f.Add("m", "key", "value", "token")
	f.Add("m", "db_password", "(redacted)", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	f.Fuzz(func(t *testing.T, msg, key, value, control string) {
		res := engine.Result{RuleID: "R.1", Message: msg, Controls: map[string][]string{key: {control}},
			Evidence: map[string]any{key: value, "nested": []any{map[string]any{"key": key, "value": value}}}}
		_, changed, err := redactedJSON(&res)
		if err != nil {
			return // not JSON-encodable; RedactReport reports it
		}
		if changed {
			assert.True(t, resultNeedsJSON(&res, nil), "%q %q %q %q", msg, key, value, control)
		}
	})
}

// FuzzRedactStringQuickTest: the quick test that skips the expressions never skips a string they change.
func FuzzRedactStringQuickTest(f *testing.F) {
	for _, s := range []string{"key AKIAIOSFODNN7EXAMPLE in text", "x=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIE", "arn:aws:iam::123456789012:role/a-long-role-name", "S3 bucket has versioning disabled"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, redactPatterns(s), RedactString(s), "%q", s)
	})
}

// FuzzSecretKeyNameASCII: the allocation-free path for ASCII names answers as the word split does.
func FuzzSecretKeyNameASCII(f *testing.F) {
	for _, s := range []string{"password", "db_password", "accessKeyId", "AccessKeyID", "private-key.pem", "http_tokens",
		"minimum_password_length", "api_key_value", "x.y-z", "", "_", "authToken", "APIKey", "Secret2Key", "masterPassword"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		fast, ok := asciiSecretKeyName(name)
		if !ok {
			return
		}
		words := keyWords(name)
		end := len(words)
		for end > 1 && valueSuffixes[words[end-1]] {
			end--
		}
		want := end > 0 && (secretWords[words[end-1]] || (end > 1 && secretPairs[[2]string{words[end-2], words[end-1]}]))
		assert.Equal(t, want, fast, "%q", name)
	})
}

func TestMayHoldSecretFindsEachKindOfRun(t *testing.T) {
	for s, want := range map[string]bool{
		"key AKIAIOSFODNN7EXAMPLE in text":                 true,
		"x/AKIAIOSFODNN7EXAMPLE+y":                         true, // a key inside a longer base64 run
		"x=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;":      true,
		"-----BEGIN RSA PRIVATE KEY-----":                  true,
		"0123456789abcdef0123456789abcdef":                 false, // a fingerprint
		"0123456789abcdef0123456789abcdef01234567":         false, // a 40-character hex digest
		"xwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY":        false, // 41 characters: not the expression's 40
		"arn:aws:iam::123456789012:role/a-long-role-name":  false,
		"aws_s3_bucket.b0000001 has versioning disabled 1": false,
	} {
		assert.Equal(t, want, mayHoldSecret(s), "%q", s)
		if !want {
			assert.Equal(t, s, redactPatterns(s), "%q", s)
		}
	}
}

// TestRuleFieldsAreCheckedOncePerRuleOnly: a worker skips the rule's fields of a result whose rule
// fields are those it found clean last (the same strings and controls map), and no other.
func TestRuleFieldsAreCheckedOncePerRuleOnly(t *testing.T) {
	clean := engine.Result{RuleID: "S3.1", RuleTitle: "S3 buckets have versioning enabled", Severity: "high",
		Controls: map[string][]string{"iso27001-2022": {"8.13"}}, Status: "pass", ResourceID: "b", Message: "compliant"}
	secret := "AKIAIOSFODNN7EXAMPLE"
	for _, tc := range []struct {
		name   string
		change func(r *engine.Result)
	}{
		{"another controls map, equal but for a secret", func(r *engine.Result) {
			r.Controls = map[string][]string{"iso27001-2022": {"8.13 " + secret}}
		}},
		{"the same controls map, another title", func(r *engine.Result) { r.RuleTitle = "title " + secret }},
		{"the same controls map, another rule id", func(r *engine.Result) { r.RuleID = "rule-" + secret }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen ruleFields
			first := clean
			require.False(t, resultNeedsJSON(&first, &seen))
			next := clean
			tc.change(&next)
			assert.True(t, resultNeedsJSON(&next, &seen))
		})
	}
	var seen ruleFields
	first, next := clean, clean
	require.False(t, resultNeedsJSON(&first, &seen))
	assert.True(t, seen.same(&next), "the next result of the rule is not checked again")
}

// TestRedactsOrder: a report whose rule ids, resource ids or location files redaction would change
// cannot be redacted while it is written (the results are ordered by them before); one whose messages
// or evidence it would change can.
func TestRedactsOrder(t *testing.T) {
	secret := "AKIAIOSFODNN7EXAMPLE"
	clean := engine.Result{RuleID: "S3.1", ResourceID: "aws_s3_bucket.logs", Message: "versioning is off",
		Location: &inventory.Location{Kind: "terraform", File: "main.tf"}}
	for _, tc := range []struct {
		name   string
		change func(r *engine.Result)
		want   bool
	}{
		{"clean", func(*engine.Result) {}, false},
		{"message", func(r *engine.Result) { r.Message = "key " + secret }, false},
		{"evidence", func(r *engine.Result) { r.Evidence = map[string]any{"key": secret} }, false},
		{"resource id", func(r *engine.Result) { r.ResourceID = "aws_iam_user." + secret }, true},
		{"rule id", func(r *engine.Result) { r.RuleID = "X." + secret }, true},
		{"file", func(r *engine.Result) { r.Location = &inventory.Location{File: secret + ".tf"} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := clean
			tc.change(&res)
			rep := &engine.Report{Results: []engine.Result{clean, res, clean}}
			assert.Equal(t, tc.want, RedactsOrder(rep))
		})
	}
}
