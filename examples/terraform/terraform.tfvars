org        = "acme"
app        = "payments"
env        = "prod"
account_id = "111122223333"

vpc_cidr = "10.40.0.0/16"
azs      = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

app_services = {
  web = { port = 3000, health_check_path = "/" }
  api = { port = 8080, health_check_path = "/healthz" }
}

github_repository = "acme/payments-platform"
certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b"

extra_tags = {
  cost-center = "cc-4100"
  data-class  = "confidential"
}
