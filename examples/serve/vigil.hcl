# vigil serve on the bundled examples (see docs/serve.md):
#
#   go run ./cmd/vigil serve --config examples/serve/vigil.hcl
#
# then open http://127.0.0.1:8080 and press "Scan now", or wait for the next quarter hour.

target "payments" {
  path       = "../terraform"
  dr_systems = [] # the DR systems below live in the dr-estate target
}

target "dr-estate" {
  path = "../dr"
}

schedule "quarter-hourly" {
  cron    = "*/15 * * * *"
  targets = ["payments", "dr-estate"]
  jitter  = "1m"
  timeout = "10m"
}

schedule "nightly-iso" {
  cron       = "CRON_TZ=Europe/Paris 0 2 * * *"
  targets    = ["payments"]
  frameworks = ["iso27001-2022", "cis-aws-foundations-6.0"]
}

serve {
  listen     = "127.0.0.1:8080"
  db         = "vigil-history.db" # next to this file; postgres://… for teams
  keep_scans = 500
  max_age    = "400d"
}

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
