package treegen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// The many-roots layout is a repository of small root modules, the shape of most real-world estates:
// environments/<env>/<region>/<service>/ holds one root module of 2 to 4 .tf files (plus a
// terraform.tfvars), each deployed on its own, calling a handful of shared modules under modules/ (the
// same network, data, iam, backup and compute modules as the single-root tree) with count and for_each,
// and declaring a few resources of its own: provider v4+ split S3 buckets, security groups with
// aws_vpc_security_group_ingress_rule, KMS keys and IAM roles with jsonencode policies. A deterministic
// fraction of the roots carries the same deliberate misconfigurations as the stacks of the single-root
// tree. It measures what a scanner pays per root module: per-load setup, per-root evaluation and adapt.

// DefaultRootsFiles is the .tf file count ManyRootsFiles uses for roots root modules when none is given:
// the proportion of the real-world estate the product brief measures competitors on, 3,100 files in
// 1,132 root modules (the shared modules and about 2.7 files per root).
func DefaultRootsFiles(roots int) int {
	shared := len(sharedModules())
	return shared + (roots*(3100-shared)+566)/1132
}

var (
	rootEnvs    = []string{"dev", "staging", "prod"}
	rootRegions = []string{"eu-west-1", "us-east-1"}
	// rootKinds choose which shared modules a root calls (see root.main); "service" twice as often.
	rootKinds = []string{"service", "service", "data", "network", "backup", "plain"}
)

// root is one root module of the many-roots tree and the choices the generator made for it.
type root struct {
	idx               int
	env, region, kind string
	team, name        string // name is also the last folder
	s3, security      bool   // the optional files s3.tf and security.tf

	buckets     int  // data roots: buckets created through modules/data (for_each)
	roles       int  // IAM roles created through modules/iam (for_each)
	instances   int  // instances through modules/compute (count), 0 for none
	imdsV1      bool // misconfiguration: http_tokens = "optional"
	sshOpen     bool // misconfiguration: SSH from 0.0.0.0/0 (network rule table or security.tf)
	ignoreSSH   bool // an inline vigil:ignore waiver on the SSH rule of security.tf
	wildcardIAM bool // misconfiguration: a customer-managed policy allowing "*"
	versionOff  bool // misconfiguration: versioning suspended on a bucket
	publicData  bool // misconfiguration: public access block off on a data bucket
	rotationOff bool // misconfiguration: KMS key rotation disabled
	partner     bool // reads a variable without value: unknown before apply
	lock        bool
}

func (r *root) dir() string { return "environments/" + r.env + "/" + r.region + "/" + r.name }

func newRoot(rnd *rand.Rand, idx int) *root {
	p := func(pct int) bool { return rnd.IntN(100) < pct }
	r := &root{
		idx:    idx,
		env:    rootEnvs[idx%len(rootEnvs)],
		region: rootRegions[(idx/len(rootEnvs))%len(rootRegions)],
		kind:   rootKinds[rnd.IntN(len(rootKinds))],
		team:   teams[rnd.IntN(len(teams))],
	}
	r.name = fmt.Sprintf("%s-%s-%04d", r.team, kinds[rnd.IntN(len(kinds))], idx)
	switch r.kind {
	case "service":
		r.roles = 1 + rnd.IntN(2)
		if p(50) {
			r.instances = 1 + rnd.IntN(2)
		}
	case "data":
		r.buckets = 1 + rnd.IntN(2)
		r.roles = 1
	case "backup":
		r.lock = p(40)
	}
	r.imdsV1 = p(10)
	r.sshOpen = p(8)
	r.ignoreSSH = r.sshOpen && p(30)
	r.wildcardIAM = p(5)
	r.versionOff = p(8)
	r.publicData = p(3)
	r.rotationOff = p(10)
	r.partner = p(6)
	return r
}

