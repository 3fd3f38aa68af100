package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptKMS maps aws_kms_key, aws_kms_external_key (imported key material) and the replicas of
// multi-Region keys (aws_kms_replica_key, aws_kms_replica_external_key), and joins aws_kms_key_policy by
// key_id (a reference to the key's id or arn).
func adaptKMS(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_kms_key") {
		r := newRes(b, inventory.TypeKMSKey)
		own.add(r, false)
		r.f.str("description", b, "description", "")
		kmsKeyFields(r.f, b)
		r.f.number("deletion_window_in_days", b, "deletion_window_in_days", int64(30))
		r.f.boolean("multi_region", b, "multi_region", false)
		declaredKeyState(r.f, b, "is_enabled")
		// A custom key store holds the key material in CloudHSM, or outside AWS with an external key id.
		switch store, st := getString(b, "custom_key_store_id"); {
		case st == unknown:
			r.f.setUnknown("origin")
		case st == known && store != "":
			r.f.strFunc("origin", b, "xks_key_id", "AWS_CLOUDHSM", func(string) any { return "EXTERNAL_KEY_STORE" })
		default:
			r.f.set("origin", "AWS_KMS")
		}
	}
	for _, b := range ix.managed("aws_kms_external_key") {
		r := newRes(b, inventory.TypeKMSKey)
		own.add(r, false)
		r.f.str("description", b, "description", "")
		externalKeyFields(r.f, b)
		r.f.number("deletion_window_in_days", b, "deletion_window_in_days", int64(30))
		r.f.boolean("multi_region", b, "multi_region", false)
		declaredKeyState(r.f, b, "enabled")
		// Without key material the key waits for an import.
		if _, st := getString(b, "key_material_base64"); st == absent {
			r.f.set("key_state", "PendingImport")
		}
	}
	// A replica shares its primary's key material, spec and rotation: read them from the primary's block
	// when primary_key_arn refers to one, else they are unknown.
	for _, typ := range []string{"aws_kms_replica_key", "aws_kms_replica_external_key"} {
		for _, b := range ix.managed(typ) {
			r := newRes(b, inventory.TypeKMSKey)
			own.add(r, false)
			r.f.str("description", b, "description", "")
			r.f.number("deletion_window_in_days", b, "deletion_window_in_days", int64(30))
			r.f.set("multi_region", true)
			declaredKeyState(r.f, b, "enabled")
			ref, st := getString(b, "primary_key_arn")
			primary := ix.managedAt(ref)
			switch {
			case st == known && primary != nil && primary.Type == "aws_kms_key" && typ == "aws_kms_replica_key":
				kmsKeyFields(r.f, primary)
				r.f.set("origin", "AWS_KMS")
			case st == known && primary != nil && primary.Type == "aws_kms_external_key" && typ == "aws_kms_replica_external_key":
				externalKeyFields(r.f, primary)
			case typ == "aws_kms_replica_external_key":
				r.f.set("origin", "EXTERNAL")
				r.f.set("rotation_enabled", false)
				r.f.setUnknown("key_spec")
				r.f.setUnknown("key_usage")
			default:
				r.f.set("origin", "AWS_KMS")
				for _, p := range []string{"key_spec", "key_usage", "rotation_enabled"} {
					r.f.setUnknown(p)
				}
			}
		}
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

// declaredKeyState sets the state a Terraform key is kept in. Configuration cannot schedule a key's
// deletion (deletion_window_in_days is only the waiting period used once the key is destroyed), so a
// declared key is never pending deletion; a key deleted outside Terraform is seen by a live scan.
func declaredKeyState(f *fields, b *iac.Block, enabledAttr string) {
	f.set("pending_deletion", false)
	f.set("deletion_date", nil)
	switch v, st := getBool(b, enabledAttr); {
	case st == unknown:
		f.setUnknown("key_state")
	case st == known && !v:
		f.set("key_state", "Disabled")
	default:
		f.set("key_state", "Enabled")
	}
}

// kmsKeyFields reads the spec, usage and rotation of an aws_kms_key block.
func kmsKeyFields(f *fields, b *iac.Block) {
	// key_spec replaced the deprecated customer_master_key_spec; either may be set.
	if present(b, "key_spec") || !present(b, "customer_master_key_spec") {
		f.str("key_spec", b, "key_spec", "SYMMETRIC_DEFAULT")
	} else {
		f.str("key_spec", b, "customer_master_key_spec", "SYMMETRIC_DEFAULT")
	}
	f.str("key_usage", b, "key_usage", "ENCRYPT_DECRYPT")
	f.boolean("rotation_enabled", b, "enable_key_rotation", false)
}

// externalKeyFields reads an aws_kms_external_key block: a symmetric encryption key whose imported
// material AWS cannot rotate automatically.
func externalKeyFields(f *fields, b *iac.Block) {
	f.str("key_spec", b, "key_spec", "SYMMETRIC_DEFAULT")
	f.str("key_usage", b, "key_usage", "ENCRYPT_DECRYPT")
	f.set("origin", "EXTERNAL")
	f.set("rotation_enabled", false)
}
