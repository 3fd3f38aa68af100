variable "ports" {
  default = [22, 443]
}
variable "unknown_rules" {
  type = list(object({ port = number }))
}
resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      cidr_blocks = ["10.0.${port.key}.0/24"]
    }
  }
  ingress {
    from_port   = 80
    to_port     = 80
    cidr_blocks = [var.cidr_unknown_source]
  }
  egress {
    from_port = 0
    to_port   = 0
  }
}
resource "aws_security_group" "unk" {
  name = "unk"
  dynamic "ingress" {
    for_each = var.unknown_rules
    content {
      from_port = ingress.value.port
    }
  }
}
variable "cidr_unknown_source" {
  type = string
}
