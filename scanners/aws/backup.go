package aws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: backupService, Collect: collectBackup})
}

const (
	backupService = "backup"
	// backupJobWindow is how far back backup, copy and restore jobs are read.
	backupJobWindow = 30 * 24 * time.Hour
	// backupParallelism bounds the per-vault, per-plan and per-restore-testing-plan calls in flight
	// in one account × region.
	backupParallelism = 4
	// Documented AWS Backup defaults for a rule that leaves them out (BackupRuleInput; the Terraform
	// adapter applies the same ones).
	backupDefaultSchedule = "cron(0 5 ? * * *)"
	backupDefaultTimezone = "Etc/UTC"
	// backupDefaultRestoreTestStartWindow is AWS's default start window of a restore testing plan, hours.
	backupDefaultRestoreTestStartWindow = 24
)

// backupConditionKinds are the canonical names of a selection's condition operators.
var backupConditionKinds = []string{"string_equals", "string_not_equals", "string_like", "string_not_like"}

// backupCollector reads AWS Backup in one account × region: vaults (with their lock, access policy
// and recovery points), plans and their selections, the last 30 days of jobs, and restore testing plans.
type backupCollector struct {
	sess *Session
	sink *Sink
	api  *backup.Client
	kms  *kms.Client
	now  time.Time

	keyMu sync.Mutex
	keys  map[string]*backupKey // KMS key ARN → whether AWS manages it
}

// backupKey is the cached answer of kms:DescribeKey for one vault key (several vaults may share it).
type backupKey struct {
	once       sync.Once
	awsManaged bool
	err        error
}

func collectBackup(ctx context.Context, sess *Session, sink *Sink) {
	c := &backupCollector{
		sess: sess, sink: sink, now: sink.now().UTC(),
		api: backup.NewFromConfig(sess.Cfg), kms: kms.NewFromConfig(sess.Cfg),
		keys: map[string]*backupKey{},
	}
	var wg sync.WaitGroup
	wg.Go(func() { c.vaults(ctx) })
	wg.Go(func() { c.plans(ctx) })
	wg.Go(func() { c.backupJobs(ctx) })
	wg.Go(func() { c.copyJobs(ctx) })
	wg.Go(func() { c.restoreJobs(ctx) })
	wg.Go(func() { c.restoreTestingPlans(ctx) })
	wg.Wait()
}

// backupEach runs fn over items with at most backupParallelism calls in flight.
func backupEach[T any](items []T, fn func(T)) {
	forEach(backupParallelism, items, func(_ int, item T) { fn(item) })
}

// fail records a failed AWS Backup call.
func (c *backupCollector) fail(api string, err error) {
	c.sink.Fail(c.sess, backupService, api, err)
}

// ---- vaults and recovery points ----

func (c *backupCollector) vaults(ctx context.Context) {
	var vaults []types.BackupVaultListMember
	p := backup.NewListBackupVaultsPaginator(c.api, &backup.ListBackupVaultsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListBackupVaults", fmt.Errorf("list backup vaults: %w", err))
			break
		}
		vaults = append(vaults, out.BackupVaultList...)
	}
	backupEach(vaults, func(v types.BackupVaultListMember) { c.vault(ctx, v) })
}

// vault maps one vault. ListBackupVaults already carries every field DescribeBackupVault would add
// for the canonical attributes (encryption key, lock settings), so it is not called.
func (c *backupCollector) vault(ctx context.Context, v types.BackupVaultListMember) {
	arn, name := aws.ToString(v.BackupVaultArn), aws.ToString(v.BackupVaultName)
	r := c.sink.NewResource(c.sess, arn, inventory.TypeBackupVault, name, "backup:ListBackupVaults")
	a := r.Attributes
	a["name"] = name
	a["vault_type"] = backupEnum(string(v.VaultType))
	a["encryption_key_arn"] = backupStr(v.EncryptionKeyArn)
	if key, err := c.vaultKey(ctx, aws.ToString(v.EncryptionKeyArn), v.EncryptionKeyType); err != nil {
		a["kms_key_arn"] = nil
		r.MarkUnknown("kms_key_arn")
	} else {
		a["kms_key_arn"] = key
	}
	a["lock"] = c.vaultLock(v)
	c.accessPolicy(ctx, &r, name)
	c.tags(ctx, &r, arn)
	c.recoveryPoints(ctx, &r, name, arn)
	c.sink.Add(r)
}

