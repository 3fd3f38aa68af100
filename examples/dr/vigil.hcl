# DR objectives of the example estate (see docs/dr.md).

dr_tier "critical" {
  rpo                 = "1h"
  rto                 = "4h"
  min_retention       = "35d"
  cross_region_copy   = true
  vault_lock          = "compliance"
  restore_test_within = "90d"
}

dr_tier "standard" {
  rpo               = "24h"
  min_retention     = "30d"
  cross_region_copy = true
  vault_lock        = true
}

dr_system "ledger" {
  tier = "critical"
  match { tags = { app = "ledger" } }
}

dr_system "payments" {
  tier = "standard"
  match { tags = { app = "payments" } }
}
