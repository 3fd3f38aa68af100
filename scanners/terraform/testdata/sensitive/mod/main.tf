variable "input" {
  type      = string
  sensitive = true
}

resource "aws_sqs_queue" "inner" {
  name = var.input
}

output "token" {
  value     = "PLANTED-SECRET-OUTPUT"
  sensitive = true
}
