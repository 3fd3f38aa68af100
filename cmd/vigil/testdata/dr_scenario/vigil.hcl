# DR objectives of the hand-computed scenario (cmd/vigil/dr_scenario_test.go).

dr_tier "gold" {
  rpo               = "1h"
  rto               = "4h"
  min_retention     = "35d"
  cross_region_copy = true
  vault_lock        = "compliance"
}

dr_tier "silver" {
  rpo               = "26h"
  min_retention     = "30d"
  cross_region_copy = true
  vault_lock        = true
}

dr_tier "bronze" {
  rpo                = "32d"
  min_retention      = "90d"
  cross_account_copy = false
  vault_lock         = "compliance"
}

# by tag
dr_system "ledger" {
  tier = "gold"
  match { tags = { app = "ledger" } }
}

# by id wildcards
dr_system "orders" {
  tier = "silver"
  match { ids = ["aws_db_instance.orders", "aws_dynamodb_table.orders_*"] }
}

dr_system "storefront" {
  tier = "silver"
  match { tags = { app = "storefront" } }
}

# by type
dr_system "archive" {
  tier = "bronze"
  match { types = ["aws.efs.file_system"] }
}
