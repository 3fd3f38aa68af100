variable "name" {}
resource "aws_vpc" "this" {
  tags = { Name = var.name }
}
module "sub" {
  source = "./sub"
  label  = var.name
}
