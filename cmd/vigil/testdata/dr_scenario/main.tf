# Hand-computed DR scenario: every expected tier, RPO and status is worked out in
# cmd/vigil/dr_scenario_test.go. All resources are in eu-west-1; the "dr" vault is in eu-west-2.

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-west-2"
}

# ---- vaults -----------------------------------------------------------------------------------

resource "aws_backup_vault" "locked" {
  name = "locked"
}

# changeable_for_days set: compliance mode.
resource "aws_backup_vault_lock_configuration" "locked" {
  backup_vault_name   = aws_backup_vault.locked.name
  min_retention_days  = 30
  max_retention_days  = 400
  changeable_for_days = 3
}

resource "aws_backup_vault" "gov" {
  name = "gov"
}

# No changeable_for_days: governance mode.
resource "aws_backup_vault_lock_configuration" "gov" {
  backup_vault_name  = aws_backup_vault.gov.name
  min_retention_days = 7
}

resource "aws_backup_vault" "open" {
  name = "open"
}

resource "aws_backup_vault" "local_copy" {
  name = "local-copy"
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  name     = "dr"
}

# ---- plans ------------------------------------------------------------------------------------

# Weekdays 02:00 UTC, default start window; copied to a vault in the same region.
resource "aws_backup_plan" "weekday" {
  name = "weekday"
  rule {
    rule_name         = "weekdays"
    target_vault_name = aws_backup_vault.open.name
    schedule          = "cron(0 2 ? * MON-FRI *)"
    lifecycle {
      delete_after = 14
    }
    copy_action {
      destination_vault_arn = aws_backup_vault.local_copy.arn
      lifecycle {
        delete_after = 400
      }
    }
  }
}

resource "aws_backup_selection" "orders_by_tag" {
  name         = "orders-by-tag"
  plan_id      = aws_backup_plan.weekday.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "app"
    value = "orders"
  }
}

# Last day of the month 03:00 UTC, copied to eu-west-2.
resource "aws_backup_plan" "month_end" {
  name = "month-end"
  rule {
    rule_name         = "last-day"
    target_vault_name = aws_backup_vault.locked.name
    schedule          = "cron(0 3 L * ? *)"
    start_window      = 120
    lifecycle {
      delete_after = 365
    }
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
      lifecycle {
        delete_after = 365
      }
    }
  }
}

# Data teams' resources, except development ones and the scratch bucket.
resource "aws_backup_selection" "data_by_condition" {
  name          = "data-by-condition"
  plan_id       = aws_backup_plan.month_end.id
  iam_role_arn  = "arn:aws:iam::111111111111:role/backup"
  resources     = ["*"]
  not_resources = ["arn:aws:s3:::acme-data-tmp"]
  condition {
    string_like {
      key   = "aws:ResourceTag/team"
      value = "data-*"
    }
    string_not_equals {
      key   = "aws:ResourceTag/env"
      value = "dev"
    }
  }
}

# Mid-month: the weekday nearest the 15th (Berlin), and the third Friday (New York); governance-locked vault.
resource "aws_backup_plan" "mid_month" {
  name = "mid-month"
  rule {
    rule_name                    = "w15"
    target_vault_name            = aws_backup_vault.gov.name
    schedule                     = "cron(0 4 15W * ? *)"
    schedule_expression_timezone = "Europe/Berlin" # the fall-back night lengthens 15 Oct → 16 Nov by an hour
    lifecycle {
      delete_after = 120
    }
  }
  rule {
    rule_name                    = "third-friday"
    target_vault_name            = aws_backup_vault.gov.name
    schedule                     = "cron(0 5 ? * 6#3 *)"
    schedule_expression_timezone = "America/New_York"
    start_window                 = 480
    lifecycle {
      delete_after = 200
    }
  }
}

resource "aws_backup_selection" "archive_by_reference" {
  name         = "archive-by-reference"
  plan_id      = aws_backup_plan.mid_month.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = [aws_efs_file_system.archive.arn]
}

# Every four hours in Berlin, across both clock changes.
resource "aws_backup_plan" "berlin" {
  name = "berlin"
  rule {
    rule_name                    = "four-hourly"
    target_vault_name            = aws_backup_vault.locked.name
    schedule                     = "cron(0 0/4 * * ? *)"
    schedule_expression_timezone = "Europe/Berlin"
    start_window                 = 90
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

resource "aws_backup_selection" "ledger_by_condition" {
  name         = "ledger-by-condition"
  plan_id      = aws_backup_plan.berlin.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = ["*"]
  condition {
    string_equals {
      key   = "aws:ResourceTag/app"
      value = "ledger"
    }
  }
}

# Nightly 01:30 in New York: 01:30 happens twice on the fall-back night.
resource "aws_backup_plan" "new_york" {
  name = "new-york"
  rule {
    rule_name                    = "nightly"
    target_vault_name            = aws_backup_vault.open.name
    schedule                     = "cron(30 1 * * ? *)"
    schedule_expression_timezone = "America/New_York"
    start_window                 = 60
    lifecycle {
      delete_after = 30
    }
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
      lifecycle {
        delete_after = 30
      }
    }
  }
}

resource "aws_backup_selection" "storefront_by_tag" {
  name         = "storefront-by-tag"
  plan_id      = aws_backup_plan.new_york.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "app"
    value = "storefront"
  }
}

# ---- ledger (gold, by tag) --------------------------------------------------------------------

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

resource "aws_dynamodb_table" "ledger_audit" {
  name     = "ledger-audit"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { app = "ledger" }
}

# ---- orders (silver, by id wildcards) ---------------------------------------------------------

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0
  tags                    = { app = "orders" }
}

resource "aws_dynamodb_table" "orders_items" {
  name     = "orders-items"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { app = "orders", team = "data-orders", env = "prod" }
}

# ---- storefront (silver, by tag) --------------------------------------------------------------

resource "aws_db_instance" "storefront" {
  identifier              = "storefront"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0
  tags                    = { app = "storefront" }
}

resource "aws_dynamodb_table" "storefront_carts" {
  name     = "storefront-carts"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  tags = { app = "storefront" }
}

# ---- bronze by the dr-tier tag ----------------------------------------------------------------

resource "aws_s3_bucket" "data_lake" {
  bucket = "acme-data-lake"
  tags   = { team = "data-lake", env = "prod", "dr-tier" = "bronze" }
}

# Excluded by not_resources.
resource "aws_s3_bucket" "data_tmp" {
  bucket = "acme-data-tmp"
  tags   = { team = "data-tmp", "dr-tier" = "bronze" }
}

# Excluded by string_not_equals env = dev.
resource "aws_s3_bucket" "data_dev" {
  bucket = "acme-data-dev"
  tags   = { team = "data-dev", env = "dev", "dr-tier" = "bronze" }
}

# ---- archive (bronze, by type) ----------------------------------------------------------------

resource "aws_efs_file_system" "archive" {
  creation_token = "archive"
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}

resource "aws_efs_backup_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  backup_policy {
    status = "ENABLED"
  }
}

# ---- no objective -----------------------------------------------------------------------------

resource "aws_dynamodb_table" "scratch" {
  name     = "scratch"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
