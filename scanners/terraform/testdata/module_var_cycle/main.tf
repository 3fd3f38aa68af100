# A true cycle: the argument "in" needs the output "out", which is var.in.
module "loop" {
  source = "./echo"
  in     = "x-${module.loop.out}"
}
