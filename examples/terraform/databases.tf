resource "aws_db_subnet_group" "main" {
  name       = "${local.name_prefix}-db"
  subnet_ids = module.network.private_subnet_ids

  tags = local.common_tags
}

# Payments ledger of record: PostgreSQL, Multi-AZ, encrypted, protected.
resource "aws_db_instance" "payments" { # expect: RDS.11
  identifier     = "${local.name_prefix}-payments"
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = "db.m7g.large"

  allocated_storage     = 100
  max_allocated_storage = 500
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.data.arn

  db_name                     = "payments"
  username                    = "payments_admin"
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [module.network.database_security_group_id]
  publicly_accessible    = false
  multi_az               = true

  backup_retention_period   = 14
  backup_window             = "01:00-01:30"
  maintenance_window        = "sun:04:00-sun:05:00"
  copy_tags_to_snapshot     = true
  deletion_protection       = true
  final_snapshot_identifier = "${local.name_prefix}-payments-final"

  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.data.arn
  auto_minor_version_upgrade      = true

  tags = local.common_tags
}

# DELIBERATE: the reporting database was sized as "rebuildable": 3 days of automated
# backups and a single AZ, and its engine is pinned (no automatic minor upgrades) for a
# reporting tool's driver. It is in the "standard" AWS Backup plan through its tag.
resource "aws_db_instance" "reporting" { # expect: RDS.2,RDS.3,RDS.9,RDS.11
  identifier     = "${local.name_prefix}-reporting"
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = "db.t4g.large"

  allocated_storage = 200
  storage_type      = "gp3"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.data.arn

  auto_minor_version_upgrade = false

  db_name  = "reporting"
  username = "reporting_admin"
  password = var.db_password

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [module.network.database_security_group_id]
  publicly_accessible    = false

  backup_retention_period   = 3
  backup_window             = "01:30-02:00"
  copy_tags_to_snapshot     = true
  deletion_protection       = true
  final_snapshot_identifier = "${local.name_prefix}-reporting-final"

  tags = merge(local.common_tags, { backup = "standard" })
}

# Ledger service: Aurora PostgreSQL with one writer and one reader in different AZs.
resource "aws_rds_cluster" "ledger" { # expect: RDS.12
  cluster_identifier = "${local.name_prefix}-ledger"
  engine             = "aurora-postgresql"
  engine_version     = "16.4"

  database_name               = "ledger"
  master_username             = "ledger_admin"
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [module.network.database_security_group_id]

  storage_encrypted = true
  kms_key_id        = aws_kms_key.data.arn

  backup_retention_period      = 14
  preferred_backup_window      = "02:00-02:30"
  preferred_maintenance_window = "sun:05:00-sun:06:00"
  copy_tags_to_snapshot        = true
  deletion_protection          = true
  final_snapshot_identifier    = "${local.name_prefix}-ledger-final"

  tags = local.common_tags
}

resource "aws_rds_cluster_instance" "ledger" {
  count = 2

  identifier           = "${local.name_prefix}-ledger-${count.index}"
  cluster_identifier   = aws_rds_cluster.ledger.id
  engine               = aws_rds_cluster.ledger.engine
  engine_version       = aws_rds_cluster.ledger.engine_version
  instance_class       = "db.r7g.large"
  availability_zone    = var.azs[count.index]
  db_subnet_group_name = aws_db_subnet_group.main.name
  publicly_accessible  = false

  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.data.arn

  tags = local.common_tags
}

resource "aws_dynamodb_table" "orders" {
  name         = "${local.name_prefix}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"
  range_key    = "created_at"

  attribute {
    name = "order_id"
    type = "S"
  }

  attribute {
    name = "created_at"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }

  deletion_protection_enabled = true

  tags = local.common_tags
}

# DELIBERATE: sessions are short-lived (TTL) and the team skipped point-in-time recovery.
resource "aws_dynamodb_table" "sessions" { # expect: DDB.1,DDB.3
  name         = "${local.name_prefix}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }

  tags = local.common_tags
}
