package evidence

import (
	"context"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// testRun is a small run: one bucket passing a rule that evidences ISO 27001 8.13, one failing with
// evidence values, and a waiver with its approver, ticket and expiry.
func testRun(t testing.TB) Run {
	t.Helper()
	cats, err := engine.LoadCatalogs()
	require.NoError(t, err)
	started := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	expires := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	controls := map[string][]string{engine.FrameworkISO27001: {"8.13"}}
	rule := engine.Rule{ID: "S3.1", Title: "S3 buckets have versioning enabled", Severity: engine.SeverityMedium,
		ResourceTypes: []string{"aws.s3.bucket"}, Controls: controls, Package: "vigil.aws.s3.versioning",
		File: "aws/s3/versioning.rego", Line: 1, Builtin: true}
	loc := inventory.Location{Kind: inventory.SourceTerraform, File: "s3.tf", StartLine: 1, EndLine: 4, Address: "aws_s3_bucket.logs"}
	result := func(id string, st engine.Status, ev map[string]any) engine.Result {
		return engine.Result{RuleID: rule.ID, RuleTitle: rule.Title, Severity: rule.Severity, Status: st,
			ResourceID: id, ResourceType: "aws.s3.bucket", ResourceName: id, Location: &loc, Message: "versioning",
			Evidence: ev, Controls: controls, Fingerprint: engine.Fingerprint(rule.ID, id)}
	}
	rep := &engine.Report{
		Tool: "vigil", Version: "test", Complete: true, Frameworks: []string{engine.FrameworkISO27001},
		Sources: []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra", Files: 1}},
		Rules:   []engine.Rule{rule},
		Results: []engine.Result{
			result("aws_s3_bucket.data", engine.StatusPass, map[string]any{"versioning": "Enabled"}),
			result("aws_s3_bucket.logs", engine.StatusFail, map[string]any{"versioning": "Suspended",
				"tags": map[string]any{"owner": "AKIAIOSFODNN7PLANTED", "api_token": "tok-planted-1"}}),
		},
		Waivers: []engine.WaiverStatus{{Waiver: engine.Waiver{ID: "legacy", Rule: "S3.1", Reason: "migration",
			ApprovedBy: "ciso@example.com", Ticket: "SEC-42", Expires: &expires, Source: "vigil.hcl:3"}, State: engine.WaiverUnused}},
		Summary: engine.Summary{Resources: 2, ByStatus: map[engine.Status]int{engine.StatusPass: 1, engine.StatusFail: 1}},
	}
	inv := inventory.New()
	inv.Resources = append(inv.Resources, inventory.Resource{ID: "aws_s3_bucket.logs", Type: "aws.s3.bucket", Name: "logs",
		Tags: map[string]string{"owner": "team-a", "DbPassword": "hunter2-planted"}, Attributes: map[string]any{}, Source: loc})
	return Run{Report: rep, Inventory: inv, Catalogs: cats, VigilVersion: "test", StartedAt: started,
		FinishedAt: started.Add(2 * time.Second), RuleSet: RuleSet{SHA256: SHA256Hex([]byte("rules")), Rules: 1, Files: []FileDigest{}},
		Inputs: []Input{{Kind: "terraform", Path: "infra/s3.tf", SHA256: SHA256Hex([]byte("tf")), Size: 2}}}
}

// testKey is a fixed key, so packs built in tests are byte-for-byte reproducible.
func testKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	return ed25519.NewKeyFromSeed(s)
}

// signedPack builds and signs the test run's pack and returns it as read back from its zip.
func signedPack(t *testing.T, run Run, key ed25519.PrivateKey) (*Pack, *Contents) {
	t.Helper()
	p, err := Build(context.Background(), run)
	require.NoError(t, err)
	require.NoError(t, p.Sign(key))
	return p, contentsOf(p)
}

func contentsOf(p *Pack) *Contents {
	c := &Contents{Data: map[string][]byte{}}
	for _, f := range p.Files {
		c.Paths = append(c.Paths, f.Path)
		c.Data[f.Path] = append([]byte(nil), f.Data...)
	}
	return c
}
