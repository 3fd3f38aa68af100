resource "aws_s3_bucket" "b" {
  bucket = format("%0100000000d", 1)
  acl    = join(",", formatlist("%.2000000000s", ["a"]))
  policy = length(setproduct(range(1000), range(1000), range(1000)))
  tags   = { fine = format("acct-123456789012-%05d-%-8s|%[1]d", 7, "x") }
}
