# METADATA
# title: Secrets Manager secret is rotated at least every 90 days
# description: >-
#   The secret's automatic rotation runs at least every 90 days (rotation_rules automatically_after_days,
#   or a rate() or cron() schedule), so a credential is never older than that. A secret that is not
#   rotated at all fails too.
# custom:
#   id: SM.2
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5"]
#     nist-csf-2.0: ["PR.AA-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.308(a)(5)(ii)(D)"]
#   remediation: >-
#     In the aws_secretsmanager_secret_rotation set rotation_rules { automatically_after_days = 90 } (or
#     fewer), or a schedule_expression such as "rate(30 days)".
package vigil.aws.secretsmanager.rotation_interval

import data.vigil.lib

max_days := 90

needed := ["rotation.enabled", "rotation.automatically_after_days", "rotation.schedule_expression"]

# interval_days is the longest time between two rotations, in days, when the rule can tell it.
interval_days(rotation) := d if {
	d := rotation.automatically_after_days
	is_number(d)
	d > 0
} else := d if {
	is_string(rotation.schedule_expression)
	[_, n, unit] := regex.find_all_string_submatch_n(`^rate\(\s*([0-9]+)\s+(days?|hours?)\s*\)$`, rotation.schedule_expression, 1)[0]
	d := to_number(n) / {"day": 1, "days": 1, "hour": 24, "hours": 24}[unit]
} else := 62 if {
	# A cron() schedule that runs in every month (month field * and no "nth weekday" #) runs at least
	# every 62 days (the 31st of alternate months). Other cron schedules are not judged.
	is_string(rotation.schedule_expression)
	fields := split(trim_space(trim_suffix(trim_prefix(rotation.schedule_expression, "cron("), ")")), " ")
	count(fields) == 6
	fields[3] == "*"
	not contains(fields[4], "#")
}

deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	not r.attributes.rotation.enabled == true
	not lib.is_unknown(r, "rotation.enabled")
	result := lib.failure(r, sprintf("secret %q is not rotated automatically, so its value never changes", [lib.label(r)]), {"rotation.enabled": lib.attribute(r, ["rotation", "enabled"], false)})
}

deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	r.attributes.rotation.enabled == true
	days := interval_days(r.attributes.rotation)
	days > max_days
	count(lib.unknown_paths(r, needed)) == 0
	result := lib.failure(r, sprintf("secret %q is rotated every %v days (maximum %v)", [lib.label(r), days, max_days]), {
		"rotation.automatically_after_days": object.get(r.attributes.rotation, "automatically_after_days", null),
		"rotation.schedule_expression": object.get(r.attributes.rotation, "schedule_expression", null),
	})
}

judged(r) if not r.attributes.rotation.enabled == true

judged(r) if interval_days(r.attributes.rotation)

unknown contains result if {
	some r in lib.resources_with_unknown("aws.secretsmanager.secret")
	missing := lib.unknown_paths(r, needed)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("rotation interval of secret %q is unknown", [lib.label(r)]), missing)
}

# A known schedule whose interval the rule cannot bound (a cron() that skips months).
unknown contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	r.attributes.rotation.enabled == true
	not judged(r)
	count(lib.unknown_paths(r, needed)) == 0
	result := lib.unknown_result(r, sprintf("rotation interval of secret %q cannot be told from its schedule %q", [lib.label(r), object.get(r.attributes.rotation, "schedule_expression", null)]), ["rotation.schedule_expression"])
}
