output "token" {
  value     = "q-PLANTED-SECRET-7d1f"
  sensitive = true
}
