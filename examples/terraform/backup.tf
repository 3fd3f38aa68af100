# ---------------------------------------------------------------------------
# Vaults: primary (compliance-mode lock) and DR copy target (governance-mode lock).
# ---------------------------------------------------------------------------

resource "aws_backup_vault" "main" {
  name        = "${local.name_prefix}-main"
  kms_key_arn = aws_kms_key.backup.arn

  tags = local.common_tags
}

resource "aws_backup_vault_lock_configuration" "main" {
  backup_vault_name   = aws_backup_vault.main.name
  min_retention_days  = 7
  max_retention_days  = 400
  changeable_for_days = 3
}

# No one may delete recovery points from the primary vault by hand, shorten their retention or replace
# this policy (BKP.5). The DR vault has no such policy.
data "aws_iam_policy_document" "backup_main_no_deletion" {
  statement {
    sid    = "DenyManualDeletion"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions = [
      "backup:DeleteRecoveryPoint",
      "backup:UpdateRecoveryPointLifecycle",
      "backup:PutBackupVaultAccessPolicy",
    ]
    resources = ["*"]
  }
}

resource "aws_backup_vault_policy" "main" {
  backup_vault_name = aws_backup_vault.main.name
  policy            = data.aws_iam_policy_document.backup_main_no_deletion.json
}

resource "aws_backup_vault" "dr" { # expect: BKP.5
  provider = aws.dr

  name        = "${local.name_prefix}-dr"
  kms_key_arn = aws_kms_key.dr.arn

  tags = local.common_tags
}

resource "aws_backup_vault_lock_configuration" "dr" {
  provider = aws.dr

  backup_vault_name  = aws_backup_vault.dr.name
  min_retention_days = 7
  max_retention_days = 400
}

# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------

resource "aws_backup_plan" "critical" {
  name = "${local.name_prefix}-critical"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    start_window      = 60
    completion_window = 360

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

  rule {
    rule_name         = "monthly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 5 1 * ? *)"
    start_window      = 60
    completion_window = 720

    lifecycle {
      delete_after = 365
    }
  }

  tags = local.common_tags
}

# DELIBERATE: two weeks of retention and no copy out of the primary region.
resource "aws_backup_plan" "standard" { # expect: BKP.3,BKP.4
  name = "${local.name_prefix}-standard"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 4 * * ? *)"
    start_window      = 60
    completion_window = 360

    lifecycle {
      delete_after = 14
    }
  }

  tags = local.common_tags
}

# ---------------------------------------------------------------------------
# Selections
# ---------------------------------------------------------------------------

resource "aws_backup_selection" "critical" {
  name         = "${local.name_prefix}-critical"
  plan_id      = aws_backup_plan.critical.id
  iam_role_arn = aws_iam_role.backup.arn

  resources = [
    aws_db_instance.payments.arn,
    aws_rds_cluster.ledger.arn,
    aws_dynamodb_table.orders.arn,
    aws_efs_file_system.shared.arn,
  ]
}

resource "aws_backup_selection" "standard" {
  name         = "${local.name_prefix}-standard"
  plan_id      = aws_backup_plan.standard.id
  iam_role_arn = aws_iam_role.backup.arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "standard"
  }
}

# ---------------------------------------------------------------------------
# Service role
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "backup_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  name               = "${local.name_prefix}-backup"
  assume_role_policy = data.aws_iam_policy_document.backup_assume.json

  tags = local.common_tags
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = toset([
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  ])

  role       = aws_iam_role.backup.name
  policy_arn = each.value
}
