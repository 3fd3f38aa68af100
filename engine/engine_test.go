package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

func bucket(id string, versioning any, unknown ...string) inventory.Resource {
	attrs := map[string]any{}
	if versioning != nil {
		attrs["versioning"] = map[string]any{"enabled": versioning}
	}
	return inventory.Resource{
		ID: id, Type: inventory.TypeS3Bucket, Name: id, Attributes: attrs, Unknown: unknown,
		Source: inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", StartLine: 3, EndLine: 9, Address: id},
	}
}

func testInventory() *inventory.Inventory {
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceTerraform, Path: "."}}
	inv.Resources = []inventory.Resource{
		bucket("aws_s3_bucket.b", false),
		bucket("aws_s3_bucket.a", true),
		bucket("aws_s3_bucket.c", nil, "versioning.enabled"),
		{ID: "aws_cloudtrail.t", Type: inventory.TypeCloudTrailTrail, Attributes: map[string]any{"multi_region": true}},
	}
	return inv
}

func newTestEngine(t *testing.T) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/good"}, SkipBuiltin: true})
	require.NoError(t, err)
	return e
}

func TestEvaluateDerivesPassFailUnknown(t *testing.T) {
	e := newTestEngine(t)
	require.Len(t, e.Rules(), 2)
	assert.Equal(t, []string{"T.1", "T.10"}, []string{e.Rules()[0].ID, e.Rules()[1].ID}, "numeric id order")

	rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{})
	require.NoError(t, err)

	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		got[r.RuleID+" "+r.ResourceID] = r.Status
	}
	assert.Equal(t, map[string]engine.Status{
		"T.1 aws_s3_bucket.a":   engine.StatusPass,
		"T.1 aws_s3_bucket.b":   engine.StatusFail,
		"T.1 aws_s3_bucket.c":   engine.StatusUnknown,
		"T.10 aws_cloudtrail.t": engine.StatusPass,
	}, got)

	var fail, unknown engine.Result
	for _, r := range rep.Results {
		switch r.Status {
		case engine.StatusFail:
			fail = r
		case engine.StatusUnknown:
			unknown = r
		}
	}
	assert.Equal(t, `bucket "aws_s3_bucket.b" has versioning disabled`, fail.Message)
	assert.Equal(t, map[string]any{"versioning.enabled": false}, fail.Evidence)
	assert.Equal(t, "main.tf", fail.Location.File)
	assert.Equal(t, 3, fail.Location.StartLine)
	assert.Equal(t, engine.Fingerprint("T.1", "aws_s3_bucket.b"), fail.Fingerprint)
	assert.Equal(t, []string{"CP-9"}, fail.Controls[engine.FrameworkNIST80053])
	assert.Equal(t, []string{"versioning.enabled"}, unknown.Missing)

	assert.Equal(t, 2, rep.Summary.ByStatus[engine.StatusPass])
	assert.Equal(t, 1, rep.Summary.ByStatus[engine.StatusFail])
	assert.Equal(t, 1, rep.Summary.ByStatus[engine.StatusUnknown])
	assert.Equal(t, 1, rep.Summary.FailedBySeverity[engine.SeverityMedium])
	require.Len(t, rep.Summary.Frameworks, len(engine.Frameworks))
	iso := rep.Summary.Frameworks[0]
	assert.Equal(t, 93, iso.ControlsTotal)
	assert.Equal(t, 2, iso.ControlsAutomated)
	assert.Equal(t, 2, iso.ControlsPartlyAutomated, "8.13 and 8.15 also need procedural evidence")
	assert.Zero(t, iso.ControlsFullyAutomated)
	assert.Equal(t, iso.ControlsTotal-iso.ControlsAutomated, iso.ControlsManual)
	assert.Equal(t, 1, iso.ControlsFailing, "8.13 fails")
	assert.Equal(t, 1, iso.ControlsPassing, "8.15 passes")
	assert.InDelta(t, 0.5, iso.PassRate, 0.001)
}

func TestEvaluateIsDeterministic(t *testing.T) {
	e := newTestEngine(t)
	var first []byte
	for i := 0; i < 3; i++ {
		rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{})
		require.NoError(t, err)
		b, err := json.Marshal(rep)
		require.NoError(t, err)
		if first == nil {
			first = b
			continue
		}
		assert.Equal(t, string(first), string(b))
	}
}

