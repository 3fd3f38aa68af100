variable "user" {}

resource "aws_iam_user_policy" "in_module" {
  user   = var.user
  policy = "{}"
}

output "name" {
  value = var.user
}
