package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptEFS maps aws_efs_file_system and joins aws_efs_backup_policy by file_system_id.
func adaptEFS(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_efs_file_system") {
		r := newRes(b, inventory.TypeEFSFileSystem)
		if tags, ok := b.Attrs["tags"].(map[string]any); ok {
			if s, ok := tags["Name"].(string); ok {
				r.name = s
			}
		}
		own.add(r, false)
		r.f.boolean("encrypted", b, "encrypted", false)
		r.f.str("kms_key_id", b, "kms_key_id", nil)
	}
	own.connect(ix.managed("aws_efs_backup_policy"), "file_system_id", "backup_policy")
	for _, r := range own.list {
		r.settle("backup_policy",
			func(f *fields, c *iac.Block) {
				f.str("backup_policy.status", c, "backup_policy.0.status", nil)
			}, nil,
			func(f *fields) { f.set("backup_policy.status", "DISABLED") })
	}
	return own.list
}
