# CIDR lists with one entry known only after apply (no value for var.office).
variable "office" {
  type = string
}

# Open to the internet whatever var.office is: EC2.1 fails.
resource "aws_security_group" "ssh_world" {
  name = "ssh-world"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.office, "0.0.0.0/0"]
  }
}

# Open over IPv6 whatever var.office is, in a standalone rule.
resource "aws_security_group" "rdp_world" {
  name = "rdp-world"
}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  security_group_id = aws_security_group.rdp_world.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0", var.office]
}

# Open only if var.office is: EC2.1 unknown.
resource "aws_security_group" "ssh_private" {
  name = "ssh-private"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", var.office]
  }
}
