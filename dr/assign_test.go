package dr

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/inventory"
)

// tf is a resource read from a Terraform file.
func tf(id, typ, file string, line int, tags map[string]string, unknown ...string) inventory.Resource {
	return inventory.Resource{ID: id, Type: typ, Tags: tags, Unknown: unknown,
		Source: inventory.Location{Kind: inventory.SourceTerraform, File: file, StartLine: line, EndLine: line + 3, Address: id}}
}

func loadDR(t *testing.T, path string) config.DR {
	t.Helper()
	cfg, err := config.Load(path)
	require.NoError(t, err)
	return cfg.DR
}

// fixtureInventory holds one resource per case of testdata/vigil.hcl, each commented with the outcome
// worked out by hand from the rules of Assign.
func fixtureInventory() *inventory.Inventory {
	inv := inventory.New()
	ledger := map[string]string{"app": "ledger"}
	inv.Resources = []inventory.Resource{
		// ledger by its app tag.
		tf("aws_db_instance.ledger", inventory.TypeRDSInstance, "main.tf", 1, ledger),
		// ledger by its app tag, and its dr-tier tag agrees: tag+system.
		tf("aws_dynamodb_table.ledger_events", inventory.TypeDynamoDBTable, "main.tf", 12,
			map[string]string{"app": "ledger", "dr-tier": "critical"}),
		// ledger by the id pattern module.ledger.aws_s3_bucket.* (no tags needed).
		tf("module.ledger.aws_s3_bucket.exports", inventory.TypeS3Bucket, "modules/ledger/s3.tf", 1, nil),
		// reports: an EFS file system whose id contains "reports" (both criteria of one block).
		tf("aws_efs_file_system.reports", inventory.TypeEFSFileSystem, "main.tf", 30, nil),
		// An EFS file system without "reports" in its id: reports' block fails on ids; no tag: no objective.
		tf("aws_efs_file_system.home", inventory.TypeEFSFileSystem, "main.tf", 25, nil),
		// The tag alone: standard, no system.
		tf("aws_s3_bucket.logs", inventory.TypeS3Bucket, "main.tf", 40, map[string]string{"dr-tier": "standard"}),
		// ledger (critical) by tag, but the dr-tier tag says standard: a diagnostic.
		tf("aws_db_instance.ledger_copy", inventory.TypeRDSInstance, "main.tf", 7,
			map[string]string{"app": "ledger", "dr-tier": "standard"}),
		// A tag naming no tier: a diagnostic.
		tf("aws_ebs_volume.scratch", inventory.TypeEC2Volume, "main.tf", 20, map[string]string{"dr-tier": "gold"}),
		// ledger by its app tag, reports by type and id: two systems, a diagnostic.
		tf("module.ledger.aws_efs_file_system.reports", inventory.TypeEFSFileSystem, "modules/ledger/efs.tf", 1, ledger),
		// Tags unknown, no system by id or type: unknown (ledger may hold it by tags).
		tf("aws_dynamodb_table.sessions", inventory.TypeDynamoDBTable, "main.tf", 50, map[string]string{"app": "web"}, "tags"),
		// Tags unknown, but ledger holds it by id: assigned by the system, with a note.
		tf("module.ledger.aws_s3_bucket.archive", inventory.TypeS3Bucket, "modules/ledger/s3.tf", 10, nil, "tags"),
		// Not protectable: never listed, though ledger's tags and iam's type match it.
		tf("aws_iam_role.ledger", inventory.TypeIAMRole, "iam.tf", 1, ledger),
		// Live, with a tier written in another case: a diagnostic without a file, suggesting the tier.
		{ID: "arn:aws:rds:eu-west-1:111122223333:db:orders", Type: inventory.TypeRDSInstance,
			Tags: map[string]string{"dr-tier": "Critical"}, Source: inventory.Location{Kind: inventory.SourceAWS, API: "DescribeDBInstances"}},
	}
	return inv
}

