data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-arm64"]
  }
}

# Batch worker for the api service: IMDSv2 only, encrypted root volume.
resource "aws_instance" "batch" {
  ami                         = data.aws_ami.al2023.id
  instance_type               = "t4g.large"
  subnet_id                   = module.network.private_subnet_ids[0]
  vpc_security_group_ids      = [module.network.app_security_group_ids["api"]]
  associate_public_ip_address = false
  iam_instance_profile        = aws_iam_instance_profile.instance.name

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 30
    encrypted   = true
    kms_key_id  = aws_kms_key.data.arn
  }

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-batch" })
}

# DELIBERATE: no metadata_options and no account default (aws_ec2_instance_metadata_defaults):
# the configuration does not require IMDSv2, so whether IMDSv1 is reachable is left to the AMI.
resource "aws_instance" "bastion" { # expect: EC2.7
  ami                         = data.aws_ami.al2023.id
  instance_type               = "t4g.micro"
  subnet_id                   = module.network.public_subnet_ids[0]
  vpc_security_group_ids      = [module.network.bastion_security_group_id]
  associate_public_ip_address = true
  key_name                    = "ops-bastion"
  iam_instance_profile        = aws_iam_instance_profile.instance.name

  root_block_device {
    volume_type = "gp3"
    volume_size = 8
    encrypted   = true
  }

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-bastion" })
}

# DELIBERATE: scratch space restored from an unencrypted 2019 snapshot (INFRA-377).
resource "aws_ebs_volume" "scratch" { # expect: EC2.5
  availability_zone = var.azs[0]
  size              = 200
  type              = "gp3"
  encrypted         = false

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-scratch" })
}

resource "aws_efs_file_system" "shared" {
  creation_token   = "${local.name_prefix}-shared"
  encrypted        = true
  kms_key_id       = aws_kms_key.data.arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  tags = merge(local.common_tags, { Name = "${local.name_prefix}-shared" })
}

resource "aws_efs_backup_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id

  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_efs_mount_target" "shared" {
  count = length(var.azs)

  file_system_id  = aws_efs_file_system.shared.id
  subnet_id       = module.network.private_subnet_ids[count.index]
  security_groups = [module.network.efs_security_group_id]
}