// ManyRootsFiles returns the many-roots tree of roots root modules and exactly files .tf files (0: the
// DefaultRootsFiles proportion), as (path, content) pairs in a fixed order, like Files. Every root has
// 2 to 4 .tf files, so files must lie between 2×roots and 4×roots plus the shared modules.
func ManyRootsFiles(roots, files int, seed int64) ([]File, error) {
	if roots < 1 {
		return nil, fmt.Errorf("treegen: at least 1 root module, not %d", roots)
	}
	if files == 0 {
		files = DefaultRootsFiles(roots)
	}
	shared := sharedModules()
	extra := files - len(shared) - 2*roots // files beyond the two every root has
	if extra < 0 || extra > 2*roots {
		return nil, fmt.Errorf("treegen: %d root modules of 2 to 4 files and %d shared module files make %d to %d files, not %d",
			roots, len(shared), 2*roots+len(shared), 4*roots+len(shared), files)
	}
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x2545f4914f6cdd1d))
	rs := make([]*root, roots)
	for i := range rs {
		rs[i] = newRoot(rnd, i)
	}
	// Each root has two optional files (s3.tf, security.tf): pick extra of the 2×roots slots.
	slots := make([]int, 2*roots)
	for i := range slots {
		slots[i] = i
	}
	rnd.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	for _, s := range slots[:extra] {
		if s%2 == 0 {
			rs[s/2].s3 = true
		} else {
			rs[s/2].security = true
		}
	}
	out := append([]file(nil), shared...)
	for _, r := range rs {
		out = append(out, r.render()...)
	}
	res := make([]File, 0, len(out))
	n := 0
	for _, f := range out {
		if strings.HasSuffix(f.path, ".tf") {
			n++
		}
		res = append(res, File{Path: f.path, Content: f.body})
	}
	if n != files {
		return nil, fmt.Errorf("treegen: internal error: %d files planned, %d wanted", n, files)
	}
	return res, nil
}

// WriteManyRoots writes ManyRootsFiles(roots, files, seed) into dir (created if needed).
func WriteManyRoots(dir string, roots, files int, seed int64) error {
	fs, err := ManyRootsFiles(roots, files, seed)
	if err != nil {
		return err
	}
	return writeFiles(dir, fs)
}

