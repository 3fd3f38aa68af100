variable "in" {
  type = string
}

resource "aws_ssm_parameter" "p" {
  name  = var.in
  type  = "String"
  value = "v"
}

output "out" {
  value = var.in
}
