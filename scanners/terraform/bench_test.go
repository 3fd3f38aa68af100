package terraform

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/vigil-audit/vigil/bench/cputime"
	"github.com/vigil-audit/vigil/bench/gen/treegen"
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

// benchFiles is the size of the generated tree the stage benchmarks read: the product target is at
// least 1,000 files/s end to end on 2 cores for a tree of at least 5,000 files.
const benchFiles = 5000

func TestMain(m *testing.M) {
	code := m.Run()
	treegen.RemoveTempTrees()
	os.Exit(code)
}

// generatedTree returns the bench/gen tree (root module calling stacks that call shared modules with
// count and for_each), written once per test binary.
func generatedTree(b *testing.B) string {
	b.Helper()
	dir, err := treegen.TempTree(benchFiles, 1)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// start settles the heap and starts the timer and the CPU clock; report adds files/s and cpu-s/op.
func start(b *testing.B) time.Duration {
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	return cputime.Used()
}

func report(b *testing.B, files int, cpu0 time.Duration) {
	cpu := cputime.Used() - cpu0
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// moduleDirs lists the directories under root holding .tf files.
func moduleDirs(b *testing.B, root string) []string {
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if entries, err := os.ReadDir(path); err == nil {
				for _, e := range entries {
					if !e.IsDir() && isConfigFile(e.Name()) {
						dirs = append(dirs, path)
						break
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return dirs
}

// BenchmarkParse reads, parses and decodes every module directory of the generated tree, without
// evaluating anything: the parse stage of Load, with its background parsing.
func BenchmarkParse(b *testing.B) {
	root := generatedTree(b)
	dirs := moduleDirs(b, root)
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		l := newLoader(context.Background(), root)
		for _, d := range dirs {
			l.pre.enqueue(d)
		}
		for _, d := range dirs {
			if _, err := l.module(d); err != nil {
				b.Fatal(err)
			}
		}
		l.pre.close()
		l.evals.close()
		if l.files != benchFiles || len(l.issues) > 0 {
			b.Fatalf("files %d issues %v", l.files, l.issues)
		}
	}
	report(b, benchFiles, cpu0)
}

// BenchmarkLoad parses and evaluates the generated tree: every module instance, count and for_each.
func BenchmarkLoad(b *testing.B) {
	root := generatedTree(b)
	var blocks int
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		res, err := Load(context.Background(), root, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Files != benchFiles || len(res.Issues) > 0 {
			b.Fatalf("files %d issues %v", res.Files, res.Issues)
		}
		blocks = len(res.Blocks)
	}
	report(b, benchFiles, cpu0)
	b.ReportMetric(float64(blocks), "blocks")
}

// BenchmarkLoadFlat loads a flat 5,001-file tree: 50 modules of 100 files, each instantiated once.
func BenchmarkLoadFlat(b *testing.B) {
	dir := b.TempDir()
	n := writeTree(b, dir, 50, 100)
	cpu0 := start(b)
	for i := 0; i < b.N; i++ {
		res, err := Load(context.Background(), dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Files != n || len(res.Issues) > 0 {
			b.Fatalf("files %d issues %v", res.Files, res.Issues)
		}
	}
	report(b, n, cpu0)
}
