variable "o" {
  type = object({ a = optional(string, "x"), b = optional(string, "y") })
}

resource "aws_sqs_queue" "q" {
  name = "${var.o.a}-${var.o.b}"
  tags = { b = var.o.b }
}
