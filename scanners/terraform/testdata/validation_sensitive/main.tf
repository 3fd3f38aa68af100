# A validation error_message that shows a sensitive value is not shown, as in Terraform: the value given
# for a sensitive variable (a CI secret in TF_VAR_...) must not reach the report.
variable "token" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.token) > 10
    error_message = "token ${var.token} is too short."
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}
