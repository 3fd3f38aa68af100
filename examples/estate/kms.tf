# Keys, backup vault access and AWS Config delivery of the estate. "archive" and "main" pass KMS.2, KMS.3,
# BKP.7 and CFG.2; "partner" and "us" fail them on purpose. `# expect:` marks what each block fails. A key
# declared here is never pending deletion (KMS.3 fails only keys a live scan finds scheduled for deletion).

resource "aws_kms_key" "archive" {
  description         = "archive data"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Account"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "ThroughBackupOnly"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:CreateGrant"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
            "kms:ViaService"    = "backup.eu-west-1.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_kms_key" "partner" { # expect: KMS.2
  description             = "shared with partners"
  enable_key_rotation     = true
  deletion_window_in_days = 7
}

resource "aws_kms_key_policy" "partner" {
  key_id = aws_kms_key.partner.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Anyone"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_backup_vault" "archive" {
  name        = "archive"
  kms_key_arn = aws_kms_key.archive.arn
}

resource "aws_backup_vault_policy" "archive" {
  backup_vault_name = aws_backup_vault.archive.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CopiesFromTheOrganization"
        Effect    = "Allow"
        Principal = "*"
        Action    = "backup:CopyIntoBackupVault"
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_backup_vault" "partner" { # expect: BKP.7
  name        = "partner"
  kms_key_arn = aws_kms_key.archive.arn
}

resource "aws_backup_vault_policy" "partner" {
  backup_vault_name = aws_backup_vault.partner.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CopiesFromAnyone"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["backup:CopyIntoBackupVault"]
        Resource  = "*"
      },
    ]
  })
}

# --- AWS Config: "main" in eu-west-1 delivers to a channel; "us" in us-east-1 has none ----------------------

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "ledger-config-history"
  depends_on     = [aws_config_configuration_recorder.main]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}

resource "aws_config_configuration_recorder" "us" { # expect: CFG.1, CFG.2
  provider = aws.us
  name     = "us"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = false
  }
}
