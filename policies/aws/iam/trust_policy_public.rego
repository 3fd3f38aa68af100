# METADATA
# title: IAM role trust policies do not let anyone assume the role
# description: >-
#   A role's trust policy lets no one at large assume it: an Allow with Principal "*" (or AWS "*", or
#   NotPrincipal) needs a Condition on the caller's identity (aws:PrincipalOrgID, aws:PrincipalOrgPaths,
#   aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID,
#   aws:SourceOrgPaths, aws:SourceOwner); an Allow for a web identity (OIDC) provider needs a Condition on
#   the claim that names who holds the token: token.actions.githubusercontent.com:sub naming a GitHub
#   organisation (any repository of GitHub can obtain a token whose aud is sts.amazonaws.com), the sub of
#   an EKS cluster's provider naming a namespace, cognito-identity.amazonaws.com:aud naming an identity pool.
#   A condition narrows only with a matching operator (StringEquals, StringLike, ArnEquals, ArnLike, their
#   ForAnyValue: forms; not IfExists, ForAllValues: or a negation) and values whose wildcards keep the
#   organisation, account or namespace fixed ("repo:*" or "*" narrow nothing). Otherwise anyone in the
#   world (or every workload of the provider) can obtain the role's permissions.
# custom:
#   id: IAM.5
#   severity: critical
#   resource_types: [aws.iam.role]
#   controls:
#     iso27001-2022: ["5.15", "8.2"]
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1", "CC6.3", "CC6.6"]
#     pci-dss-4.0.1: ["7.2.1"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     In assume_role_policy name the trusted principals explicitly (account ARNs, service principals), or
#     keep "*" only with a Condition such as aws:PrincipalOrgID. For GitHub Actions OIDC add a StringEquals
#     or StringLike condition on token.actions.githubusercontent.com:sub naming your repository
#     (repo:ORG/REPO:ref:refs/heads/main or repo:ORG/REPO:environment:prod); for an EKS cluster's provider
#     a condition on <provider>:sub naming the service account (system:serviceaccount:NAMESPACE:NAME); for
#     Cognito a condition on cognito-identity.amazonaws.com:aud naming the identity pool.
package vigil.aws.iam.trust_policy_public

import data.vigil.lib

# What a statement trusts, as far as this rule is concerned: "anyone" for Principal "*", AWS "*" or a
# NotPrincipal (everyone except the listed principals); "web_identity" for a federated OIDC provider and
# an action that may be sts:AssumeRoleWithWebIdentity (a SAML provider is the organisation's own identity
# provider). Named accounts, roles and services are explicit and out of scope. hosts are the statement's
# oidc_hosts. The tests for "*" are lib.principal_is_anyone's, written inline.
kind(stmt, hosts) := "anyone" if {
	stmt.Principal == "*"
} else := "anyone" if {
	stmt.Principal.AWS == "*"
} else := "anyone" if {
	is_array(stmt.Principal.AWS)
	"*" in stmt.Principal.AWS
} else := "anyone" if {
	_ = stmt.NotPrincipal
} else := "web_identity" if {
	count(hosts) > 0
	may_assume_with_web_identity(stmt)
}

as_list(v) := v if is_array(v)

else := [v]

# oidc_hosts are the hosts of the statement's federated OIDC providers, "" for one that names none.
oidc_hosts(stmt) := {provider_host(p) | some p in as_list(stmt.Principal.Federated); not saml_provider(p)}

saml_provider(p) if {
	is_string(p)
	contains(lower(p), ":saml-provider/")
}

saml_provider(p) if {
	is_string(p)
	startswith(p, "aws_iam_saml_provider.")
}

# provider_host is the host (and path) of an OIDC provider, lower-cased: the part after oidc-provider/ of
# its ARN, or the provider itself (cognito-identity.amazonaws.com). An unknown provider, or a reference to
# a provider block (aws_iam_openid_connect_provider.github), names no host: "".
provider_host(p) := "" if {
	not is_string(p)
} else := "" if {
	startswith(p, "aws_iam_openid_connect_provider.")
} else := lower(substring(p, i + count(":oidc-provider/"), -1)) if {
	i := indexof(lower(p), ":oidc-provider/")
	i >= 0
} else := lower(p)

