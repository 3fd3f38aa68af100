dr_tier "critical" {
  rpo                 = "26h"
  rto                 = "1h"
  cross_region_copy   = true
  restore_test_within = "14d"
}
