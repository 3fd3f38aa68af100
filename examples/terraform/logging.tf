resource "aws_cloudtrail" "main" { # expect: CT.4 # expect-unknown: MON.1,MON.2,MON.3,MON.4,MON.5,MON.6,MON.7,MON.8,MON.9,MON.10,MON.11,MON.12,MON.13,MON.14,MON.15
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
