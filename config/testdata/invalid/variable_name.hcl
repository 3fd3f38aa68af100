variables = {
  env          = "prod"
  "not a name" = 1
}