func TestFrameworkFilter(t *testing.T) {
	e := newTestEngine(t)
	rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{Frameworks: []string{engine.FrameworkCSF2}})
	require.NoError(t, err)
	require.Len(t, rep.Summary.Frameworks, 1)
	assert.Equal(t, engine.FrameworkCSF2, rep.Summary.Frameworks[0].Framework)

	_, err = e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{Frameworks: []string{"pci"}})
	require.ErrorContains(t, err, `unknown framework "pci"`)
}

func TestControlStatuses(t *testing.T) {
	e := newTestEngine(t)
	rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{})
	require.NoError(t, err)
	cat := e.Catalogs()[engine.FrameworkISO27001]
	states := map[string]engine.ControlState{}
	for _, cs := range engine.ControlStatuses(rep, cat) {
		states[cs.ID] = cs.State
	}
	assert.Len(t, states, 93)
	assert.Equal(t, engine.ControlFailing, states["8.13"])
	assert.Equal(t, engine.ControlPassing, states["8.15"])
	assert.Equal(t, engine.ControlManual, states["5.1"], "a control without rules is never passed")
}

// TestControlCoverage pins how much of a control the rules decide: full only where the catalog data says
// so and a rule maps to the control, partial for any other control with a rule, manual otherwise.
func TestControlCoverage(t *testing.T) {
	catalogs, err := engine.LoadCatalogs()
	require.NoError(t, err)
	nist := catalogs[engine.FrameworkNIST80053]
	why, full := nist.FullyAutomated("SC-28(1)")
	require.True(t, full, "coverage/fully-automated.json lists SC-28(1)")
	assert.Contains(t, why, "encryption at rest")
	_, full = nist.FullyAutomated("CP-9")
	assert.False(t, full, "backups also need a policy and restore tests")

	rule := engine.Rule{ID: "X.1", Severity: engine.SeverityHigh, ResourceTypes: []string{inventory.TypeS3Bucket},
		Controls: map[string][]string{engine.FrameworkNIST80053: {"SC-28(1)", "CP-9"}}}
	rep := &engine.Report{Complete: true, Frameworks: []string{engine.FrameworkNIST80053}, Rules: []engine.Rule{rule},
		Results: []engine.Result{{RuleID: "X.1", Status: engine.StatusPass, Controls: rule.Controls}}}
	got := map[string]engine.Coverage{}
	for _, cs := range engine.ControlStatuses(rep, nist) {
		got[cs.ID] = cs.Coverage
	}
	assert.Equal(t, engine.CoverageFull, got["SC-28(1)"])
	assert.Equal(t, engine.CoveragePartial, got["CP-9"])
	assert.Equal(t, engine.CoverageManual, got["AC-1"])
	assert.Equal(t, engine.CoverageManual, got["SC-28"], "no rule of this report maps to it")
	assert.Equal(t, "partly automated", engine.CoveragePartial.Label())
	assert.Equal(t, "manual only", engine.CoverageManual.Label())
}

