package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// sarifSchemaFile is the official OASIS SARIF 2.1.0 schema (errata 01), as shipped inside
// github.com/owenrumney/go-sarif/v3 v3.3.1 (pkg/report/v210/sarif/schema.go), kept here so the test needs
// no network.
const sarifSchemaFile = "sarif-schema-2.1.0.json"

// compileSARIFSchema compiles the SARIF schema, asserting formats (uri, uri-reference, date-time) too.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", sarifSchemaFile))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)

	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(sarifSchemaURI, doc))
	sch, err := c.Compile(sarifSchemaURI)
	require.NoError(t, err)
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	require.NoError(t, err)
	return sch.Validate(inst)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	reports := map[string]*engine.Report{
		"fixture":  fixtureReport(),
		"empty":    {},
		"complete": {Tool: "vigil", Version: "0.4.0", Complete: true},
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, validateSARIF(t, sch, render(t, "sarif", Options{}, r)))
		})
	}

	// The validator is not vacuous: a level outside the enum is rejected.
	var doc map[string]any
	require.NoError(t, json.Unmarshal(render(t, "sarif", Options{}, fixtureReport()), &doc))
	result := doc["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
	result["level"] = "fatal"
	broken, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.Error(t, validateSARIF(t, sch, broken))
}

func TestSARIFContent(t *testing.T) {
	log, err := sarif.FromBytes(render(t, "sarif", Options{}, fixtureReport()))
	require.NoError(t, err)
	require.Len(t, log.Runs, 1)
	run := log.Runs[0]

	driver := run.Tool.Driver
	assert.Equal(t, "vigil", *driver.Name)
	assert.Equal(t, "0.4.0", *driver.Version)
	assert.Equal(t, sarifInformationURI, *driver.InformationURI)

	// Every rule of the report, in id order, with its level, help and control tags.
	var ids []string
	for _, rule := range driver.Rules {
		ids = append(ids, *rule.ID)
	}
	assert.Equal(t, []string{"IAM.4", "RDS.2", "RDS.5", "S3.1", "S3.2", "S3.4"}, ids)
	s34 := driver.Rules[5]
	assert.Equal(t, "S3BucketsBlockPublicAccess", *s34.Name)
	assert.Equal(t, "S3 buckets block public access", *s34.ShortDescription.Text)
	assert.Contains(t, *s34.FullDescription.Text, "All four public access block settings")
	assert.Contains(t, *s34.Help.Text, "aws_s3_bucket_public_access_block")
	assert.Equal(t, "error", s34.DefaultConfiguration.Level)
	assert.Equal(t, "high", s34.Properties.Properties["severity"])
	assert.Equal(t, []string{"security", "compliance", "iso27001-2022/5.15", "iso27001-2022/8.3",
		"nist-800-53-r5/AC-3", "nist-800-53-r5/AC-6", "nist-csf-2.0/PR.AA-05", "cis-aws-foundations-6.0/3.1.4"}, s34.Properties.Tags)

	// Passes are not results: 2 fail, 2 unknown, 2 waived, 1 not applicable.
	require.Len(t, run.Results, 7)
	byKey := map[string]*sarif.Result{}
	for _, res := range run.Results {
		fqn := *res.Locations[0].LogicalLocations[0].FullyQualifiedName
		byKey[*res.RuleID+" "+fqn] = res
		if res.Suppressions == nil && res.Kind != "notApplicable" {
			require.NotNil(t, res.BaselineState, "every finding of the fixture was compared with the baseline")
		} else {
			assert.Nil(t, res.BaselineState, "the engine sets no baseline state on waived results")
		}
		assert.Equal(t, *res.RuleID, *driver.Rules[res.RuleIndex].ID, "ruleIndex points at the rule")
		assert.Equal(t, engine.Fingerprint(*res.RuleID, fqn), res.PartialFingerprints["vigil/v1"])
	}

	fail := byKey["S3.4 aws_s3_bucket.public"]
	require.NotNil(t, fail)
	assert.Equal(t, "fail", fail.Kind)
	assert.Equal(t, "error", fail.Level)
	phys := fail.Locations[0].PhysicalLocation
	require.NotNil(t, phys)
	assert.Equal(t, "infra/storage/s3.tf", *phys.ArtifactLocation.URI)
	assert.Equal(t, "%SRCROOT%", *phys.ArtifactLocation.URIBaseID)
	assert.Equal(t, 12, *phys.Region.StartLine)
	assert.Equal(t, 30, *phys.Region.EndLine)
	assert.Empty(t, fail.Suppressions)
	assert.Equal(t, "new", *fail.BaselineState)

	live := byKey["RDS.5 arn:aws:rds:eu-west-1:123456789012:db:orders"]
	require.NotNil(t, live)
	assert.Nil(t, live.Locations[0].PhysicalLocation, "a live resource has no file")
	assert.Equal(t, "error", live.Level)
	assert.Equal(t, "unchanged", *live.BaselineState)

	unknown := byKey["S3.2 module.logs.aws_s3_bucket.this"]
	require.NotNil(t, unknown)
	assert.Equal(t, "review", unknown.Kind)
	assert.Equal(t, "none", unknown.Level)
	assert.Contains(t, *unknown.Message.Text, "encryption.algorithm, encryption.enabled")

	na := byKey["RDS.2 arn:aws:rds:eu-west-1:123456789012:db:orders-replica"]
	require.NotNil(t, na)
	assert.Equal(t, "notApplicable", na.Kind)
	assert.Equal(t, "none", na.Level)
	assert.Equal(t, "not_applicable", na.Properties.Properties["status"])
	assert.Contains(t, *na.Message.Text, "is a read replica of orders")

	// A config-file waiver is an external suppression justified by its reason and located at its
	// declaration; an inline comment is an inSource one.
	waived := byKey["IAM.4 aws_iam_user.ci"]
	require.NotNil(t, waived)
	require.Len(t, waived.Suppressions, 1)
	sup := waived.Suppressions[0]
	assert.Equal(t, "external", *sup.Kind)
	assert.Equal(t, "accepted", *sup.Status)
	assert.Equal(t, "Legacy CI user, replaced by an OIDC role next quarter.", *sup.Justification)
	assert.Equal(t, "vigil.hcl", *sup.Location.PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, 12, *sup.Location.PhysicalLocation.Region.StartLine)
	assert.Equal(t, "legacy-ci-user", sup.Properties.Properties["waiver_id"])
	assert.Equal(t, "2025-09-30", sup.Properties.Properties["expires"])
	assert.Equal(t, "OPS-1234", sup.Properties.Properties["ticket"])
	assert.Equal(t, "note", waived.Level)
	assert.Equal(t, "fail", waived.Properties.Properties["original_status"])
	inline := byKey["S3.1 module.logs.aws_s3_bucket.this"]
	require.NotNil(t, inline)
	require.Len(t, inline.Suppressions, 1)
	assert.Equal(t, "inSource", *inline.Suppressions[0].Kind)
	assert.Equal(t, "never", inline.Suppressions[0].Properties.Properties["expires"])

	// Source errors: the run is marked unsuccessful and each error is a notification with its position.
	require.Len(t, run.Invocations, 1)
	inv := run.Invocations[0]
	assert.False(t, *inv.ExecutionSuccessful)
	require.Len(t, inv.ToolExecutionNotifications, 2)
	parse := inv.ToolExecutionNotifications[0]
	assert.Equal(t, "error", parse.Level)
	assert.Contains(t, *parse.Message.Text, "Invalid expression")
	region := parse.Locations[0].PhysicalLocation.Region
	assert.Equal(t, 14, *region.StartLine)
	assert.Equal(t, 17, *region.StartColumn)
	assert.Equal(t, "infra/network/main.tf", *parse.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	denied := inv.ToolExecutionNotifications[1]
	assert.Empty(t, denied.Locations)
	assert.Equal(t, "AccessDenied", denied.Properties.Properties["code"])

	// Waivers that did not apply are configuration notifications: expired (warning), unused (note).
	require.Len(t, inv.ToolConfigurationNotifications, 2)
	expired := inv.ToolConfigurationNotifications[0]
	assert.Equal(t, "warning", expired.Level)
	assert.Contains(t, *expired.Message.Text, "Waiver orders-public-migration expired on 2025-03-01")
	assert.Equal(t, 20, *expired.Locations[0].PhysicalLocation.Region.StartLine)
	assert.Equal(t, "expired", expired.Properties.Properties["state"])
	unused := inv.ToolConfigurationNotifications[1]
	assert.Equal(t, "note", unused.Level)
	assert.Contains(t, *unused.Message.Text, "sessions-pitr matched no result")
}

func TestSARIFWaivedWithoutWaiver(t *testing.T) {
	r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
		RuleID: "S3.1", Severity: engine.SeverityMedium, Status: engine.StatusWaived, ResourceID: "aws_s3_bucket.a",
		Message: "accepted",
	}}}
	out := render(t, "sarif", Options{}, r)
	assert.NoError(t, validateSARIF(t, compileSARIFSchema(t), out))
	log, err := sarif.FromBytes(out)
	require.NoError(t, err)
	sup := log.Runs[0].Results[0].Suppressions
	require.Len(t, sup, 1)
	assert.Equal(t, "external", *sup[0].Kind)
	assert.Nil(t, sup[0].Justification)
	assert.Nil(t, log.Runs[0].Results[0].BaselineState)
}

