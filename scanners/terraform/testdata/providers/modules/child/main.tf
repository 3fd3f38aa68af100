resource "aws_s3_bucket" "c" {
  bucket = "c"
}
