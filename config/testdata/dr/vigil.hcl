# DR objectives of the payments estate.
dr_tier_tag = "DRTier"

dr_tier "critical" {
  rpo                 = "15m"
  rto                 = "1h"
  min_retention       = "35d"
  cross_region_copy   = ["eu-central-1", "eu-west-3", "eu-central-1"]
  cross_account_copy  = true
  vault_lock          = "compliance"
  restore_test_within = "90d"
}

dr_tier "standard" {
  rpo                = "36h"
  min_retention      = "168h"
  cross_region_copy  = false
  cross_account_copy = ["111122223333"]
  vault_lock         = true
}

dr_tier "archive" {
  vault_lock = false
}

dr_system "ledger" {
  tier = "critical"
  match {
    tags  = { app = "ledger", env = "prod" }
    types = ["aws.rds.cluster", "aws.dynamodb.table", "aws.rds.cluster"]
  }
  match {
    ids = ["module.ledger.aws_s3_bucket.*", "arn:aws:s3:::ledger-*"]
  }
}

# Declared before its tier: order does not matter.
dr_system "reports" {
  tier = "later"
  match { ids = ["aws_efs_file_system.reports"] }
}

dr_tier "later" {
  rto = "4h"
}
