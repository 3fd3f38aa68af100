# METADATA
# title: Root user has MFA enabled
# description: >-
#   The account's root user, which no IAM policy can restrict, signs in with a second factor, so a leaked
#   or guessed root password alone does not give full control of the account. Read from the IAM account
#   summary (or the credential report's root row); reported unknown when neither could be read.
# custom:
#   id: ACCT.1
#   severity: critical
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["8.2", "8.5"]
#     nist-800-53-r5: ["IA-2", "IA-2(1)"]
#     nist-csf-2.0: ["PR.AA-03"]
#     cis-aws-foundations-6.0: ["2.4"]
#     soc2-tsc-2017: ["CC6.1"]
#     pci-dss-4.0.1: ["8.4.1"]
#     hipaa-security-rule: ["164.312(d)"]
#   remediation: >-
#     Sign in as the root user and assign an MFA device (a hardware key or passkey is preferred) under
#     Security credentials; in an AWS Organization, consider centrally managed root access, which removes
#     member accounts' root credentials.
package vigil.aws.account.root_mfa

import data.vigil.lib

path := "root_mfa_enabled"

# aws.account is read from live accounts only; an absent value was not collected: unknown.
mfa(r) := object.get(r, ["attributes", path], null)

deny contains result if {
	some r in lib.resources("aws.account")
	not lib.is_unknown(r, path)
	mfa(r) == false
	result := lib.failure(
		r,
		sprintf("root user of account %q has no MFA device", [lib.label(r)]),
		{path: false},
	)
}

# not_known: unknown, or not collected (absent or null).
not_known(r) if lib.is_unknown(r, path)

not_known(r) if not is_boolean(mfa(r))

unknown contains result if {
	some r in lib.resources("aws.account")
	not_known(r)
	result := lib.unknown_result(
		r,
		sprintf("MFA status of the root user of account %q is unknown", [lib.label(r)]),
		[path],
	)
}
