resource "aws_cloudtrail" "main" {
  name           = local.trail_name
  s3_bucket_name = aws_s3_bucket.logs.id
  s3_key_prefix  = "cloudtrail"
  kms_key_id     = aws_kms_key.audit.arn

  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true

  tags = local.common_tags

  depends_on = [aws_s3_bucket_policy.logs]
}