# may_assume_with_web_identity: an Action that may be sts:AssumeRoleWithWebIdentity (written out, or a
# pattern such as sts:* that matches it), or a NotAction.
may_assume_with_web_identity(stmt) if {
	"sts:AssumeRoleWithWebIdentity" in stmt.Action
} else := true if {
	_ = stmt.NotAction
} else := true if {
	some a in stmt.Action
	is_string(a)
	glob.match(lower(a), [], "sts:assumerolewithwebidentity")
}

# Condition operators that narrow: the request must match one of the values. IfExists passes a request
# without the key, ForAllValues: passes an empty one, a negation admits everything else. ArnEquals is
# ArnLike. Compared lower-cased: IAM reads operators and keys case-insensitively.
matching_operators := {
	"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike",
	"foranyvalue:stringequals", "foranyvalue:stringequalsignorecase", "foranyvalue:stringlike",
	"foranyvalue:arnequals", "foranyvalue:arnlike",
}

# exact_operators compare values literally: any value, even unknown, names one thing.
exact_operators := {"stringequals", "stringequalsignorecase", "foranyvalue:stringequals", "foranyvalue:stringequalsignorecase"}

# identity_keys are the keys that name who the caller is (or on whose behalf a service calls).
identity_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner",
}

# claims_by_host: the claims that say who holds a token, by provider (sub for every other provider).
# GitHub, GitLab and Terraform Cloud tokens carry an aud that the workflow chooses or every customer
# shares, and an EKS cluster's tokens all have aud sts.amazonaws.com: only sub narrows them. A Cognito
# identity pool is its aud; the login providers' app ids name the application.
claims_by_host := {
	"cognito-identity.amazonaws.com": {"aud"},
	"accounts.google.com": {"aud", "sub"},
	"graph.facebook.com": {"app_id", "id"},
	"www.amazon.com": {"app_id", "user_id"},
}

narrowing_claims(host) := object.get(claims_by_host, host, {"sub"})

# relevant is true when a condition key (lower-cased) can narrow a statement of kind k: an identity key for
# "anyone"; for a web identity, the claim that names who holds the token, of one of the statement's
# providers (hosts; "" for a provider that names no host, which any host may be).
relevant("anyone", _, key) if identity_keys[key]

relevant("web_identity", hosts, key) if {
	is_string(key)
	parts := split(key, ":")
	count(parts) == 2
	host_in(hosts, parts[0])
	parts[1] in narrowing_claims(parts[0])
}

host_in(hosts, h) if hosts[h]

host_in(hosts, _) if hosts[""]

# pattern_narrows is true for a StringLike/ArnLike value whose wildcards leave the organisation, account or
# namespace fixed (a value without wildcards is exact). Each form is tried only on values that start like it.
pattern_narrows(key, v) if {
	is_string(v)
	_pattern_narrows(key, v)
}

_pattern_narrows(_, v) if {
	not contains(v, "*")
	not contains(v, "?")
}

# GitHub: repo:ORG/REPO...; the organisation must be written out (repo:ORG/* is that organisation's repositories).
_pattern_narrows(key, v) if {
	startswith(v, "repo:")
	endswith(key, "token.actions.githubusercontent.com:sub")
	regex.match(`^repo:[^*?/:]+/`, v)
}

# GitLab: project_path:GROUP/...; Terraform Cloud: organization:ORG:...
_pattern_narrows(key, v) if {
	startswith(v, "project_path:")
	endswith(key, "gitlab.com:sub")
	regex.match(`^project_path:[^*?/:]+/`, v)
}

_pattern_narrows(key, v) if {
	startswith(v, "organization:")
	endswith(key, "app.terraform.io:sub")
	regex.match(`^organization:[^*?:]+:`, v)
}

# EKS: system:serviceaccount:NAMESPACE:NAME, the namespace written out.
_pattern_narrows(key, v) if {
	startswith(v, "system:serviceaccount:")
	startswith(key, "oidc.eks.")
	endswith(key, ":sub")
	regex.match(`^system:serviceaccount:[^*?:]+:`, v)
}