// vaultKey gives the canonical kms_key_arn of a vault: null when AWS owns or manages the key (the
// default aws/backup key), the key ARN when it is customer managed. An error means it cannot be told.
func (c *backupCollector) vaultKey(ctx context.Context, keyARN string, typ types.EncryptionKeyType) (any, error) {
	if keyARN == "" || typ == types.EncryptionKeyTypeAwsOwnedKmsKey {
		return nil, nil
	}
	// AWS managed keys are never shared across accounts: a key of another account is a customer key.
	if a, err := arn.Parse(keyARN); err == nil && a.AccountID != "" && a.AccountID != c.sess.Account {
		return keyARN, nil
	}
	c.keyMu.Lock()
	k := c.keys[keyARN]
	if k == nil {
		k = &backupKey{}
		c.keys[keyARN] = k
	}
	c.keyMu.Unlock()
	k.once.Do(func() {
		out, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyARN)})
		if err == nil && out.KeyMetadata == nil {
			err = errors.New("no key metadata in the answer")
		}
		if err != nil {
			k.err = fmt.Errorf("describe backup vault key %s: %w", keyARN, err)
			c.sink.Fail(c.sess, "kms", "DescribeKey", k.err)
			return
		}
		k.awsManaged = out.KeyMetadata.KeyManager == kmstypes.KeyManagerTypeAws
	})
	if k.err != nil {
		return nil, k.err
	}
	if k.awsManaged {
		return nil, nil
	}
	return keyARN, nil
}

// vaultLock maps the vault lock as the Terraform adapter does: compliance mode when the lock has a
// lock date (it becomes immutable then; Terraform's changeable_for_days), governance mode otherwise.
// changeable_for_days is what is left of the grace time (0 once the lock date has passed).
func (c *backupCollector) vaultLock(v types.BackupVaultListMember) map[string]any {
	lock := map[string]any{"enabled": false, "mode": nil, "min_retention_days": nil, "max_retention_days": nil,
		"changeable_for_days": nil, "lock_date": nil}
	if !aws.ToBool(v.Locked) && v.MinRetentionDays == nil && v.MaxRetentionDays == nil && v.LockDate == nil {
		return lock
	}
	lock["enabled"] = true
	lock["mode"] = "governance"
	lock["min_retention_days"] = backupInt(v.MinRetentionDays)
	lock["max_retention_days"] = backupInt(v.MaxRetentionDays)
	if v.LockDate != nil {
		lock["mode"] = "compliance"
		lock["lock_date"] = backupTime(v.LockDate)
		left := max(0, int64(math.Ceil(v.LockDate.Sub(c.now).Hours()/24)))
		lock["changeable_for_days"] = left
	}
	if v.VaultType == types.VaultTypeLogicallyAirGappedBackupVault {
		// A logically air-gapped vault is always locked in compliance mode, by AWS Backup itself
		// ("Logically air-gapped vault", AWS Backup Developer Guide), whether or not a LockDate is listed.
		lock["enabled"], lock["mode"] = true, "compliance"
	}
	return lock
}

// accessPolicy reads the vault's access policy; a vault without one has access_policy null.
func (c *backupCollector) accessPolicy(ctx context.Context, r *inventory.Resource, name string) {
	r.Attributes["access_policy"] = nil
	out, err := c.api.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(name)})
	if err != nil {
		if Classify(err) == CodeNotFound {
			return
		}
		c.fail("GetBackupVaultAccessPolicy", fmt.Errorf("get access policy of backup vault %s: %w", name, err))
		r.MarkUnknown("access_policy")
		return
	}
	if aws.ToString(out.Policy) == "" {
		return
	}
	doc, err := backupPolicyDocument(aws.ToString(out.Policy))
	if err != nil {
		c.fail("GetBackupVaultAccessPolicy", fmt.Errorf("parse access policy of backup vault %s: %w", name, err))
		r.MarkUnknown("access_policy")
		return
	}
	r.Attributes["access_policy"] = doc
}

// tags reads a taggable Backup resource's tags (vault, plan, restore testing plan).
func (c *backupCollector) tags(ctx context.Context, r *inventory.Resource, arn string) {
	tags := map[string]string{}
	p := backup.NewListTagsPaginator(c.api, &backup.ListTagsInput{ResourceArn: aws.String(arn)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListTags", fmt.Errorf("list tags of %s: %w", arn, err))
			r.MarkUnknown("tags")
			return
		}
		for k, v := range out.Tags {
			tags[k] = v
		}
	}
	r.Tags = tags
}

