# Split resources that name their parent by a name that is not known (joinrefs.go).
variable "environment" {}

# terragoat's shape: the user's name comes from a variable without value.
resource "aws_iam_user" "user" {
  name          = "${var.environment}-user"
  force_destroy = true
}

resource "aws_iam_user_policy" "userpolicy" {
  name   = "excess_policy"
  user   = aws_iam_user.user.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ec2:*", "s3:*"], Resource = "*" }] })
}

resource "aws_iam_role" "named_by_prefix" {
  name_prefix        = "app-"
  assume_role_policy = "{}"
}

locals {
  role = aws_iam_role.named_by_prefix.name
}

resource "aws_iam_role_policy_attachment" "through_local" {
  role       = local.role
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_group" "g" {
  name = var.environment
}

resource "aws_iam_group_membership" "list" {
  name  = "members"
  group = aws_iam_group.g.name
  users = [aws_iam_user.user.name]
}

# A name built from the parent's name is not the parent's name: it stays unknown.
resource "aws_iam_user_policy" "interpolated" {
  user   = "${aws_iam_user.user.name}-other"
  policy = "{}"
}

resource "aws_iam_user_policy" "function" {
  user   = lower(aws_iam_user.user.name)
  policy = "{}"
}

# A known name stays the name.
resource "aws_iam_user" "known" {
  name = "alice"
}

resource "aws_iam_user_policy" "known" {
  user   = aws_iam_user.known.name
  policy = "{}"
}

module "user" {
  source = "./modules/user"
  user   = aws_iam_user.user.name
}

output "user_name" {
  value = module.user.name
}
