output "path" { value = "/" }
