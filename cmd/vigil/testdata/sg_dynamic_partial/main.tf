# Static inline rules next to a dynamic rule block whose for_each is known only after apply (a variable
# without a value). vigil once reported the whole ingress list as unknown, hiding the static rule that
# opens SSH to the internet.

variable "extra_rules" {
  type = list(object({ port = number, cidr = string }))
}

# The static rule opens SSH to the internet: EC2.1 fails whatever the dynamic rules add.
resource "aws_security_group" "ssh_world" {
  name        = "ssh-world"
  description = "SSH from anywhere"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = var.extra_rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "egress" {
    for_each = var.extra_rules
    content {
      from_port   = egress.value.port
      to_port     = egress.value.port
      protocol    = "tcp"
      cidr_blocks = [egress.value.cidr]
    }
  }
}

# SSH only from the private network: a dynamic rule could open any port, so the port rules are unknown.
resource "aws_security_group" "ssh_private" {
  name        = "ssh-private"
  description = "SSH from the VPC"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  dynamic "ingress" {
    for_each = var.extra_rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
}

# A rule whose group is known only after apply may apply to either group. It cannot open SSH, but it must
# not stand for all that may follow: the dynamic rules may be anything, so ssh_private's EC2.1 stays unknown.
variable "some_group_id" {
  type = string
}

resource "aws_security_group_rule" "https_somewhere" {
  type              = "ingress"
  security_group_id = var.some_group_id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
