package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptECR maps aws_ecr_repository and joins aws_ecr_repository_policy and aws_ecr_lifecycle_policy by
// repository (the repository's name or a reference to it).
func adaptECR(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_ecr_repository") {
		r := newRes(b, inventory.TypeECRRepository)
		name, st := r.nameFrom("name", "name")
		var keys []string
		if st == known {
			keys = []string{name}
		}
		own.add(r, st == unknown, keys...)
		r.f.boolean("scan_on_push", b, "image_scanning_configuration.0.scan_on_push", false)
		r.f.str("image_tag_mutability", b, "image_tag_mutability", "MUTABLE")
		r.f.str("encryption.type", b, "encryption_configuration.0.encryption_type", "AES256")
		r.f.str("encryption.kms_key", b, "encryption_configuration.0.kms_key", nil)
	}
	// The id of a repository policy or lifecycle policy is the repository's name.
	for _, typ := range []string{"aws_ecr_repository_policy", "aws_ecr_lifecycle_policy"} {
		for _, b := range ix.managed(typ) {
			own.alias(b, "repository")
		}
	}
	own.connect(ix.managed("aws_ecr_repository_policy"), "repository", "policy")
	own.connect(ix.managed("aws_ecr_lifecycle_policy"), "repository", "lifecycle_policy")
	for _, r := range own.list {
		r.settle("policy",
			func(f *fields, c *iac.Block) { f.policy("policy", ix, c, "policy") },
			nil,
			func(f *fields) { f.set("policy", nil) })
		r.settle("lifecycle_policy",
			func(f *fields, _ *iac.Block) { f.set("lifecycle_policy.configured", true) },
			nil,
			func(f *fields) { f.set("lifecycle_policy.configured", false) })
	}
	return own.list
}
