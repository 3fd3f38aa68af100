# vigil:ignore EC2.5 scratch data, recreated daily exp:2027-01-31
resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_security_group" "apps" { # vigil:ignore EC2.1["bastion"] jump host, IP-restricted by NACL
  for_each = toset(["bastion", "web"])
  name     = each.key
}

# An ordinary comment between: the directive above it still belongs to the block.
# vigil:ignore RDS.2[1] reporting replica keeps 3 days
resource "aws_db_instance" "replica" {
  count = 2
}

# vigil:ignore S3.1 too far away

resource "aws_s3_bucket" "detached" {}
