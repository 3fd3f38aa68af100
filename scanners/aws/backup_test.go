package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// backupNow is the fixed clock of the Backup tests.
var backupNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

const (
	bkAccount    = "123456789012"
	bkRegion     = "eu-west-1"
	bkMainVault  = "arn:aws:backup:eu-west-1:123456789012:backup-vault:main"
	bkPlainVault = "arn:aws:backup:eu-west-1:123456789012:backup-vault:plain"
	bkGovVault   = "arn:aws:backup:eu-west-1:123456789012:backup-vault:gov"
	bkDRVault    = "arn:aws:backup:us-east-1:123456789012:backup-vault:dr"
	bkCustomKey  = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
	bkManagedKey = "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-2222-2222-222222222222"
	bkOtherKey   = "arn:aws:kms:eu-west-1:999999999999:key/33333333-3333-3333-3333-333333333333"
	bkRTPlan     = "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:weekly-abcdef"
	bkEBSPoint   = "arn:aws:ec2:eu-west-1::snapshot/snap-0a1"
	bkRDSPoint   = "arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-2"
	bkPartial    = "arn:aws:backup:eu-west-1:123456789012:recovery-point:rp-3"
	bkVolume     = "arn:aws:ec2:eu-west-1:123456789012:volume/vol-1"
	bkDatabase   = "arn:aws:rds:eu-west-1:123456789012:db:orders"
)

// epoch renders a time as AWS Backup's REST-JSON timestamps: epoch seconds with milliseconds.
func epoch(t time.Time) string { return fmt.Sprintf("%d.%03d", t.Unix(), t.Nanosecond()/1e6) }

// bkPath matches one Backup REST operation by method and exact path.
func bkPath(method, path string) awstest.Matcher {
	prefix := awstest.REST("backup", method, path, "")
	return func(r *http.Request, op awstest.Op, body []byte) bool {
		return prefix(r, op, body) && r.URL.Path == path
	}
}

// bkJSON answers a Backup operation with a REST-JSON body.
func bkJSON(srv *awstest.Server, m awstest.Matcher, body string) {
	srv.Respond(m, http.StatusOK, "application/json", body)
}

