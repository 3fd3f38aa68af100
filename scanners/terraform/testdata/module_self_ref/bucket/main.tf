variable "bucket" {
  type = string
}

variable "policy" {
  type    = string
  default = null
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket
}

resource "aws_s3_bucket_policy" "this" {
  count  = var.policy != null ? 1 : 0
  bucket = aws_s3_bucket.this.id
  policy = var.policy
}

output "s3_bucket_arn" {
  value = aws_s3_bucket.this.arn
}

output "s3_bucket_policy" {
  value = try(aws_s3_bucket_policy.this[0].policy, "")
}