func writeFiles(dir string, fs []File) error {
	made := map[string]bool{}
	for _, f := range fs {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, []byte(f.Content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render returns the files of the root's folder.
func (r *root) render() []file {
	fs := []file{
		{"main.tf", r.main()},
		{"variables.tf", r.variables()},
		{"terraform.tfvars", r.tfvars()},
	}
	if r.s3 {
		fs = append(fs, file{"s3.tf", r.s3File()})
	}
	if r.security {
		fs = append(fs, file{"security.tf", r.securityFile()})
	}
	for i := range fs {
		fs[i].path = r.dir() + "/" + fs[i].path
	}
	return fs
}

// modules is the path from a root's folder to the shared modules.
const modules = "../../../../modules"

func (r *root) main() string {
	var b strings.Builder
	b.WriteString(sub(`terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "@ENV@/@REGION@/@NAME@/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = "${var.environment}-@NAME@"

  tags = merge(var.tags, {
    team        = "@TEAM@"
    service     = "@NAME@"
    environment = var.environment
    managed_by  = "terraform"
  })
}
`, "ENV", r.env, "REGION", r.region, "NAME", r.name, "TEAM", r.team))
	if r.roles > 0 {
		b.WriteString(r.rolesCall())
	}
	if r.instances > 0 {
		tokens := "required"
		if r.imdsV1 {
			tokens = "optional"
		}
		b.WriteString(sub(`
module "compute" {
  source = "@MODULES@/compute"
  count  = var.instance_count > 0 ? 1 : 0

  name               = local.name
  instance_count     = var.instance_count
  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids
  http_tokens        = "@TOKENS@"
  data_volume_size   = var.environment == "prod" ? 100 : 0

  tags = local.tags
}
`, "MODULES", modules, "TOKENS", tokens))
	}
	switch r.kind {
	case "data":
		versioning := "true"
		if r.versionOff {
			versioning = "false"
		}
		b.WriteString(sub(`
module "buckets" {
  source   = "@MODULES@/data"
  for_each = toset(slice(["raw", "curated", "exports"], 0, @N@))

  bucket              = "${local.name}-${each.key}"
  versioning          = each.key == "raw" ? @VERSIONING@ : true
  block_public_access = @BLOCK@
  readers             = [for r in module.roles : r.arn]

  logging = {
    target_bucket = var.log_bucket
  }

  lifecycle_rules = [
    {
      id              = "expire-${each.key}"
      expiration_days = var.environment == "prod" ? 365 : 30
    },
  ]

  tags = merge(local.tags, { data_class = each.key })
}
`, "MODULES", modules, "N", fmt.Sprint(r.buckets), "VERSIONING", versioning, "BLOCK", fmt.Sprint(!r.publicData)))
	case "network":
		rules := `["https-443-tcp", "postgres-tcp"]`
		cidr := `"10.0.0.0/8"`
		if r.sshOpen {
			rules = `["https-443-tcp", "ssh-tcp"]`
			cidr = `"0.0.0.0/0"`
		}
		b.WriteString(sub(`
module "network" {
  source = "@MODULES@/network"

  name                = local.name
  vpc_cidr            = var.vpc_cidr
  ingress_rules       = @RULES@
  ingress_cidr_blocks = [@CIDR@]
  create_flow_logs    = var.environment == "prod"

  tags = local.tags
}
`, "MODULES", modules, "RULES", rules, "CIDR", cidr))
	case "backup":
		b.WriteString(sub(`
module "backup" {
  source = "@MODULES@/backup"
  count  = var.enable_backup ? 1 : 0

  name                = local.name
  retention_days      = var.environment == "prod" ? 35 : 7
  enable_lock         = @LOCK@
  copy_to_vault_arn   = var.dr_vault_arn
  selection_resources = ["arn:aws:dynamodb:${var.region}:${var.account_id}:table/${local.name}-*"]
  selection_tags      = { backup = "daily" }

  tags = local.tags
}
`, "MODULES", modules, "LOCK", fmt.Sprint(r.lock)))
	}
	return b.String()
}

// rolesCall calls modules/iam once per role of the root, with for_each over a local map.
func (r *root) rolesCall() string {
	var roles strings.Builder
	for i, name := range []string{"app", "deploy"}[:r.roles] {
		service := []string{"ecs-tasks.amazonaws.com", "codebuild.amazonaws.com"}[i]
		fmt.Fprintf(&roles, "    %s = { service = %q, actions = [\"s3:GetObject\", \"sqs:SendMessage\"] }\n", name, service)
	}
	custom := `each.key == "deploy" ? ["ecs:UpdateService", "ecs:DescribeServices"] : []`
	if r.wildcardIAM {
		custom = `["*"]`
	}
	return sub(`
locals {
  roles = {
@ROLES@  }
}

module "roles" {
  source   = "@MODULES@/iam"
  for_each = local.roles

  name                = "${local.name}-${each.key}"
  trusted_services    = [each.value.service]
  managed_policy_arns = ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]

  inline_statements = [
    {
      sid       = "Service"
      actions   = each.value.actions
      resources = ["arn:aws:s3:::${local.name}-*", "arn:aws:sqs:${var.region}:${var.account_id}:${local.name}-*"]
    },
  ]

  custom_policy_actions = @CUSTOM@

  tags = local.tags
}
`, "ROLES", roles.String(), "MODULES", modules, "CUSTOM", custom)
}

func (r *root) variables() string {
	var b strings.Builder
	b.WriteString(`variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be dev, staging or prod."
  }
}

variable "account_id" {
  type = string
}

variable "log_bucket" {
  description = "Central S3 access-log bucket of the account."
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
`)
	switch {
	case r.instances > 0:
		b.WriteString(`
variable "instance_count" {
  type = number
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}
`)
	case r.kind == "network":
		b.WriteString(`
variable "vpc_cidr" {
  type = string
}
`)
	case r.kind == "backup":
		b.WriteString(`
variable "enable_backup" {
  type    = bool
  default = true
}

variable "dr_vault_arn" {
  description = "Vault in the DR region receiving copies."
  type        = string
  default     = null
}
`)
	}
	if r.partner {
		b.WriteString(`
variable "partner_role_arn" {
  description = "Role of the data partner allowed to read artifacts. Set per deployment."
  type        = string
}
`)
	}
	switch {
	case r.roles > 0:
		b.WriteString(`
output "role_arns" {
  value = { for k, m in module.roles : k => m.arn }
}
`)
	case r.kind == "network":
		b.WriteString(`
output "vpc_id" {
  value = module.network.vpc_id
}

output "private_subnet_ids" {
  value = module.network.private_subnet_ids
}
`)
	case r.kind == "backup":
		b.WriteString(`
output "vault_arn" {
  value = try(module.backup[0].vault_arn, null)
}
`)
	}
	return b.String()
}

func (r *root) tfvars() string {
	var b strings.Builder
	fmt.Fprintf(&b, "environment = %q\nregion      = %q\naccount_id  = \"%012d\"\nlog_bucket  = \"acme-%s-access-logs\"\n",
		r.env, r.region, 100000000000+r.idx%7*1111, r.env)
	switch {
	case r.instances > 0:
		fmt.Fprintf(&b, "instance_count = %d\nsubnet_ids     = [\"subnet-0a%04d\", \"subnet-0b%04d\"]\n", r.instances, r.idx, r.idx)
	case r.kind == "network":
		fmt.Fprintf(&b, "vpc_cidr = \"10.%d.0.0/16\"\n", r.idx%256)
	case r.kind == "backup" && r.env == "prod":
		b.WriteString("dr_vault_arn = \"arn:aws:backup:eu-central-1:100000000000:backup-vault:dr\"\n")
	}
	return b.String()
}

// s3File declares an artifacts bucket with the provider v4+ split resources and a bucket policy.
func (r *root) s3File() string {
	status := "Enabled"
	if r.versionOff && r.kind != "data" {
		status = "Suspended"
	}
	partner := ""
	if r.partner {
		partner = `
  statement {
    sid       = "PartnerReads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = [var.partner_role_arn]
    }
  }
`
	}
	return sub(`resource "aws_s3_bucket" "artifacts" {
  bucket = "${local.name}-artifacts"
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "@STATUS@"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "artifacts" {
  bucket        = aws_s3_bucket.artifacts.id
  target_bucket = var.log_bucket
  target_prefix = "s3-access/${local.name}-artifacts/"
}

data "aws_iam_policy_document" "artifacts" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
@PARTNER@}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts.json
}
`, "STATUS", status, "PARTNER", partner)
}

// securityFile declares a security group with split rule resources, a KMS key and a task role.
func (r *root) securityFile() string {
	ssh := "10.0.0.0/8"
	if r.sshOpen && r.kind != "network" {
		ssh = "0.0.0.0/0"
	}
	waiver := ""
	if r.ignoreSSH {
		waiver = "# vigil:ignore EC2.1 bastion access, restricted by the network ACL exp:2030-12-31\n"
	}
	return sub(`locals {
  ingress = {
    https = { port = 443, cidr = "10.0.0.0/8" }
    ssh   = { port = 22, cidr = "@SSH@" }
  }
}

resource "aws_security_group" "service" {
  name        = "${local.name}-service"
  description = "Service traffic for ${local.name}"

  tags = local.tags
}

@WAIVER@resource "aws_vpc_security_group_ingress_rule" "service" {
  for_each = local.ingress

  security_group_id = aws_security_group.service.id
  description       = "${each.key} from ${each.value.cidr}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

resource "aws_kms_key" "service" {
  description         = "${local.name} data key"
  enable_key_rotation = @ROTATION@
}

resource "aws_iam_role" "task" {
  name = "${local.name}-task"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "task" {
  name = "${local.name}-task"
  role = aws_iam_role.task.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "UseKey"
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource = [aws_kms_key.service.arn]
    }]
  })
}
`, "SSH", ssh, "WAIVER", waiver, "ROTATION", fmt.Sprint(!r.rotationOff))
}
