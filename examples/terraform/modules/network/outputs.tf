output "vpc_id" {
  value = aws_vpc.this.id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "alb_security_group_id" {
  value = aws_security_group.alb.id
}

output "app_security_group_ids" {
  value = { for name, sg in aws_security_group.app : name => sg.id }
}

output "database_security_group_id" {
  value = aws_security_group.database.id
}

output "efs_security_group_id" {
  value = aws_security_group.efs.id
}

output "bastion_security_group_id" {
  value = aws_security_group.bastion.id
}
