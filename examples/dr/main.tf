# A small estate for `vigil dr`: two systems declared in vigil.hcl.
#   ledger   (tier critical): meets every objective that configuration can prove.
#   payments (tier standard): misses its objectives in five ways (its EBS volume is protected by DLM).
# The expected posture, worked out by hand, is in README.md.

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-west-2"
}

# ---- vaults ----------------------------------------------------------------------------------

resource "aws_backup_vault" "main" {
  name = "main"
}

# changeable_for_days set: compliance mode, which no one can remove once the grace time has passed.
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

# No lock configuration: anyone allowed to can delete its recovery points.
resource "aws_backup_vault" "standard" {
  name = "standard"
}

# ---- ledger: critical -------------------------------------------------------------------------

resource "aws_backup_plan" "critical" {
  name = "critical"

  # Continuous backup: point-in-time recovery for RDS; a daily snapshot for DynamoDB.
  rule {
    rule_name                = "continuous"
    target_vault_name        = aws_backup_vault.main.name
    schedule                 = "cron(0 1 ? * * *)"
    enable_continuous_backup = true
    lifecycle {
      delete_after = 35
    }
  }

  # A daily snapshot copied to eu-west-2.
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 ? * * *)"
    lifecycle {
      delete_after = 35
    }
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
      lifecycle {
        delete_after = 35
      }
    }
  }
}

resource "aws_backup_selection" "ledger" {
  name         = "ledger"
  plan_id      = aws_backup_plan.critical.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "app"
    value = "ledger"
  }
}

resource "aws_db_instance" "ledger" {
  identifier              = "ledger"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 7
  tags                    = { app = "ledger" }
}

resource "aws_dynamodb_table" "ledger_events" {
  name     = "ledger-events"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  tags = { app = "ledger" }
}

# ---- payments: standard -----------------------------------------------------------------------

# Weekdays only, kept a week, no copy, in the unlocked vault.
resource "aws_backup_plan" "weekday" {
  name = "weekday"

  rule {
    rule_name         = "weekdays"
    target_vault_name = aws_backup_vault.standard.name
    schedule          = "cron(0 2 ? * MON-FRI *)"
    lifecycle {
      delete_after = 7
    }
  }
}

resource "aws_backup_selection" "payments" {
  name         = "payments"
  plan_id      = aws_backup_plan.weekday.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "app"
    value = "payments"
  }
}

resource "aws_db_instance" "payments" {
  identifier              = "payments"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0
  tags                    = { app = "payments" }
}

# EBS volume of payments. The weekday plan selects it too (tag app), but Data Lifecycle Manager gives its
# RPO: a snapshot every 12 hours (+ DLM's one-hour start window = 13 h), the last 60 kept (60 × 12 h = 30
# days), each copied to eu-west-2. DLM snapshots are in no backup vault, so vault_lock still fails.
resource "aws_ebs_volume" "payments_files" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = true
  tags              = { app = "payments", snapshots = "12h" }
}

resource "aws_dlm_lifecycle_policy" "payments_files" {
  description        = "payments volumes every 12 hours"
  execution_role_arn = "arn:aws:iam::111111111111:role/dlm"

  policy_details {
    resource_types = ["VOLUME"]
    target_tags    = { snapshots = "12h" }

    schedule {
      name = "twice-daily"
      create_rule {
        interval      = 12
        interval_unit = "HOURS"
        times         = ["03:00"]
      }
      retain_rule {
        count = 60
      }
      cross_region_copy_rule {
        target    = "eu-west-2"
        encrypted = true
        retain_rule {
          interval      = 30
          interval_unit = "DAYS"
        }
      }
    }
  }
}

# ---- no objective ------------------------------------------------------------------------------

resource "aws_dynamodb_table" "scratch" {
  name     = "scratch"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
