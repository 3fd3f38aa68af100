package vigil.aws.ecr.scan_on_push_test

import data.vigil.aws.ecr.scan_on_push

res(attrs, unknown) := {"by_type": {"aws.ecr.repository": [{"id": "res.id", "type": "aws.ecr.repository", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_scan_passes if {
	count(scan_on_push.deny) == 0 with input as res({"scan_on_push": true}, [])
	count(scan_on_push.unknown) == 0 with input as res({"scan_on_push": true}, [])
}

test_no_scan_fails if {
	denies := scan_on_push.deny with input as res({"scan_on_push": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECR repository \"res\" does not scan images on push"
	d.evidence == {"scan_on_push": false}
	count(scan_on_push.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"scan_on_push": null}, ["scan_on_push"])
	count(scan_on_push.deny) == 0 with input as inp
	count(scan_on_push.unknown) == 1 with input as inp
}
