# A true cycle: the argument "in" needs the output "out", which is var.in.
module "loop" {
  source = "./echo"
  in     = "x-${module.loop.out}"
}

# count needs the module's own outputs: a cycle in Terraform too.
module "counted" {
  source = "./echo"
  count  = length(module.counted) > 0 ? 1 : 0
  in     = "y"
}
