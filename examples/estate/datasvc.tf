# Data services of the estate: SNS, SQS, Secrets Manager, ElastiCache, Redshift and OpenSearch. The
# "orders"/"analytics"/"search" resources pass the data-service rules (SNS.*, SQS.*, SM.*, ELC.*, RS.*,
# OS.*); the "legacy" ones fail them, each on purpose. `# expect:` marks what each block fails;
# `# expect-unknown:` what cannot be known from Terraform (when a secret was last read is AWS's to say).

resource "aws_kms_key" "data" {
  description         = "data services"
  enable_key_rotation = true
}

# --- SNS -------------------------------------------------------------------------------------------------

resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_sns_topic_policy" "orders" {
  arn = aws_sns_topic.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "TLSOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:eu-west-1:111122223333:orders"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "S3Events"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:eu-west-1:111122223333:orders"
        Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
      },
    ]
  })
}

resource "aws_sns_topic" "legacy" { # expect: SNS.1, SNS.2, SNS.3, SNS.4
  name = "legacy-alerts"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sns:Publish", Resource = "*" }]
  })
}

# --- SQS -------------------------------------------------------------------------------------------------

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:orders"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_sqs_queue" "legacy" { # expect: SQS.1, SQS.2, SQS.3, SQS.4
  name                    = "legacy-jobs"
  sqs_managed_sse_enabled = false
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }]
  })
}

# --- Secrets Manager -------------------------------------------------------------------------------------

resource "aws_secretsmanager_secret" "db" { # expect-unknown: SM.5
  name       = "prod/orders/db"
  kms_key_id = aws_kms_key.data.arn
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-db"
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "legacy" { # expect: SM.1, SM.2, SM.3, SM.4 # expect-unknown: SM.5
  name = "legacy/api-key"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}

# --- ElastiCache -----------------------------------------------------------------------------------------

resource "aws_elasticache_subnet_group" "cache" {
  name       = "cache-private"
  subnet_ids = ["subnet-0a1", "subnet-0b2"]
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "web sessions"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.data.arn
  transit_encryption_enabled = true
  user_group_ids             = ["sessions-users"]
  automatic_failover_enabled = true
  multi_az_enabled           = true
  snapshot_retention_limit   = 7
  subnet_group_name          = aws_elasticache_subnet_group.cache.name
}

resource "aws_elasticache_replication_group" "legacy" { # expect: ELC.1, ELC.2, ELC.3, ELC.4, ELC.5, ELC.6, ELC.7
  replication_group_id = "legacy-cache"
  description          = "legacy cache"
  node_type            = "cache.t3.micro"
  num_cache_clusters   = 1
}

# --- Redshift --------------------------------------------------------------------------------------------

resource "aws_redshift_parameter_group" "tls" {
  name   = "analytics-tls"
  family = "redshift-1.0"
  parameter {
    name  = "require_ssl"
    value = "true"
  }
}

resource "aws_redshift_cluster" "analytics" {
  cluster_identifier                  = "analytics"
  node_type                           = "ra3.xlplus"
  master_username                     = "admin"
  manage_master_password              = true
  encrypted                           = true
  kms_key_id                          = aws_kms_key.data.arn
  publicly_accessible                 = false
  cluster_parameter_group_name        = aws_redshift_parameter_group.tls.name
  enhanced_vpc_routing                = true
  automated_snapshot_retention_period = 14
}

resource "aws_redshift_logging" "analytics" {
  cluster_identifier   = aws_redshift_cluster.analytics.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}

resource "aws_redshift_cluster" "legacy" { # expect: RS.1, RS.2, RS.3, RS.4, RS.5, RS.6, RS.7
  cluster_identifier     = "legacy-dw"
  node_type              = "dc2.large"
  master_username        = "admin"
  manage_master_password = true
}

# --- OpenSearch ------------------------------------------------------------------------------------------

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.data.arn
  }
  node_to_node_encryption {
    enabled = true
  }
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false
    master_user_options {
      master_user_arn = "arn:aws:iam::111122223333:role/search-admin"
    }
  }
  vpc_options {
    subnet_ids         = ["subnet-0a1", "subnet-0b2"]
    security_group_ids = ["sg-0search"]
  }
  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/search/audit"
  }
  log_publishing_options {
    log_type                 = "INDEX_SLOW_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/search/index-slow"
  }
  log_publishing_options {
    log_type                 = "SEARCH_SLOW_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/search/search-slow"
  }
}

resource "aws_opensearch_domain" "legacy" { # expect: OS.1, OS.2, OS.3, OS.4, OS.5, OS.6, OS.7, OS.8
  domain_name    = "legacy-logs"
  engine_version = "Elasticsearch_7.10"
}

resource "aws_opensearch_domain_policy" "legacy" {
  domain_name = aws_opensearch_domain.legacy.domain_name
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }]
  })
}
