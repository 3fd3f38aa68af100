dr_tier "critical" {
  rto = "1h"
}
dr_tier "standard" {
  rpo                 = "15 minutes"
  rto                 = "1h30m"
  min_retention       = "7d"
}

dr_system "ledger" {
  match {
    tags = { app = "ledger" }
  }
  tier = "critcal"
  # an empty match block:
  match {}
}
