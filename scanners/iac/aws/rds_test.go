package aws

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestRDSInstance(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_db_instance.db", m{"identifier": "orders", "engine": "postgres",
		"instance_class": "db.t3.micro"})})), "aws_db_instance.db")
	assert.Equal(t, m{"identifier": "orders", "engine": "postgres", "instance_class": "db.t3.micro",
		"storage_encrypted": false, "kms_key_id": nil, "backup_retention_period": int64(1), "multi_az": false,
		"deletion_protection": false, "publicly_accessible": false, "replicate_source_db": nil,
		"cluster_identifier": nil, "auto_minor_version_upgrade": true, "iam_database_authentication_enabled": false}, r.Attributes)
	assert.Empty(t, r.Unknown)
	assert.Equal(t, "orders", r.Name)

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_db_instance.db", m{"identifier": "orders", "storage_encrypted": true,
		"backup_retention_period": 0, "publicly_accessible": nil}, "publicly_accessible")})), "aws_db_instance.db")
	assert.Equal(t, true, get(t, r, "storage_encrypted"))
	assert.Equal(t, int64(0), get(t, r, "backup_retention_period"))
	assert.Nil(t, get(t, r, "publicly_accessible"))
	assert.Equal(t, []string{"publicly_accessible"}, r.Unknown)

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_db_instance.db", m{"iam_database_authentication_enabled": true})})), "aws_db_instance.db")
	assert.Equal(t, true, get(t, r, "iam_database_authentication_enabled"))
}

func TestRDSReplicaEncryption(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_db_instance.primary", m{"identifier": "primary", "storage_encrypted": true, "backup_retention_period": 7}),
		mb("aws_db_instance.replica", m{"identifier": "replica", "replicate_source_db": "primary"}),
		mb("aws_db_instance.chained", m{"identifier": "chained", "replicate_source_db": "aws_db_instance.replica"}),
		mb("aws_db_instance.external", m{"replicate_source_db": "arn:aws:rds:us-east-1:1:db:elsewhere"}),
		mb("aws_db_instance.restored", m{"snapshot_identifier": "snap"}),
	}))
	assert.Equal(t, true, get(t, resource(t, rs, "aws_db_instance.replica"), "storage_encrypted"))
	assert.Equal(t, []string{"backup_retention_period"}, resource(t, rs, "aws_db_instance.replica").Unknown)
	assert.Equal(t, true, get(t, resource(t, rs, "aws_db_instance.chained"), "storage_encrypted"))
	external := resource(t, rs, "aws_db_instance.external")
	assert.True(t, external.IsUnknown("storage_encrypted"))
	assert.Equal(t, []string{"identifier", "storage_encrypted"}, resource(t, rs, "aws_db_instance.restored").Unknown)
}

func TestRDSCluster(t *testing.T) {
	tests := []struct {
		name    string
		blocks  []iac.Block
		multiAZ any
	}{
		{"aurora with two instances", []iac.Block{
			mb("aws_rds_cluster.c", m{"cluster_identifier": "c", "engine": "aurora-postgresql"}),
			mb("aws_rds_cluster_instance.i[0]", m{"cluster_identifier": "aws_rds_cluster.c"}),
			mb("aws_rds_cluster_instance.i[1]", m{"cluster_identifier": "c"}),
		}, true},
		{"aurora with one instance", []iac.Block{
			mb("aws_rds_cluster.c", m{"cluster_identifier": "c", "engine": "aurora-mysql"}),
			mb("aws_rds_cluster_instance.i", m{"cluster_identifier": "aws_rds_cluster.c"}),
		}, false},
		{"aurora without instances", []iac.Block{mb("aws_rds_cluster.c", m{"engine": "aurora-mysql"})}, nil},
		{"aurora, instance of unknown cluster", []iac.Block{
			mb("aws_rds_cluster.c", m{"engine": "aurora-mysql"}),
			mb("aws_rds_cluster_instance.i", m{}, "cluster_identifier"),
			mb("aws_rds_cluster_instance.j", m{"cluster_identifier": "aws_rds_cluster.c"}),
		}, nil},
		{"multi-az db cluster", []iac.Block{mb("aws_rds_cluster.c", m{"engine": "postgres", "db_cluster_instance_class": "db.r6gd.large"})}, true},
		{"unknown engine", []iac.Block{mb("aws_rds_cluster.c", m{}, "engine")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(t, schemaValid(t, Adapt(tt.blocks)), "aws_rds_cluster.c")
			assert.Equal(t, tt.multiAZ, get(t, r, "multi_az"))
			assert.Equal(t, tt.multiAZ == nil, r.IsUnknown("multi_az"))
		})
	}

	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_rds_cluster.c", m{"cluster_identifier": "c", "engine": "aurora-mysql",
		"engine_mode": "serverless"})})), "aws_rds_cluster.c")
	assert.Equal(t, true, get(t, r, "storage_encrypted"))
	assert.Equal(t, int64(1), get(t, r, "backup_retention_period"))
	assert.Equal(t, false, get(t, r, "deletion_protection"))
	assert.Equal(t, "c", r.Name)
}

func TestRDSInstanceAutoMinorVersionUpgrade(t *testing.T) {
	for _, tt := range []struct {
		attrs   m
		unknown []string
		want    any
	}{
		{m{}, nil, true}, // the provider's default
		{m{"auto_minor_version_upgrade": false}, nil, false},
		{m{"auto_minor_version_upgrade": nil}, []string{"auto_minor_version_upgrade"}, nil},
	} {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_db_instance.db", tt.attrs, tt.unknown...)})), "aws_db_instance.db")
		assert.Equal(t, tt.want, get(t, r, "auto_minor_version_upgrade"))
		assert.Equal(t, tt.unknown != nil, slices.Contains(r.Unknown, "auto_minor_version_upgrade"))
	}
}
