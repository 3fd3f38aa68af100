package vigil.aws.opensearch.node_to_node_encryption_test

import data.vigil.aws.opensearch.node_to_node_encryption

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"node_to_node_encryption": true}, [])
	count(node_to_node_encryption.deny) == 0 with input as inp
	count(node_to_node_encryption.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := node_to_node_encryption.deny with input as res({"node_to_node_encryption": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" does not encrypt traffic between its nodes"
	d.evidence == {"node_to_node_encryption": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(node_to_node_encryption.deny) == 1 with input as inp
	count(node_to_node_encryption.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["node_to_node_encryption"])
	count(node_to_node_encryption.deny) == 0 with input as inp
	unknowns := node_to_node_encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["node_to_node_encryption"]
}
