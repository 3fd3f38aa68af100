# vigil:ignore EC2.55 scratch data, recreated daily
resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = false
}
