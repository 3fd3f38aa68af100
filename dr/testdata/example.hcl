dr_tier "critical" {
  rpo = "15m"
}

dr_system "ledger" {
  tier = "critical"
  match { tags = { app = "ledger" } }
}
