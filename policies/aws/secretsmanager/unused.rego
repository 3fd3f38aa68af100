# METADATA
# title: Secrets Manager secrets that nobody retrieves are removed
# description: >-
#   The secret's value was retrieved within the last 90 days (or the secret is younger than that). A
#   secret nobody reads is a credential that still works but that no one watches: delete it, or the
#   account or key it holds. Only AWS knows when a secret was last read, so Terraform scans leave this
#   unknown.
# custom:
#   id: SM.5
#   severity: low
#   resource_types: [aws.secretsmanager.secret]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5"]
#     nist-csf-2.0: ["PR.AA-01"]
#   remediation: >-
#     Remove the unused aws_secretsmanager_secret (recovery_window_in_days keeps it restorable for a
#     while), and revoke the credential it holds where it was issued.
package vigil.aws.secretsmanager.unused

import data.vigil.lib

max_days := 90

deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	days := r.attributes.days_since_last_accessed
	lib.number_at_least(days, max_days + 1)
	not lib.is_unknown(r, "days_since_last_accessed")
	result := lib.failure(r, sprintf("secret %q was last retrieved %v days ago (maximum %v)", [lib.label(r), days, max_days]), {"days_since_last_accessed": days})
}

# Never retrieved (null), and older than the limit.
deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	object.get(r.attributes, "days_since_last_accessed", "absent") == null
	days := r.attributes.days_since_created
	lib.number_at_least(days, max_days + 1)
	count(lib.unknown_paths(r, ["days_since_last_accessed", "days_since_created"])) == 0
	result := lib.failure(r, sprintf("secret %q has never been retrieved since it was created %v days ago", [lib.label(r), days]), {"days_since_last_accessed": null, "days_since_created": days})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.secretsmanager.secret")
	lib.is_unknown(r, "days_since_last_accessed")
	result := lib.unknown_result(r, sprintf("when secret %q was last retrieved is unknown", [lib.label(r)]), ["days_since_last_accessed"])
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.secretsmanager.secret")
	object.get(r.attributes, "days_since_last_accessed", "absent") == null
	not lib.is_unknown(r, "days_since_last_accessed")
	lib.is_unknown(r, "days_since_created")
	result := lib.unknown_result(r, sprintf("age of never-retrieved secret %q is unknown", [lib.label(r)]), ["days_since_created"])
}

# A saved inventory that leaves the attribute out says nothing of use: not a pass.
unknown contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	object.get(r.attributes, "days_since_last_accessed", "absent") == "absent"
	not lib.is_unknown(r, "days_since_last_accessed")
	result := lib.unknown_result(r, sprintf("when secret %q was last retrieved is not in the inventory", [lib.label(r)]), ["days_since_last_accessed"])
}
