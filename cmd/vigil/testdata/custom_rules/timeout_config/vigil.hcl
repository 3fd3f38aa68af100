policy_timeout = "200ms"
policies       = ["../slow"]
