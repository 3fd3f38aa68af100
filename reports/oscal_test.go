package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/oscalschema"
	"github.com/vigil-audit/vigil/inventory"
)

// oscalSchemaFile is NIST's OSCAL 1.0.6 assessment-results JSON Schema; testdata/README.md gives its provenance.
const (
	oscalSchemaFile   = "oscal_assessment-results_schema-1.0.6.json"
	oscalSchemaSHA256 = "aba6545539577ff98bd36ae3fbd1f944bfbf5527e0c6dd1b4d4847113ce42095"
)

// compileOSCALSchema compiles the official schema, after checking that the copy is the published one.
func compileOSCALSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", oscalSchemaFile))
	require.NoError(t, err)
	sum := sha256.Sum256(raw)
	require.Equal(t, oscalSchemaSHA256, hex.EncodeToString(sum[:]), "the schema differs from the published one")
	sch, err := oscalschema.Compile(raw)
	require.NoError(t, err)
	return sch
}

func validateOSCAL(t testing.TB, sch *jsonschema.Schema, out []byte) error {
	t.Helper()
	return oscalschema.Validate(sch, out)
}

// stubOSCALNow fixes the time stamped on reports that carry none.
func stubOSCALNow(t *testing.T, at time.Time) {
	t.Helper()
	prev := oscalNow
	oscalNow = func() time.Time { return at }
	t.Cleanup(func() { oscalNow = prev })
}

// oscalReports are every report shape the OSCAL tests render and validate.
func oscalReports() map[string]*engine.Report {
	noTime := fixtureReport()
	noTime.GeneratedAt = nil
	oneFramework := fixtureReport()
	oneFramework.Frameworks = []string{engine.FrameworkNIST80053}
	noFramework := fixtureReport()
	noFramework.Frameworks = nil
	return map[string]*engine.Report{
		"fixture":                 fixtureReport(),
		"empty":                   {},
		"complete":                {Tool: "vigil", Version: "0.4.0", Complete: true, Frameworks: engine.Frameworks},
		"no time":                 noTime,
		"one framework":           oneFramework,
		"frameworks from results": noFramework,
	}
}

func TestOSCALValidatesAgainstSchema(t *testing.T) {
	stubOSCALNow(t, time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC))
	sch := compileOSCALSchema(t)
	for name, r := range oscalReports() {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, validateOSCAL(t, sch, render(t, "oscal", Options{}, r)))
		})
	}
}

// TestOSCALSchemaIsNotVacuous breaks a valid document in the ways vigil's values could: the validator must
// refuse each, or the validation above proves nothing.
func TestOSCALSchemaIsNotVacuous(t *testing.T) {
	sch := compileOSCALSchema(t)
	out := render(t, "oscal", Options{}, fixtureReport())
	require.NoError(t, validateOSCAL(t, sch, out))
	tests := []struct {
		name  string
		spoil func(doc map[string]any)
	}{
		{"control id that is not a token", func(doc map[string]any) {
			firstFinding(doc)["target"].(map[string]any)["target-id"] = "8.13"
		}},
		{"state outside the vocabulary", func(doc map[string]any) {
			firstFinding(doc)["target"].(map[string]any)["status"].(map[string]any)["state"] = "unknown"
		}},
		{"prop value with trailing space", func(doc map[string]any) {
			result(doc)["props"].([]any)[0].(map[string]any)["value"] = "false "
		}},
		{"prop value on two lines", func(doc map[string]any) {
			result(doc)["props"].([]any)[0].(map[string]any)["value"] = "a\nb"
		}},
		{"time without zone", func(doc map[string]any) { result(doc)["start"] = "2025-03-14T09:20:00" }},
		{"uuid that is not v4 or v5", func(doc map[string]any) {
			result(doc)["uuid"] = "0d53b4a2-c54d-1778-95f6-5ca09b1a2a09"
		}},
		{"no import-ap href", func(doc map[string]any) {
			doc["assessment-results"].(map[string]any)["import-ap"] = map[string]any{}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(out, &doc))
			tc.spoil(doc)
			broken, err := json.Marshal(doc)
			require.NoError(t, err)
			assert.Error(t, validateOSCAL(t, sch, broken))
		})
	}
}

func result(doc map[string]any) map[string]any {
	return doc["assessment-results"].(map[string]any)["results"].([]any)[0].(map[string]any)
}

func firstFinding(doc map[string]any) map[string]any {
	return result(doc)["findings"].([]any)[0].(map[string]any)
}

func decodeOSCAL(t *testing.T, out []byte) oscalAssessmentResults {
	t.Helper()
	var doc oscalDocument
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&doc))
	return doc.AssessmentResults
}