// bkError answers with a REST-JSON error as AWS Backup sends it (code in X-Amzn-ErrorType).
func bkError(srv *awstest.Server, m awstest.Matcher, status int, code string) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"Code":"`+code+`","Message":"denied or missing"}`)
	})
}

// bkFixture is an account with three vaults, a plan with two selections, jobs and a restore testing plan.
type bkFixture struct {
	srv                 *awstest.Server
	planARN, planID     string
	byResources, byTags string // selection ids

	mu            sync.Mutex
	jobsAfter     []string // createdAfter of each job listing
	describedKeys []string // KeyId of each kms:DescribeKey
}

func newBackupFixture(t *testing.T) *bkFixture {
	t.Helper()
	srv := awstest.New(t)
	f := &bkFixture{srv: srv}
	ctx := context.Background()

	// kumo holds the plan and its selections: it lists them and answers GetBackupSelection for a
	// selection by resources. What it does not keep (copy actions, lifecycle, timezone, continuous
	// backup, selection tags and conditions) is answered by front handlers below.
	api := backup.NewFromConfig(srv.Config(bkRegion))
	plan, err := api.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: &types.BackupPlanInput{
		BackupPlanName: aws.String("daily"),
		Rules:          []types.BackupRuleInput{{RuleName: aws.String("daily"), TargetBackupVaultName: aws.String("main")}},
	}})
	require.NoError(t, err)
	f.planARN, f.planID = aws.ToString(plan.BackupPlanArn), aws.ToString(plan.BackupPlanId)
	role := aws.String("arn:aws:iam::123456789012:role/backup")
	s1, err := api.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: plan.BackupPlanId,
		BackupSelection: &types.BackupSelection{SelectionName: aws.String("by-resources"), IamRoleArn: role,
			Resources: []string{bkVolume, "arn:aws:dynamodb:*:*:table/*"}}})
	require.NoError(t, err)
	s2, err := api.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: plan.BackupPlanId,
		BackupSelection: &types.BackupSelection{SelectionName: aws.String("by-tags"), IamRoleArn: role}})
	require.NoError(t, err)
	f.byResources, f.byTags = aws.ToString(s1.SelectionId), aws.ToString(s2.SelectionId)

	bkJSON(srv, bkPath("GET", "/backup/plans/"+f.planID), `{"BackupPlanArn":"`+f.planARN+`","BackupPlanId":"`+f.planID+`",
"VersionId":"v1","CreationDate":`+epoch(backupNow.Add(-90*24*time.Hour))+`,"BackupPlan":{"BackupPlanName":"daily","Rules":[
 {"RuleName":"daily","RuleId":"r-daily","TargetBackupVaultName":"main","ScheduleExpression":"cron(0 3 * * ? *)",
  "ScheduleExpressionTimezone":"Europe/Paris","StartWindowMinutes":60,"CompletionWindowMinutes":240,
  "Lifecycle":{"DeleteAfterDays":35,"MoveToColdStorageAfterDays":0},
  "CopyActions":[{"DestinationBackupVaultArn":"`+bkDRVault+`","Lifecycle":{"DeleteAfterDays":90,"MoveToColdStorageAfterDays":30}}]},
 {"RuleName":"pitr","RuleId":"r-pitr","TargetBackupVaultName":"main","ScheduleExpression":"cron(0 * * * ? *)",
  "StartWindowMinutes":480,"CompletionWindowMinutes":10080,"EnableContinuousBackup":true,"Lifecycle":{"DeleteAfterDays":7}}
]}}`)
	bkJSON(srv, bkPath("GET", "/backup/plans/"+f.planID+"/selections/"+f.byTags), `{"BackupPlanId":"`+f.planID+`",
"SelectionId":"`+f.byTags+`","CreationDate":`+epoch(backupNow)+`,"BackupSelection":{"SelectionName":"by-tags",
"IamRoleArn":"arn:aws:iam::123456789012:role/backup","Resources":["*"],"NotResources":["`+bkDatabase+`"],
"ListOfTags":[{"ConditionType":"STRINGEQUALS","ConditionKey":"backup","ConditionValue":"daily"}],
"Conditions":{"StringEquals":[{"ConditionKey":"aws:ResourceTag/env","ConditionValue":"prod"}],
 "StringLike":[{"ConditionKey":"aws:ResourceTag/app","ConditionValue":"pay*"}],"StringNotEquals":[],"StringNotLike":[]}}}`)

	// Vaults: kumo lists them without their lock settings, so the list is answered here.
	bkJSON(srv, bkPath("GET", "/backup-vaults"), `{"BackupVaultList":[
 {"BackupVaultName":"main","BackupVaultArn":"`+bkMainVault+`","CreationDate":`+epoch(backupNow.Add(-400*24*time.Hour))+`,
  "EncryptionKeyArn":"`+bkCustomKey+`","EncryptionKeyType":"CUSTOMER_MANAGED_KMS_KEY","Locked":true,"MinRetentionDays":7,
  "MaxRetentionDays":365,"LockDate":`+epoch(backupNow.Add(3*24*time.Hour-time.Hour))+`,"NumberOfRecoveryPoints":3,
  "VaultState":"AVAILABLE","VaultType":"BACKUP_VAULT"},
 {"BackupVaultName":"plain","BackupVaultArn":"`+bkPlainVault+`","CreationDate":`+epoch(backupNow)+`,
  "EncryptionKeyArn":"`+bkManagedKey+`","Locked":false,"NumberOfRecoveryPoints":0,"VaultType":"BACKUP_VAULT"},
 {"BackupVaultName":"gov","BackupVaultArn":"`+bkGovVault+`","CreationDate":`+epoch(backupNow)+`,
  "EncryptionKeyArn":"`+bkOtherKey+`","Locked":true,"MinRetentionDays":30,"NumberOfRecoveryPoints":0}
]}`)
	srv.Handle(awstest.Action("kms", "DescribeKey"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		var in struct{ KeyId string }
		_ = json.Unmarshal(body, &in)
		f.mu.Lock()
		f.describedKeys = append(f.describedKeys, in.KeyId)
		f.mu.Unlock()
		manager := "CUSTOMER"
		if in.KeyId == bkManagedKey {
			manager = "AWS"
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, `{"KeyMetadata":{"KeyId":"k","Arn":"`+in.KeyId+`","KeyManager":"`+manager+`","KeyState":"Enabled"}}`)
	})
	bkJSON(srv, bkPath("GET", "/backup-vaults/main/access-policy"), `{"BackupVaultName":"main","BackupVaultArn":"`+bkMainVault+`",
"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"backup:DeleteRecoveryPoint\",\"Resource\":\"*\"}}"}`)
	bkError(srv, bkPath("GET", "/backup-vaults/plain/access-policy"), http.StatusNotFound, "ResourceNotFoundException")
	bkError(srv, bkPath("GET", "/backup-vaults/gov/access-policy"), http.StatusNotFound, "ResourceNotFoundException")
	tags := map[string]string{bkMainVault: `{"env":"prod"}`, bkRTPlan: `{"owner":"dr-team"}`}
	srv.Handle(awstest.REST("backup", "GET", "/tags/", ""), func(w http.ResponseWriter, r *http.Request, _ []byte) {
		t := tags[strings.TrimPrefix(r.URL.Path, "/tags/")]
		if t == "" {
			t = "{}"
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"Tags":`+t+`}`)
	})

	// Recovery points of "main" come in two pages; the newest one is partial.
	srv.Handle(bkPath("GET", "/backup-vaults/main/recovery-points"), func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("nextToken") == "" {
			_, _ = io.WriteString(w, `{"NextToken":"page-2","RecoveryPoints":[{"RecoveryPointArn":"`+bkEBSPoint+`",
"BackupVaultName":"main","BackupVaultArn":"`+bkMainVault+`","ResourceArn":"`+bkVolume+`","ResourceType":"EBS",
"CreationDate":`+epoch(backupNow.Add(-26*time.Hour))+`,"CompletionDate":`+epoch(backupNow.Add(-25*time.Hour))+`,
"Status":"COMPLETED","IsEncrypted":true,"EncryptionKeyArn":"`+bkCustomKey+`",
"Lifecycle":{"DeleteAfterDays":35},"CalculatedLifecycle":{"DeleteAt":`+epoch(backupNow.Add(34*24*time.Hour))+`},
"CreatedBy":{"BackupPlanArn":"`+f.planARN+`","BackupPlanId":"`+f.planID+`","BackupRuleId":"r-daily"}}]}`)
			return
		}
		_, _ = io.WriteString(w, `{"RecoveryPoints":[{"RecoveryPointArn":"`+bkRDSPoint+`","BackupVaultName":"main",
"BackupVaultArn":"`+bkMainVault+`","ResourceArn":"`+bkDatabase+`","ResourceType":"RDS",
"CreationDate":`+epoch(backupNow.Add(-2*time.Hour+500*time.Millisecond))+`,"CompletionDate":`+epoch(backupNow.Add(-time.Hour))+`,
"Status":"COMPLETED","IsEncrypted":true,"SourceBackupVaultArn":"arn:aws:backup:eu-central-1:123456789012:backup-vault:src",
"Lifecycle":{"DeleteAfterDays":90,"MoveToColdStorageAfterDays":30},"IsParent":false},
{"RecoveryPointArn":"`+bkPartial+`","BackupVaultArn":"`+bkMainVault+`","ResourceArn":"`+bkVolume+`","ResourceType":"EBS",
"CreationDate":`+epoch(backupNow.Add(-10*time.Minute))+`,"Status":"PARTIAL","IsEncrypted":false}]}`)
	})
	bkJSON(srv, bkPath("GET", "/backup-vaults/plain/recovery-points"), `{"RecoveryPoints":[]}`)
	bkJSON(srv, bkPath("GET", "/backup-vaults/gov/recovery-points"), `{"RecoveryPoints":[]}`)

	// Jobs of the last 30 days.
	jobs := func(path, body string) {
		srv.Handle(bkPath("GET", path), func(w http.ResponseWriter, r *http.Request, _ []byte) {
			f.mu.Lock()
			f.jobsAfter = append(f.jobsAfter, r.URL.Query().Get("createdAfter"))
			f.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		})
	}
	jobs("/backup-jobs", `{"BackupJobs":[{"BackupJobId":"b-1","AccountId":"123456789012","BackupVaultArn":"`+bkMainVault+`",
"RecoveryPointArn":"`+bkEBSPoint+`","ResourceArn":"`+bkVolume+`","ResourceType":"EBS","State":"COMPLETED",
"CreationDate":`+epoch(backupNow.Add(-26*time.Hour))+`,"CompletionDate":`+epoch(backupNow.Add(-25*time.Hour))+`,
"CreatedBy":{"BackupPlanArn":"`+f.planARN+`","BackupRuleId":"r-daily"}},
{"BackupJobId":"b-2","BackupVaultArn":"`+bkMainVault+`","ResourceArn":"`+bkDatabase+`","ResourceType":"RDS","State":"FAILED",
"StatusMessage":"Insufficient privileges","CreationDate":`+epoch(backupNow.Add(-3*time.Hour))+`}]}`)
	jobs("/copy-jobs", `{"CopyJobs":[{"CopyJobId":"c-1","SourceBackupVaultArn":"`+bkMainVault+`",
"SourceRecoveryPointArn":"`+bkEBSPoint+`","DestinationBackupVaultArn":"`+bkDRVault+`",
"DestinationRecoveryPointArn":"arn:aws:ec2:us-east-1::snapshot/snap-0b2","ResourceArn":"`+bkVolume+`","ResourceType":"EBS",
"State":"COMPLETED","CreationDate":`+epoch(backupNow.Add(-25*time.Hour))+`,"CompletionDate":`+epoch(backupNow.Add(-24*time.Hour))+`,
"CreatedBy":{"BackupPlanArn":"`+f.planARN+`"}}]}`)
	jobs("/restore-jobs", `{"RestoreJobs":[{"RestoreJobId":"r-1","AccountId":"123456789012","RecoveryPointArn":"`+bkRDSPoint+`",
"BackupVaultArn":"`+bkMainVault+`","SourceResourceArn":"`+bkDatabase+`","CreatedResourceArn":"arn:aws:rds:eu-west-1:123456789012:db:restored",
"ResourceType":"RDS","Status":"COMPLETED","CreationDate":`+epoch(backupNow.Add(-5*time.Hour))+`,
"CompletionDate":`+epoch(backupNow.Add(-5*time.Hour+47*time.Minute+30*time.Second))+`,"ValidationStatus":"SUCCESSFUL",
"CreatedBy":{"RestoreTestingPlanArn":"`+bkRTPlan+`"}}]}`)

	// Restore testing.
	bkJSON(srv, bkPath("GET", "/restore-testing/plans"), `{"RestoreTestingPlans":[{"RestoreTestingPlanArn":"`+bkRTPlan+`",
"RestoreTestingPlanName":"weekly","ScheduleExpression":"cron(0 1 ? * SUN *)","StartWindowHours":8,
"CreationTime":`+epoch(backupNow.Add(-30*24*time.Hour))+`,"LastExecutionTime":`+epoch(backupNow.Add(-5*time.Hour))+`}]}`)
	bkJSON(srv, bkPath("GET", "/restore-testing/plans/weekly"), `{"RestoreTestingPlan":{"RestoreTestingPlanArn":"`+bkRTPlan+`",
"RestoreTestingPlanName":"weekly","ScheduleExpression":"cron(0 1 ? * SUN *)","ScheduleExpressionTimezone":"Europe/Paris",
"StartWindowHours":8,"CreationTime":`+epoch(backupNow.Add(-30*24*time.Hour))+`,"LastExecutionTime":`+epoch(backupNow.Add(-5*time.Hour))+`,
"RecoveryPointSelection":{"Algorithm":"LATEST_WITHIN_WINDOW","IncludeVaults":["*"],"RecoveryPointTypes":["SNAPSHOT"],
"SelectionWindowDays":7}}}`)
	bkJSON(srv, bkPath("GET", "/restore-testing/plans/weekly/selections"), `{"RestoreTestingSelections":[
{"RestoreTestingPlanName":"weekly","RestoreTestingSelectionName":"rds","ProtectedResourceType":"RDS",
 "IamRoleArn":"arn:aws:iam::123456789012:role/restore","ValidationWindowHours":2,"CreationTime":`+epoch(backupNow)+`}]}`)
	bkJSON(srv, bkPath("GET", "/restore-testing/plans/weekly/selections/rds"), `{"RestoreTestingSelection":{
"RestoreTestingPlanName":"weekly","RestoreTestingSelectionName":"rds","ProtectedResourceType":"RDS",
"IamRoleArn":"arn:aws:iam::123456789012:role/restore","ValidationWindowHours":2,"CreationTime":`+epoch(backupNow)+`,
"ProtectedResourceArns":["`+bkDatabase+`"],"ProtectedResourceConditions":{"StringEquals":[{"Key":"aws:ResourceTag/env","Value":"prod"}]}}}`)
	return f
}

