# terraform-aws-s3-bucket's examples: an argument of module "complete" is a policy document that names
# the bucket the module creates. Terraform graphs each module variable and output on its own: the output
# s3_bucket_arn does not depend on var.policy, so there is no cycle.
module "complete" {
  source = "./bucket"
  bucket = "logs"
  policy = data.aws_iam_policy_document.bucket.json
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [module.complete.s3_bucket_arn, "${module.complete.s3_bucket_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

# A module read whole, and through a for_each instance chosen by an expression, before it runs.
module "each" {
  source   = "./bucket"
  for_each = toset(["a"])
  bucket   = "each-${each.key}"
  policy   = jsonencode({ arn = module.each[each.key].s3_bucket_arn })
}
