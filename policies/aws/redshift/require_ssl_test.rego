package vigil.aws.redshift.require_ssl_test

import data.vigil.aws.redshift.require_ssl

res(attrs, unknown) := {"by_type": {"aws.redshift.cluster": [{"id": "res.id", "type": "aws.redshift.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"require_ssl": true}, [])
	count(require_ssl.deny) == 0 with input as inp
	count(require_ssl.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := require_ssl.deny with input as res({"require_ssl": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "Redshift cluster \"res\" does not require SSL connections (require_ssl)"
	d.evidence == {"require_ssl": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(require_ssl.deny) == 1 with input as inp
	count(require_ssl.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["require_ssl"])
	count(require_ssl.deny) == 0 with input as inp
	unknowns := require_ssl.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["require_ssl"]
}
