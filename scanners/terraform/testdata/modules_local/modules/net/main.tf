variable "name" {
  type = string
}
variable "ports" {
  type = list(number)
}
module "sg" {
  source = "../sg"
  name   = "${var.name}-sg"
  ports  = var.ports
}
resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = var.name }
}
output "sg_name" {
  value = module.sg.name
}
output "sg_id" {
  value = module.sg.id
}
