# A small estate for dr facts: one plan selecting by reference, by tag and by condition, with
# copies in and across regions; vaults locked and unlocked; native PITR and replication.

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-west-2"
}

variable "extra_arn" {
  type = string # no value: the selection's resources are partly unknown
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_vault_lock_configuration" "main" {
  backup_vault_name   = aws_backup_vault.main.name
  min_retention_days  = 35
  max_retention_days  = 365
  changeable_for_days = 3
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  name     = "dr"
}

resource "aws_backup_vault" "local_copy" {
  name = "local-copy"
}

resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name                    = "weekdays"
    target_vault_name            = aws_backup_vault.main.name
    schedule                     = "cron(0 2 ? * MON-FRI *)"
    schedule_expression_timezone = "Europe/Paris"
    start_window                 = 120

    lifecycle {
      delete_after = 35
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
      lifecycle {
        delete_after = 90
      }
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.local_copy.arn
    }

    copy_action {
      destination_vault_arn = "arn:aws:backup:us-east-1:222222222222:backup-vault:bunker"
      lifecycle {
        delete_after = 365
      }
    }
  }
}

resource "aws_backup_selection" "by_reference" {
  name         = "by-reference"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = [aws_dynamodb_table.orders.arn]
}

resource "aws_backup_selection" "by_tag" {
  name         = "by-tag"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "daily"
  }
  not_resources = ["arn:aws:dynamodb:*:*:table/scratch"]
}

resource "aws_backup_selection" "by_condition" {
  name         = "by-condition"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = ["arn:aws:rds:*:*:db:*"]

  condition {
    string_equals {
      key   = "aws:ResourceTag/env"
      value = "prod"
    }
  }
}

resource "aws_backup_selection" "unknown" {
  name         = "unknown"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = [var.extra_arn]
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "scratch" {
  name     = "scratch"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { backup = "daily" }
}

resource "aws_db_instance" "ledger" {
  identifier              = "ledger"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 7
  tags                    = { env = "prod" }
}

resource "aws_db_instance" "staging" {
  identifier              = "staging"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0
  tags                    = { env = "staging" }
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier          = "ledger-aurora"
  engine                      = "aurora-postgresql"
  master_username             = "admin"
  manage_master_user_password = true
  backup_retention_period     = 14
  tags                        = { env = "prod" }
}

# Joined into the cluster by the scanner (multi_az), not a resource of its own: Aurora members are
# resources only in live inventories, where they take the cluster's facts.
resource "aws_rds_cluster_instance" "aurora" {
  identifier         = "ledger-aurora-1"
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = aws_rds_cluster.aurora.engine
  instance_class     = "db.r6g.large"
  tags               = { env = "prod" }
}
