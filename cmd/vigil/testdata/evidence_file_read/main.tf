# TestEvidenceListsFilesTheConfigurationReads: the policy document is read with file(), so its digest
# belongs in the manifest's inputs beside this file.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = file("${path.module}/policies/admin.json")
}
