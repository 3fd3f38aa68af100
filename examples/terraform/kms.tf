# Customer managed keys. Every key rotates yearly except the legacy exports key.

resource "aws_kms_key" "data" {
  description             = "${local.name_prefix} application data at rest (S3, RDS, DynamoDB, EBS, EFS)"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = local.common_tags
}

resource "aws_kms_key" "audit" {
  description             = "${local.name_prefix} audit logs (CloudTrail and S3 access logs)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.audit_key.json

  tags = local.common_tags
}

resource "aws_kms_key" "backup" {
  description             = "${local.name_prefix} AWS Backup vault"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = local.common_tags
}

resource "aws_kms_key" "dr" {
  provider = aws.dr

  description             = "${local.name_prefix} disaster recovery (replicated S3 data, backup copies)"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = local.common_tags
}

# DELIBERATE: created before the rotation policy; still encrypts the partner exports bucket.
resource "aws_kms_key" "legacy" { # expect: KMS.1
  description             = "Partner exports (legacy, 2019)"
  deletion_window_in_days = 30

  tags = local.common_tags
}

data "aws_iam_policy_document" "audit_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudTrailEncrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:aws:cloudtrail:*:${var.account_id}:trail/*"]
    }
  }

  statement {
    sid       = "CloudTrailDescribe"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }

  statement {
    sid       = "S3ServerAccessLogDelivery"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}