func TestSARIFCompleteRun(t *testing.T) {
	log, err := sarif.FromBytes(render(t, "sarif", Options{}, &engine.Report{Tool: "vigil", Complete: true}))
	require.NoError(t, err)
	inv := log.Runs[0].Invocations[0]
	assert.True(t, *inv.ExecutionSuccessful)
	assert.Empty(t, inv.ToolExecutionNotifications)
}

func TestSARIFArtifactLocation(t *testing.T) {
	tests := []struct {
		file, uri string
		base      bool
	}{
		{file: "infra/main.tf", uri: "infra/main.tf", base: true},
		{file: "./infra/../infra/main.tf", uri: "infra/main.tf", base: true},
		{file: "infra/my module/main.tf", uri: "infra/my%20module/main.tf", base: true},
		{file: "/abs/infra/main.tf", uri: "file:///abs/infra/main.tf"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			loc := artifactLocation(tc.file)
			assert.Equal(t, tc.uri, *loc.URI)
			if tc.base {
				assert.Equal(t, "%SRCROOT%", *loc.URIBaseID)
			} else {
				assert.Nil(t, loc.URIBaseID)
			}
		})
	}
}

func TestSARIFResultWithoutRule(t *testing.T) {
	r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
		RuleID: "CUSTOM.1", RuleTitle: "Custom rule", Severity: engine.SeverityMedium, Status: engine.StatusFail,
		ResourceID: "aws_s3_bucket.a", Message: "bad",
	}}}
	out := render(t, "sarif", Options{}, r)
	assert.NoError(t, validateSARIF(t, compileSARIFSchema(t), out))
	log, err := sarif.FromBytes(out)
	require.NoError(t, err)
	run := log.Runs[0]
	require.Len(t, run.Tool.Driver.Rules, 1)
	assert.Equal(t, "CUSTOM.1", *run.Tool.Driver.Rules[0].ID)
	assert.Equal(t, 0, run.Results[0].RuleIndex)
	assert.Equal(t, "warning", run.Results[0].Level)
}
