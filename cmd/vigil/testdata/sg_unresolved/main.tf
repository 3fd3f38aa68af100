# Checkov's example_SecurityGroupUnrestrictedIngress22, reconstructed: groups with their own inline rules,
# and a standalone rule whose security group is known only after apply (a data source read at apply time,
# or a variable without a value). vigil once reported every group's ingress as unknown.

variable "shared_group_id" {
  type = string
}

data "aws_security_group" "shared" {
  name = "shared"
}

# Its own inline rule opens SSH to the internet: EC2.1 fails whatever the standalone rules add.
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
}

# SSH only from the private network: the rule that may apply to it could open SSH, so EC2.1 is unknown;
# neither standalone rule can open RDP, a database port or all traffic, so those pass.
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
}

resource "aws_security_group_rule" "shared_ssh" {
  type              = "ingress"
  security_group_id = data.aws_security_group.shared.id
  description       = "SSH"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "shared_https" {
  type              = "ingress"
  security_group_id = var.shared_group_id
  description       = "HTTPS"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
