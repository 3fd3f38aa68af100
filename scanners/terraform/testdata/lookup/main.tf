# lookup() as Terraform defines it: a null default, a map holding a computed element, and the
# two-argument form.
variable "timeouts" {
  type    = map(string)
  default = { create = "40m" }
}

variable "rules" {
  type = list(map(string))
  default = [{
    from_port = "5432"
    to_port   = "5432"
  }]
}

resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

locals {
  # One element of the map is only known after apply; the others must stay readable.
  rules = [for r in var.rules : merge(r, { cidr_blocks = aws_vpc.v.ipv6_cidr_block })]
}

resource "aws_security_group_rule" "r" {
  type              = "ingress"
  security_group_id = "sg-1"
  from_port         = lookup(local.rules[0], "from_port", null)
  to_port           = lookup(local.rules[0], "to_port")
  protocol          = lookup(local.rules[0], "protocol", "tcp")
  cidr_blocks       = [lookup(local.rules[0], "cidr_blocks", "0.0.0.0/0")]
  description       = lookup(var.timeouts, "delete", null)
}

resource "aws_ssm_parameter" "missing" {
  name  = "m"
  type  = "String"
  value = lookup(var.timeouts, "nope")
}
