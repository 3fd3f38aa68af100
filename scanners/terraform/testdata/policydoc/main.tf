data "aws_iam_policy_document" "p" {
  statement {
    sid       = "AllowRead"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["iam:*"]
    resources   = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  dynamic "statement" {
    for_each = toset(["a", "b"])
    content {
      sid       = "Dyn${upper(statement.value)}"
      actions   = ["kms:Decrypt"]
      resources = ["arn:aws:kms:::key/${statement.key}"]
    }
  }
}

data "aws_iam_policy_document" "unknown" {
  statement {
    actions   = ["s3:*"]
    resources = [data.aws_caller_identity.current.account_id]
  }
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}

resource "aws_iam_policy" "u" {
  policy = data.aws_iam_policy_document.unknown.json
}
