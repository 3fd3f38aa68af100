resource "aws_ebs_volume" "plain" {
  availability_zone = "eu-west-1a"
  size              = 10
}
