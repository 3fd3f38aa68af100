# METADATA
# title: Backup vault has a vault lock
# description: >-
#   A vault lock (AWS Backup Vault Lock) prevents recovery points from being deleted or their retention
#   shortened, by anyone, so backups survive ransomware, a compromised administrator or a mistaken
#   cleanup.
# custom:
#   id: BKP.2
#   severity: medium
#   resource_types: [aws.backup.vault]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#   remediation: >-
#     Add an aws_backup_vault_lock_configuration for the vault with min_retention_days, and
#     changeable_for_days to make it an immutable compliance-mode lock after the grace period.
package vigil.aws.backup.vault_lock

import data.vigil.lib

# Absent lock means no vault lock configuration exists.
deny contains result if {
	some r in lib.resources("aws.backup.vault")
	not r.attributes.lock.enabled == true
	not lib.is_unknown(r, "lock.enabled")
	v := lib.attribute(r, ["lock", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("backup vault %q has no vault lock", [lib.label(r)]),
		"evidence": {"lock.enabled": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.vault")
	lib.is_unknown(r, "lock.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("vault lock of backup vault %q is unknown", [lib.label(r)]),
		"missing": ["lock.enabled"],
	}
}
