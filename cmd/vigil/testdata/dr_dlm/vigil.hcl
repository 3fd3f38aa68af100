# DR objectives of the DLM scenario (cmd/vigil/dr_dlm_test.go).

dr_tier "files" {
  rpo               = "13h"
  min_retention     = "5d"
  cross_region_copy = true
  vault_lock        = true
}

dr_system "files" {
  tier = "files"
  match { tags = { app = "files" } }
}