// collect runs the Backup collector against the fixture's server, with quick retries.
func (f *bkFixture) collect(t *testing.T) (*Sink, map[string]inventory.Resource) {
	t.Helper()
	cfg := f.srv.Config(bkRegion)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
		})
	}
	sess := &Session{Cfg: cfg, Account: bkAccount, Partition: "aws", Region: bkRegion, CustomEndpoint: true, Home: true}
	sink := NewSink(func() time.Time { return backupNow })
	collectBackup(context.Background(), sess, sink)
	byID := map[string]inventory.Resource{}
	for _, r := range schemaValid(t, sink.Resources()) {
		_, dup := byID[r.ID]
		require.False(t, dup, "duplicate id %s", r.ID)
		byID[r.ID] = r
	}
	return sink, byID
}

func bkResource(t *testing.T, rs map[string]inventory.Resource, id, typ string) inventory.Resource {
	t.Helper()
	r, ok := rs[id]
	require.True(t, ok, "resource %s not collected", id)
	require.Equal(t, typ, r.Type)
	assert.Equal(t, bkAccount, r.Account)
	assert.Equal(t, bkRegion, r.Region)
	assert.Equal(t, inventory.SourceAWS, r.Source.Kind)
	return r
}

type bm = map[string]any

func TestBackupCollect(t *testing.T) {
	f := newBackupFixture(t)
	sink, rs := f.collect(t)
	assert.Empty(t, sink.Issues(bkAccount, bkRegion))

	t.Run("plan", func(t *testing.T) {
		r := bkResource(t, rs, f.planARN, inventory.TypeBackupPlan)
		assert.Equal(t, "daily", r.Name)
		assert.Empty(t, r.Unknown)
		assert.Equal(t, "daily", r.Attributes["name"])
		// Sorted as the Terraform adapter sorts rule sets (by canonical JSON): "completion_window_minutes"
		// 10080 before 240.
		assert.Equal(t, []any{
			bm{"name": "pitr", "target_vault": bkMainVault, "schedule": "cron(0 * * * ? *)",
				"schedule_timezone": "Etc/UTC", "start_window_minutes": int64(480), "completion_window_minutes": int64(10080),
				"continuous_backup": true, "delete_after_days": int64(7), "cold_storage_after_days": nil,
				"copy_actions": []any{}},
			bm{"name": "daily", "target_vault": bkMainVault, "schedule": "cron(0 3 * * ? *)",
				"schedule_timezone": "Europe/Paris", "start_window_minutes": int64(60), "completion_window_minutes": int64(240),
				"continuous_backup": false, "delete_after_days": int64(35), "cold_storage_after_days": nil,
				"copy_actions": []any{bm{"destination_vault": bkDRVault, "delete_after_days": int64(90),
					"cold_storage_after_days": int64(30)}}},
		}, r.Attributes["rules"])
	})

	t.Run("selection by resources", func(t *testing.T) {
		r := bkResource(t, rs, f.planARN+"/selection/"+f.byResources, inventory.TypeBackupSelection)
		assert.Equal(t, "by-resources", r.Name)
		assert.Empty(t, r.Unknown)
		assert.Equal(t, bm{
			"name": "by-resources", "plan_id": f.planARN, "iam_role_arn": "arn:aws:iam::123456789012:role/backup",
			"resources": []string{"arn:aws:dynamodb:*:*:table/*", bkVolume}, "not_resources": []string{},
			"selection_tags": []any{},
			"conditions": bm{"string_equals": []any{}, "string_not_equals": []any{}, "string_like": []any{},
				"string_not_like": []any{}},
		}, r.Attributes)
	})

	t.Run("selection by tags", func(t *testing.T) {
		r := bkResource(t, rs, f.planARN+"/selection/"+f.byTags, inventory.TypeBackupSelection)
		assert.Empty(t, r.Unknown)
		assert.Equal(t, []string{"*"}, r.Attributes["resources"])
		assert.Equal(t, []string{bkDatabase}, r.Attributes["not_resources"])
		assert.Equal(t, []any{bm{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}}, r.Attributes["selection_tags"])
		assert.Equal(t, bm{
			"string_equals":     []any{bm{"key": "aws:ResourceTag/env", "value": "prod"}},
			"string_not_equals": []any{},
			"string_like":       []any{bm{"key": "aws:ResourceTag/app", "value": "pay*"}},
			"string_not_like":   []any{},
		}, r.Attributes["conditions"])
	})

	t.Run("locked vault, compliance", func(t *testing.T) {
		r := bkResource(t, rs, bkMainVault, inventory.TypeBackupVault)
		assert.Equal(t, "main", r.Name)
		assert.Empty(t, r.Unknown)
		assert.Equal(t, map[string]string{"env": "prod"}, r.Tags)
		a := r.Attributes
		assert.Equal(t, "main", a["name"])
		assert.Equal(t, bkCustomKey, a["kms_key_arn"])
		assert.Equal(t, bkCustomKey, a["encryption_key_arn"])
		assert.Equal(t, "BACKUP_VAULT", a["vault_type"])
		assert.Equal(t, bm{"enabled": true, "mode": "compliance", "min_retention_days": int64(7),
			"max_retention_days": int64(365), "changeable_for_days": int64(3), "lock_date": "2026-03-13T11:00:00Z"}, a["lock"])
		assert.Equal(t, bm{"Version": "2012-10-17", "Statement": []any{bm{"Effect": "Deny", "Principal": "*",
			"Action": []string{"backup:DeleteRecoveryPoint"}, "Resource": []string{"*"}}}}, a["access_policy"])
		assert.Equal(t, int64(3), a["recovery_points_count"])
		assert.Equal(t, "2026-03-10T10:00:00Z", a["newest_recovery_point_time"], "the partial recovery point is not restorable")
	})

	t.Run("unlocked vault, AWS managed key", func(t *testing.T) {
		r := bkResource(t, rs, bkPlainVault, inventory.TypeBackupVault)
		assert.Empty(t, r.Unknown)
		assert.Empty(t, r.Tags)
		a := r.Attributes
		assert.Nil(t, a["kms_key_arn"], "aws/backup is not a customer key")
		assert.Equal(t, bkManagedKey, a["encryption_key_arn"])
		assert.Equal(t, bm{"enabled": false, "mode": nil, "min_retention_days": nil, "max_retention_days": nil,
			"changeable_for_days": nil, "lock_date": nil}, a["lock"])
		assert.Contains(t, a, "access_policy")
		assert.Nil(t, a["access_policy"])
		assert.Equal(t, int64(0), a["recovery_points_count"])
		assert.Contains(t, a, "newest_recovery_point_time")
		assert.Nil(t, a["newest_recovery_point_time"])
	})

	t.Run("governance lock, key of another account", func(t *testing.T) {
		r := bkResource(t, rs, bkGovVault, inventory.TypeBackupVault)
		assert.Empty(t, r.Unknown)
		assert.Equal(t, bkOtherKey, r.Attributes["kms_key_arn"])
		assert.Equal(t, bm{"enabled": true, "mode": "governance", "min_retention_days": int64(30), "max_retention_days": nil,
			"changeable_for_days": nil, "lock_date": nil}, r.Attributes["lock"])
		f.mu.Lock()
		defer f.mu.Unlock()
		assert.ElementsMatch(t, []string{bkCustomKey, bkManagedKey}, f.describedKeys,
			"each key of the account described once; another account's key is a customer key without asking")
	})

	t.Run("recovery points over two pages", func(t *testing.T) {
		r := bkResource(t, rs, bkEBSPoint, inventory.TypeBackupRecoveryPoint)
		assert.Equal(t, "snap-0a1", r.Name)
		assert.Equal(t, []string{"tags"}, r.Unknown)
		assert.Equal(t, bm{
			"resource_arn": bkVolume, "resource_type": "EBS", "resource_name": nil, "vault": bkMainVault,
			"source_vault": nil, "creation_date": "2026-03-09T10:00:00Z", "completion_date": "2026-03-09T11:00:00Z",
			"last_restore_time": nil, "status": "COMPLETED", "encrypted": true, "encryption_key_arn": bkCustomKey,
			"lifecycle":            bm{"delete_after_days": int64(35), "cold_storage_after_days": nil},
			"calculated_lifecycle": bm{"delete_at": "2026-04-13T12:00:00Z", "cold_storage_at": nil},
			"is_parent":            false, "parent_recovery_point_arn": nil,
			"backup_plan_arn": f.planARN, "backup_rule_id": "r-daily",
		}, r.Attributes)

		r = bkResource(t, rs, bkRDSPoint, inventory.TypeBackupRecoveryPoint)
		a := r.Attributes
		assert.Equal(t, "2026-03-10T10:00:00Z", a["creation_date"])
		assert.Equal(t, "arn:aws:backup:eu-central-1:123456789012:backup-vault:src", a["source_vault"], "a copy")
		assert.Equal(t, bm{"delete_after_days": int64(90), "cold_storage_after_days": int64(30)}, a["lifecycle"])
		assert.Nil(t, a["backup_plan_arn"])

		r = bkResource(t, rs, bkPartial, inventory.TypeBackupRecoveryPoint)
		assert.Equal(t, "PARTIAL", r.Attributes["status"])
		assert.Equal(t, false, r.Attributes["encrypted"])
		assert.Equal(t, bm{"delete_after_days": nil, "cold_storage_after_days": nil}, r.Attributes["lifecycle"])
	})

	t.Run("jobs", func(t *testing.T) {
		f.mu.Lock()
		assert.Equal(t, []string{"2026-02-08T12:00:00Z", "2026-02-08T12:00:00Z", "2026-02-08T12:00:00Z"}, f.jobsAfter,
			"jobs created in the last 30 days")
		f.mu.Unlock()

		r := bkResource(t, rs, "arn:aws:backup:eu-west-1:123456789012:backup-job:b-1", inventory.TypeBackupJob)
		assert.Equal(t, "b-1", r.Name)
		assert.Equal(t, bm{
			"job_type": "backup", "state": "COMPLETED", "status_message": nil, "resource_arn": bkVolume,
			"resource_type": "EBS", "creation_date": "2026-03-09T10:00:00Z", "completion_date": "2026-03-09T11:00:00Z",
			"duration_seconds": int64(3600), "recovery_point_arn": bkEBSPoint, "vault": bkMainVault, "is_parent": false,
			"destination_vault": nil, "destination_recovery_point_arn": nil, "backup_plan_arn": f.planARN,
			"restore_testing_plan": nil, "created_resource_arn": nil, "validation_status": nil,
		}, r.Attributes)

		r = bkResource(t, rs, "arn:aws:backup:eu-west-1:123456789012:backup-job:b-2", inventory.TypeBackupJob)
		assert.Equal(t, "FAILED", r.Attributes["state"])
		assert.Equal(t, "Insufficient privileges", r.Attributes["status_message"])
		assert.Nil(t, r.Attributes["completion_date"])
		assert.Nil(t, r.Attributes["duration_seconds"])

		r = bkResource(t, rs, "arn:aws:backup:eu-west-1:123456789012:copy-job:c-1", inventory.TypeBackupJob)
		a := r.Attributes
		assert.Equal(t, "copy", a["job_type"])
		assert.Equal(t, bkEBSPoint, a["recovery_point_arn"])
		assert.Equal(t, bkMainVault, a["vault"])
		assert.Equal(t, bkDRVault, a["destination_vault"])
		assert.Equal(t, "arn:aws:ec2:us-east-1::snapshot/snap-0b2", a["destination_recovery_point_arn"])
		assert.Equal(t, int64(3600), a["duration_seconds"])

		r = bkResource(t, rs, "arn:aws:backup:eu-west-1:123456789012:restore-job:r-1", inventory.TypeBackupJob)
		a = r.Attributes
		assert.Equal(t, "restore", a["job_type"])
		assert.Equal(t, "COMPLETED", a["state"])
		assert.Equal(t, bkDatabase, a["resource_arn"])
		assert.Equal(t, "RDS", a["resource_type"])
		assert.Equal(t, bkRDSPoint, a["recovery_point_arn"])
		assert.Equal(t, int64(47*60+30), a["duration_seconds"])
		assert.Equal(t, bkRTPlan, a["restore_testing_plan"])
		assert.Equal(t, "arn:aws:rds:eu-west-1:123456789012:db:restored", a["created_resource_arn"])
		assert.Equal(t, "SUCCESSFUL", a["validation_status"])
		assert.Nil(t, a["destination_vault"])
	})

	t.Run("restore testing plan", func(t *testing.T) {
		r := bkResource(t, rs, bkRTPlan, inventory.TypeBackupRestoreTestingPlan)
		assert.Equal(t, "weekly", r.Name)
		assert.Empty(t, r.Unknown)
		assert.Equal(t, map[string]string{"owner": "dr-team"}, r.Tags)
		assert.Equal(t, bm{
			"name": "weekly", "schedule": "cron(0 1 ? * SUN *)", "schedule_timezone": "Europe/Paris",
			"start_window_hours": int64(8), "last_execution_time": "2026-03-10T07:00:00Z",
			"recovery_point_selection": bm{"algorithm": "LATEST_WITHIN_WINDOW", "include_vaults": []string{"*"},
				"exclude_vaults": []string{}, "recovery_point_types": []string{"SNAPSHOT"}, "selection_window_days": int64(7)},
			"selections": []any{bm{
				"name": "rds", "protected_resource_type": "RDS", "iam_role_arn": "arn:aws:iam::123456789012:role/restore",
				"validation_window_hours": int64(2), "protected_resource_arns": []string{bkDatabase},
				"protected_resource_conditions": bm{
					"string_equals":     []any{bm{"key": "aws:ResourceTag/env", "value": "prod"}},
					"string_not_equals": []any{},
				},
			}},
		}, r.Attributes)
	})

	t.Run("resource counts", func(t *testing.T) {
		count := map[string]int{}
		for _, r := range rs {
			count[r.Type]++
		}
		assert.Equal(t, map[string]int{inventory.TypeBackupPlan: 1, inventory.TypeBackupSelection: 2,
			inventory.TypeBackupVault: 3, inventory.TypeBackupRecoveryPoint: 3, inventory.TypeBackupJob: 4,
			inventory.TypeBackupRestoreTestingPlan: 1}, count)
	})
}

