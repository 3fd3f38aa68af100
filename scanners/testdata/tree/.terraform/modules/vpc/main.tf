resource "aws_security_group" "never_a_root" {}