# An ARN whose account is written out (an S3 ARN has none: its bucket name must be).
_pattern_narrows(key, v) if {
	startswith(v, "arn:")
	key in {"aws:principalarn", "aws:sourcearn"}
	parts := split(v, ":")
	count(parts) >= 6
	not regex.match(`[*?]`, concat(":", array.slice(parts, 0, 5)))
	arn_owner_fixed(parts)
}

# An organisation path whose organisation is written out: o-abc/r-root/*.
_pattern_narrows(key, v) if {
	startswith(v, "o-")
	key in {"aws:principalorgpaths", "aws:sourceorgpaths"}
	regex.match(`^o-[^*?/]+/`, v)
}

arn_owner_fixed(parts) if parts[4] != ""

arn_owner_fixed(parts) if {
	parts[4] == ""
	not regex.match(`^[*?]`, parts[5])
}

# narrows is true when a condition of statement i, stmt (of kind k, providers hosts), is known to narrow
# who may assume the role. The four bodies (identity key or token claim, exact operator or pattern) keep
# the tests inline: a trust policy with a federated provider is read for every role that has one.
narrows(stmt, "anyone", _, _, _) if {
	some op, block in stmt.Condition
	exact_operators[lib.lower_string(op)]
	some key, _ in block
	identity_keys[lib.lower_string(key)]
}

narrows(stmt, "anyone", _, r, i) if {
	some op, block in stmt.Condition
	lop := lib.lower_string(op)
	matching_operators[lop]
	not exact_operators[lop]
	some key, v in block
	lkey := lib.lower_string(key)
	identity_keys[lkey]
	pattern_entry_narrows(r, i, op, key, lkey, v)
}

narrows(stmt, "web_identity", hosts, _, _) if {
	some op, block in stmt.Condition
	exact_operators[lib.lower_string(op)]
	some key, _ in block
	relevant("web_identity", hosts, lib.lower_string(key))
}

narrows(stmt, "web_identity", hosts, r, i) if {
	some op, block in stmt.Condition
	lop := lib.lower_string(op)
	matching_operators[lop]
	not exact_operators[lop]
	some key, v in block
	lkey := lib.lower_string(key)
	relevant("web_identity", hosts, lkey)
	pattern_entry_narrows(r, i, op, key, lkey, v)
}

# An exact comparison narrows whatever its values; a pattern only when each value is known and narrows.
pattern_entry_narrows(r, i, op, key, lkey, v) if {
	values := as_list(v)
	count(values) > 0
	not value_unknown(r, i, op, key)
	every x in values {
		pattern_narrows(lkey, x)
	}
}

value_unknown(r, i, op, key) if {
	count(r.unknown) > 0
	lib.unknown_within(r, concat(".", [statement_path(i), "Condition", op, key]))
}

# may_narrow lists the unknown paths of the statement's Condition that could narrow it: the Condition or
# an operator block unknown as a whole (its keys are not known), or the unknown values of a relevant pattern.
may_narrow(stmt, k, hosts, spath, r) := {u |
	count(r.unknown) > 0
	some u in r.unknown
	lib.covers(concat(".", [spath, "Condition"]), u)
	could_narrow(stmt, k, hosts, spath, u)
}

could_narrow(_, _, _, spath, u) if u == concat(".", [spath, "Condition"])

could_narrow(stmt, _, _, spath, u) if {
	op := trim_prefix(u, concat(".", [spath, "Condition", ""]))
	not contains(op, ".")
	matching_operators[lib.lower_string(op)]
	object.get(stmt, ["Condition", op], null) == null
}

could_narrow(stmt, k, hosts, spath, u) if {
	some op, block in stmt.Condition
	lop := lib.lower_string(op)
	matching_operators[lop]
	not exact_operators[lop]
	some key, v in block
	lib.covers(concat(".", [spath, "Condition", op, key]), u)
	relevant(k, hosts, lib.lower_string(key))
	every x in as_list(v) {
		pattern_or_unknown(lib.lower_string(key), x)
	}
}

pattern_or_unknown(_, null) := true

pattern_or_unknown(key, v) if pattern_narrows(key, v)

