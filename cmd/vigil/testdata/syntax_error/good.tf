resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}
