package aws

import (
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// inheritedStorage lists the arguments that create a database from existing storage (a snapshot, a
// source database, a point in time): its encryption is then the source's unless set.
var inheritedStorage = []string{"snapshot_identifier", "replicate_source_db", "restore_to_point_in_time",
	"s3_import", "replication_source_identifier", "global_cluster_identifier"}

func inheritsStorage(b *iac.Block) bool {
	for _, a := range inheritedStorage {
		if present(b, a) {
			return true
		}
	}
	return false
}

// adaptRDS maps DB instances and clusters. A read replica's unset encryption is taken from its source
// when the source is in the configuration; a cluster's multi_az from the instances that join it.
func adaptRDS(ix *index) []*res {
	dbs := newOwners(ix)
	for _, b := range ix.managed("aws_db_instance") {
		r := newRes(b, inventory.TypeRDSInstance)
		var keys []string
		if id, st := r.nameFrom("identifier", "identifier"); st == known {
			keys = []string{id}
		}
		dbs.add(r, false, keys...)
		r.f.str("engine", b, "engine", nil)
		r.f.str("instance_class", b, "instance_class", nil)
		storageEncrypted(r, false)
		r.f.str("kms_key_id", b, "kms_key_id", nil)
		if present(b, "replicate_source_db") {
			// A replica's retention is not the primary's default; rules skip replicas.
			r.f.number("backup_retention_period", b, "backup_retention_period", nil)
			if !present(b, "backup_retention_period") {
				r.f.setUnknown("backup_retention_period")
			}
		} else {
			r.f.number("backup_retention_period", b, "backup_retention_period", int64(1))
		}
		r.f.boolean("multi_az", b, "multi_az", false)
		r.f.boolean("deletion_protection", b, "deletion_protection", false)
		r.f.boolean("publicly_accessible", b, "publicly_accessible", false)
		r.f.boolean("auto_minor_version_upgrade", b, "auto_minor_version_upgrade", true)
		r.f.boolean("iam_database_authentication_enabled", b, "iam_database_authentication_enabled", false)
		r.f.str("replicate_source_db", b, "replicate_source_db", nil)
		r.f.str("cluster_identifier", b, "cluster_identifier", nil)
	}
	inheritReplicaEncryption(dbs)

	clusters := newOwners(ix)
	for _, b := range ix.managed("aws_rds_cluster") {
		r := newRes(b, inventory.TypeRDSCluster)
		var keys []string
		if id, st := r.nameFrom("identifier", "cluster_identifier"); st == known {
			keys = []string{id}
		}
		clusters.add(r, false, keys...)
		r.f.str("engine", b, "engine", nil)
		r.f.str("engine_mode", b, "engine_mode", "provisioned")
		mode, _ := getString(b, "engine_mode")
		storageEncrypted(r, mode == "serverless")
		r.f.str("kms_key_id", b, "kms_key_id", nil)
		r.f.number("backup_retention_period", b, "backup_retention_period", int64(1))
		r.f.boolean("deletion_protection", b, "deletion_protection", false)
		r.f.boolean("iam_database_authentication_enabled", b, "iam_database_authentication_enabled", false)
	}
	clusters.connect(ix.managed("aws_rds_cluster_instance"), "cluster_identifier", "instances")
	for _, r := range clusters.list {
		clusterMultiAZ(r)
	}
	return append(dbs.list, clusters.list...)
}

// storageEncrypted sets storage_encrypted: def when left out, unknown when the storage comes from a source
// whose encryption it inherits.
func storageEncrypted(r *res, def bool) {
	b := r.block
	if !present(b, "storage_encrypted") && inheritsStorage(b) {
		r.f.setUnknown("storage_encrypted")
		return
	}
	r.f.boolean("storage_encrypted", b, "storage_encrypted", def)
}

// inheritReplicaEncryption gives a replica that leaves storage_encrypted out the value of its source
// instance, when the source is in the configuration and nothing else (a snapshot) intervenes.
func inheritReplicaEncryption(dbs *owners) {
	for changed := true; changed; {
		changed = false
		for _, r := range dbs.list {
			b := r.block
			if !r.f.isUnknown("storage_encrypted") || present(b, "snapshot_identifier") ||
				present(b, "restore_to_point_in_time") || present(b, "s3_import") {
				continue
			}
			src, st := getString(b, "replicate_source_db")
			if st != known {
				continue
			}
			rs, exact := dbs.resolveValue(src)
			if !exact || rs[0] == r {
				continue
			}
			if v, ok := rs[0].f.get("storage_encrypted"); ok {
				r.f.unknown = removePath(r.f.unknown, "storage_encrypted")
				r.f.set("storage_encrypted", v)
				changed = true
			}
		}
	}
}

func removePath(paths []string, p string) []string {
	out := paths[:0]
	for _, u := range paths {
		if u != p {
			out = append(out, u)
		}
	}
	return out
}

// clusterMultiAZ: a Multi-AZ DB cluster (non-Aurora, db_cluster_instance_class) always spans three AZs;
// an Aurora cluster is Multi-AZ when it has at least two instances. With no instance in the configuration,
// or one that cannot be attributed, it cannot be told.
func clusterMultiAZ(r *res) {
	b := r.block
	engine, est := getString(b, "engine")
	if est == unknown {
		r.f.setUnknown("multi_az")
		return
	}
	if est == known && !strings.HasPrefix(engine, "aurora") {
		cls, st := getString(b, "db_cluster_instance_class")
		switch {
		case st == known && cls != "":
			r.f.set("multi_az", true)
		case st == unknown:
			r.f.setUnknown("multi_az")
		default:
			r.f.set("multi_az", false)
		}
		return
	}
	n := 0 // instances that certainly exist
	for _, c := range r.children["instances"] {
		if !uncertain(c) {
			n++
		}
	}
	switch {
	case n >= 2:
		r.f.set("multi_az", true)
	case r.tainted["instances"] || n == 0 || anyUncertain(r.children["instances"]):
		r.f.setUnknown("multi_az")
	default:
		r.f.set("multi_az", false)
	}
}