statement_path(i) := concat("", ["assume_role_policy.Statement.", format_int(i, 10)])

# findings are the Allow statements that trust anyone (or a web identity provider) with no condition known
# to narrow them and none that could, once its unknown values are known.
findings(r) := [object.union(lib.statement_evidence(stmt), {"trusts": k, "providers": sort(named_hosts(stmt))}) |
	some i, stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	hosts := oidc_hosts(stmt)
	k := kind(stmt, hosts)
	not narrows(stmt, k, hosts, r, i)
	not may_narrow_some(stmt, k, hosts, r, i)
]

may_narrow_some(stmt, k, hosts, r, i) if {
	count(r.unknown) > 0
	count(may_narrow(stmt, k, hosts, statement_path(i), r)) > 0
}

# could_be_open is true for a statement with unknown parts (lib.statement_unknowns) that could trust
# anyone without a narrowing condition: a statement unknown as a whole, or an Allow whose Principal is
# unknown in part or trusts anyone or a web identity, and that no known condition narrows.
could_be_open(_, e) if "*" in e.elements

could_be_open(r, e) if {
	e.statement.Effect == "Allow"
	k := could_trust(e)
	i := to_number(trim_prefix(e.path, "assume_role_policy.Statement."))
	not narrows(e.statement, k, oidc_hosts(e.statement), r, i)
}

could_trust(e) := kind(e.statement, oidc_hosts(e.statement))

could_trust(e) := "anyone" if {
	"Principal" in e.elements
	not kind(e.statement, oidc_hosts(e.statement))
}

# unknown_trust_paths are the unknown paths of the trust policy that could hide an open statement.
unknown_trust_paths(r) := sort({p |
	some e in lib.statement_unknowns(r, "assume_role_policy", object.get(r.attributes, "assume_role_policy", null))
	could_be_open(r, e)
	some p in lib.statement_missing(r, e, {"Principal", "NotPrincipal", "Condition"})
})

# candidates are the roles with an Allow statement whose Principal is or includes "*", that has a
# NotPrincipal, or that trusts a federated provider: the only ones findings can list. The tests are
# written inline, so the other roles cost no function call.
candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	stmt.Principal == "*"
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	stmt.Principal.AWS == "*"
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	"*" in stmt.Principal.AWS
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	_ = stmt.NotPrincipal
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	_ = stmt.Principal.Federated
}

# named_hosts are the providers a message names: a provider that names no host is named by the hosts of
# the statement's condition keys ("token.actions.githubusercontent.com:aud"), when there are any.
named_hosts(stmt) := {h | some h in oidc_hosts(stmt); h != ""} | key_hosts(stmt) if {
	"" in oidc_hosts(stmt)
	count(key_hosts(stmt)) > 0
} else := oidc_hosts(stmt)

key_hosts(stmt) := {parts[0] |
	some block in object.get(stmt, "Condition", {})
	is_object(block)
	some k, _ in block
	parts := split(lib.lower_string(k), ":")
	count(parts) == 2
	contains(parts[0], ".")
}

# describe says what an open statement lets in, from its evidence.
describe(f) := "lets any principal (\"*\") assume it without a Condition on the caller's identity (such as aws:PrincipalOrgID)" if {
	f.trusts == "anyone"
}

describe(f) := sprintf("lets any identity of %s assume it without a Condition on the claim that names who holds the token (%s)", [
	concat(", ", [provider_label(h) | some h in f.providers]),
	concat(", ", [claim_label(h) | some h in f.providers]),
]) if {
	f.trusts == "web_identity"
}

provider_label("") := "its OIDC provider"

provider_label(h) := h if h != ""

claim_label("") := "<provider>:sub"

claim_label(h) := concat(" or ", sort([concat(":", [h, c]) | some c in narrowing_claims(h)])) if h != ""

deny contains result if {
	some r in candidates
	found := findings(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("role %q trust policy %s", [lib.label(r), concat("; it also ", sort({describe(f) | some f in found}))]),
		"evidence": {"statements": [object.remove(f, ["trusts", "providers"]) | some f in found]},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.iam.role")
	missing := unknown_trust_paths(r)
	count(missing) > 0
	count(findings(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("trust policy of role %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
