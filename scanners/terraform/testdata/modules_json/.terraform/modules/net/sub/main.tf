variable "label" {}
resource "aws_subnet" "this" {
  tags = { Name = "${var.label}-sub" }
}