// recoveryPoints adds every recovery point of a vault and sets the vault's recovery_points_count and
// newest_recovery_point_time (the newest COMPLETED or AVAILABLE one, which can be restored). A failed
// page leaves both unknown; the recovery points read before it are kept.
func (c *backupCollector) recoveryPoints(ctx context.Context, vault *inventory.Resource, name, vaultARN string) {
	count := int64(0)
	var newest *time.Time
	p := backup.NewListRecoveryPointsByBackupVaultPaginator(c.api,
		&backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: aws.String(name)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListRecoveryPointsByBackupVault", fmt.Errorf("list recovery points of backup vault %s: %w", name, err))
			for _, k := range []string{"recovery_points_count", "newest_recovery_point_time"} {
				vault.Attributes[k] = nil
				vault.MarkUnknown(k)
			}
			return
		}
		for _, rp := range out.RecoveryPoints {
			c.sink.Add(c.recoveryPoint(rp, vaultARN))
			count++
			usable := rp.Status == types.RecoveryPointStatusCompleted || rp.Status == types.RecoveryPointStatusAvailable
			if usable && rp.CreationDate != nil && (newest == nil || rp.CreationDate.After(*newest)) {
				newest = rp.CreationDate
			}
		}
	}
	vault.Attributes["recovery_points_count"] = count
	vault.Attributes["newest_recovery_point_time"] = backupTime(newest)
}

// recoveryPoint maps one recovery point. Its tags are not read (one ListTags call per recovery point
// would not scale), so they are unknown.
func (c *backupCollector) recoveryPoint(rp types.RecoveryPointByBackupVault, vaultARN string) inventory.Resource {
	arn := aws.ToString(rp.RecoveryPointArn)
	r := c.sink.NewResource(c.sess, arn, inventory.TypeBackupRecoveryPoint, backupLastSegment(arn),
		"backup:ListRecoveryPointsByBackupVault")
	r.MarkUnknown("tags")
	if rp.BackupVaultArn != nil {
		vaultARN = *rp.BackupVaultArn
	}
	a := r.Attributes
	a["resource_arn"] = backupStr(rp.ResourceArn)
	a["resource_type"] = backupStr(rp.ResourceType)
	a["resource_name"] = backupStr(rp.ResourceName)
	a["vault"] = vaultARN
	a["source_vault"] = backupStr(rp.SourceBackupVaultArn)
	a["creation_date"] = backupTime(rp.CreationDate)
	a["completion_date"] = backupTime(rp.CompletionDate)
	a["last_restore_time"] = backupTime(rp.LastRestoreTime)
	a["status"] = backupEnum(string(rp.Status))
	a["encrypted"] = rp.IsEncrypted
	a["encryption_key_arn"] = backupStr(rp.EncryptionKeyArn)
	a["lifecycle"] = backupLifecycle(rp.Lifecycle)
	calc := map[string]any{"delete_at": nil, "cold_storage_at": nil}
	if l := rp.CalculatedLifecycle; l != nil {
		calc["delete_at"] = backupTime(l.DeleteAt)
		calc["cold_storage_at"] = backupTime(l.MoveToColdStorageAt)
	}
	a["calculated_lifecycle"] = calc
	a["is_parent"] = rp.IsParent
	a["parent_recovery_point_arn"] = backupStr(rp.ParentRecoveryPointArn)
	a["backup_plan_arn"], a["backup_rule_id"] = nil, nil
	if cb := rp.CreatedBy; cb != nil {
		a["backup_plan_arn"] = backupStr(cb.BackupPlanArn)
		a["backup_rule_id"] = backupStr(cb.BackupRuleId)
	}
	return r
}

// ---- plans and selections ----

func (c *backupCollector) plans(ctx context.Context) {
	var plans []types.BackupPlansListMember
	p := backup.NewListBackupPlansPaginator(c.api, &backup.ListBackupPlansInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListBackupPlans", fmt.Errorf("list backup plans: %w", err))
			break
		}
		plans = append(plans, out.BackupPlansList...)
	}
	backupEach(plans, func(m types.BackupPlansListMember) { c.plan(ctx, m) })
}

