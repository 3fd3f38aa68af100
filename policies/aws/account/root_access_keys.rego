# METADATA
# title: Root user has no access keys
# description: >-
#   The root user has no access keys, so no program or script holds a long-lived credential with
#   unrestricted control of the account. Inactive keys count: they can be reactivated. Read from the IAM
#   account summary (or the credential report's root row); reported unknown when neither could be read.
# custom:
#   id: ACCT.2
#   severity: critical
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["5.17", "8.2"]
#     nist-800-53-r5: ["AC-6(5)", "IA-5"]
#     nist-csf-2.0: ["PR.AA-01", "PR.AA-05"]
#     cis-aws-foundations-6.0: ["2.3"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Sign in as the root user and delete its access keys under Security credentials; give programs an
#     IAM role (or, where a long-lived key is unavoidable, an IAM user with least privilege) instead.
package vigil.aws.account.root_access_keys

import data.vigil.lib

path := "root_access_keys_present"

# aws.account is read from live accounts only; an absent value was not collected: unknown.
present(r) := object.get(r, ["attributes", path], null)

deny contains result if {
	some r in lib.resources("aws.account")
	not lib.is_unknown(r, path)
	present(r) == true
	result := lib.failure(
		r,
		sprintf("root user of account %q has access keys", [lib.label(r)]),
		{path: true},
	)
}

# not_known: unknown, or not collected (absent or null).
not_known(r) if lib.is_unknown(r, path)

not_known(r) if not is_boolean(present(r))

unknown contains result if {
	some r in lib.resources("aws.account")
	not_known(r)
	result := lib.unknown_result(
		r,
		sprintf("whether the root user of account %q has access keys is unknown", [lib.label(r)]),
		[path],
	)
}
