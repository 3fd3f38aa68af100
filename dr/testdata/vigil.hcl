dr_tier "critical" {
  rpo = "15m"
}

dr_tier "standard" {
  rpo = "24h"
}

dr_system "ledger" {
  tier = "critical"
  match {
    tags = { app = "ledger" }
  }
  match {
    ids = ["module.ledger.aws_s3_bucket.*"]
  }
}

dr_system "reports" {
  tier = "standard"
  match {
    types = ["aws.efs.file_system"]
    ids   = ["*reports*"]
  }
}

dr_system "ghost" {
  tier = "standard"
  match {
    ids = ["aws_db_instance.ghost*"]
  }
}

dr_system "iam" {
  tier = "standard"
  match {
    types = ["aws.iam.role"]
  }
}