func (c *backupCollector) plan(ctx context.Context, m types.BackupPlansListMember) {
	arn, id, name := aws.ToString(m.BackupPlanArn), aws.ToString(m.BackupPlanId), aws.ToString(m.BackupPlanName)
	r := c.sink.NewResource(c.sess, arn, inventory.TypeBackupPlan, name, "backup:GetBackupPlan")
	r.Attributes["name"] = name
	out, err := c.api.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(id)})
	switch {
	case err != nil:
		c.fail("GetBackupPlan", fmt.Errorf("get backup plan %s: %w", id, err))
		r.Attributes["rules"] = nil
		r.MarkUnknown("rules")
	case out.BackupPlan == nil:
		c.fail("GetBackupPlan", fmt.Errorf("get backup plan %s: no plan body in the answer", id))
		r.Attributes["rules"] = nil
		r.MarkUnknown("rules")
	default:
		r.Attributes["rules"] = c.rules(&r, out.BackupPlan.Rules)
	}
	c.tags(ctx, &r, arn)
	c.sink.Add(r)
	c.selections(ctx, arn, id)
}

// rules maps a plan's rules like the Terraform adapter: sorted, vault names resolved to vault ARNs,
// AWS's documented defaults for a schedule and timezone left out. AWS returns the start and completion
// windows it applies; a window missing from the answer is unknown.
func (c *backupCollector) rules(r *inventory.Resource, in []types.BackupRule) []any {
	rules := make([]map[string]any, 0, len(in))
	missing := make([][]string, 0, len(in))
	for _, br := range in {
		e := map[string]any{
			"name":                      aws.ToString(br.RuleName),
			"target_vault":              c.vaultARN(aws.ToString(br.TargetBackupVaultName)),
			"schedule":                  backupDefault(br.ScheduleExpression, backupDefaultSchedule),
			"schedule_timezone":         backupDefault(br.ScheduleExpressionTimezone, backupDefaultTimezone),
			"start_window_minutes":      backupInt(br.StartWindowMinutes),
			"completion_window_minutes": backupInt(br.CompletionWindowMinutes),
			"continuous_backup":         aws.ToBool(br.EnableContinuousBackup),
		}
		var unk []string
		for _, k := range []string{"start_window_minutes", "completion_window_minutes"} {
			if e[k] == nil {
				unk = append(unk, k)
			}
		}
		for k, v := range backupLifecycle(br.Lifecycle) {
			e[k] = v
		}
		copies := make([]map[string]any, 0, len(br.CopyActions))
		for _, ca := range br.CopyActions {
			cp := backupLifecycle(ca.Lifecycle)
			cp["destination_vault"] = aws.ToString(ca.DestinationBackupVaultArn)
			copies = append(copies, cp)
		}
		e["copy_actions"] = backupSorted(copies, nil)
		rules = append(rules, e)
		missing = append(missing, unk)
	}
	return backupSorted(rules, func(i int, pos int) {
		for _, k := range missing[i] {
			r.MarkUnknown("rules." + strconv.Itoa(pos) + "." + k)
		}
	})
}

// vaultARN is the inventory id of a vault of this account and region named by a rule.
func (c *backupCollector) vaultARN(name string) string {
	if name == "" || arn.IsARN(name) {
		return name
	}
	return c.sess.ARN("backup", c.sess.Region, "backup-vault:"+name)
}

func (c *backupCollector) selections(ctx context.Context, planARN, planID string) {
	var sels []types.BackupSelectionsListMember
	p := backup.NewListBackupSelectionsPaginator(c.api, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(planID)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListBackupSelections", fmt.Errorf("list selections of backup plan %s: %w", planID, err))
			break
		}
		sels = append(sels, out.BackupSelectionsList...)
	}
	for _, s := range sels {
		c.selection(ctx, planARN, planID, s)
	}
}

