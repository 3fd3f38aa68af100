variable "env" {
  type    = string
  default = "prod"
}

module "bucket" {
  source     = "../../modules/bucket"
  name       = "acme-${var.env}-logs"
  versioning = true
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "*", Resource = "*" },
    { Effect = "Allow", Action = "s3:GetObject", Resource = ["${module.bucket.arn}/*", module.bucket.arn] },
  ] })
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}

resource "aws_iam_role_policy_attachment" "ops_admin" {
  role       = aws_iam_role.ops.name
  policy_arn = aws_iam_policy.admin.arn
}
