variable "name" {
  type = string
}

variable "attach_policy" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "this" {
  count  = 1
  bucket = var.name
}

resource "aws_s3_bucket_policy" "this" {
  count  = var.attach_policy ? 1 : 0
  bucket = aws_s3_bucket.this[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::${var.name}", "arn:aws:s3:::${var.name}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Chained through the policy so that the two are not written at the same time.
resource "aws_s3_bucket_public_access_block" "this" {
  count                   = 1
  bucket                  = var.attach_policy ? aws_s3_bucket_policy.this[0].id : aws_s3_bucket.this[0].id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
