variable "encrypt_scratch" {
  type    = bool
  default = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypt_scratch
}