func propValue(ps []oscalProp, name string) string {
	for _, p := range ps {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

func TestOSCALContent(t *testing.T) {
	rep := fixtureReport()
	ar := decodeOSCAL(t, render(t, "oscal", Options{}, rep))

	assert.Equal(t, OSCALVersion, ar.Metadata.OSCALVersion)
	assert.Equal(t, "2025-03-14T09:26:53Z", ar.Metadata.LastModified)
	require.NotNil(t, ar.BackMatter)
	require.Len(t, ar.BackMatter.Resources, 1)
	assert.Equal(t, "#"+ar.BackMatter.Resources[0].UUID, ar.ImportAP.Href, "import-ap names the rule set")
	assert.Len(t, ar.BackMatter.Resources[0].Props, len(rep.Rules), "one prop per rule")

	require.Len(t, ar.Results, 1)
	res := ar.Results[0]
	assert.Equal(t, "2025-03-14T09:20:00Z", res.Start, "the earliest collection")
	assert.Equal(t, "2025-03-14T09:26:53Z", res.End)
	assert.Equal(t, "false", propValue(res.Props, "complete"))
	assert.Contains(t, res.Remarks, "infra/network/main.tf:14 parse")
	assert.Contains(t, res.Remarks, "ListBackupPlans")

	// One observation per result, each about an inventory item defined once.
	require.Len(t, res.Observations, len(rep.Results))
	require.NotNil(t, res.LocalDefinitions)
	items := map[string]bool{}
	for _, it := range res.LocalDefinitions.InventoryItems {
		assert.False(t, items[it.UUID], "inventory item defined twice")
		items[it.UUID] = true
	}
	observations := map[string]oscalObservation{}
	for _, o := range res.Observations {
		observations[o.UUID] = o
		require.Len(t, o.Subjects, 1)
		assert.True(t, items[o.Subjects[0].SubjectUUID], "subject %s is an inventory item", o.Subjects[0].Title)
		assert.Equal(t, []string{"EXAMINE"}, o.Methods)
	}
	assert.Len(t, observations, len(rep.Results), "observation UUIDs are unique")

	public := observationOf(t, res, "S3.4", "aws_s3_bucket.public")
	assert.Equal(t, []string{"finding"}, public.Types)
	require.Len(t, public.RelevantEvidence, 1)
	assert.Equal(t, "infra/storage/s3.tf", public.RelevantEvidence[0].Href)
	assert.Contains(t, evidenceValues(public), `public_access_block={"block_public_acls":false,"block_public_policy":true,"ignore_public_acls":true,"restrict_public_buckets":false}`)

	// Risks: one per failing or waived result; a waiver is an approved deviation with its expiry.
	risks := map[string]oscalRisk{}
	statuses := map[string]int{}
	for _, rk := range res.Risks {
		risks[rk.UUID] = rk
		statuses[rk.Status]++
	}
	assert.Equal(t, map[string]int{"open": rep.Summary.ByStatus[engine.StatusFail],
		"deviation-approved": rep.Summary.ByStatus[engine.StatusWaived]}, statuses)
	ci := observationOf(t, res, "IAM.4", "aws_iam_user.ci")
	for _, rk := range res.Risks {
		if rk.RelatedObservations[0].ObservationUUID == ci.UUID {
			assert.Equal(t, "deviation-approved", rk.Status)
			assert.Equal(t, "2025-10-01T00:00:00Z", rk.Deadline, "the end of the waiver's last day")
			assert.Equal(t, "OPS-1234", propValue(rk.Props, "waiver-ticket"))
		}
	}

	// Findings: one per control with rules; OSCAL's two states, never satisfied without a pass.
	findings := map[string]oscalFinding{}
	for _, f := range res.Findings {
		findings[propValue(f.Props, "framework")+" "+propValue(f.Props, "control-id")] = f
		for _, ro := range f.RelatedObservations {
			assert.Contains(t, observations, ro.ObservationUUID)
		}
		for _, rr := range f.RelatedRisks {
			assert.Contains(t, risks, rr.RiskUUID)
		}
		if f.Target.Status.State == "satisfied" {
			assert.Equal(t, "passing", propValue(f.Target.Props, "state"))
		}
	}
	controls := 0
	for _, fs := range rep.Summary.Frameworks {
		controls += fs.ControlsAutomated
	}
	assert.Len(t, findings, controls, "a finding per control with rules, none for manual ones")
	assert.NotContains(t, findings, "iso27001-2022 5.1", "no rule: manual evidence, no finding")

	tests := []struct {
		key, targetType, targetID, state, reason, vigilState string
	}{
		{"iso27001-2022 8.3", "objective-id", "a.8.3_obj", "not-satisfied", "fail", "failing"},
		{"iso27001-2022 8.13", "objective-id", "a.8.13_obj", "not-satisfied", "other", "unknown"},
		{"nist-800-53-r5 SC-28(1)", "statement-id", "sc-28.1_smt", "not-satisfied", "other", "unknown"},
		{"nist-csf-2.0 PR.AA-05", "objective-id", "pr.aa-05_obj", "not-satisfied", "fail", "failing"},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			f, ok := findings[tc.key]
			require.True(t, ok)
			assert.Equal(t, tc.targetType, f.Target.Type)
			assert.Equal(t, tc.targetID, f.Target.TargetID)
			assert.Equal(t, tc.state, f.Target.Status.State)
			assert.Equal(t, tc.reason, f.Target.Status.Reason)
			assert.Equal(t, tc.vigilState, propValue(f.Target.Props, "state"))
			assert.NotEmpty(t, f.Target.Status.Remarks)
		})
	}

	// Reviewed controls: the whole catalog of each framework, grouped by coverage.
	selected := map[string]int{}
	for _, sel := range res.ReviewedControls.ControlSelections {
		selected[propValue(sel.Props, "framework")] += len(sel.IncludeControls)
	}
	cats, err := embeddedCatalogs()
	require.NoError(t, err)
	for _, fw := range rep.Frameworks {
		assert.Equal(t, len(cats[fw].Controls), selected[fw], fw)
	}
}

