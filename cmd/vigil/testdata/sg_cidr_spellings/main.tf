# The internet, written as the AWS provider also accepts it: each group opens SSH to the world.
resource "aws_security_group" "v6_zero_prefix" {
  name = "v6-zero-prefix"
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0::/0"]
  }
}

resource "aws_security_group" "v6_expanded" {
  name = "v6-expanded"
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0:0:0:0:0:0:0:0/0"]
  }
}

resource "aws_security_group" "v6_rule" {
  name = "v6-rule"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.v6_rule.id
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
  cidr_ipv6         = "::0/0"
}

# A private range stays private.
resource "aws_security_group" "private" {
  name = "private"
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/8"]
    ipv6_cidr_blocks = ["fd00::/8"]
  }
}
