resource "aws_kms_key" "backup" {
  description = "backup key"
}
resource "aws_backup_vault" "v" {
  name        = "vault"
  kms_key_arn = aws_kms_key.backup.arn
}
resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = "logs-${each.key}"
}
resource "aws_s3_bucket_versioning" "logs" {
  for_each = aws_s3_bucket.logs
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_backup_selection" "s" {
  plan_id   = aws_backup_vault.v.id
  resources = [for b in aws_s3_bucket.logs : b.arn]
  name      = aws_kms_key.backup.key_id
  iam_role_arn = "${aws_kms_key.backup.key_id}-x"
}
