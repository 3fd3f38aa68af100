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
# provider). Named accounts, roles and services are explicit and out of scope.
kind(stmt) := "anyone" if {
	trusts_anyone(stmt)
} else := "web_identity" if {
	count(oidc_hosts(stmt)) > 0
	may_assume_with_web_identity(stmt)
}

trusts_anyone(stmt) if lib.principal_is_anyone(stmt.Principal)

trusts_anyone(stmt) if _ = stmt.NotPrincipal

as_list(v) := v if is_array(v)

else := [v]

# oidc_hosts are the hosts of the statement's federated OIDC providers, "" for one that names none.
oidc_hosts(stmt) := {provider_host(p) | some p in as_list(stmt.Principal.Federated); not saml_provider(p)}

saml_provider(p) if contains(lower(p), ":saml-provider/")

saml_provider(p) if startswith(p, "aws_iam_saml_provider.")

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

may_assume_with_web_identity(stmt) if _ = stmt.NotAction

may_assume_with_web_identity(stmt) if {
	some a in lib.actions(stmt)
	glob.match(a, [], "sts:assumerolewithwebidentity")
}

# Condition operators that narrow: the request must match one of the values. IfExists passes a request
# without the key, ForAllValues: passes an empty one, a negation admits everything else. ArnEquals is
# ArnLike. Compared lower-cased: IAM reads operators and keys case-insensitively.
matching_operators := {
	"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike",
	"foranyvalue:stringequals", "foranyvalue:stringequalsignorecase", "foranyvalue:stringlike",
	"foranyvalue:arnequals", "foranyvalue:arnlike",
}

# exact is true for an operator that compares values literally: any value, even unknown, names one thing.
exact(op) if op in {"stringequals", "stringequalsignorecase", "foranyvalue:stringequals", "foranyvalue:stringequalsignorecase"}

# identity_keys are the keys that name who the caller is (or on whose behalf a service calls).
identity_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner",
}

# relevant is true when a condition key can narrow the statement: an identity key for "anyone"; for a web
# identity, the claim that names who holds the token, of the statement's provider.
relevant(_, "anyone", key) if key in identity_keys

relevant(stmt, "web_identity", key) if {
	parts := claim(key)
	some h in oidc_hosts(stmt)
	host_matches(h, parts.host)
	parts.claim in narrowing_claims(parts.host)
}

# claim splits a web identity condition key "<host>:<claim>" at its last colon.
claim(key) := {"host": m[1], "claim": m[2]} if {
	some m in regex.find_all_string_submatch_n(`^(.+):([^:]+)$`, key, 1)
}

host_matches("", _) := true

host_matches(h, h) if h != ""

# narrowing_claims: the claims that say who holds a token. GitHub, GitLab and Terraform Cloud tokens carry
# an aud that the workflow chooses or every customer shares, and an EKS cluster's tokens all have aud
# sts.amazonaws.com: only sub narrows them. A Cognito identity pool is its aud; the login providers' app ids
# name the application.
narrowing_claims(host) := {"aud"} if host == "cognito-identity.amazonaws.com"

narrowing_claims(host) := {"aud", "sub"} if host == "accounts.google.com"

narrowing_claims(host) := {"app_id", "id"} if host == "graph.facebook.com"

narrowing_claims(host) := {"app_id", "user_id"} if host == "www.amazon.com"

narrowing_claims(host) := {"sub"} if not host in {"cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"}

# pattern_narrows is true for a StringLike/ArnLike value whose wildcards leave the organisation, account or
# namespace fixed (a value without wildcards is exact).
pattern_narrows(_, v) if {
	is_string(v)
	not regex.match(`[*?]`, v)
}

# GitHub: repo:ORG/REPO...; the organisation must be written out (repo:ORG/* is that organisation's repositories).
pattern_narrows(key, v) if {
	endswith(key, "token.actions.githubusercontent.com:sub")
	regex.match(`^repo:[^*?/:]+/`, v)
}

# GitLab: project_path:GROUP/...; Terraform Cloud: organization:ORG:...
pattern_narrows(key, v) if {
	endswith(key, "gitlab.com:sub")
	regex.match(`^project_path:[^*?/:]+/`, v)
}

pattern_narrows(key, v) if {
	endswith(key, "app.terraform.io:sub")
	regex.match(`^organization:[^*?:]+:`, v)
}

