package terraform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes a root module calling modules local modules of files files each, every file holding a
// few resources that use variables, locals, count, for_each, dynamic blocks and a policy document.
func writeTree(tb testing.TB, dir string, modules, files int) int {
	tb.Helper()
	var root strings.Builder
	root.WriteString("provider \"aws\" {\n  region = \"eu-west-1\"\n}\n")
	for m := 0; m < modules; m++ {
		fmt.Fprintf(&root, "module \"m%d\" {\n  source = \"./modules/m%d\"\n  name = \"n%d\"\n}\n", m, m, m)
		mdir := filepath.Join(dir, "modules", fmt.Sprintf("m%d", m))
		if err := os.MkdirAll(mdir, 0o755); err != nil {
			tb.Fatal(err)
		}
		vars := "variable \"name\" {\n  type = string\n}\nlocals {\n  tags = { app = var.name }\n  ports = [22, 443]\n}\n"
		if err := os.WriteFile(filepath.Join(mdir, "variables.tf"), []byte(vars), 0o644); err != nil {
			tb.Fatal(err)
		}
		for f := 0; f < files-1; f++ {
			src := fmt.Sprintf(`
resource "aws_kms_key" "k%[1]d" {
  description = "${var.name}-%[1]d"
  tags        = local.tags
}
resource "aws_s3_bucket" "b%[1]d" {
  for_each = toset(["a", "b"])
  bucket   = "${var.name}-%[1]d-${each.key}"
  tags     = merge(local.tags, { key = aws_kms_key.k%[1]d.arn })
}
resource "aws_security_group" "sg%[1]d" {
  count = 2
  name  = "sg-${count.index}"
  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
data "aws_iam_policy_document" "p%[1]d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = [for b in aws_s3_bucket.b%[1]d : "${b.arn}/*"]
  }
}
resource "aws_s3_bucket_policy" "p%[1]d" {
  bucket = aws_s3_bucket.b%[1]d["a"].id
  policy = data.aws_iam_policy_document.p%[1]d.json
}
`, f)
			if err := os.WriteFile(filepath.Join(mdir, fmt.Sprintf("f%d.tf", f)), []byte(src), 0o644); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(root.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return modules*files + 1
}

// BenchmarkLoad loads a 5,001-file tree; the target is at least 1,000 files/s on 2 cores.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	n := writeTree(b, dir, 50, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Load(context.Background(), dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Files != n || len(res.Issues) > 0 {
			b.Fatalf("files %d issues %v", res.Files, res.Issues)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}