// selection maps one selection. Selections have no ARN: the id is the plan ARN followed by
// "/selection/<selection id>".
func (c *backupCollector) selection(ctx context.Context, planARN, planID string, m types.BackupSelectionsListMember) {
	selID := aws.ToString(m.SelectionId)
	r := c.sink.NewResource(c.sess, planARN+"/selection/"+selID, inventory.TypeBackupSelection,
		aws.ToString(m.SelectionName), "backup:GetBackupSelection")
	a := r.Attributes
	a["name"] = aws.ToString(m.SelectionName)
	a["plan_id"] = planARN
	a["iam_role_arn"] = aws.ToString(m.IamRoleArn)
	out, err := c.api.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: aws.String(planID),
		SelectionId: aws.String(selID)})
	if err == nil && out.BackupSelection == nil {
		err = errors.New("no selection body in the answer")
	}
	if err != nil {
		c.fail("GetBackupSelection", fmt.Errorf("get selection %s of backup plan %s: %w", selID, planID, err))
		for _, k := range []string{"resources", "not_resources", "selection_tags", "conditions"} {
			a[k] = nil
			r.MarkUnknown(k)
		}
		c.sink.Add(r)
		return
	}
	s := out.BackupSelection
	if s.SelectionName != nil {
		a["name"] = *s.SelectionName
	}
	if s.IamRoleArn != nil {
		a["iam_role_arn"] = *s.IamRoleArn
	}
	a["resources"] = backupSortedStrings(s.Resources)
	a["not_resources"] = backupSortedStrings(s.NotResources)
	tags := make([]map[string]any, 0, len(s.ListOfTags))
	for _, t := range s.ListOfTags {
		tags = append(tags, map[string]any{"type": string(t.ConditionType), "key": aws.ToString(t.ConditionKey),
			"value": aws.ToString(t.ConditionValue)})
	}
	a["selection_tags"] = backupSorted(tags, nil)
	var cond types.Conditions
	if s.Conditions != nil {
		cond = *s.Conditions
	}
	conditions := map[string]any{}
	for i, params := range [][]types.ConditionParameter{cond.StringEquals, cond.StringNotEquals, cond.StringLike, cond.StringNotLike} {
		elems := make([]map[string]any, 0, len(params))
		for _, p := range params {
			elems = append(elems, map[string]any{"key": aws.ToString(p.ConditionKey), "value": aws.ToString(p.ConditionValue)})
		}
		conditions[backupConditionKinds[i]] = backupSorted(elems, nil)
	}
	a["conditions"] = conditions
	c.sink.Add(r)
}

// ---- jobs ----

// jobResource starts an aws.backup.job. Jobs have no ARN: the id is built like one,
// arn:<partition>:backup:<region>:<account>:<kind>-job:<job id>.
func (c *backupCollector) jobResource(kind, id, api string) inventory.Resource {
	r := c.sink.NewResource(c.sess, c.sess.ARN("backup", c.sess.Region, kind+"-job:"+id), inventory.TypeBackupJob, id, api)
	for _, k := range []string{"destination_vault", "destination_recovery_point_arn", "backup_plan_arn",
		"restore_testing_plan", "created_resource_arn", "validation_status"} {
		r.Attributes[k] = nil
	}
	r.Attributes["job_type"] = kind
	return r
}

// backupJob is what the three kinds of job have in common.
type backupJob struct {
	state, statusMessage, resourceARN, resourceType *string
	created, completed                              *time.Time
	recoveryPoint, vault                            *string
	isParent                                        bool
}

// set fills the common attributes: creation_date, completion_date and duration_seconds (completion −
// creation, null until the job ends) among them.
func (j backupJob) set(a map[string]any) {
	a["state"] = backupEnum(aws.ToString(j.state))
	a["status_message"] = backupStr(j.statusMessage)
	a["resource_arn"] = backupStr(j.resourceARN)
	a["resource_type"] = backupStr(j.resourceType)
	a["creation_date"] = backupTime(j.created)
	a["completion_date"] = backupTime(j.completed)
	a["duration_seconds"] = nil
	if j.created != nil && j.completed != nil {
		a["duration_seconds"] = int64(math.Round(j.completed.Sub(*j.created).Seconds()))
	}
	a["recovery_point_arn"] = backupStr(j.recoveryPoint)
	a["vault"] = backupStr(j.vault)
	a["is_parent"] = j.isParent
}

// backupPager is the shape of the SDK's List*Jobs paginators.
type backupPager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*backup.Options)) (O, error)
}

// backupPages calls each with every page of p; a failed page is recorded against api and ends the listing.
func backupPages[O any](ctx context.Context, c *backupCollector, api, what string, p backupPager[O], each func(O)) {
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail(api, fmt.Errorf("list %s: %w", what, err))
			return
		}
		each(out)
	}
}

