policies  = ["./no-such-folder", "missing_paths.hcl"]
var_files = ["no-such.tfvars"]
