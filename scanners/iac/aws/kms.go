package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptKMS maps aws_kms_key and joins aws_kms_key_policy by key_id (a reference to the key's id or arn).
func adaptKMS(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_kms_key") {
		r := newRes(b, inventory.TypeKMSKey)
		own.add(r, false)
		r.f.str("description", b, "description", "")
		// key_spec replaced the deprecated customer_master_key_spec; either may be set.
		if present(b, "key_spec") || !present(b, "customer_master_key_spec") {
			r.f.str("key_spec", b, "key_spec", "SYMMETRIC_DEFAULT")
		} else {
			r.f.str("key_spec", b, "customer_master_key_spec", "SYMMETRIC_DEFAULT")
		}
		r.f.str("key_usage", b, "key_usage", "ENCRYPT_DECRYPT")
		r.f.boolean("rotation_enabled", b, "enable_key_rotation", false)
		r.f.number("deletion_window_in_days", b, "deletion_window_in_days", int64(30))
		r.f.boolean("multi_region", b, "multi_region", false)
	}
	own.connect(ix.managed("aws_kms_key_policy"), "key_id", "policy")
	for _, r := range own.list {
		r.settle("policy",
			func(f *fields, c *iac.Block) { f.policy("policy", ix, c, "policy") },
			func(f *fields) bool {
				if !present(r.block, "policy") {
					return false
				}
				f.policy("policy", ix, r.block, "policy")
				return true
			},
			// No policy: the default key policy applies.
			func(f *fields) { f.set("policy", nil) })
	}
	return own.list
}
