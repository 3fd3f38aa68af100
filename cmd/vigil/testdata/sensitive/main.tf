# A sensitive variable whose value (a planted secret) flows into a bucket name, tags, policy documents,
# attributes, a module and a provider's default_tags. No report may show it.
variable "secret" {
  type      = string
  sensitive = true
  default   = "PLANTED-SECRET-7d1f"
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { deploy_key = var.secret }
  }
}

resource "aws_s3_bucket" "named" {
  bucket = "logs-${var.secret}"
  tags   = { owner = var.secret, team = "platform" }
}

resource "aws_s3_bucket_policy" "named" {
  bucket = aws_s3_bucket.named.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::${var.secret}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/${var.secret}"]
    }
  }
}

resource "aws_iam_role" "r" {
  name               = upper(var.secret)
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_db_instance" "db" {
  identifier        = "db"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  password          = var.secret
  kms_key_id        = sensitive("alias/PLANTED-SECRET-7d1f-key")
  storage_encrypted = true
}

module "m" {
  source = "./mod"
}

resource "aws_sqs_queue" "q" {
  name = module.m.token
}