func TestAssign(t *testing.T) {
	hcl := filepath.Join("testdata", "vigil.hcl")
	got, diags := Assign(loadDR(t, hcl), fixtureInventory())

	const noteUnknownTags = "its tags are unknown, so a dr-tier tag or another system matching by tags that would disagree cannot be ruled out"
	want := Assignments{
		{Resource: "arn:aws:rds:eu-west-1:111122223333:db:orders", Type: "aws.rds.instance", Status: StatusInvalid,
			Reason: `its dr-tier tag names tier "Critical", which is not declared`},
		{Resource: "aws_db_instance.ledger", Type: "aws.rds.instance", Tier: "critical", System: "ledger", Status: StatusAssigned, Basis: BasisSystem},
		{Resource: "aws_db_instance.ledger_copy", Type: "aws.rds.instance", Status: StatusInvalid,
			Reason: `its dr-tier tag names tier "standard", its system "ledger" tier "critical"`},
		{Resource: "aws_dynamodb_table.ledger_events", Type: "aws.dynamodb.table", Tier: "critical", System: "ledger", Status: StatusAssigned, Basis: BasisTagAndSystem},
		{Resource: "aws_dynamodb_table.sessions", Type: "aws.dynamodb.table", Status: StatusUnknown,
			Reason: `its tags are unknown, so whether a dr-tier tag names its tier cannot be told, nor whether system "ledger" (matching by tags) holds it`},
		{Resource: "aws_ebs_volume.scratch", Type: "aws.ec2.volume", Status: StatusInvalid, Reason: `its dr-tier tag names tier "gold", which is not declared`},
		{Resource: "aws_efs_file_system.home", Type: "aws.efs.file_system", Status: StatusNoObjective},
		{Resource: "aws_efs_file_system.reports", Type: "aws.efs.file_system", Tier: "standard", System: "reports", Status: StatusAssigned, Basis: BasisSystem},
		{Resource: "aws_s3_bucket.logs", Type: "aws.s3.bucket", Tier: "standard", Status: StatusAssigned, Basis: BasisTag},
		{Resource: "module.ledger.aws_efs_file_system.reports", Type: "aws.efs.file_system", Status: StatusInvalid,
			Reason: `matched by several systems: system "ledger" (` + hcl + `:9), system "reports" (` + hcl + `:19)`},
		{Resource: "module.ledger.aws_s3_bucket.archive", Type: "aws.s3.bucket", Tier: "critical", System: "ledger", Status: StatusAssigned, Basis: BasisSystem,
			Reason: noteUnknownTags},
		{Resource: "module.ledger.aws_s3_bucket.exports", Type: "aws.s3.bucket", Tier: "critical", System: "ledger", Status: StatusAssigned, Basis: BasisSystem},
	}
	assert.Equal(t, want, got)

	// Systems in file order (ghost at line 27, iam at 34 with its match block at 36:3), then resources in
	// id order. 12 of the 13 resources are protectable (all but the IAM role).
	const nothing = " matches no protectable resource in the inventory (12 protectable resources), so its objectives would judge nothing; " +
		"check its tags, ids and types against the resources, or remove it."
	wantDiags := []string{
		hcl + `:27:1: System matches nothing: System "ghost"` + nothing,
		hcl + `:36:3: Type not protectable: A match block of system "iam" lists aws.iam.role, which no backup protects; DR objectives apply to ` +
			`aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket.`,
		hcl + `:34:1: System matches nothing: System "iam"` + nothing + ` It matches only resources that no backup protects: aws.iam.role (1).`,
		`Unknown tier in tag: arn:aws:rds:eu-west-1:111122223333:db:orders (aws.rds.instance) has the tag dr-tier = "Critical", which names no dr_tier ` +
			`(declared tiers: critical, standard). Did you mean "critical"?`,
		`main.tf:7: Tier tag and system disagree: aws_db_instance.ledger_copy (aws.rds.instance) has the tag dr-tier = "standard", but system "ledger" (` +
			hcl + `:9), which holds it, is in tier "critical"; make the tag name "critical", remove it, or take the resource out of the system.`,
		`main.tf:20: Unknown tier in tag: aws_ebs_volume.scratch (aws.ec2.volume) has the tag dr-tier = "gold", which names no dr_tier (declared tiers: critical, standard).`,
		`modules/ledger/efs.tf:1: Resource in several systems: module.ledger.aws_efs_file_system.reports (aws.efs.file_system) is matched by system "ledger" (` +
			hcl + `:9) and system "reports" (` + hcl + `:19); a resource belongs to one system, so narrow their match blocks.`,
	}
	lines := make([]string, len(diags))
	for i, d := range diags {
		lines[i] = d.String()
	}
	assert.Equal(t, wantDiags, lines)
	assert.Equal(t, strings.Join(wantDiags, "\n"), Err(diags).Error())

	// Resource diagnostics carry the resource; system ones the declaration.
	assert.Equal(t, "aws_db_instance.ledger_copy", diags[4].Resource)
	assert.Nil(t, diags[4].Subject)
	require.NotNil(t, diags[0].Subject)
	assert.Empty(t, diags[0].Resource)

	require.NotNil(t, got.Find("aws_s3_bucket.logs"))
	assert.Equal(t, "standard", got.Find("aws_s3_bucket.logs").Tier)
	assert.Nil(t, got.Find("aws_iam_role.ledger"), "not protectable, not listed")
}

