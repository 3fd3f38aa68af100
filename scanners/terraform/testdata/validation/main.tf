# Variable validation blocks are checked as Terraform checks them: a false condition is an error, with the
# block's error_message, where the value was given; a condition that cannot be known yet is not.
variable "n" {
  type    = number
  default = -1
  validation {
    condition     = var.n > 0
    error_message = "n must be positive, not ${var.n}."
  }
}

variable "unknown" {
  type = string
  validation {
    condition     = length(var.unknown) > 3
    error_message = "unknown is too short."
  }
}

variable "ok" {
  type    = string
  default = "abcd"
  validation {
    condition     = can(regex("^a", var.ok))
    error_message = "ok must start with a."
  }
  validation {
    condition     = length(var.ok) == 4
    error_message = "ok must have 4 characters."
  }
}

variable "from_file" {
  type = string
  validation {
    condition     = var.from_file != "bad"
    error_message = "from_file must not be bad."
  }
}

module "m" {
  source = "./m"
  size   = 0
  name   = var.unknown
}

resource "aws_s3_bucket" "b" {
  bucket = "b-${var.n}-${var.ok}-${var.from_file}"
}
