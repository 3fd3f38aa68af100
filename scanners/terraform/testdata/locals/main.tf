locals {
  full   = "${local.prefix}-${local.suffix}"
  prefix = upper(local.base)
}
resource "aws_s3_bucket" "b" {
  bucket = local.full
  tags   = local.tags
}
locals {
  base   = "app"
  suffix = aws_kms_key.k.arn
  tags   = merge(local.common, { Name = local.full })
  common = { env = "prod" }
  loop_a = local.loop_b
  loop_b = local.loop_a
}
resource "aws_kms_key" "k" {
  description = "key"
}
