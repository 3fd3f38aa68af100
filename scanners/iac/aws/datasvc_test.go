package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

const openPolicy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]}`

func TestSNSTopic(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_sns_topic.plain", m{"name": "alerts"}),
		mb("aws_sns_topic.keyed", m{"name": "orders", "kms_master_key_id": "aws_kms_key.sns"}),
		mb("aws_sns_topic_policy.orders", m{"arn": "aws_sns_topic.keyed", "policy": openPolicy}),
		// A literal ARN joins by the topic name it ends with.
		mb("aws_sns_topic_policy.alerts", m{"arn": "arn:aws:sns:eu-west-1:123456789012:alerts", "policy": `{"Statement":[]}`}),
		mb("aws_sns_topic.generated", m{"name_prefix": "tmp-"}),
	}))
	plain := resource(t, rs, "aws_sns_topic.plain")
	assert.Equal(t, m{"name": "alerts", "kms_master_key_id": nil, "policy": m{"Statement": l()}}, plain.Attributes)
	assert.Equal(t, "alerts", plain.Name)
	keyed := resource(t, rs, "aws_sns_topic.keyed")
	assert.Equal(t, "aws_kms_key.sns", get(t, keyed, "kms_master_key_id"))
	assert.Equal(t, "*", get(t, keyed, "policy.Statement.0.Principal"))
	assert.Equal(t, []string{"aws_sns_topic_policy.orders"}, keyed.Source.Related)
	gen := resource(t, rs, "aws_sns_topic.generated")
	assert.Equal(t, []string{"name"}, gen.Unknown)
	assert.Nil(t, get(t, gen, "policy"), "no policy: the default one")
}

func TestSQSQueueEncryptionDefaults(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_sqs_queue.default", m{"name": "jobs"}),
		mb("aws_sqs_queue.kms", m{"name": "payments", "kms_master_key_id": "alias/aws/sqs"}),
		mb("aws_sqs_queue.off", m{"name": "plain", "sqs_managed_sse_enabled": false}),
		mb("aws_sqs_queue.unknown_key", m{"name": "u"}, "kms_master_key_id"),
		mb("aws_sqs_queue_policy.jobs", m{"queue_url": "aws_sqs_queue.default.url", "policy": openPolicy}),
	}))
	def := resource(t, rs, "aws_sqs_queue.default")
	assert.Equal(t, true, get(t, def, "sqs_managed_sse_enabled"), "SSE-SQS is the default")
	assert.Equal(t, "*", get(t, def, "policy.Statement.0.Principal"))
	assert.Equal(t, false, get(t, resource(t, rs, "aws_sqs_queue.kms"), "sqs_managed_sse_enabled"))
	assert.Equal(t, false, get(t, resource(t, rs, "aws_sqs_queue.off"), "sqs_managed_sse_enabled"))
	assert.Equal(t, []string{"kms_master_key_id", "sqs_managed_sse_enabled"}, resource(t, rs, "aws_sqs_queue.unknown_key").Unknown)
}

func TestSecretsManagerSecret(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_secretsmanager_secret.db", m{"name": "prod/db", "kms_key_id": "aws_kms_key.secrets"}),
		mb("aws_secretsmanager_secret_rotation.db", m{"secret_id": "aws_secretsmanager_secret.db",
			"rotation_lambda_arn": "aws_lambda_function.rotate", "rotation_rules": l(m{"automatically_after_days": 30})}),
		mb("aws_secretsmanager_secret_policy.db", m{"secret_arn": "aws_secretsmanager_secret.db.arn", "policy": openPolicy}),
		mb("aws_secretsmanager_secret.api", m{"name": "api-key"}),
		mb("aws_secretsmanager_secret.sched", m{"name": "sched"}),
		mb("aws_secretsmanager_secret_rotation.sched", m{"secret_id": "sched", "rotation_rules": l(m{"schedule_expression": "rate(10 days)"})}),
	}))
	db := resource(t, rs, "aws_secretsmanager_secret.db")
	assert.Equal(t, m{"enabled": true, "automatically_after_days": int64(30), "schedule_expression": nil}, get(t, db, "rotation"))
	assert.Equal(t, "aws_kms_key.secrets", get(t, db, "kms_key_id"))
	assert.Equal(t, "*", get(t, db, "policy.Statement.0.Principal"))
	assert.Equal(t, []string{"days_since_created", "days_since_last_accessed"}, db.Unknown, "only AWS knows when it was read")
	api := resource(t, rs, "aws_secretsmanager_secret.api")
	assert.Equal(t, m{"enabled": false, "automatically_after_days": nil, "schedule_expression": nil}, get(t, api, "rotation"))
	assert.Nil(t, get(t, api, "policy"))
	assert.Equal(t, "rate(10 days)", get(t, resource(t, rs, "aws_secretsmanager_secret.sched"), "rotation.schedule_expression"),
		"joined by the secret's name")
}

func TestElastiCacheReplicationGroup(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_elasticache_replication_group.bare", m{"replication_group_id": "sessions", "description": "x"}),
		mb("aws_elasticache_replication_group.good", m{"replication_group_id": "orders", "engine": "redis",
			"at_rest_encryption_enabled": true, "kms_key_id": "aws_kms_key.cache", "transit_encryption_enabled": true,
			"auth_token": "(sensitive)", "user_group_ids": l("g2", "g1"), "automatic_failover_enabled": true,
			"multi_az_enabled": true, "snapshot_retention_limit": 7, "subnet_group_name": "aws_elasticache_subnet_group.private"}),
		mb("aws_elasticache_replication_group.valkey", m{"replication_group_id": "vk", "engine": "valkey"}),
		mb("aws_elasticache_replication_group.token_var", m{"replication_group_id": "tv"}, "auth_token"),
	}))
	bare := resource(t, rs, "aws_elasticache_replication_group.bare")
	assert.Equal(t, "sessions", bare.Name)
	assert.Equal(t, m{"engine": "redis", "at_rest_encryption_enabled": false, "kms_key_id": nil,
		"transit_encryption_enabled": false, "auth_token_enabled": false, "user_group_ids": []string{},
		"automatic_failover_enabled": false, "multi_az_enabled": false, "snapshot_retention_limit": int64(0),
		"subnet_group_name": nil}, bare.Attributes)
	good := resource(t, rs, "aws_elasticache_replication_group.good")
	assert.Equal(t, true, get(t, good, "auth_token_enabled"))
	assert.Equal(t, []string{"g1", "g2"}, get(t, good, "user_group_ids"))
	assert.Equal(t, int64(7), get(t, good, "snapshot_retention_limit"))
	assert.Equal(t, []string{"at_rest_encryption_enabled"}, resource(t, rs, "aws_elasticache_replication_group.valkey").Unknown,
		"Valkey's default depends on the engine version")
	assert.Equal(t, []string{"auth_token_enabled"}, resource(t, rs, "aws_elasticache_replication_group.token_var").Unknown)
}

func TestRedshiftCluster(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_redshift_cluster.bare", m{"cluster_identifier": "dw"}),
		mb("aws_redshift_cluster.good", m{"cluster_identifier": "analytics", "encrypted": true, "kms_key_id": "aws_kms_key.dw",
			"publicly_accessible": false, "cluster_parameter_group_name": "aws_redshift_parameter_group.tls.name",
			"enhanced_vpc_routing": true, "automated_snapshot_retention_period": 14}),
		mb("aws_redshift_parameter_group.tls", m{"name": "tls", "family": "redshift-1.0",
			"parameter": l(m{"name": "enable_user_activity_logging", "value": "true"}, m{"name": "require_ssl", "value": "true"})}),
		mb("aws_redshift_logging.analytics", m{"cluster_identifier": "analytics", "log_destination_type": "cloudwatch"}),
		mb("aws_redshift_cluster.named_group", m{"cluster_identifier": "n", "cluster_parameter_group_name": "plain"}),
		mb("aws_redshift_parameter_group.plain", m{"name": "plain", "family": "redshift-1.0"}),
		mb("aws_redshift_cluster.elsewhere", m{"cluster_identifier": "e", "cluster_parameter_group_name": "shared-tls",
			"logging": l(m{"enable": true, "bucket_name": "logs"})}),
		mb("aws_redshift_cluster.default_group", m{"cluster_identifier": "d", "cluster_parameter_group_name": "default.redshift-1.0"}),
	}))
	bare := resource(t, rs, "aws_redshift_cluster.bare")
	assert.Equal(t, "dw", bare.Name)
	assert.Equal(t, m{"encrypted": nil, "kms_key_id": nil, "publicly_accessible": nil, "parameter_group_name": nil,
		"require_ssl": false, "enhanced_vpc_routing": false, "automated_snapshot_retention_period": int64(1),
		"logging": m{"enabled": false}}, bare.Attributes)
	assert.Empty(t, bare.Unknown, "left out is not unknown: the rules fail it with the reason")
	good := resource(t, rs, "aws_redshift_cluster.good")
	assert.Equal(t, true, get(t, good, "require_ssl"))
	assert.Equal(t, true, get(t, good, "logging.enabled"), "aws_redshift_logging joined by identifier")
	assert.Equal(t, false, get(t, resource(t, rs, "aws_redshift_cluster.named_group"), "require_ssl"), "group by name, without the parameter")
	elsewhere := resource(t, rs, "aws_redshift_cluster.elsewhere")
	assert.Equal(t, []string{"require_ssl"}, elsewhere.Unknown, "a group outside the scan")
	assert.Equal(t, true, get(t, elsewhere, "logging.enabled"), "the inline logging block of provider v5")
	assert.Equal(t, false, get(t, resource(t, rs, "aws_redshift_cluster.default_group"), "require_ssl"))
}

func TestOpenSearchDomain(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_opensearch_domain.bare", m{"domain_name": "logs", "engine_version": "OpenSearch_2.13"}),
		mb("aws_opensearch_domain.good", m{"domain_name": "search", "encrypt_at_rest": l(m{"enabled": true, "kms_key_id": "aws_kms_key.os"}),
			"node_to_node_encryption":   l(m{"enabled": true}),
			"domain_endpoint_options":   l(m{"enforce_https": true, "tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"}),
			"advanced_security_options": l(m{"enabled": true}),
			"vpc_options":               l(m{"subnet_ids": l("subnet-a", "subnet-b")}),
			"log_publishing_options": l(m{"log_type": "AUDIT_LOGS", "cloudwatch_log_group_arn": "x"},
				m{"log_type": "INDEX_SLOW_LOGS", "cloudwatch_log_group_arn": "y", "enabled": false},
				m{"log_type": "SEARCH_SLOW_LOGS", "cloudwatch_log_group_arn": "z", "enabled": true})}),
		mb("aws_opensearch_domain_policy.search", m{"domain_name": "aws_opensearch_domain.good.domain_name", "access_policies": openPolicy}),
		mb("aws_elasticsearch_domain.legacy", m{"domain_name": "old", "elasticsearch_version": "7.10"}, "vpc_options.0.subnet_ids"),
	}))
	bare := resource(t, rs, "aws_opensearch_domain.bare")
	assert.Equal(t, m{"engine_version": "OpenSearch_2.13", "encrypt_at_rest": m{"enabled": false, "kms_key_id": nil},
		"node_to_node_encryption": false, "enforce_https": false, "tls_security_policy": nil,
		"fine_grained_access_control": false, "in_vpc": false, "access_policies": nil,
		"logs": m{"audit": false, "index_slow": false, "search_slow": false, "application": false}}, bare.Attributes)
	good := resource(t, rs, "aws_opensearch_domain.good")
	assert.Equal(t, "search", good.Name)
	assert.Equal(t, true, get(t, good, "in_vpc"))
	assert.Equal(t, m{"audit": true, "index_slow": false, "search_slow": true, "application": false}, get(t, good, "logs"))
	assert.Equal(t, "*", get(t, good, "access_policies.Statement.0.Principal"))
	legacy := resource(t, rs, "aws_elasticsearch_domain.legacy")
	assert.Equal(t, "Elasticsearch_7.10", get(t, legacy, "engine_version"))
	assert.Equal(t, []string{"in_vpc"}, legacy.Unknown)
}

func TestLiteralQueueURLsAndSecretARNsJoin(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_sqs_queue.jobs", m{"name": "jobs"}),
		mb("aws_sqs_queue_policy.jobs", m{"queue_url": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "policy": openPolicy}),
		mb("aws_secretsmanager_secret.api", m{"name": "prod/api"}),
		mb("aws_secretsmanager_secret_policy.api", m{"secret_arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-AbC123", "policy": openPolicy}),
		mb("aws_secretsmanager_secret_rotation.api", m{"secret_id": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-AbC123",
			"rotation_rules": l(m{"automatically_after_days": 7})}),
		mb("aws_sqs_queue.named_later", m{}, "name"),
		mb("aws_sqs_queue_policy.elsewhere", m{"queue_url": "https://sqs.eu-west-1.amazonaws.com/123456789012/other", "policy": openPolicy}),
	}))
	assert.Equal(t, "*", get(t, resource(t, rs, "aws_sqs_queue.jobs"), "policy.Statement.0.Principal"))
	api := resource(t, rs, "aws_secretsmanager_secret.api")
	assert.Equal(t, "*", get(t, api, "policy.Statement.0.Principal"))
	assert.Equal(t, int64(7), get(t, api, "rotation.automatically_after_days"))
	assert.Contains(t, resource(t, rs, "aws_sqs_queue.named_later").Unknown, "policy",
		"a policy for a queue of no known name may be this queue's")
}