func TestBackupAccessDenied(t *testing.T) {
	f := newBackupFixture(t)
	srv := f.srv
	bkError(srv, bkPath("GET", "/backup-vaults/main/recovery-points"), http.StatusForbidden, "AccessDeniedException")
	bkError(srv, bkPath("GET", "/backup-vaults/main/access-policy"), http.StatusForbidden, "AccessDeniedException")
	bkError(srv, bkPath("GET", "/backup/plans/"+f.planID), http.StatusForbidden, "AccessDeniedException")
	bkError(srv, bkPath("GET", "/backup/plans/"+f.planID+"/selections/"+f.byTags), http.StatusForbidden, "AccessDeniedException")
	bkError(srv, bkPath("GET", "/restore-jobs"), http.StatusForbidden, "AccessDeniedException")
	bkError(srv, bkPath("GET", "/restore-testing/plans/weekly/selections/rds"), http.StatusForbidden, "AccessDeniedException")
	srv.DenyJSON(func(_ *http.Request, op awstest.Op, body []byte) bool {
		return op.Service == "kms" && op.Action == "DescribeKey" && strings.Contains(string(body), bkManagedKey)
	}, "AccessDeniedException", http.StatusBadRequest)

	sink, rs := f.collect(t)

	type call struct{ service, api string }
	got := map[call]string{}
	for _, is := range sink.Issues(bkAccount, bkRegion) {
		assert.Equal(t, bkRegion, is.Region)
		assert.NotEmpty(t, is.Message)
		got[call{is.Service, is.API}] = is.Code
	}
	assert.Equal(t, map[call]string{
		{"backup", "ListRecoveryPointsByBackupVault"}: CodeAccessDenied,
		{"backup", "GetBackupVaultAccessPolicy"}:      CodeAccessDenied,
		{"backup", "GetBackupPlan"}:                   CodeAccessDenied,
		{"backup", "GetBackupSelection"}:              CodeAccessDenied,
		{"backup", "ListRestoreJobs"}:                 CodeAccessDenied,
		{"backup", "GetRestoreTestingSelection"}:      CodeAccessDenied,
		{"kms", "DescribeKey"}:                        CodeAccessDenied,
	}, got)

	main := bkResource(t, rs, bkMainVault, inventory.TypeBackupVault)
	assert.ElementsMatch(t, []string{"recovery_points_count", "newest_recovery_point_time", "access_policy"}, main.Unknown)
	for _, k := range main.Unknown {
		assert.Contains(t, main.Attributes, k)
		assert.Nil(t, main.Attributes[k], "an unknown value is null, never a default")
	}
	assert.Equal(t, bkCustomKey, main.Attributes["kms_key_arn"], "the rest of the vault is still read")
	assert.Equal(t, true, main.Attributes["lock"].(bm)["enabled"])
	assert.NotContains(t, rs, bkEBSPoint, "no recovery point could be listed")

	plain := bkResource(t, rs, bkPlainVault, inventory.TypeBackupVault)
	assert.Equal(t, []string{"kms_key_arn"}, plain.Unknown, "the key may be aws/backup or a customer key")
	assert.Nil(t, plain.Attributes["kms_key_arn"])
	assert.Equal(t, bkManagedKey, plain.Attributes["encryption_key_arn"])

	plan := bkResource(t, rs, f.planARN, inventory.TypeBackupPlan)
	assert.Equal(t, []string{"rules"}, plan.Unknown)
	assert.Nil(t, plan.Attributes["rules"])
	assert.Equal(t, "daily", plan.Attributes["name"])

	sel := bkResource(t, rs, f.planARN+"/selection/"+f.byTags, inventory.TypeBackupSelection)
	assert.ElementsMatch(t, []string{"resources", "not_resources", "selection_tags", "conditions"}, sel.Unknown)
	assert.Equal(t, f.planARN, sel.Attributes["plan_id"], "known from the list")
	assert.Equal(t, "by-tags", sel.Attributes["name"])
	other := bkResource(t, rs, f.planARN+"/selection/"+f.byResources, inventory.TypeBackupSelection)
	assert.Empty(t, other.Unknown)

	for id := range rs {
		assert.NotContains(t, id, ":restore-job:", "restore jobs were denied")
	}
	rt := bkResource(t, rs, bkRTPlan, inventory.TypeBackupRestoreTestingPlan)
	assert.Equal(t, []string{"selections.0.protected_resource_arns", "selections.0.protected_resource_conditions"}, rt.Unknown)
	sels := rt.Attributes["selections"].([]any)
	require.Len(t, sels, 1)
	assert.Equal(t, "RDS", sels[0].(bm)["protected_resource_type"], "known from the list")
	assert.Nil(t, sels[0].(bm)["protected_resource_arns"])
}

