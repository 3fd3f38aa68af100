package vigil.lib

# RDS helpers. An instance that belongs to an Aurora cluster takes storage, backup and deletion
# settings from the cluster; a read replica takes backups from its source.

# rds_cluster_member is true when the instance has a (known) cluster_identifier.
rds_cluster_member(r) if is_set(object.get(r, ["attributes", "cluster_identifier"], null))

# rds_read_replica is true when the instance has a (known) replicate_source_db.
rds_read_replica(r) if is_set(object.get(r, ["attributes", "replicate_source_db"], null))

# rds_delegated_reason says why an instance rule leaves the instance to its cluster or source: the
# message of the rule's not_applicable result. Undefined when the instance is neither.
rds_delegated_reason(r, setting) := sprintf("DB instance %q is a member of Aurora cluster %v: %s is the cluster's", [label(r), r.attributes.cluster_identifier, setting]) if {
	rds_cluster_member(r)
} else := sprintf("DB instance %q is a read replica of %v: %s is the source's", [label(r), r.attributes.replicate_source_db, setting]) if {
	rds_read_replica(r)
}
