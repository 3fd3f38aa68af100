# References to resources, data sources and modules that are not declared are configuration errors, even
# when another block of the same type is declared; attributes that declared ones do not set are computed.
data "aws_iam_policy_document" "declared" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_s3_bucket" "a" {
  bucket = "a"
}

module "m" {
  source = "./m"
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.not_declared.json
  description        = aws_s3_bucket.not_declared.bucket
  path               = module.not_declared.path

  inline_policy {
    name   = "p"
    policy = data.aws_iam_policy_document.declared.json
  }
  tags = {
    arn = aws_s3_bucket.a.bucket_regional_domain_name
  }
}

# Undeclared local values and variables, in a block that references no declared one (HCL's message was
# "There is no variable named "local"") and in one that does.
resource "aws_ssm_parameter" "none" {
  name  = local.nope
  type  = var.nope
  value = "x"
}

locals {
  yes = "y"
}

resource "aws_ssm_parameter" "some" {
  name  = local.nope
  type  = var.nope
  value = local.yes
}
