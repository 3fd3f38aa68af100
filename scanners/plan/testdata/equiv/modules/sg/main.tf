variable "name" {
  type = string
}

variable "port" {
  type = number
}

variable "vpc_id" {
  type = string
}

resource "aws_security_group" "this" {
  name        = var.name
  description = "${var.name} traffic"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.this.id
  ip_protocol       = "tcp"
  from_port         = var.port
  to_port           = var.port
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

output "security_group_id" {
  value = aws_security_group.this.id
}
