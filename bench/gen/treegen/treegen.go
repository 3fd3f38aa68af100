// Package treegen writes a large, realistic Terraform tree for benchmarks: one root module calling a few
// hundred "stack" modules (one per team service), each stack calling shared library modules (network,
// data, iam, backup, compute) with count and for_each, and declaring its own provider v4+ split S3
// buckets, security groups with aws_vpc_security_group_ingress_rule, RDS, DynamoDB, KMS, IAM roles with
// jsonencode policies, variables and locals. A deterministic fraction of the stacks carries deliberate
// misconfigurations (versioning off, SSH open to the internet, unencrypted databases, key rotation off,
// wildcard IAM policies, IMDSv1), so the policy engine reports a realistic mix of results.
//
// The tree depends only on the file count and the seed: the same arguments always write the same bytes.
package treegen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
)

// MinFiles is the smallest tree Write produces: the root module and the shared modules.
const MinFiles = 100

type file struct {
	path string // relative to the tree root, forward slashes
	body string
}

var teams = []string{
	"payments", "identity", "catalog", "search", "orders", "shipping",
	"billing", "analytics", "platform", "mobile", "risk", "support",
}

var kinds = []string{"api", "worker", "web", "data", "batch"}

// stack is one service module of the tree and the choices the generator made for it.
type stack struct {
	idx        int
	team, kind string
	name       string // also the directory under stacks/
	files      int

	buckets         []bucket
	backup, lock    bool
	instances       int
	imdsV1          bool // misconfiguration: http_tokens = "optional"
	sshOpen         bool // misconfiguration: SSH from 0.0.0.0/0
	legacySG        bool // provider v3 style security group with inline rules
	legacyS3        bool // provider v3 style inline bucket settings on the artifacts bucket
	rotationOff     bool // misconfiguration: KMS key rotation disabled
	callerIdentity  bool // the key policy uses data.aws_caller_identity (unknown before apply)
	wildcardIAM     bool // misconfiguration: Action "*" on Resource "*"
	ciUser          bool
	dbUnencrypted   bool // misconfiguration
	dbNoBackups     bool // misconfiguration: backup_retention_period = 0
	replica         bool
	pitrOff         bool // misconfiguration: DynamoDB point-in-time recovery off
	tables          int
	ignoreSSH       bool // an inline vigil:ignore waiver on the SSH rule
	blueGreen       bool // the root calls the stack with for_each over two colours
	artifactLogging bool
	// partner and dbEncryptionVar read root variables that have no value (neither default nor tfvars),
	// so some of the stack's settings are unknown before apply, as in real trees.
	partner         bool
	dbEncryptionVar bool
}

type bucket struct {
	name           string
	versioningOff  bool
	public         bool
	lifecycleDays  int
	explicitFields bool
}

var bucketNames = []string{"uploads", "exports", "reports", "media", "archive", "events", "raw", "curated"}

func (s *stack) hasDatabase() bool { return s.kind == "api" || s.kind == "data" || s.kind == "batch" }

func newStack(r *rand.Rand, idx int) *stack {
	s := &stack{idx: idx, team: teams[idx%len(teams)], kind: kinds[r.IntN(len(kinds))]}
	s.name = fmt.Sprintf("%s-%s-%03d", s.team, s.kind, idx)
	s.files = 10
	if s.hasDatabase() {
		s.files++
	}
	p := func(pct int) bool { return r.IntN(100) < pct }
	nb := 1 + r.IntN(3)
	start := r.IntN(len(bucketNames))
	for i := 0; i < nb; i++ {
		s.buckets = append(s.buckets, bucket{
			name:           bucketNames[(start+i)%len(bucketNames)],
			versioningOff:  p(8),
			public:         p(3),
			lifecycleDays:  30 + 30*r.IntN(12),
			explicitFields: p(50),
		})
	}
	s.backup = p(70)
	s.lock = p(40)
	switch s.kind {
	case "api":
		s.instances = r.IntN(3)
	case "data":
		s.instances = 0
	default:
		s.instances = 1 + r.IntN(3)
	}
	s.imdsV1 = p(10)
	s.sshOpen = p(8)
	s.ignoreSSH = s.sshOpen && p(30)
	s.legacySG = p(25)
	s.legacyS3 = p(20)
	s.rotationOff = p(10)
	s.callerIdentity = p(20)
	s.wildcardIAM = p(5)
	s.ciUser = p(15)
	s.dbUnencrypted = p(10)
	s.dbNoBackups = p(5)
	s.replica = p(20)
	s.pitrOff = p(15)
	s.tables = 1 + r.IntN(3)
	s.blueGreen = p(10)
	s.artifactLogging = p(85)
	s.partner = p(6)
	s.dbEncryptionVar = s.kind == "api" && p(10)
	return s
}

