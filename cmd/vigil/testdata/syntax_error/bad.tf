resource "aws_s3_bucket" "broken" {
  bucket = "broken"
  tags = {
    app = "x"