// TestOSCALPassingControl checks the one state that becomes "satisfied", on a complete report.
func TestOSCALPassingControl(t *testing.T) {
	rule := engine.Rule{ID: "S3.2", Title: "S3 bucket default encryption at rest is enabled", Severity: engine.SeverityHigh,
		ResourceTypes: []string{inventory.TypeS3Bucket},
		Controls:      map[string][]string{engine.FrameworkNIST80053: {"SC-28", "SC-28(1)"}}}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	rep := &engine.Report{Tool: "vigil", Version: "1.0.0", GeneratedAt: &at, Complete: true,
		Frameworks: []string{engine.FrameworkNIST80053}, Rules: []engine.Rule{rule},
		Results: []engine.Result{{RuleID: rule.ID, RuleTitle: rule.Title, Severity: rule.Severity, Status: engine.StatusPass,
			ResourceID: "aws_s3_bucket.a", ResourceType: inventory.TypeS3Bucket, Message: "Encrypted with aws:kms.",
			Controls: rule.Controls, Fingerprint: engine.Fingerprint(rule.ID, "aws_s3_bucket.a")}}}
	out := render(t, "oscal", Options{}, rep)
	require.NoError(t, validateOSCAL(t, compileOSCALSchema(t), out))
	res := decodeOSCAL(t, out).Results[0]
	require.Len(t, res.Findings, 2)
	full, partial := res.Findings[1], res.Findings[0]
	assert.Equal(t, "SC-28", propValue(partial.Props, "control-id"))
	assert.Equal(t, oscalTargetStatus{State: "satisfied", Reason: "pass", Remarks: controlStateText[engine.ControlPassing]}, partial.Target.Status)
	assert.Equal(t, "objective-id", partial.Target.Type, "rules decide only part of SC-28")
	assert.Equal(t, "statement-id", full.Target.Type, "rules decide SC-28(1) as a whole")
	assert.Equal(t, "satisfied", full.Target.Status.State)
	assert.Empty(t, res.Risks)
}

func observationOf(t *testing.T, res oscalResult, rule, resource string) oscalObservation {
	t.Helper()
	for _, o := range res.Observations {
		if propValue(o.Props, "rule-id") == rule && o.Subjects[0].Title == resource {
			return o
		}
	}
	t.Fatalf("no observation of %s on %s", rule, resource)
	return oscalObservation{}
}

func evidenceValues(o oscalObservation) []string {
	var out []string
	for _, ev := range o.RelevantEvidence {
		for _, p := range ev.Props {
			out = append(out, p.Value)
		}
	}
	return out
}