func TestBadPolicies(t *testing.T) {
	tests := []struct {
		dir  string
		want []string
	}{
		{"testdata/policies/bad_severity", []string{"bad_severity/r.rego:1:", `custom.severity "severe"`}},
		{"testdata/policies/bad_control", []string{"bad_control/r.rego:1:", `control "CP-99" is not in the NIST SP 800-53 Rev. 5 catalog`}},
		{"testdata/policies/bad_reads", []string{"bad_reads/r.rego:1:", `custom.reads: unknown resource type "aws.cloudtrail.trails"`,
			`custom.reads: "aws.account" is already in resource_types`}},
		{"testdata/policies/bad_syntax", []string{"bad_syntax/r.rego:", "rego_parse_error"}},
		// A rule id is printed in tables, annotations and waivers: letters, digits, '.', '_', '-' only.
		{"testdata/policies/bad_id", []string{"bad_id/r.rego:1:", `custom.id "B.1\n::error::pwned" is not a rule id`}},
		{"testdata/policies/no_metadata", []string{"no_metadata/r.rego:1:", "no package METADATA"}},
		{"testdata/policies/missing", []string{"policy folder testdata/policies/missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{tt.dir}, SkipBuiltin: true})
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestSeverityRank(t *testing.T) {
	assert.Greater(t, engine.SeverityCritical.Rank(), engine.SeverityHigh.Rank())
	assert.Greater(t, engine.SeverityLow.Rank(), engine.SeverityInfo.Rank())
	_, ok := engine.ParseSeverity("urgent")
	assert.False(t, ok)
}

func TestBuiltinPoliciesLoad(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	for _, r := range e.Rules() {
		if r.ID == "ACCT.7" {
			assert.Equal(t, []string{"aws.account"}, r.ResourceTypes)
			assert.Equal(t, []string{"aws.cloudtrail.trail"}, r.Reads, "the trails are evidence, read outside the scope")
		}
	}
	require.GreaterOrEqual(t, len(e.Rules()), 30)
	for _, r := range e.Rules() {
		assert.True(t, r.Builtin, r.ID)
		// Every general framework is written out; [] says that none of its controls fits (docs/rules.md).
		mapped := 0
		for _, fw := range []string{engine.FrameworkISO27001, engine.FrameworkNIST80053, engine.FrameworkCSF2} {
			ctrls, written := r.Controls[fw]
			assert.True(t, written, "%s names no %s controls", r.ID, fw)
			mapped += len(ctrls)
		}
		assert.Positive(t, mapped, "%s maps to no control", r.ID)
	}
	rep, err := e.Evaluate(context.Background(), inventory.New(), engine.EvalOptions{})
	require.NoError(t, err)
	assert.Empty(t, rep.Results, "no resources, no results")
	assert.True(t, rep.Complete)
}

// TestEvaluateMergesVerdicts pins how verdicts become results: several verdicts on one resource,
// evidence values as encoding/json decodes them, and an id that two resources share (it gets one result).
func TestEvaluateMergesVerdicts(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/verdicts"}, SkipBuiltin: true})
	require.NoError(t, err)
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		bucket("aws_s3_bucket.c", true),
		bucket("aws_s3_bucket.a", true),
		bucket("aws_s3_bucket.b", true),
		bucket("aws_s3_bucket.a", false),
	}
	inv.Resources[0].Name, inv.Resources[2].Name = "c", "b"
	rep, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.NoError(t, err)

	var ids []string
	byID := map[string]engine.Result{}
	for _, r := range rep.Results {
		ids = append(ids, r.ResourceID)
		byID[r.ResourceID] = r
	}
	assert.Equal(t, []string{"aws_s3_bucket.a", "aws_s3_bucket.b", "aws_s3_bucket.c"}, ids)
	assert.Equal(t, engine.StatusPass, byID["aws_s3_bucket.a"].Status)

	b := byID["aws_s3_bucket.b"]
	assert.Equal(t, engine.StatusFail, b.Status)
	assert.Equal(t, "second; first", b.Message, "in the order of the deny set")
	assert.Equal(t, map[string]any{
		"n": 1.5, "list": []any{1.0, "a", nil, true}, "set": []any{"x", "y"}, "big": 12345678901234567890.0,
	}, b.Evidence)
	assert.Equal(t, "b", b.ResourceName)

	c := byID["aws_s3_bucket.c"]
	assert.Equal(t, engine.StatusUnknown, c.Status)
	assert.Equal(t, []string{"a", "z"}, c.Missing)
	assert.Nil(t, c.Evidence)
}

// TestEvaluateRejectsMalformedVerdicts checks that every malformed result of a custom rule (and a
// result on a resource the rule does not judge) fails the evaluation with the rule's file, line and id
// named and what is wrong said, instead of a crash or a silently dropped finding. outside_types used to
// panic with an index out of range.
func TestEvaluateRejectsMalformedVerdicts(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"outside_types", `deny result names resource "aws_cloudtrail.t" of type aws.cloudtrail.trail, outside the rule's resource_types [aws.s3.bucket]`},
		{"unknown_id", `deny result names resource "aws_cloudtrail.nope", which is not in the inventory`},
		{"no_resource", `resource is missing or empty`},
		{"resource_not_string", `resource must be a string (a resource id of the inventory), got number`},
		{"message_not_string", `message must be a string, got number`},
		{"evidence_not_object", `evidence must be an object, got string`},
		{"missing_not_list", `unknown result {"message": "m", "missing": "multi_region", "resource": "aws_cloudtrail.t"}: missing must be a list of attribute paths (strings), got string`},
		{"not_object", `deny result "aws_cloudtrail.t": a result is an object`},
		{"unknown_field", `unknown field "mesage"`},
		{"deny_scalar", `deny must be a set of result objects (deny contains {...}), got string "every trail fails"`},
	}
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		{ID: "aws_cloudtrail.t", Type: inventory.TypeCloudTrailTrail, Attributes: map[string]any{"multi_region": true}},
		{ID: "aws_iam_user.u", Type: inventory.TypeIAMUser},
	}
	for i, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			file := filepath.Join("testdata", "policies", "malformed", tt.file+".rego")
			e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{file}, SkipBuiltin: true})
			require.NoError(t, err)
			_, err = e.Evaluate(context.Background(), inv, engine.EvalOptions{})
			require.Error(t, err)
			var perrs engine.PolicyErrors
			require.ErrorAs(t, err, &perrs)
			require.Len(t, perrs, 1, err.Error())
			assert.Equal(t, filepath.ToSlash(file), perrs[0].File)
			assert.Equal(t, 1, perrs[0].Line, "the rule's METADATA")
			assert.Contains(t, perrs[0].Message, fmt.Sprintf("rule M.%d: ", i+1))
			assert.Contains(t, perrs[0].Message, tt.want)
		})
	}
}

