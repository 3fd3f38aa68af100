package vigil.aws.ecr.tag_immutability_test

import data.vigil.aws.ecr.tag_immutability

res(attrs, unknown) := {"by_type": {"aws.ecr.repository": [{"id": "res.id", "type": "aws.ecr.repository", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_immutable_passes if {
	count(tag_immutability.deny) == 0 with input as res({"image_tag_mutability": "IMMUTABLE"}, [])
	count(tag_immutability.deny) == 0 with input as res({"image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"}, [])
}

test_mutable_fails if {
	denies := tag_immutability.deny with input as res({"image_tag_mutability": "MUTABLE"}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECR repository \"res\" has mutable image tags (MUTABLE)"
	d.evidence == {"image_tag_mutability": "MUTABLE"}
	count(tag_immutability.deny) == 1 with input as res({}, [])
	count(tag_immutability.deny) == 1 with input as res({"image_tag_mutability": "MUTABLE_WITH_EXCLUSION"}, [])
}

test_unknown_is_unknown if {
	inp := res({"image_tag_mutability": null}, ["image_tag_mutability"])
	count(tag_immutability.deny) == 0 with input as inp
	count(tag_immutability.unknown) == 1 with input as inp
}