func (c *backupCollector) backupJobs(ctx context.Context) {
	p := backup.NewListBackupJobsPaginator(c.api, &backup.ListBackupJobsInput{ByCreatedAfter: aws.Time(c.now.Add(-backupJobWindow))})
	backupPages(ctx, c, "ListBackupJobs", "backup jobs", p, func(out *backup.ListBackupJobsOutput) {
		for _, j := range out.BackupJobs {
			r := c.jobResource("backup", aws.ToString(j.BackupJobId), "backup:ListBackupJobs")
			backupJob{state: (*string)(&j.State), statusMessage: j.StatusMessage, resourceARN: j.ResourceArn,
				resourceType: j.ResourceType, created: j.CreationDate, completed: j.CompletionDate,
				recoveryPoint: j.RecoveryPointArn, vault: j.BackupVaultArn, isParent: j.IsParent}.set(r.Attributes)
			if j.CreatedBy != nil {
				r.Attributes["backup_plan_arn"] = backupStr(j.CreatedBy.BackupPlanArn)
			}
			c.sink.Add(r)
		}
	})
}

func (c *backupCollector) copyJobs(ctx context.Context) {
	p := backup.NewListCopyJobsPaginator(c.api, &backup.ListCopyJobsInput{ByCreatedAfter: aws.Time(c.now.Add(-backupJobWindow))})
	backupPages(ctx, c, "ListCopyJobs", "copy jobs", p, func(out *backup.ListCopyJobsOutput) {
		for _, j := range out.CopyJobs {
			r := c.jobResource("copy", aws.ToString(j.CopyJobId), "backup:ListCopyJobs")
			backupJob{state: (*string)(&j.State), statusMessage: j.StatusMessage, resourceARN: j.ResourceArn,
				resourceType: j.ResourceType, created: j.CreationDate, completed: j.CompletionDate,
				recoveryPoint: j.SourceRecoveryPointArn, vault: j.SourceBackupVaultArn, isParent: j.IsParent}.set(r.Attributes)
			r.Attributes["destination_vault"] = backupStr(j.DestinationBackupVaultArn)
			r.Attributes["destination_recovery_point_arn"] = backupStr(j.DestinationRecoveryPointArn)
			if j.CreatedBy != nil {
				r.Attributes["backup_plan_arn"] = backupStr(j.CreatedBy.BackupPlanArn)
			}
			c.sink.Add(r)
		}
	})
}

func (c *backupCollector) restoreJobs(ctx context.Context) {
	p := backup.NewListRestoreJobsPaginator(c.api, &backup.ListRestoreJobsInput{ByCreatedAfter: aws.Time(c.now.Add(-backupJobWindow))})
	backupPages(ctx, c, "ListRestoreJobs", "restore jobs", p, func(out *backup.ListRestoreJobsOutput) {
		for _, j := range out.RestoreJobs {
			r := c.jobResource("restore", aws.ToString(j.RestoreJobId), "backup:ListRestoreJobs")
			backupJob{state: (*string)(&j.Status), statusMessage: j.StatusMessage, resourceARN: j.SourceResourceArn,
				resourceType: j.ResourceType, created: j.CreationDate, completed: j.CompletionDate,
				recoveryPoint: j.RecoveryPointArn, vault: j.BackupVaultArn, isParent: j.IsParent}.set(r.Attributes)
			r.Attributes["created_resource_arn"] = backupStr(j.CreatedResourceArn)
			r.Attributes["validation_status"] = backupEnum(string(j.ValidationStatus))
			if j.CreatedBy != nil {
				r.Attributes["restore_testing_plan"] = backupStr(j.CreatedBy.RestoreTestingPlanArn)
			}
			c.sink.Add(r)
		}
	})
}

// ---- restore testing ----

func (c *backupCollector) restoreTestingPlans(ctx context.Context) {
	var plans []types.RestoreTestingPlanForList
	p := backup.NewListRestoreTestingPlansPaginator(c.api, &backup.ListRestoreTestingPlansInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListRestoreTestingPlans", fmt.Errorf("list restore testing plans: %w", err))
			break
		}
		plans = append(plans, out.RestoreTestingPlans...)
	}
	backupEach(plans, func(m types.RestoreTestingPlanForList) { c.restoreTestingPlan(ctx, m) })
}

