# METADATA
# title: S3 bucket replicates its objects to another bucket
# description: >-
#   A replication configuration with at least one enabled rule keeps a second copy of new objects in
#   another bucket (ideally another region or account), so the data survives the loss of this bucket.
# custom:
#   id: S3.8
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13", "8.14"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Add an aws_s3_bucket_replication_configuration with an IAM role and an enabled rule whose
#     destination is a versioned bucket in another region or account.
package vigil.aws.s3.replication

import data.vigil.lib

needed := ["replication.enabled", "replication.destinations"]

# Absent replication means none is configured.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not r.attributes.replication.enabled == true
	not lib.is_unknown(r, "replication.enabled")
	enabled := lib.attribute(r, ["replication", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has no enabled replication rule", [lib.label(r)]),
		"evidence": {"replication.enabled": enabled},
	}
}

# Enabled rules that name no destination other than the bucket itself copy nothing away.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	r.attributes.replication.enabled == true
	count(lib.unknown_paths_within(r, needed)) == 0
	destinations := lib.attribute(r, ["replication", "destinations"], [])
	# A destination list of the wrong type, or a destination that is not a bucket id, copies nothing.
	others := [d | is_array(destinations); some d in destinations; is_string(d); not d in {r.id, object.get(r, ["attributes", "bucket"], r.id)}]
	count(others) == 0
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has replication enabled but no destination bucket", [lib.label(r)]),
		"evidence": {"replication.enabled": true, "replication.destinations": destinations},
	}
}

_denied contains d.resource if some d in deny

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	missing := lib.unknown_paths_within(r, needed)
	count(missing) > 0
	not r.id in _denied
	result := {
		"resource": r.id,
		"message": sprintf("replication configuration of bucket %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
