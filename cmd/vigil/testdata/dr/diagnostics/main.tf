provider "aws" {
  region = "eu-west-1"
}

resource "aws_backup_vault" "main" {
  name = "main"
}

# Day-of-month and day-of-week both '*': AWS rejects the plan (one of them must be '?').
resource "aws_backup_plan" "broken" {
  name = "broken"
  rule {
    rule_name         = "nightly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 2 * * * *)"
  }
}

resource "aws_backup_selection" "all" {
  name         = "all"
  plan_id      = aws_backup_plan.broken.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  resources    = ["*"]
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { dr-tier = "gold" }
}
