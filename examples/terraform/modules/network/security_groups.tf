# Public load balancer: HTTPS from anywhere is intended.
resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public HTTPS entry point (application load balancer)"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the internet"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_apps" {
  for_each = var.app_services

  security_group_id            = aws_security_group.alb.id
  description                  = "Forward to the ${each.key} service"
  referenced_security_group_id = aws_security_group.app[each.key].id
  from_port                    = each.value.port
  to_port                      = each.value.port
  ip_protocol                  = "tcp"
}

# One security group per application service, reachable only from the load balancer.
resource "aws_security_group" "app" {
  for_each = var.app_services

  name        = "${var.name}-${each.key}"
  description = "${each.key} service, traffic from the load balancer only"
  vpc_id      = aws_vpc.this.id

  ingress {
    description     = "From the load balancer"
    from_port       = each.value.port
    to_port         = each.value.port
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    description = "Outbound to AWS APIs and dependencies"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "PostgreSQL, reachable from the api service only"
  vpc_id      = aws_vpc.this.id

  ingress {
    description     = "PostgreSQL from the api service"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app["api"].id]
  }

  tags = merge(var.tags, { Name = "${var.name}-database" })
}

resource "aws_security_group" "efs" {
  name        = "${var.name}-efs"
  description = "NFS mount targets of the shared file system"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-efs" })
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_apps" {
  for_each = var.app_services

  security_group_id            = aws_security_group.efs.id
  description                  = "NFS from the ${each.key} service"
  referenced_security_group_id = aws_security_group.app[each.key].id
  from_port                    = 2049
  to_port                      = 2049
  ip_protocol                  = "tcp"
}

resource "aws_security_group" "bastion" { # expect: EC2.1
  name        = "${var.name}-bastion"
  description = "SSH bastion host"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-bastion" })
}

# DELIBERATE: SSH open to the whole internet (should be the VPN range, INFRA-412).
resource "aws_vpc_security_group_ingress_rule" "bastion_ssh" {
  security_group_id = aws_security_group.bastion.id
  description       = "SSH from anywhere (temporary, INFRA-412)"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "bastion_to_vpc" {
  security_group_id = aws_security_group.bastion.id
  description       = "SSH onwards to hosts inside the VPC"
  cidr_ipv4         = aws_vpc.this.cidr_block
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}
