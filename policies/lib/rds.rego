package vigil.lib

# RDS helpers. An instance that belongs to an Aurora cluster takes storage, backup and deletion
# settings from the cluster; a read replica takes backups from its source.

# rds_cluster_member is true when the instance has a (known) cluster_identifier.
rds_cluster_member(r) if is_set(object.get(r, ["attributes", "cluster_identifier"], null))

# rds_read_replica is true when the instance has a (known) replicate_source_db.
rds_read_replica(r) if is_set(object.get(r, ["attributes", "replicate_source_db"], null))