// TestEvaluateReportsEveryBrokenRule checks that the problems of every rule are listed at once, and
// that the results of one rule are capped.
func TestEvaluateReportsEveryBrokenRule(t *testing.T) {
	inv := inventory.New()
	for i := range 15 {
		inv.Resources = append(inv.Resources, inventory.Resource{ID: fmt.Sprintf("aws_cloudtrail.t%02d", i), Type: inventory.TypeCloudTrailTrail})
	}
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/malformed"}, SkipBuiltin: true})
	require.NoError(t, err)
	_, err = e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	var perrs engine.PolicyErrors
	require.ErrorAs(t, err, &perrs)
	rules := map[string]int{}
	for _, pe := range perrs {
		id, _, _ := strings.Cut(strings.TrimPrefix(pe.Message, "rule "), ":")
		rules[id]++
	}
	assert.Len(t, rules, 10, "every malformed rule is named")
	assert.Equal(t, 11, rules["M.5"], "ten problems, then a count of the rest")
	assert.Contains(t, err.Error(), "rule M.5: and 5 more malformed results")
}

// TestEvaluateReadsOtherCollections checks that a deny or unknown written as a list or as an object
// keyed by resource id gives its elements as results.
func TestEvaluateReadsOtherCollections(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/shapes"}, SkipBuiltin: true})
	require.NoError(t, err)
	inv := inventory.New()
	for _, n := range []string{"a", "b", "c"} {
		inv.Resources = append(inv.Resources, inventory.Resource{ID: "aws_cloudtrail." + n, Name: n, Type: inventory.TypeCloudTrailTrail})
	}
	rep, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.ResourceID] = string(r.Status) + ": " + r.Message
	}
	assert.Equal(t, map[string]string{
		"aws_cloudtrail.a": "fail: listed",
		"aws_cloudtrail.b": "unknown: keyed",
		"aws_cloudtrail.c": "pass: compliant",
	}, got)
}

// TestEvaluateCapsOversizedResults checks that a custom rule's message and evidence are capped before
// they reach a result, which every report format copies: a 2 MiB message used to land whole in each.
func TestEvaluateCapsOversizedResults(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/oversized"}, SkipBuiltin: true})
	require.NoError(t, err)
	inv := inventory.New()
	for _, name := range []string{"big", "many", "wide"} {
		b := bucket("aws_s3_bucket."+name, true)
		b.Name = name
		inv.Resources = append(inv.Resources, b)
	}
	rep, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.NoError(t, err)
	byID := map[string]engine.Result{}
	for _, r := range rep.Results {
		byID[r.ResourceID] = r
	}

	big := byID["aws_s3_bucket.big"]
	require.Equal(t, engine.StatusFail, big.Status)
	// Compared as booleans: a failure would otherwise print megabytes.
	assert.True(t, big.Message == strings.Repeat("x", engine.MaxMessageBytes)+fmt.Sprintf("… (%d more bytes)", 2<<20-engine.MaxMessageBytes),
		"message of %d bytes ends %q", len(big.Message), big.Message[max(0, len(big.Message)-30):])
	blob, _ := big.Evidence["blob"].(string)
	assert.True(t, blob == strings.Repeat("x", engine.MaxEvidenceString)+fmt.Sprintf("… (%d more bytes)", 1<<20-engine.MaxEvidenceString),
		"evidence string of %d bytes ends %q", len(blob), blob[max(0, len(blob)-30):])
	ports, _ := big.Evidence["ports"].([]any)
	require.Len(t, ports, engine.MaxEvidenceElements+1)
	assert.Equal(t, 1.0, ports[0])
	assert.Equal(t, fmt.Sprintf("… (%d more elements)", 1000-engine.MaxEvidenceElements), ports[engine.MaxEvidenceElements])

	many := byID["aws_s3_bucket.many"]
	assert.LessOrEqual(t, len(many.Message), engine.MaxMessageBytes+len("… (123456 more bytes)"))
	assert.True(t, strings.HasPrefix(many.Message, "001 y"), many.Message[:10])
	assert.Regexp(t, `… \(\d+ more bytes\)$`, many.Message)

	wide := byID["aws_s3_bucket.wide"]
	assert.Equal(t, map[string]any{"…": fmt.Sprintf("evidence of %d bytes of JSON omitted: more than the %d-byte limit", 100*4105+99+2, engine.MaxEvidenceBytes)}, wide.Evidence)

	// Every report format carries these results: none of them holds the 2 MiB.
	raw, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.Less(t, len(raw), 64<<10)
}

