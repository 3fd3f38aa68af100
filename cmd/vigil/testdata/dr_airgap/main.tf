# The air-gapped copy scenario of TestDRAirGappedTerraform (cmd/vigil/dr_airgap_test.go): three databases,
# each backed up daily or weekly, two of them copied to a logically air-gapped vault.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_logically_air_gapped_vault" "lag" {
  name               = "lag"
  min_retention_days = 7
  max_retention_days = 90
}

# Every day at 05:00 UTC, copied to the air-gapped vault.
resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 5 ? * * *)"
    lifecycle {
      delete_after = 35
    }
    copy_action {
      destination_vault_arn = aws_backup_logically_air_gapped_vault.lag.arn
      lifecycle {
        delete_after = 35
      }
    }
  }
}

# Sundays at 03:00 UTC with a two-hour start window, copied to the air-gapped vault.
resource "aws_backup_plan" "weekly" {
  name = "weekly"
  rule {
    rule_name         = "weekly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 ? * SUN *)"
    start_window      = 120
    lifecycle {
      delete_after = 35
    }
    copy_action {
      destination_vault_arn = aws_backup_logically_air_gapped_vault.lag.arn
      lifecycle {
        delete_after = 35
      }
    }
  }
}

# Every day, no copy.
resource "aws_backup_plan" "local" {
  name = "local"
  rule {
    rule_name         = "local"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 5 ? * * *)"
    lifecycle {
      delete_after = 35
    }
  }
}

resource "aws_backup_selection" "daily" {
  name         = "daily"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = [aws_db_instance.ledger.arn]
}

resource "aws_backup_selection" "weekly" {
  name         = "weekly"
  plan_id      = aws_backup_plan.weekly.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = [aws_db_instance.archive.arn]
}

resource "aws_backup_selection" "local" {
  name         = "local"
  plan_id      = aws_backup_plan.local.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = [aws_db_instance.plain.arn]
}

resource "aws_db_instance" "ledger" {
  identifier              = "ledger"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  username                = "app"
  storage_encrypted       = true
  backup_retention_period = 0
  tags                    = { "dr-tier" = "vaulted" }
}

resource "aws_db_instance" "archive" {
  identifier              = "archive"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  username                = "app"
  storage_encrypted       = true
  backup_retention_period = 0
  tags                    = { "dr-tier" = "vaulted" }
}

resource "aws_db_instance" "plain" {
  identifier              = "plain"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  username                = "app"
  storage_encrypted       = true
  backup_retention_period = 0
  tags                    = { "dr-tier" = "vaulted" }
}
