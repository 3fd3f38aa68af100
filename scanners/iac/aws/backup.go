package aws

import (
	"strconv"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// Defaults of a backup rule that leaves them out: the schedule AWS Backup applies, and the provider's
// defaults for the rest.
const (
	defaultBackupSchedule   = "cron(0 5 ? * * *)"
	defaultBackupTimezone   = "Etc/UTC"
	defaultStartWindow      = 60
	defaultCompletionWindow = 180
)

// adaptBackup maps vaults (joined with aws_backup_vault_lock_configuration and aws_backup_vault_policy
// by backup_vault_name), plans and selections. Vault and plan references resolve to their inventory ids when they name one.
func adaptBackup(ix *index) []*res {
	vaults := newOwners(ix)
	for _, b := range ix.managed("aws_backup_vault") {
		r := newRes(b, inventory.TypeBackupVault)
		var keys []string
		name, st := r.nameFrom("name", "name")
		if st == known {
			keys = []string{name}
		}
		vaults.add(r, st == unknown, keys...)
		r.f.str("kms_key_arn", b, "kms_key_arn", nil)
		r.f.boolean("force_destroy", b, "force_destroy", false)
		r.f.set("vault_type", vaultTypeStandard)
	}
	airGapped := map[*res]bool{}
	for _, b := range ix.managed("aws_backup_logically_air_gapped_vault") {
		r := newRes(b, inventory.TypeBackupVault)
		var keys []string
		name, st := r.nameFrom("name", "name")
		if st == known {
			keys = []string{name}
		}
		vaults.add(r, st == unknown, keys...)
		airGappedVault(r)
		airGapped[r] = true
	}
	vaults.connect(ix.managed("aws_backup_vault_lock_configuration"), "backup_vault_name", "lock")
	vaults.connect(ix.managed("aws_backup_vault_policy"), "backup_vault_name", "access_policy")
	for _, r := range vaults.list {
		if airGapped[r] {
			// Its lock is the vault's own (airGappedVault), whatever a lock configuration says.
			r.settle("access_policy", func(f *fields, c *iac.Block) { f.policy("access_policy", ix, c, "policy") },
				nil, func(f *fields) { f.set("access_policy", nil) })
			continue
		}
		r.settle("lock", vaultLock, nil, func(f *fields) {
			f.set("lock", map[string]any{"enabled": false, "mode": nil, "min_retention_days": nil,
				"max_retention_days": nil, "changeable_for_days": nil})
		})
		// A vault has at most one access policy; no aws_backup_vault_policy means none.
		r.settle("access_policy", func(f *fields, c *iac.Block) { f.policy("access_policy", ix, c, "policy") },
			nil, func(f *fields) { f.set("access_policy", nil) })
	}

	plans := newOwners(ix)
	for _, b := range ix.managed("aws_backup_plan") {
		r := newRes(b, inventory.TypeBackupPlan)
		var keys []string
		if name, st := r.nameFrom("name", "name"); st == known {
			keys = []string{name}
		}
		plans.add(r, false, keys...)
		backupRules(r, vaults)
	}

	var selections []*res
	for _, b := range ix.managed("aws_backup_selection") {
		r := newRes(b, inventory.TypeBackupSelection)
		r.nameFrom("name", "name")
		r.f.strFunc("plan_id", b, "plan_id", nil, func(s string) any { return plans.canonicalRef(s) })
		r.f.str("iam_role_arn", b, "iam_role_arn", nil)
		r.f.strings("resources", b, "resources", true)
		r.f.strings("not_resources", b, "not_resources", true)
		selectionTags(r)
		selectionConditions(r)
		selections = append(selections, r)
	}
	return append(append(vaults.list, plans.list...), selections...)
}

// Vault types, as AWS Backup names them (BackupVaultListMember.VaultType).
const (
	vaultTypeStandard  = "BACKUP_VAULT"
	vaultTypeAirGapped = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
)

// airGappedVault maps an aws_backup_logically_air_gapped_vault: a vault of type
// LOGICALLY_AIR_GAPPED_BACKUP_VAULT, which AWS Backup always locks in compliance mode with the
// vault's own min_retention_days and max_retention_days ("each vault is equipped with AWS Backup Vault
// Lock's compliance mode", AWS Backup Developer Guide, "Logically air-gapped vault",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html). Its key is the
// AWS-owned one unless encryption_key_arn names a customer key.
func airGappedVault(r *res) {
	b := r.block
	r.f.set("vault_type", vaultTypeAirGapped)
	r.f.str("kms_key_arn", b, "encryption_key_arn", nil)
	r.f.set("lock.enabled", true)
	r.f.set("lock.mode", "compliance")
	r.f.number("lock.min_retention_days", b, "min_retention_days", nil)
	r.f.number("lock.max_retention_days", b, "max_retention_days", nil)
	r.f.set("lock.changeable_for_days", nil)
}

// vaultLock maps a vault lock configuration: compliance mode when changeable_for_days is set (the lock
// becomes immutable after it), governance mode otherwise.
func vaultLock(f *fields, c *iac.Block) {
	f.set("lock.enabled", true)
	switch _, st := getNumber(c, "changeable_for_days"); st {
	case known:
		f.set("lock.mode", "compliance")
	case unknown:
		f.setUnknown("lock.mode")
	default:
		f.set("lock.mode", "governance")
	}
	f.number("lock.min_retention_days", c, "min_retention_days", nil)
	f.number("lock.max_retention_days", c, "max_retention_days", nil)
	f.number("lock.changeable_for_days", c, "changeable_for_days", nil)
}

// backupRules maps the plan's rule blocks (a set: sorted), with their lifecycle and copy actions.
func backupRules(r *res, vaults *owners) {
	b := r.block
	if b.IsUnknown("rule") {
		r.f.setUnknown("rules")
		return
	}
	vaultRef := func(s string) any { return vaults.canonicalRef(s) }
	n, _ := count(b, "rule")
	rules := make([]*fields, 0, n)
	for i := 0; i < n; i++ {
		p := "rule." + strconv.Itoa(i) + "."
		e := newFields()
		e.str("name", b, p+"rule_name", nil)
		e.strFunc("target_vault", b, p+"target_vault_name", nil, vaultRef)
		e.str("schedule", b, p+"schedule", defaultBackupSchedule)
		e.str("schedule_timezone", b, p+"schedule_expression_timezone", defaultBackupTimezone)
		e.number("start_window_minutes", b, p+"start_window", int64(defaultStartWindow))
		e.number("completion_window_minutes", b, p+"completion_window", int64(defaultCompletionWindow))
		e.boolean("continuous_backup", b, p+"enable_continuous_backup", false)
		lifecycle(e, b, p+"lifecycle.0.")
		if b.IsUnknown(p + "copy_action") {
			e.setUnknown("copy_actions")
		} else {
			cn, _ := count(b, p+"copy_action")
			copies := make([]*fields, 0, cn)
			for j := 0; j < cn; j++ {
				cp := p + "copy_action." + strconv.Itoa(j) + "."
				c := newFields()
				c.strFunc("destination_vault", b, cp+"destination_vault_arn", nil, vaultRef)
				lifecycle(c, b, cp+"lifecycle.0.")
				copies = append(copies, c)
			}
			e.list("copy_actions", copies, false)
		}
		rules = append(rules, e)
	}
	r.f.list("rules", rules, false)
}

// lifecycle maps a backup lifecycle; null delete_after_days means recovery points are kept forever (the
// provider sends no value for 0 either).
func lifecycle(e *fields, b *iac.Block, p string) {
	e.positive("delete_after_days", b, p+"delete_after", nil)
	e.positive("cold_storage_after_days", b, p+"cold_storage_after", nil)
}

func selectionTags(r *res) {
	b := r.block
	if b.IsUnknown("selection_tag") {
		r.f.setUnknown("selection_tags")
		return
	}
	n, _ := count(b, "selection_tag")
	tags := make([]*fields, 0, n)
	for i := 0; i < n; i++ {
		p := "selection_tag." + strconv.Itoa(i) + "."
		e := newFields()
		e.str("type", b, p+"type", nil)
		e.str("key", b, p+"key", nil)
		e.str("value", b, p+"value", nil)
		tags = append(tags, e)
	}
	r.f.list("selection_tags", tags, false)
}

// conditionKinds are the operators of a selection's condition block.
var conditionKinds = []string{"string_equals", "string_not_equals", "string_like", "string_not_like"}

// selectionConditions flattens the condition blocks into {string_equals: [{key, value}], ...}.
func selectionConditions(r *res) {
	b := r.block
	if b.IsUnknown("condition") {
		r.f.setUnknown("conditions")
		return
	}
	n, _ := count(b, "condition")
	cond := newFields()
	for _, kind := range conditionKinds {
		var elems []*fields
		unk := false
		for i := 0; i < n; i++ {
			p := "condition." + strconv.Itoa(i) + "." + kind
			if b.IsUnknown(p) {
				unk = true
				continue
			}
			m, _ := count(b, p)
			for j := 0; j < m; j++ {
				q := p + "." + strconv.Itoa(j) + "."
				e := newFields()
				e.str("key", b, q+"key", nil)
				e.str("value", b, q+"value", nil)
				elems = append(elems, e)
			}
		}
		if unk {
			cond.setUnknown(kind)
			continue
		}
		cond.list(kind, elems, false)
	}
	embed(r.f, "conditions", cond)
}
