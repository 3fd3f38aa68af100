variable "secret" {
  type      = string
  sensitive = true
  default   = "PLANTED-SECRET"
}

variable "secret_tags" {
  type      = map(string)
  sensitive = true
  default   = { PLANTED-SECRET-KEY = "PLANTED-SECRET" }
}

variable "secret_flag" {
  type      = bool
  sensitive = true
  default   = true
}

locals {
  by_name = { a = var.secret, b = "plain" }
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { deploy = var.secret, env = "prod" }
  }
}

resource "aws_s3_bucket" "b" {
  bucket              = "logs-${var.secret}"
  tags                = { owner = var.secret, team = "platform" }
  object_lock_enabled = var.secret_flag
  force_destroy       = issensitive(var.secret)
}

resource "aws_s3_bucket" "shown" {
  bucket = nonsensitive("shown-${var.secret}") == "x" ? "x" : "shown"
}

resource "aws_s3_bucket" "whole_map" {
  bucket = "whole-map"
  tags   = var.secret_tags
}

resource "aws_s3_bucket_policy" "json" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.secret}/*" }]
  })
}

resource "aws_s3_bucket_policy" "heredoc" {
  bucket = aws_s3_bucket.b.id
  policy = <<-JSON
    {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "${var.secret}"}]}
  JSON
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.secret}/*"]
  }
}

resource "aws_iam_policy" "p" {
  name   = sensitive("PLANTED-SECRET-policy")
  policy = data.aws_iam_policy_document.d.json
}

resource "aws_sqs_queue" "each" {
  for_each = local.by_name
  name     = each.value
}

resource "aws_sqs_queue" "keys" {
  for_each = toset([var.secret])
  name     = each.key
}

resource "aws_security_group" "dyn" {
  name = "dyn"
  dynamic "ingress" {
    for_each = sensitive(["PLANTED-SECRET-CIDR"])
    content {
      cidr_blocks = [ingress.value]
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
    }
  }
}

module "m" {
  source = "./mod"
  input  = "PLANTED-SECRET-INPUT"
}

resource "aws_sqs_queue" "from_module" {
  name = module.m.token
}

data "aws_region" "r" {
  name = var.secret
}

resource "aws_sqs_queue" "region" {
  name = "q-${data.aws_region.r.name}"
}

module "typed" {
  source = "./typed"
  o      = { a = var.secret }
}