func (c *backupCollector) restoreTestingPlan(ctx context.Context, m types.RestoreTestingPlanForList) {
	arn, name := aws.ToString(m.RestoreTestingPlanArn), aws.ToString(m.RestoreTestingPlanName)
	r := c.sink.NewResource(c.sess, arn, inventory.TypeBackupRestoreTestingPlan, name, "backup:GetRestoreTestingPlan")
	a := r.Attributes
	a["name"] = name
	a["schedule"] = aws.ToString(m.ScheduleExpression)
	a["schedule_timezone"] = backupDefault(m.ScheduleExpressionTimezone, backupDefaultTimezone)
	a["start_window_hours"] = backupRestoreTestStartWindow(m.StartWindowHours)
	a["last_execution_time"] = backupTime(m.LastExecutionTime)
	a["recovery_point_selection"] = nil
	out, err := c.api.GetRestoreTestingPlan(ctx, &backup.GetRestoreTestingPlanInput{RestoreTestingPlanName: aws.String(name)})
	if err == nil && out.RestoreTestingPlan == nil {
		err = errors.New("no plan body in the answer")
	}
	if err != nil {
		c.fail("GetRestoreTestingPlan", fmt.Errorf("get restore testing plan %s: %w", name, err))
		r.MarkUnknown("recovery_point_selection")
	} else {
		p := out.RestoreTestingPlan
		if p.ScheduleExpression != nil {
			a["schedule"] = *p.ScheduleExpression
		}
		a["schedule_timezone"] = backupDefault(p.ScheduleExpressionTimezone, backupDefaultTimezone)
		a["start_window_hours"] = backupRestoreTestStartWindow(p.StartWindowHours)
		a["last_execution_time"] = backupTime(p.LastExecutionTime)
		if s := p.RecoveryPointSelection; s != nil {
			rpTypes := make([]string, 0, len(s.RecoveryPointTypes))
			for _, t := range s.RecoveryPointTypes {
				rpTypes = append(rpTypes, string(t))
			}
			a["recovery_point_selection"] = map[string]any{
				"algorithm":             backupEnum(string(s.Algorithm)),
				"include_vaults":        backupSortedStrings(s.IncludeVaults),
				"exclude_vaults":        backupSortedStrings(s.ExcludeVaults),
				"recovery_point_types":  backupSortedStrings(rpTypes),
				"selection_window_days": int64(s.SelectionWindowDays),
			}
		}
	}
	c.restoreTestingSelections(ctx, &r, name)
	c.tags(ctx, &r, arn)
	c.sink.Add(r)
}

// restoreTestingSelections sets the plan's selections, sorted by name.
func (c *backupCollector) restoreTestingSelections(ctx context.Context, r *inventory.Resource, plan string) {
	var list []types.RestoreTestingSelectionForList
	p := backup.NewListRestoreTestingSelectionsPaginator(c.api,
		&backup.ListRestoreTestingSelectionsInput{RestoreTestingPlanName: aws.String(plan)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListRestoreTestingSelections", fmt.Errorf("list selections of restore testing plan %s: %w", plan, err))
			r.Attributes["selections"] = nil
			r.MarkUnknown("selections")
			return
		}
		list = append(list, out.RestoreTestingSelections...)
	}
	slices.SortFunc(list, func(x, y types.RestoreTestingSelectionForList) int {
		return strings.Compare(aws.ToString(x.RestoreTestingSelectionName), aws.ToString(y.RestoreTestingSelectionName))
	})
	sels := make([]any, 0, len(list))
	for i, m := range list {
		name := aws.ToString(m.RestoreTestingSelectionName)
		e := map[string]any{
			"name":                          name,
			"protected_resource_type":       aws.ToString(m.ProtectedResourceType),
			"iam_role_arn":                  aws.ToString(m.IamRoleArn),
			"validation_window_hours":       int64(m.ValidationWindowHours),
			"protected_resource_arns":       nil,
			"protected_resource_conditions": nil,
		}
		out, err := c.api.GetRestoreTestingSelection(ctx, &backup.GetRestoreTestingSelectionInput{
			RestoreTestingPlanName: aws.String(plan), RestoreTestingSelectionName: aws.String(name)})
		if err == nil && out.RestoreTestingSelection == nil {
			err = errors.New("no selection body in the answer")
		}
		if err != nil {
			c.fail("GetRestoreTestingSelection", fmt.Errorf("get selection %s of restore testing plan %s: %w", name, plan, err))
			for _, k := range []string{"protected_resource_arns", "protected_resource_conditions"} {
				r.MarkUnknown("selections." + strconv.Itoa(i) + "." + k)
			}
			sels = append(sels, e)
			continue
		}
		s := out.RestoreTestingSelection
		e["protected_resource_arns"] = backupSortedStrings(s.ProtectedResourceArns)
		var cond types.ProtectedResourceConditions
		if s.ProtectedResourceConditions != nil {
			cond = *s.ProtectedResourceConditions
		}
		conditions := map[string]any{}
		for k, kvs := range map[string][]types.KeyValue{"string_equals": cond.StringEquals, "string_not_equals": cond.StringNotEquals} {
			elems := make([]map[string]any, 0, len(kvs))
			for _, kv := range kvs {
				elems = append(elems, map[string]any{"key": aws.ToString(kv.Key), "value": aws.ToString(kv.Value)})
			}
			conditions[k] = backupSorted(elems, nil)
		}
		e["protected_resource_conditions"] = conditions
		e["validation_window_hours"] = int64(s.ValidationWindowHours)
		if s.ProtectedResourceType != nil {
			e["protected_resource_type"] = *s.ProtectedResourceType
		}
		if s.IamRoleArn != nil {
			e["iam_role_arn"] = *s.IamRoleArn
		}
		sels = append(sels, e)
	}
	r.Attributes["selections"] = sels
}