// TestOSCALTime: a report without a time of its own (a Terraform scan) is stamped when rendered, since
// OSCAL requires times; its bytes then depend on that time only.
func TestOSCALTime(t *testing.T) {
	r := fixtureReport()
	r.GeneratedAt = nil
	stubOSCALNow(t, time.Date(2026, 12, 7, 6, 30, 0, 0, time.FixedZone("CET", 3600)))
	first := render(t, "oscal", Options{}, r)
	ar := decodeOSCAL(t, first)
	assert.Equal(t, "2026-12-07T05:30:00Z", ar.Metadata.LastModified)
	assert.Equal(t, string(first), string(render(t, "oscal", Options{}, r)))

	stubOSCALNow(t, time.Date(2026, 12, 8, 6, 30, 0, 0, time.UTC))
	second := decodeOSCAL(t, render(t, "oscal", Options{}, r))
	assert.NotEqual(t, ar.UUID, second.UUID, "another document, another UUID")
	assert.Equal(t, ar.Results[0].LocalDefinitions.InventoryItems[0].UUID,
		second.Results[0].LocalDefinitions.InventoryItems[0].UUID, "a resource keeps its UUID across documents")
}

func TestOSCALControlID(t *testing.T) {
	tests := []struct{ framework, id, want string }{
		{engine.FrameworkNIST80053, "SC-28(1)", "sc-28.1"},
		{engine.FrameworkNIST80053, "AC-2", "ac-2"},
		{engine.FrameworkCSF2, "PR.DS-11", "pr.ds-11"},
		{engine.FrameworkISO27001, "8.13", "a.8.13"},
		{engine.FrameworkCISAWS6, "5.1.1", "cis.5.1.1"},
		{engine.FrameworkPCIDSS4, "5.1.1", "pci.5.1.1"},
		{engine.FrameworkHIPAA, "164.308(a)(1)(ii)(A)", "hipaa.164.308.a.1.ii.A"},
		{engine.FrameworkHIPAA, "164.316(b)(2)(i)", "hipaa.164.316.b.2.i"},
		{engine.FrameworkSOC2, "CC6.1", "CC6.1"},
		{"custom", "7 x/y", "c_7_x_y"},
		{"custom", "", "c_"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, oscalControlID(tc.framework, tc.id), "%s %s", tc.framework, tc.id)
	}
}

// TestOSCALControlIDsOfEveryCatalog: every control of every catalog vigil ships is a valid OSCAL token,
// and no two controls share one, within a framework or across frameworks, since a document reviews
// several frameworks at once and its targets are named by these tokens.
func TestOSCALControlIDsOfEveryCatalog(t *testing.T) {
	catalogs, err := engine.LoadCatalogs()
	require.NoError(t, err)
	require.Len(t, catalogs, len(engine.Frameworks))
	token := regexp.MustCompile(`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`) // OSCAL's token datatype
	owner := map[string]string{}
	for _, fw := range engine.Frameworks {
		for _, c := range catalogs[fw].Controls {
			got := oscalControlID(fw, c.ID)
			assert.Regexp(t, token, got, "%s %s", fw, c.ID)
			assert.False(t, strings.HasPrefix(got, "c_"), "%s %s: %s has no mapping of its own", fw, c.ID, got)
			if prev, dup := owner[got]; dup {
				t.Errorf("%s %s and %s share the OSCAL token %q", fw, c.ID, prev, got)
			}
			owner[got] = fw + " " + c.ID
		}
	}
}

// FuzzOSCAL puts arbitrary text where scanned input reaches the document (ids, names, messages, evidence,
// waiver text, source errors): the output must always be valid OSCAL.
func FuzzOSCAL(f *testing.F) {
	f.Add("aws_s3_bucket.a", "Versioning is off.", "versioning.enabled", "x", "because")
	f.Add(" lead", "two\nlines\r\n", "", "\u2028", "\t")
	f.Add("=cmd|' /C calc'!A0", "", "k e y", "\x00", " ")
	sch := compileOSCALSchema(f)
	f.Fuzz(func(t *testing.T, resource, message, key, value, reason string) {
		r := fixtureReport()
		for i := range r.Results {
			res := &r.Results[i]
			res.ResourceID += resource
			res.ResourceName = resource
			res.Message = message
			res.Location.File = strings.TrimPrefix(resource, "/")
			res.Evidence = map[string]any{key: value}
			res.Missing = []string{value}
			res.Fingerprint = engine.Fingerprint(res.RuleID, res.ResourceID)
			if res.Waiver != nil {
				w := *res.Waiver
				w.Reason, w.Ticket = reason, value
				res.Waiver = &w
			}
		}
		r.Sources[0].Errors[0].Message = message
		r.Sources[0].Path = resource
		r.Version = value
		out := render(t, "oscal", Options{}, r)
		if err := validateOSCAL(t, sch, out); err != nil {
			t.Fatalf("invalid OSCAL: %v", err)
		}
	})
}
