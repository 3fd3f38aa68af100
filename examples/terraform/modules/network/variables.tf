variable "name" {
  description = "Name prefix for every network resource."
  type        = string
}

variable "cidr_block" {
  description = "VPC CIDR block."
  type        = string
}

variable "azs" {
  description = "Availability zones; one public and one private subnet is created in each."
  type        = list(string)
}

variable "app_services" {
  description = "Application services reachable from the load balancer (one security group each)."
  type = map(object({
    port              = number
    health_check_path = string
  }))
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

variable "flow_logs_bucket_arn" {
  description = "ARN of the S3 bucket that receives the VPC's flow logs."
  type        = string
}
