# METADATA
# title: IAM password policy requires long passwords and prevents their reuse
# description: >-
#   The account password policy requires at least 14 characters and remembers the last 24 passwords
#   (CIS AWS Foundations Benchmark v6.0.0, 2.7 and 2.8). An account without a password policy fails: AWS's
#   default asks for 8 characters and prevents no reuse. Character-class and expiry rules are not
#   required: CIS dropped them, following NIST SP 800-63B, which finds they weaken passwords in practice.
# custom:
#   id: ACCT.3
#   severity: medium
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5(1)"]
#     nist-csf-2.0: ["PR.AA-01"]
#     cis-aws-foundations-6.0: ["2.7", "2.8"]
#     soc2-tsc-2017: ["CC6.1"]
#     pci-dss-4.0.1: ["8.3.6", "8.3.7"]
#     hipaa-security-rule: ["164.308(a)(5)(ii)(D)", "164.312(d)"]
#   remediation: >-
#     Set an account password policy with a minimum password length of at least 14 and password reuse
#     prevention of 24 (aws iam update-account-password-policy --minimum-password-length 14
#     --password-reuse-prevention 24, or the aws_iam_account_password_policy resource).
package vigil.aws.account.password_policy

import data.vigil.lib

path := "password_policy"

# thresholds: the least value each setting must have. A setting that is not set (null) counts as 0.
thresholds := {
	"minimum_password_length": 14,
	"password_reuse_prevention": 24,
}

attrs(r) := object.get(r, "attributes", {})

# An account whose policy was read: an object, or null for "no password policy".
read(r) if {
	not lib.is_unknown(r, path)
	path in object.keys(attrs(r))
	p := attrs(r)[path]
	valid(p)
}

valid(p) if p == null

valid(p) if is_object(p)

setting(p, name) := v if {
	v := object.get(p, name, null)
	is_number(v)
} else := 0

# unknown_settings are the thresholded settings whose value is unknown.
unknown_settings(r) := [sprintf("%s.%s", [path, name]) |
	some name, _ in thresholds
	lib.is_unknown(r, sprintf("%s.%s", [path, name]))
]

# weaknesses are the known settings below their threshold.
weaknesses(r, p) := [sprintf("%s %v < %v", [name, setting(p, name), least]) |
	some name, least in thresholds
	not lib.is_unknown(r, sprintf("%s.%s", [path, name]))
	setting(p, name) < least
]

deny contains result if {
	some r in lib.resources("aws.account")
	read(r)
	attrs(r)[path] == null
	result := lib.failure(
		r,
		sprintf("account %q has no IAM password policy (AWS's default requires 8 characters and allows reuse)", [lib.label(r)]),
		{path: null},
	)
}

deny contains result if {
	some r in lib.resources("aws.account")
	read(r)
	p := attrs(r)[path]
	is_object(p)
	weak := weaknesses(r, p)
	count(weak) > 0
	result := lib.failure(
		r,
		sprintf("IAM password policy of account %q is weak: %s", [lib.label(r), concat(", ", weak)]),
		{sprintf("%s.%s", [path, name]): object.get(p, name, null) | some name, _ in thresholds},
	)
}

unknown contains result if {
	some r in lib.resources("aws.account")
	not read(r)
	result := lib.unknown_result(
		r,
		sprintf("IAM password policy of account %q is unknown", [lib.label(r)]),
		[path],
	)
}

# A policy with some settings unknown and none known to be weak.
unknown contains result if {
	some r in lib.resources("aws.account")
	read(r)
	p := attrs(r)[path]
	is_object(p)
	missing := unknown_settings(r)
	count(missing) > 0
	count(weaknesses(r, p)) == 0
	result := lib.unknown_result(
		r,
		sprintf("IAM password policy settings of account %q are unknown", [lib.label(r)]),
		missing,
	)
}