func TestBackupThrottlingRetried(t *testing.T) {
	f := newBackupFixture(t)
	var mu sync.Mutex
	throttled := map[string]int{}
	// The first two calls of each listed operation are throttled; the retryer's third attempt gets through.
	throttle := func(path string) {
		exact := bkPath("GET", path)
		f.srv.Handle(func(r *http.Request, op awstest.Op, body []byte) bool {
			if !exact(r, op, body) {
				return false
			}
			mu.Lock()
			defer mu.Unlock()
			throttled[path]++
			return throttled[path] <= 2
		}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Amzn-ErrorType", "ThrottlingException")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"Message":"Rate exceeded"}`)
		})
	}
	throttle("/backup-vaults")
	throttle("/backup/plans") // answered by kumo once it gets through
	throttle("/backup-vaults/main/recovery-points")

	start := time.Now()
	sink, rs := f.collect(t)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Empty(t, sink.Issues(bkAccount, bkRegion))
	mu.Lock()
	assert.Equal(t, map[string]int{"/backup-vaults": 3, "/backup/plans": 3, "/backup-vaults/main/recovery-points": 4}, throttled,
		"two throttled attempts, then the answer (and the second page of recovery points)")
	mu.Unlock()
	assert.Equal(t, int64(3), bkResource(t, rs, bkMainVault, inventory.TypeBackupVault).Attributes["recovery_points_count"])
	assert.Contains(t, rs, f.planARN)
}