// TestAssignDeterministic: the inventory's order does not change the result.
func TestAssignDeterministic(t *testing.T) {
	decl := loadDR(t, filepath.Join("testdata", "vigil.hcl"))
	first, firstDiags := Assign(decl, fixtureInventory())
	inv := fixtureInventory()
	slices.Reverse(inv.Resources)
	again, againDiags := Assign(decl, inv)
	assert.Equal(t, first, again)
	assert.Equal(t, firstDiags, againDiags)
}

// writeConfig writes a vigil.hcl and loads its DR part.
func writeConfig(t *testing.T, src string) (config.DR, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), config.FileName)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	return loadDR(t, path), path
}

func TestAssignCases(t *testing.T) {
	tests := []struct {
		name      string
		hcl       string
		resources []inventory.Resource
		want      Assignments
		wantDiags []string // with PATH for the config file's path
	}{
		{
			name: "no declarations: every protectable resource is listed, none silently skipped",
			resources: []inventory.Resource{
				tf("aws_db_instance.a", inventory.TypeRDSInstance, "main.tf", 1, nil),
				tf("aws_instance.web", inventory.TypeEC2Instance, "main.tf", 5, map[string]string{"app": "web"}),
				tf("aws_rds_cluster.c", inventory.TypeRDSCluster, "main.tf", 9, nil),
				tf("aws_security_group.sg", inventory.TypeEC2SecurityGroup, "main.tf", 13, nil),
			},
			want: Assignments{
				{Resource: "aws_db_instance.a", Type: "aws.rds.instance", Status: StatusNoObjective},
				{Resource: "aws_instance.web", Type: "aws.ec2.instance", Status: StatusNoObjective},
				{Resource: "aws_rds_cluster.c", Type: "aws.rds.cluster", Status: StatusNoObjective},
			},
		},
		{
			name: "a tier tag without any tier declared",
			resources: []inventory.Resource{
				tf("aws_db_instance.a", inventory.TypeRDSInstance, "main.tf", 3, map[string]string{"dr-tier": "gold"}),
			},
			want: Assignments{{Resource: "aws_db_instance.a", Type: "aws.rds.instance", Status: StatusInvalid,
				Reason: `its dr-tier tag names tier "gold", which is not declared`}},
			wantDiags: []string{`main.tf:3: Unknown tier in tag: aws_db_instance.a (aws.rds.instance) has the tag dr-tier = "gold", which names no dr_tier (no dr_tier is declared).`},
		},
		{
			name: "an empty tier tag names no tier",
			hcl:  "dr_tier \"gold\" { rpo = \"1h\" }\n",
			resources: []inventory.Resource{
				tf("aws_db_instance.a", inventory.TypeRDSInstance, "main.tf", 3, map[string]string{"dr-tier": ""}),
			},
			want: Assignments{{Resource: "aws_db_instance.a", Type: "aws.rds.instance", Status: StatusInvalid,
				Reason: `its dr-tier tag names tier "", which is not declared`}},
			wantDiags: []string{`main.tf:3: Unknown tier in tag: aws_db_instance.a (aws.rds.instance) has the tag dr-tier = "", which names no dr_tier (declared tiers: gold).`},
		},
		{
			name: "dr_tier_tag replaces the key: dr-tier is then an ordinary tag",
			hcl:  "dr_tier_tag = \"Tier\"\ndr_tier \"gold\" { rpo = \"1h\" }\n",
			resources: []inventory.Resource{
				tf("aws_db_instance.a", inventory.TypeRDSInstance, "main.tf", 1, map[string]string{"Tier": "gold"}),
				tf("aws_db_instance.b", inventory.TypeRDSInstance, "main.tf", 5, map[string]string{"dr-tier": "gold"}),
				tf("aws_db_instance.c", inventory.TypeRDSInstance, "main.tf", 9, map[string]string{"tier": "gold"}), // keys are case-sensitive
			},
			want: Assignments{
				{Resource: "aws_db_instance.a", Type: "aws.rds.instance", Tier: "gold", Status: StatusAssigned, Basis: BasisTag},
				{Resource: "aws_db_instance.b", Type: "aws.rds.instance", Status: StatusNoObjective},
				{Resource: "aws_db_instance.c", Type: "aws.rds.instance", Status: StatusNoObjective,
					Reason: `it has the tag "tier", but the tier tag is "Tier" (tag keys are case-sensitive)`},
			},
		},
		{
			name: "every tag of a match block, and its types and ids, must hold together",
			hcl: `dr_tier "gold" { rpo = "1h" }
dr_system "pay" {
  tier = "gold"
  match {
    tags  = { app = "pay", env = "prod" }
    types = ["aws.dynamodb.table", "aws.rds.cluster"]
    ids   = ["arn:aws:*:eu-west-1:*", "module.pay.*"]
  }
}
`,
			resources: []inventory.Resource{
				// All three criteria hold (ARN pattern crosses ":" and "/").
				{ID: "arn:aws:dynamodb:eu-west-1:111122223333:table/pay", Type: inventory.TypeDynamoDBTable,
					Tags: map[string]string{"app": "pay", "env": "prod"}, Source: inventory.Location{Kind: "aws", API: "DescribeTable"}},
				// env missing: one tag of two.
				tf("module.pay.aws_rds_cluster.main", inventory.TypeRDSCluster, "pay.tf", 1, map[string]string{"app": "pay"}),
				// tags and id hold, type does not.
				tf("module.pay.aws_db_instance.main", inventory.TypeRDSInstance, "pay.tf", 9, map[string]string{"app": "pay", "env": "prod"}),
				// tags and type hold, id does not (another region; no module).
				{ID: "arn:aws:dynamodb:us-east-1:111122223333:table/pay", Type: inventory.TypeDynamoDBTable,
					Tags: map[string]string{"app": "pay", "env": "prod"}, Source: inventory.Location{Kind: "aws", API: "DescribeTable"}},
				// A tag value differing in case is another value.
				tf("module.pay.aws_rds_cluster.replica", inventory.TypeRDSCluster, "pay.tf", 20, map[string]string{"app": "Pay", "env": "prod"}),
			},
			want: Assignments{
				{Resource: "arn:aws:dynamodb:eu-west-1:111122223333:table/pay", Type: "aws.dynamodb.table", Tier: "gold", System: "pay", Status: StatusAssigned, Basis: BasisSystem},
				{Resource: "arn:aws:dynamodb:us-east-1:111122223333:table/pay", Type: "aws.dynamodb.table", Status: StatusNoObjective},
				{Resource: "module.pay.aws_db_instance.main", Type: "aws.rds.instance", Status: StatusNoObjective},
				{Resource: "module.pay.aws_rds_cluster.main", Type: "aws.rds.cluster", Status: StatusNoObjective},
				{Resource: "module.pay.aws_rds_cluster.replica", Type: "aws.rds.cluster", Status: StatusNoObjective},
			},
		},
		{
			name: "a system matched only by resources whose tags are unknown is not reported as matching nothing",
			hcl:  "dr_tier \"gold\" { rpo = \"1h\" }\ndr_system \"pay\" {\n  tier = \"gold\"\n  match { tags = { app = \"pay\" } }\n}\n",
			resources: []inventory.Resource{
				tf("aws_db_instance.a", inventory.TypeRDSInstance, "main.tf", 1, nil, "tags"),
			},
			want: Assignments{{Resource: "aws_db_instance.a", Type: "aws.rds.instance", Status: StatusUnknown,
				Reason: `its tags are unknown, so whether a dr-tier tag names its tier cannot be told, nor whether system "pay" (matching by tags) holds it`}},
		},
		{
			name: "tags unknown and no system: the tier tag alone is unknown",
			hcl:  "dr_tier \"gold\" { rpo = \"1h\" }\n",
			resources: []inventory.Resource{
				// A known dr-tier value does not count: an unknown resource tag may override a provider default.
				tf("aws_db_instance.a", inventory.TypeRDSInstance, "main.tf", 1, map[string]string{"dr-tier": "gold"}, "tags"),
			},
			want: Assignments{{Resource: "aws_db_instance.a", Type: "aws.rds.instance", Status: StatusUnknown,
				Reason: `its tags are unknown, so whether a dr-tier tag names its tier cannot be told`}},
		},
		{
			name: "a system that matches nothing, with no protectable resource at all",
			hcl:  "dr_tier \"gold\" { rpo = \"1h\" }\ndr_system \"pay\" {\n  tier = \"gold\"\n  match { ids = [\"aws_db_instance.pay\"] }\n}\n",
			resources: []inventory.Resource{
				tf("aws_db_instance.pay_old", inventory.TypeRDSInstance, "main.tf", 1, nil),
			},
			want: Assignments{{Resource: "aws_db_instance.pay_old", Type: "aws.rds.instance", Status: StatusNoObjective}},
			wantDiags: []string{`PATH:2:1: System matches nothing: System "pay" matches no protectable resource in the inventory (1 protectable resource), ` +
				`so its objectives would judge nothing; check its tags, ids and types against the resources, or remove it.`},
		},
		{
			name: "three systems claiming one resource are named together",
			hcl: "dr_tier \"gold\" { rpo = \"1h\" }\n" +
				"dr_system \"a\" {\n  tier = \"gold\"\n  match { ids = [\"*\"] }\n}\n" +
				"dr_system \"b\" {\n  tier = \"gold\"\n  match { types = [\"aws.s3.bucket\"] }\n}\n" +
				"dr_system \"c\" {\n  tier = \"gold\"\n  match { tags = { app = \"x\" } }\n}\n",
			resources: []inventory.Resource{
				tf("aws_s3_bucket.x", inventory.TypeS3Bucket, "main.tf", 4, map[string]string{"app": "x"}),
			},
			want: Assignments{{Resource: "aws_s3_bucket.x", Type: "aws.s3.bucket", Status: StatusInvalid,
				Reason: `matched by several systems: system "a" (PATH:2), system "b" (PATH:6), system "c" (PATH:10)`}},
			wantDiags: []string{`main.tf:4: Resource in several systems: aws_s3_bucket.x (aws.s3.bucket) is matched by system "a" (PATH:2), system "b" (PATH:6) ` +
				`and system "c" (PATH:10); a resource belongs to one system, so narrow their match blocks.`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var decl config.DR
			path := ""
			if tt.hcl != "" {
				decl, path = writeConfig(t, tt.hcl)
			}
			inv := inventory.New()
			inv.Resources = tt.resources
			got, diags := Assign(decl, inv)
			for i := range tt.want {
				tt.want[i].Reason = strings.ReplaceAll(tt.want[i].Reason, "PATH", path)
			}
			assert.Equal(t, tt.want, got)
			var lines []string
			for _, d := range diags {
				lines = append(lines, d.String())
			}
			var want []string
			for _, w := range tt.wantDiags {
				want = append(want, strings.ReplaceAll(w, "PATH", path))
			}
			assert.Equal(t, want, lines)
		})
	}
}