// ---- value helpers ----

// backupLifecycle maps a lifecycle; 0 or absent days mean "not set" (kept forever, never moved to
// cold storage), as in the Terraform adapter.
func backupLifecycle(l *types.Lifecycle) map[string]any {
	m := map[string]any{"delete_after_days": nil, "cold_storage_after_days": nil}
	if l == nil {
		return m
	}
	if d := aws.ToInt64(l.DeleteAfterDays); d > 0 {
		m["delete_after_days"] = d
	}
	if d := aws.ToInt64(l.MoveToColdStorageAfterDays); d > 0 {
		m["cold_storage_after_days"] = d
	}
	return m
}

// backupSorted orders list elements by their JSON encoding, as the Terraform adapter orders sets, and
// returns them as a canonical list. moved, when set, is told each element's old and new index.
func backupSorted(elems []map[string]any, moved func(from, to int)) []any {
	keys := make([]string, len(elems))
	for i, e := range elems {
		b, _ := json.Marshal(e)
		keys[i] = string(b)
	}
	idx := make([]int, len(elems))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return strings.Compare(keys[x], keys[y]) })
	out := make([]any, len(elems))
	for to, from := range idx {
		out[to] = elems[from]
		if moved != nil {
			moved(from, to)
		}
	}
	return out
}

func backupSortedStrings(in []string) []string {
	out := append([]string{}, in...)
	slices.Sort(out)
	return out
}

// backupPolicyDocument parses a policy and normalises it like every policy document of the inventory:
// Statement is a list; Action, NotAction, Resource and NotResource are lists of strings.
func backupPolicyDocument(s string) (map[string]any, error) {
	v, err := inventory.DecodeJSON([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("decode policy: %w", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("decode policy: not a JSON object")
	}
	var stmts []any
	switch st := doc["Statement"].(type) {
	case nil:
		stmts = []any{}
	case map[string]any:
		stmts = []any{st}
	case []any:
		stmts = st
	default:
		return nil, errors.New("policy Statement is neither an object nor a list")
	}
	for _, s := range stmts {
		st, ok := s.(map[string]any)
		if !ok {
			return nil, errors.New("policy statement is not an object")
		}
		for _, k := range []string{"Action", "NotAction", "Resource", "NotResource"} {
			switch v := st[k].(type) {
			case nil:
			case string:
				st[k] = []string{v}
			case []any:
				l := make([]string, 0, len(v))
				for _, e := range v {
					str, ok := e.(string)
					if !ok {
						return nil, fmt.Errorf("policy statement %s holds a non-string", k)
					}
					l = append(l, str)
				}
				st[k] = l
			default:
				return nil, fmt.Errorf("policy statement %s is neither a string nor a list", k)
			}
		}
	}
	doc["Statement"] = stmts
	return doc, nil
}

// backupTime renders a timestamp as RFC 3339 in UTC; absent is null.
func backupTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func backupStr(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func backupEnum(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func backupInt(i *int64) any {
	if i == nil {
		return nil
	}
	return *i
}

func backupDefault(s *string, def string) string {
	if v := aws.ToString(s); v != "" {
		return v
	}
	return def
}

func backupRestoreTestStartWindow(h int32) int64 {
	if h <= 0 {
		return backupDefaultRestoreTestStartWindow
	}
	return int64(h)
}

// backupLastSegment is the last ":" or "/" separated part of an ARN's resource, used as a recovery
// point's name; s itself when it is not an ARN.
func backupLastSegment(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return s
	}
	return a.Resource[strings.LastIndexAny(a.Resource, ":/")+1:]
}
