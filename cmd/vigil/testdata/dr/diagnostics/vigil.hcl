dr_tier "gold" {
  rpo = "24h"
}

dr_system "billing" {
  tier = "gold"
  match { tags = { app = "billing" } }
}