func TestAssignEmpty(t *testing.T) {
	got, diags := Assign(config.DR{}, nil)
	assert.Empty(t, got)
	assert.Empty(t, diags)
	assert.NoError(t, Err(diags))
	assert.Nil(t, got.Find("x"))
}

func TestDiagnosticString(t *testing.T) {
	d := Diagnostic{Summary: "S", Detail: "d.", Source: inventory.Location{File: "x.tf"}}
	assert.Equal(t, "x.tf: S: d.", d.String(), "a file without a line")
	d = Diagnostic{Summary: "S", Source: inventory.Location{API: "DescribeTable"}}
	assert.Equal(t, "S", d.String(), "a live resource: no file, the detail names the ARN")
}

func TestProtectable(t *testing.T) {
	for _, typ := range ProtectableTypes {
		assert.True(t, inventory.KnownType(typ), typ)
		assert.True(t, Protectable(typ), typ)
	}
	for _, typ := range []string{inventory.TypeIAMRole, inventory.TypeBackupVault, inventory.TypeEC2Snapshot, inventory.TypeBackupRecoveryPoint, ""} {
		assert.False(t, Protectable(typ), typ)
	}
}

// TestDocsErrors keeps the example errors of docs/dr.md in step with what Assign says about the fixture.
func TestDocsErrors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "docs", "dr.md"))
	require.NoError(t, err)
	_, after, found := strings.Cut(string(raw), "### Errors\n")
	require.True(t, found, "docs/dr.md lost its Errors section")
	_, block, _ := strings.Cut(after, "```\n")
	block, _, _ = strings.Cut(block, "```")

	hcl := filepath.Join("testdata", "vigil.hcl")
	_, diags := Assign(loadDR(t, hcl), fixtureInventory())
	assert.Equal(t, strings.TrimSpace(block), strings.ReplaceAll(Err(diags).Error(), hcl, "vigil.hcl"))
}