// TestEvaluateBuiltinErrorIsRuleError checks that a built-in that fails inside a rule (json.unmarshal of
// text nested deeper than the decoder allows) stops the run with an error naming the rule, where OPA's
// default would leave the deny undefined and the bucket passing.
func TestEvaluateBuiltinErrorIsRuleError(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		{ID: "aws_s3_bucket.b", Type: inventory.TypeS3Bucket, Attributes: map[string]any{"policy_text": deep}},
	}
	file := filepath.Join("testdata", "policies", "builtin_error", "unmarshal.rego")
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{file}, SkipBuiltin: true})
	require.NoError(t, err)
	rep, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.Error(t, err, "results: %+v", rep)
	var perrs engine.PolicyErrors
	require.ErrorAs(t, err, &perrs)
	require.Len(t, perrs, 1, err.Error())
	assert.Equal(t, filepath.ToSlash(file), perrs[0].File)
	assert.Equal(t, 1, perrs[0].Line, "the rule's METADATA")
	assert.Contains(t, perrs[0].Message, "rule B.1: evaluation failed")
	assert.Contains(t, perrs[0].Message, "json.unmarshal")
}

// TestSummaryByProfile checks the CIS figures per profile: T.10 evidences a Level 1 recommendation
// (4.1) and passes; T.1 a Level 2 one (3.1.2) and fails on one bucket.
func TestSummaryByProfile(t *testing.T) {
	e := newTestEngine(t)
	rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{Frameworks: []string{engine.FrameworkCISAWS6}})
	require.NoError(t, err)
	require.Len(t, rep.Summary.Frameworks, 1)
	cis := rep.Summary.Frameworks[0]
	total := map[string]int{}
	for _, c := range e.Catalogs()[engine.FrameworkCISAWS6].Controls {
		total[c.Profile]++
	}
	require.Len(t, cis.Profiles, 2)
	l1, l2 := cis.Profiles[0], cis.Profiles[1]
	assert.Equal(t, engine.ProfileSummary{Profile: "Level 1", ControlFigures: engine.ControlFigures{
		ControlsTotal: total["Level 1"], ControlsAutomated: 1, ControlsPartlyAutomated: 1,
		ControlsPassing: 1, ControlsManual: total["Level 1"] - 1, Pass: 1, PassRate: 1}}, l1)
	assert.Equal(t, engine.ProfileSummary{Profile: "Level 2", ControlFigures: engine.ControlFigures{
		ControlsTotal: total["Level 2"], ControlsAutomated: 1, ControlsPartlyAutomated: 1,
		ControlsFailing: 1, ControlsManual: total["Level 2"] - 1, Pass: 1, Fail: 1, Unknown: 1, PassRate: 1.0 / 3}}, l2)
	assert.Equal(t, cis.ControlsTotal, l1.ControlsTotal+l2.ControlsTotal, "every CIS recommendation has a profile")
	assert.Equal(t, cis.Pass, l1.Pass+l2.Pass)

	rep, err = e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{Frameworks: []string{engine.FrameworkISO27001}})
	require.NoError(t, err)
	assert.Empty(t, rep.Summary.Frameworks[0].Profiles, "ISO 27001 has no profiles")
}

// ReleaseInput changes nothing in the report: every rule reads the converted input, and the results
// take nothing from the released maps.
func TestReleaseInputGivesTheSameReport(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	want, err := e.Evaluate(context.Background(), syntheticInventory(t, 2000), engine.EvalOptions{Now: now})
	require.NoError(t, err)
	inv := syntheticInventory(t, 2000)
	got, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{Now: now, ReleaseInput: true})
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(gotJSON))
	assert.Greater(t, len(got.Results), 2000)
	for _, r := range inv.Resources {
		require.Nil(t, r.Attributes, r.ID)
		require.Nil(t, r.Tags, r.ID)
	}
}