// Write writes a tree of exactly files .tf files into dir (created if needed). The root module is dir
// itself; files must be at least MinFiles.
func Write(dir string, files int, seed int64) error {
	fs, err := Files(files, seed)
	if err != nil {
		return err
	}
	return writeFiles(dir, fs)
}

// Files returns the tree Write writes, as (path, content) pairs in a fixed order. Paths are relative to
// the root module, with forward slashes. Besides the .tf files there is one terraform.tfvars.
func Files(files int, seed int64) ([]File, error) {
	if files < MinFiles {
		return nil, fmt.Errorf("treegen: at least %d files, not %d", MinFiles, files)
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	shared := sharedModules()
	// Fixed root files: versions, providers, variables, locals, outputs, audit, backup_dr, one per team.
	rootFixed := 7 + len(teams)
	budget := files - rootFixed - len(shared)
	if budget < 0 {
		return nil, errors.New("treegen: file count too small")
	}
	var stacks []*stack
	for {
		s := newStack(r, len(stacks))
		if s.files > budget {
			break
		}
		budget -= s.files
		stacks = append(stacks, s)
	}
	var out []file
	out = append(out, rootFiles(stacks)...)
	for i := 0; i < budget; i++ {
		out = append(out, file{fmt.Sprintf("shared_%03d.tf", i), paddingFile(i)})
	}
	out = append(out, shared...)
	for _, s := range stacks {
		out = append(out, s.render()...)
	}
	n := 0
	res := make([]File, 0, len(out))
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

// File is one generated file.
type File struct {
	Path    string
	Content string
}

func paddingFile(i int) string {
	return sub(`# Shared log group @N@, kept in the root module for historical reasons.
resource "aws_cloudwatch_log_group" "shared_@N@" {
  name              = "/shared/${local.prefix}/@N@"
  retention_in_days = 365

  tags = local.default_tags
}
`, "N", fmt.Sprintf("%03d", i))
}

// ---------------------------------------------------------------------------------------------------
// Root module.

func rootFiles(stacks []*stack) []file {
	out := []file{
		{"versions.tf", rootVersions},
		{"providers.tf", rootProviders},
		{"variables.tf", rootVariables},
		{"terraform.tfvars", rootTfvars},
		{"locals.tf", rootLocals},
		{"audit.tf", rootAudit},
		{"backup_dr.tf", rootBackupDR},
		{"outputs.tf", rootOutputs(stacks)},
	}
	for ti, team := range teams {
		var b strings.Builder
		fmt.Fprintf(&b, "# Stacks owned by the %s team.\n", team)
		for _, s := range stacks {
			if s.idx%len(teams) != ti {
				continue
			}
			b.WriteString(s.call())
		}
		out = append(out, file{"stacks_" + team + ".tf", b.String()})
	}
	return out
}

func (s *stack) module() string { return strings.ReplaceAll(s.name, "-", "_") }

func (s *stack) call() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nmodule %q {\n  source = \"./stacks/%s\"\n", s.module(), s.name)
	name := fmt.Sprintf("%q", s.name)
	if s.blueGreen {
		b.WriteString("  for_each = toset([\"blue\", \"green\"])\n")
		name = fmt.Sprintf("\"%s-${each.key}\"", s.name)
	}
	fmt.Fprintf(&b, `
  name          = %s
  environment   = var.environment
  account_id    = var.account_id
  vpc_cidr      = cidrsubnet(var.vpc_cidr_base, 8, %d)
  log_bucket    = aws_s3_bucket.logs.id
  dr_vault_arn  = var.enable_dr_copy ? aws_backup_vault.dr.arn : null
  enable_backup = var.enable_backup && %t
%s
  tags = merge(local.default_tags, {
    team    = %q
    service = %q
  })

  providers = {
    aws    = aws
    aws.dr = aws.dr
  }
}
`, name, s.idx%256, s.backup, s.extraArgs(), s.team, s.kind)
	return b.String()
}

// extraArgs passes the root variables without value to the stacks that read them.
func (s *stack) extraArgs() string {
	var b strings.Builder
	if s.partner {
		b.WriteString("  partner_role_arn = var.partner_role_arn\n")
	}
	if s.dbEncryptionVar {
		b.WriteString("  db_encrypted     = var.legacy_db_encryption\n")
	}
	return b.String()
}

const rootVersions = `terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "estate/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }
}
`

const rootProviders = `provider "aws" {
  region = var.region

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = merge(local.default_tags, { dr = "true" })
  }
}
`

const rootVariables = `variable "region" {
  description = "Primary region."
  type        = string
  default     = "eu-west-1"
}

variable "dr_region" {
  description = "Disaster recovery region."
  type        = string
  default     = "eu-central-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "account_id" {
  type = string
}

variable "org" {
  type    = string
  default = "acme"
}

variable "cost_center" {
  type    = string
  default = "cc-1234"
}

variable "vpc_cidr_base" {
  description = "Every stack gets a /16 of this range."
  type        = string
  default     = "10.0.0.0/8"
}

variable "enable_backup" {
  type    = bool
  default = true
}

variable "enable_dr_copy" {
  type    = bool
  default = true
}

variable "partner_role_arn" {
  description = "Role of the data partner allowed to read artifacts. Set per deployment."
  type        = string
}

variable "legacy_db_encryption" {
  description = "Whether the legacy databases are encrypted. Set per deployment."
  type        = bool
}
`

const rootTfvars = `environment  = "prod"
account_id   = "123456789012"
region       = "eu-west-1"
dr_region    = "eu-central-1"
cost_center  = "cc-4242"
enable_backup = true
`

const rootLocals = `locals {
  prefix = "${var.org}-${var.environment}"

  default_tags = {
    org         = var.org
    environment = var.environment
    cost_center = var.cost_center
    managed_by  = "terraform"
  }
}
`

const rootAudit = `resource "aws_s3_bucket" "logs" {
  bucket = "${local.prefix}-access-logs"
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket = aws_s3_bucket.logs.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log encryption"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "trail" {
  bucket = "${local.prefix}-cloudtrail"
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.trail.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket = aws_s3_bucket.trail.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "cloudtrail/"
}

resource "aws_cloudtrail" "org" {
  name                          = "${local.prefix}-org-trail"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn
}
`

const rootBackupDR = `resource "aws_kms_key" "dr" {
  provider = aws.dr

  description         = "DR backup vault key"
  enable_key_rotation = true
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr

  name        = "${local.prefix}-dr-vault"
  kms_key_arn = aws_kms_key.dr.arn
}

resource "aws_backup_vault_lock_configuration" "dr" {
  provider = aws.dr

  backup_vault_name   = aws_backup_vault.dr.name
  min_retention_days  = 30
  max_retention_days  = 730
  changeable_for_days = 3
}
`

func rootOutputs(stacks []*stack) string {
	var b strings.Builder
	b.WriteString(`output "log_bucket" {
  value = aws_s3_bucket.logs.id
}

output "dr_vault_arn" {
  value = aws_backup_vault.dr.arn
}
`)
	for i, s := range stacks {
		if i >= 20 {
			break
		}
		if s.blueGreen {
			fmt.Fprintf(&b, "\noutput %q {\n  value = { for k, m in module.%s : k => m.role_arn }\n}\n", s.module()+"_role_arn", s.module())
		} else {
			fmt.Fprintf(&b, "\noutput %q {\n  value = module.%s.role_arn\n}\n", s.module()+"_role_arn", s.module())
		}
	}
	return b.String()
}

var temp struct {
	sync.Mutex
	dirs map[[3]int64]string // (roots, files, seed); roots 0 for the single-root tree
}

// TempTree writes the tree of (files, seed) into a new temporary directory once per process and returns
// it; later calls with the same arguments return the same directory. Benchmarks use it so that b.N
// ramp-up does not regenerate the tree; their TestMain calls RemoveTempTrees.
func TempTree(files int, seed int64) (string, error) {
	return tempTree([3]int64{0, int64(files), seed}, func(dir string) error { return Write(dir, files, seed) })
}

// TempManyRootsTree is TempTree for the many-roots tree of WriteManyRoots.
func TempManyRootsTree(roots, files int, seed int64) (string, error) {
	return tempTree([3]int64{int64(roots), int64(files), seed}, func(dir string) error {
		return WriteManyRoots(dir, roots, files, seed)
	})
}

func tempTree(key [3]int64, write func(dir string) error) (string, error) {
	temp.Lock()
	defer temp.Unlock()
	if dir, ok := temp.dirs[key]; ok {
		return dir, nil
	}
	dir, err := os.MkdirTemp("", "vigil-treegen-")
	if err != nil {
		return "", err
	}
	if err := write(dir); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if temp.dirs == nil {
		temp.dirs = map[[3]int64]string{}
	}
	temp.dirs[key] = dir
	return dir, nil
}

// RemoveTempTrees removes every directory TempTree and TempManyRootsTree created.
func RemoveTempTrees() {
	temp.Lock()
	defer temp.Unlock()
	for k, dir := range temp.dirs {
		os.RemoveAll(dir)
		delete(temp.dirs, k)
	}
}
