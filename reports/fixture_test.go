package reports

import (
	"strings"
	"time"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// fixtureReport is a small but complete report: rules of several severities, results of every status,
// Terraform and live-API resources, a source with a parse error and a live source with a denied call.
// It was compared with a baseline (two findings are new, two unchanged) and given waivers: one from the
// config file and one inline, both applied, one expired (its finding fails again) and one unused.
// Messages of waived and expired results carry the text the engine appends to them.
// Rules and results are deliberately out of order: renderers must sort them.
func fixtureReport() *engine.Report {
	date := func(y int, m time.Month, d int) *time.Time {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return &t
	}
	generated := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	collected := time.Date(2025, 3, 14, 9, 20, 0, 0, time.UTC)

	controls := func(iso, nist, csf []string) map[string][]string {
		return map[string][]string{
			engine.FrameworkISO27001:  iso,
			engine.FrameworkNIST80053: nist,
			engine.FrameworkCSF2:      csf,
		}
	}
	versioning := controls([]string{"8.13"}, []string{"CP-9"}, []string{"PR.DS-11"})
	publicAccess := controls([]string{"5.15", "8.3"}, []string{"AC-3", "AC-6"}, []string{"PR.AA-05"})
	encryption := controls([]string{"8.24"}, []string{"SC-28", "SC-28(1)"}, []string{"PR.DS-01"})
	rdsBackup := controls([]string{"8.13"}, []string{"CP-9"}, []string{"PR.DS-11"})
	rdsPublic := controls([]string{"8.20"}, []string{"AC-4", "SC-7"}, []string{"PR.IR-01"})
	publicAccess[engine.FrameworkCISAWS6] = []string{"3.1.4"}
	rdsPublic[engine.FrameworkCISAWS6] = []string{"3.2.3"}
	iamUser := controls([]string{"5.15", "5.18"}, []string{"AC-2", "AC-6"}, []string{"PR.AA-05"})

	ordersARN := "arn:aws:rds:eu-west-1:123456789012:db:orders"
	liveLocation := inventory.Location{Kind: inventory.SourceAWS, API: "rds:DescribeDBInstances", CollectedAt: &collected}
	tf := func(file string, start, end int, address string) inventory.Location {
		return inventory.Location{Kind: inventory.SourceTerraform, File: file, StartLine: start, EndLine: end, Address: address}
	}
	result := func(rule engine.Rule, status engine.Status, id, typ, name string, loc inventory.Location, msg string) engine.Result {
		return engine.Result{
			RuleID: rule.ID, RuleTitle: rule.Title, Severity: rule.Severity, Status: status,
			ResourceID: id, ResourceType: typ, ResourceName: name, Location: &loc, Message: msg,
			Controls: rule.Controls, Fingerprint: engine.Fingerprint(rule.ID, id),
		}
	}

	rule := func(id, title, desc string, sev engine.Severity, types []string, c map[string][]string, fix, pkg string, line int) engine.Rule {
		return engine.Rule{
			ID: id, Title: title, Description: desc, Severity: sev, ResourceTypes: types, Controls: c,
			Remediation: fix, Package: "vigil." + pkg, File: "policies/" + strings.ReplaceAll(pkg, ".", "/") + ".rego", Line: line,
			Builtin: true,
		}
	}
	s3Versioning := rule("S3.1", "S3 buckets have versioning enabled",
		"Versioning keeps every version of every object, so that an overwritten or deleted object can be restored.",
		engine.SeverityMedium, []string{"aws.s3.bucket"}, versioning,
		"Add an aws_s3_bucket_versioning resource with versioning_configuration { status = \"Enabled\" }.",
		"aws.s3.versioning", 1)
	s3Encryption := rule("S3.2", "S3 buckets encrypt objects at rest",
		"Default encryption protects every object written without an explicit encryption header.",
		engine.SeverityHigh, []string{"aws.s3.bucket"}, encryption,
		"Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = \"aws:kms\" or \"AES256\".",
		"aws.s3.encryption", 1)
	s3Public := rule("S3.4", "S3 buckets block public access",
		"All four public access block settings must be true so that no ACL or bucket policy can make objects public.",
		engine.SeverityHigh, []string{"aws.s3.bucket"}, publicAccess,
		"Add an aws_s3_bucket_public_access_block with the four block_* and restrict_* settings set to true.",
		"aws.s3.public_access_block", 1)
	rdsRetention := rule("RDS.2", "RDS instances keep automated backups for at least 7 days",
		"Point-in-time restore needs automated backups; seven days covers a week-end plus the time to notice.",
		engine.SeverityMedium, []string{"aws.rds.instance"}, rdsBackup,
		"Set backup_retention_period to 7 or more.",
		"aws.rds.backup_retention", 1)
	rdsPublicRule := rule("RDS.5", "RDS instances are not publicly accessible",
		"A publicly accessible instance gets a public DNS name and can be reached from the internet.",
		engine.SeverityCritical, []string{"aws.rds.instance"}, rdsPublic,
		"Set publicly_accessible = false and reach the database through private subnets.",
		"aws.rds.public_access", 1)
	iamAttached := rule("IAM.4", "IAM users have no directly attached managed policies",
		"Permissions granted through groups and roles are easier to review and revoke.",
		engine.SeverityLow, []string{"aws.iam.user"}, iamUser,
		"Attach the policy to a group and add the user to it.",
		"aws.iam.user_attached_policies", 1)

	publicBucket := tf("infra/storage/s3.tf", 12, 30, "aws_s3_bucket.public")
	assetsBucket := tf("infra/storage/s3.tf", 32, 40, "aws_s3_bucket.assets")
	logsBucket := tf("infra/modules/logs/main.tf", 3, 9, "module.logs.aws_s3_bucket.this")
	ciUser := tf("infra/iam.tf", 5, 5, "aws_iam_user.ci")

	publicFail := result(s3Public, engine.StatusFail, "aws_s3_bucket.public", "aws.s3.bucket", "public", publicBucket,
		"Public access is not fully blocked: block_public_acls and restrict_public_buckets are false, so an ACL "+
			"or a bucket policy can expose every object in the bucket to the internet.")
	publicFail.Evidence = map[string]any{
		"public_access_block": map[string]any{
			"block_public_acls": false, "block_public_policy": true,
			"ignore_public_acls": true, "restrict_public_buckets": false,
		},
	}
	rdsFail := result(rdsPublicRule, engine.StatusFail, ordersARN, "aws.rds.instance", "orders", liveLocation,
		"The instance is publicly accessible.")
	rdsFail.Baseline = engine.BaselineUnchanged
	rdsFail.Evidence = map[string]any{"publicly_accessible": true, "port": float64(5432)}
	logsUnknown := result(s3Encryption, engine.StatusUnknown, "module.logs.aws_s3_bucket.this", "aws.s3.bucket", "this",
		logsBucket, "The encryption algorithm comes from var.sse_algorithm, which has no value.")
	logsUnknown.Missing = []string{"encryption.algorithm", "encryption.enabled"}
	logsUnknown.Baseline = engine.BaselineNew
	rdsUnknown := result(rdsRetention, engine.StatusUnknown, ordersARN, "aws.rds.instance", "orders", liveLocation,
		"The backup retention period could not be read.")
	rdsUnknown.Missing = []string{"backup.retention_days"}
	rdsUnknown.Baseline = engine.BaselineUnchanged
	publicFail.Baseline = engine.BaselineNew
	replicaNA := result(rdsRetention, engine.StatusNotApplicable, "arn:aws:rds:eu-west-1:123456789012:db:orders-replica",
		"aws.rds.instance", "orders-replica", liveLocation,
		"DB instance \"orders-replica\" is a read replica of orders: backup retention is the source's")

	ciWaiver := engine.Waiver{
		ID: "legacy-ci-user", Rule: "IAM.4", Resources: []string{"aws_iam_user.ci"},
		Reason: "Legacy CI user, replaced by an OIDC role next quarter.", Owner: "platform-team",
		ApprovedBy: "security@example.com", Ticket: "OPS-1234", Expires: date(2025, 9, 30), Source: "vigil.hcl:12",
	}
	ciWaived := result(iamAttached, engine.StatusWaived, "aws_iam_user.ci", "aws.iam.user", "ci", ciUser,
		"The user has 2 directly attached managed policies.")
	ciWaived.OriginalStatus = engine.StatusFail
	ciWaived.Waiver = &ciWaiver
	logsWaiver := engine.Waiver{
		ID: "inline", Rule: "S3.1", Resources: []string{"module.logs.aws_s3_bucket.this"},
		Reason: "Write-once access logs | versioning only adds cost", Source: "infra/modules/logs/main.tf:2",
	}
	logsWaived := result(s3Versioning, engine.StatusWaived, "module.logs.aws_s3_bucket.this", "aws.s3.bucket", "this",
		logsBucket, "Versioning is not enabled.")
	logsWaived.OriginalStatus = engine.StatusFail
	logsWaived.Waiver = &logsWaiver
	expiredWaiver := engine.Waiver{
		ID: "orders-public-migration", Rule: "RDS.5", Resources: []string{"arn:aws:rds:*:db:orders"},
		Reason: "Public endpoint while the data-centre migration runs.", Owner: "data-team", Ticket: "OPS-987",
		Expires: date(2025, 3, 1), Source: "vigil.hcl:20",
	}
	unusedWaiver := engine.Waiver{
		ID: "sessions-pitr", Control: "iso27001-2022:8.13", Resources: []string{"aws_dynamodb_table.sessions"},
		Reason: "Sessions are disposable.", Owner: "web-team", Expires: date(2025, 12, 31), Source: "vigil.hcl:28",
	}

	return &engine.Report{
		Tool:        "vigil",
		Version:     "0.4.0",
		GeneratedAt: &generated,
		Sources: []inventory.Source{
			{Kind: inventory.SourceTerraform, Path: "infra", Files: 7, Errors: []inventory.Issue{{
				Code: "parse", File: "infra/network/main.tf", Line: 14, Column: 17,
				Message: "Invalid expression; Expected the start of an expression, but found an invalid expression token.",
			}}},
			{Kind: inventory.SourceAWS, Path: "123456789012/eu-west-1", Errors: []inventory.Issue{{
				Code: "AccessDenied", Service: "backup", API: "ListBackupPlans", Region: "eu-west-1",
				Message: "User: arn:aws:iam::123456789012:user/audit is not authorized to perform: backup:ListBackupPlans",
			}}},
		},
		Complete:   false,
		Frameworks: []string{engine.FrameworkISO27001, engine.FrameworkNIST80053, engine.FrameworkCSF2, engine.FrameworkCISAWS6},
		Rules:      []engine.Rule{s3Public, rdsPublicRule, s3Versioning, iamAttached, s3Encryption, rdsRetention},
		Results: []engine.Result{
			result(s3Versioning, engine.StatusPass, "aws_s3_bucket.public", "aws.s3.bucket", "public", publicBucket,
				"Versioning is enabled."),
			logsUnknown,
			publicFail,
			result(s3Public, engine.StatusPass, "aws_s3_bucket.assets", "aws.s3.bucket", "assets", assetsBucket,
				"All four public access block settings are true."),
			rdsUnknown,
			replicaNA,
			ciWaived,
			rdsFail,
			logsWaived,
			result(s3Versioning, engine.StatusPass, "aws_s3_bucket.assets", "aws.s3.bucket", "assets", assetsBucket,
				"Versioning is enabled."),
			result(s3Encryption, engine.StatusPass, "aws_s3_bucket.public", "aws.s3.bucket", "public", publicBucket,
				"Objects are encrypted with AES256."),
		},
		Waivers: []engine.WaiverStatus{
			{Waiver: ciWaiver, State: engine.WaiverActive, Matched: 1},
			{Waiver: expiredWaiver, State: engine.WaiverExpired, Matched: 1},
			{Waiver: unusedWaiver, State: engine.WaiverUnused},
			{Waiver: logsWaiver, State: engine.WaiverActive, Matched: 1},
		},
		Summary: engine.Summary{
			Resources: 5,
			ByStatus: map[engine.Status]int{
				engine.StatusFail: 2, engine.StatusUnknown: 2, engine.StatusWaived: 2, engine.StatusPass: 4,
				engine.StatusNotApplicable: 1,
			},
			FailedBySeverity: map[engine.Severity]int{engine.SeverityCritical: 1, engine.SeverityHigh: 1},
			Frameworks: []engine.FrameworkSummary{
				{Framework: engine.FrameworkISO27001, Title: "ISO/IEC 27001:2022 Annex A", ControlFigures: engine.ControlFigures{
					ControlsTotal: 93, ControlsAutomated: 6, ControlsPartlyAutomated: 6,
					ControlsFailing: 3, ControlsUnknown: 2, ControlsWaived: 1, ControlsManual: 87,
					Pass: 4, Fail: 2, Unknown: 2, Waived: 2, NotApplicable: 1, PassRate: 0.5}},
				{Framework: engine.FrameworkNIST80053, Title: "NIST SP 800-53 Rev. 5", ControlFigures: engine.ControlFigures{
					ControlsTotal: 1014, ControlsAutomated: 8, ControlsFullyAutomated: 1, ControlsPartlyAutomated: 7,
					ControlsFailing: 4, ControlsUnknown: 3, ControlsWaived: 1, ControlsManual: 1006,
					Pass: 4, Fail: 2, Unknown: 2, Waived: 2, NotApplicable: 1, PassRate: 0.5}},
				{Framework: engine.FrameworkCSF2, Title: "NIST CSF 2.0", ControlFigures: engine.ControlFigures{
					ControlsTotal: 106, ControlsAutomated: 4, ControlsPartlyAutomated: 4,
					ControlsFailing: 2, ControlsUnknown: 2, ControlsManual: 102,
					Pass: 4, Fail: 2, Unknown: 2, Waived: 2, NotApplicable: 1, PassRate: 0.5}},
				{Framework: engine.FrameworkCISAWS6, Title: "CIS AWS Foundations v6.0.0", ControlFigures: engine.ControlFigures{
					ControlsTotal: 63, ControlsAutomated: 2, ControlsFailing: 2, ControlsManual: 61,
					Pass: 1, Fail: 2, PassRate: 1.0 / 3},
					Profiles: []engine.ProfileSummary{
						{Profile: "Level 1", ControlFigures: engine.ControlFigures{ControlsTotal: 41, ControlsAutomated: 2,
							ControlsFailing: 2, ControlsManual: 39, Pass: 1, Fail: 2, PassRate: 1.0 / 3}},
						{Profile: "Level 2", ControlFigures: engine.ControlFigures{ControlsTotal: 22, ControlsManual: 22}},
					}},
			},
		},
	}
}
