provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

# A bucket module that chains its public access block through the policy's id (the policy's id is the
# bucket's name): the block must join the bucket, or S3.4 passes on the 2023 defaults.
module "logs" {
  source        = "./modules/bucket"
  name          = "acme-logs"
  attach_policy = true
}

module "plain" {
  source = "./modules/bucket"
  name   = "acme-plain"
}

# A setting whose count is only known after apply may not exist: S3.4 is unknown, not failed.
resource "aws_s3_bucket" "maybe" {
  bucket = "acme-maybe"
}

resource "aws_s3_bucket_public_access_block" "maybe" {
  count                   = data.aws_caller_identity.current.account_id == "111122223333" ? 1 : 0
  bucket                  = aws_s3_bucket.maybe.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

# Security group rules built from maps with lookup(): a null default, and maps with one computed
# element (the source group or the CIDR) whose other elements stay known.
variable "rules" {
  type = list(map(string))
  default = [
    { from_port = "443", to_port = "443", cidr_blocks = "0.0.0.0/0" },
    { from_port = "5432", to_port = "5432" },
  ]
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = "vpc-1"

  timeouts {
    create = lookup(var.timeouts, "create", null)
    delete = lookup(var.timeouts, "delete", null)
  }
}

variable "timeouts" {
  type    = map(string)
  default = { create = "10m" }
}

locals {
  # The second rule's CIDR is the caller's network, known only after apply.
  rules = [for i, r in var.rules : merge(r, i == 0 ? {} : { cidr_blocks = "${data.aws_caller_identity.current.account_id}/32" })]
}

resource "aws_security_group_rule" "app" {
  count             = length(var.rules)
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  protocol          = "tcp"
  from_port         = lookup(local.rules[count.index], "from_port")
  to_port           = lookup(local.rules[count.index], "to_port")
  cidr_blocks       = [lookup(local.rules[count.index], "cidr_blocks", null)]
  description       = lookup(local.rules[count.index], "description", "rule ${count.index} for ${data.aws_caller_identity.current.account_id}")
}