func TestBackupRuleWindowsMissing(t *testing.T) {
	c := &backupCollector{sess: &Session{Account: bkAccount, Partition: "aws", Region: bkRegion}}
	r := inventory.Resource{Attributes: map[string]any{}}
	rules := c.rules(&r, []types.BackupRule{
		{RuleName: aws.String("z"), TargetBackupVaultName: aws.String("main"), StartWindowMinutes: aws.Int64(60),
			CompletionWindowMinutes: aws.Int64(120)},
		{RuleName: aws.String("a"), TargetBackupVaultName: aws.String(bkDRVault)},
	})
	require.Len(t, rules, 2)
	// The rule without windows sorts last (`"completion_window_minutes":120` < `...:null`).
	assert.Equal(t, bkMainVault, rules[0].(bm)["target_vault"])
	assert.Equal(t, bm{"name": "a", "target_vault": bkDRVault, "schedule": "cron(0 5 ? * * *)", "schedule_timezone": "Etc/UTC",
		"start_window_minutes": nil, "completion_window_minutes": nil, "continuous_backup": false,
		"delete_after_days": nil, "cold_storage_after_days": nil, "copy_actions": []any{}}, rules[1])
	assert.Equal(t, []string{"rules.1.start_window_minutes", "rules.1.completion_window_minutes"}, r.Unknown,
		"AWS always answers with the windows it applies: a missing one is not guessed")
}

func TestBackupPolicyDocument(t *testing.T) {
	doc, err := backupPolicyDocument(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},
"NotAction":["backup:Describe*"],"Resource":"*","Condition":{"NumericLessThan":{"x":3}}}]}`)
	require.NoError(t, err)
	assert.Equal(t, bm{"Version": "2012-10-17", "Statement": []any{bm{"Effect": "Deny", "Principal": bm{"AWS": "*"},
		"NotAction": []string{"backup:Describe*"}, "Resource": []string{"*"},
		"Condition": bm{"NumericLessThan": bm{"x": int64(3)}}}}}, doc)
	for _, bad := range []string{`not json`, `{"Statement":3}`, `{"Statement":[{"Action":[1]}]}`, `{} {}`} {
		_, err := backupPolicyDocument(bad)
		assert.Error(t, err, bad)
	}
}