# EKS: system:serviceaccount:NAMESPACE:NAME, the namespace written out.
pattern_narrows(key, v) if {
	regex.match(`^oidc\.eks\.[^/]+\.amazonaws\.com/id/[^:]+:sub$`, key)
	regex.match(`^system:serviceaccount:[^*?:]+:`, v)
}

# An ARN whose account is written out (an S3 ARN has none: its bucket name must be).
pattern_narrows(key, v) if {
	key in {"aws:principalarn", "aws:sourcearn"}
	parts := split(v, ":")
	count(parts) >= 6
	not regex.match(`[*?]`, concat(":", array.slice(parts, 0, 5)))
	arn_owner_fixed(parts)
}

# An organisation path whose organisation is written out: o-abc/r-root/*.
pattern_narrows(key, v) if {
	key in {"aws:principalorgpaths", "aws:sourceorgpaths"}
	regex.match(`^o-[^*?/]+/`, v)
}

arn_owner_fixed(parts) if parts[4] != ""

arn_owner_fixed(parts) if {
	parts[4] == ""
	not regex.match(`^[*?]`, parts[5])
}

# entries lists a statement's conditions as {op, key, values, path}, operators and keys lower-cased; path
# is the attribute path of the values (for unknown values, lib.covers).
entries(stmt, spath) := [{"op": lower(op), "key": lower(k), "values": as_list(v), "path": concat(".", [spath, "Condition", op, k])} |
	some op, block in object.get(stmt, "Condition", {})
	is_object(block)
	some k, v in block
]

# narrows is true when a condition of the statement is known to narrow who may assume the role.
narrows(stmt, k, spath, r) if {
	some e in entries(stmt, spath)
	e.op in matching_operators
	relevant(stmt, k, e.key)
	entry_narrows(r, e)
}

# An exact comparison narrows whatever its values; a pattern only when each value is known and narrows.
entry_narrows(_, e) if exact(e.op)

entry_narrows(r, e) if {
	not exact(e.op)
	count(e.values) > 0
	every v in e.values {
		not value_unknown(r, e)
		pattern_narrows(e.key, v)
	}
}

value_unknown(r, e) if {
	count(r.unknown) > 0
	lib.unknown_within(r, e.path)
}

# may_narrow lists the unknown paths of the statement's Condition that could narrow it: the Condition or
# an operator block unknown as a whole (its keys are not known), or the unknown values of a relevant pattern.
may_narrow(stmt, k, spath, r) := {u |
	count(r.unknown) > 0
	some u in r.unknown
	lib.covers(concat(".", [spath, "Condition"]), u)
	could_narrow(stmt, k, spath, u)
}

could_narrow(_, _, spath, u) if u == concat(".", [spath, "Condition"])

could_narrow(stmt, _, spath, u) if {
	op := trim_prefix(u, concat(".", [spath, "Condition", ""]))
	not contains(op, ".")
	lower(op) in matching_operators
	object.get(stmt, ["Condition", op], null) == null
}

could_narrow(stmt, k, spath, u) if {
	some e in entries(stmt, spath)
	lib.covers(e.path, u)
	e.op in matching_operators
	not exact(e.op)
	relevant(stmt, k, e.key)
	every v in e.values {
		pattern_or_unknown(e.key, v)
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
	k := kind(stmt)
	spath := statement_path(i)
	not narrows(stmt, k, spath, r)
	count(may_narrow(stmt, k, spath, r)) == 0
]

# could_be_open is true for a statement with unknown parts (lib.statement_unknowns) that could trust
# anyone without a narrowing condition: a statement unknown as a whole, or an Allow whose Principal is
# unknown in part or trusts anyone or a web identity, and that no known condition narrows.
could_be_open(_, e) if "*" in e.elements

could_be_open(r, e) if {
	e.statement.Effect == "Allow"
	k := could_trust(e)
	not narrows(e.statement, k, e.path, r)
}

could_trust(e) := kind(e.statement)

could_trust(e) := "anyone" if {
	"Principal" in e.elements
	not kind(e.statement)
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

key_hosts(stmt) := {parts.host |
	some block in object.get(stmt, "Condition", {})
	is_object(block)
	some k, _ in block
	parts := claim(lower(k))
	contains(parts.host, ".")
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
