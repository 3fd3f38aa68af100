# Policy documents built from values that are not known (no default, computed by the provider): each is
# rendered with the known parts, the unknown ones named by path (partial.go). Expectations are in
# partial_test.go.

variable "bucket" {}
variable "actions" { type = list(string) }
variable "account" {}
variable "enabled" { type = bool }

data "aws_caller_identity" "current" {}

locals {
  doc = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
      }, {
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["arn:aws:s3:::${var.bucket}/*", "arn:aws:s3:::fixed/*"]
    }]
  })
}

# An interpolated ARN: that string is unknown, the rest of the statement is known.
resource "aws_iam_policy" "arn" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::${var.bucket}/*"
    }]
  })
}

# An unknown list of actions: the raw path names the Action element itself.
resource "aws_iam_policy" "actions" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}

# Through a local value.
resource "aws_iam_policy" "local" {
  policy = local.doc
}

# "${...}" around a reference keeps the document.
resource "aws_iam_policy" "wrapped" {
  policy = "${local.doc}"
}

# A heredoc interpolating an account id inside a string.
resource "aws_iam_role" "heredoc" {
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"}
      }]
    }
  EOT
}

# A heredoc interpolating where the value could add structure: unknown.
resource "aws_iam_policy" "heredoc_structure" {
  policy = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"}]}
  EOT
}

# A function over the document may change it: unknown.
resource "aws_iam_policy" "replaced" {
  policy = replace(local.doc, "s3", "kms")
}

# Text around the document: unknown.
resource "aws_iam_policy" "prefixed" {
  policy = "x${local.doc}"
}

# Which document is not known: unknown.
resource "aws_iam_policy" "conditional" {
  policy = var.enabled ? local.doc : jsonencode({ Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
}

# A conditional whose condition is known is its chosen branch: the document, here through a null check
# on the document itself (the pattern of modules taking an optional extra policy).
resource "aws_iam_policy" "chosen" {
  policy = local.doc == null ? jsonencode({ Statement = [] }) : local.doc
}

data "aws_iam_policy_document" "optional_source" {
  source_policy_documents = local.doc == null ? [] : [local.doc]
  statement {
    sid       = "Own"
    actions   = ["ec2:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "optional_source" {
  policy = data.aws_iam_policy_document.optional_source.json
}

# compact over optional documents, as the S3 bucket module merges its policies: the documents stay.
data "aws_iam_policy_document" "compacted" {
  source_policy_documents = compact([
    "",
    true ? local.doc : "",
    false ? local.doc : "",
  ])
}

resource "aws_iam_policy" "compacted" {
  policy = data.aws_iam_policy_document.compacted.json
}

# compact over an unknown string that is not a document: it may be empty, so the list is unknown.
data "aws_iam_policy_document" "compacted_unknown" {
  source_policy_documents = compact([local.doc, var.bucket])
}

resource "aws_iam_policy" "compacted_unknown" {
  policy = data.aws_iam_policy_document.compacted_unknown.json
}

# A condition that reads a document does not make the other branch a document: plainly unknown.
resource "aws_iam_policy" "chosen_other" {
  policy = local.doc != null ? var.bucket : local.doc
}

# An inline policy of a role.
resource "aws_iam_role" "inline" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
  inline_policy {
    name = "p"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "arn:aws:kms:eu-west-1:${var.account}:key/*" }]
    })
  }
}

data "aws_iam_policy_document" "partial" {
  statement {
    sid       = "Known"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["*", "arn:aws:s3:::${var.bucket}"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account}:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
  statement {
    sid       = "UnknownEffect"
    effect    = var.enabled ? "Allow" : "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    sid       = "UnknownResources"
    actions   = ["iam:PassRole"]
    resources = var.actions
  }
}

resource "aws_iam_policy" "data" {
  policy = data.aws_iam_policy_document.partial.json
}

data "aws_iam_policy_document" "dynamic" {
  dynamic "statement" {
    for_each = var.actions
    content {
      actions   = [statement.value]
      resources = ["*"]
    }
  }
}

# Statements from an unknown collection: unknown.
resource "aws_iam_policy" "dynamic" {
  policy = data.aws_iam_policy_document.dynamic.json
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [local.doc]
  statement {
    sid       = "Own"
    actions   = ["ec2:*"]
    resources = ["*"]
  }
}

# A partial source document merged.
resource "aws_iam_policy" "merged" {
  policy = data.aws_iam_policy_document.merged.minified_json
}

# Fully known: still the JSON string.
resource "aws_iam_policy" "known" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

# coalesce(var.policy, doc), as the KMS key module picks its key policy: a null or empty argument before
# the document leaves the document.
variable "no_policy" {
  type    = string
  default = null
}

resource "aws_kms_key" "coalesced" {
  policy = coalesce(var.no_policy, "", local.doc)
}

# An unknown argument first: which value coalesce gives is not known.
resource "aws_kms_key" "coalesced_unknown" {
  policy = coalesce(var.bucket, local.doc)
}
