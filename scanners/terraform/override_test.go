package terraform

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOverrideFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.tf": `
variable "size" { default = 10 }
locals {
  env  = "dev"
  team = "data"
}
resource "aws_security_group" "web" {
  name = "web-${local.env}"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = var.size
  encrypted         = false
  tags              = { team = local.team }
}
module "m" {
  source = "./m"
  name   = "original"
}
`,
		"m/main.tf": `
variable "name" {}
resource "aws_s3_bucket" "b" { bucket = var.name }
`,
		// Applied in lexical order: a_override.tf first, then override.tf.
		"a_override.tf": `
variable "size" { default = 20 }
locals { env = "prod" }
resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = [443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
module "m" { name = "overridden" }
`,
		"override.tf": `
resource "aws_ebs_volume" "v" { encrypted = true }
resource "aws_ebs_volume" "missing" { encrypted = true }
`,
		"z_override.tf.json": `{"locals": {"team": "json"}}`,
	})
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)

	var messages []string
	for _, is := range res.Issues {
		messages = append(messages, is.String())
	}
	assert.Equal(t, []string{
		`override.tf:3:1: override file: no resource "aws_ebs_volume" "missing" to override`,
		`z_override.tf.json:1:12: override file: merging JSON configuration is not supported; this override is not applied`,
	}, messages)

	bs := blocks(res)
	sg := bs["aws_security_group.web"]
	assert.Equal(t, "web-prod", sg.Attrs["name"], "the local was overridden")
	require.Len(t, sg.Attrs["ingress"], 1, "the override's dynamic ingress replaced the static one")
	assert.EqualValues(t, 443, sg.Attrs["ingress"].([]any)[0].(map[string]any)["from_port"])
	assert.Len(t, sg.Attrs["egress"], 1, "blocks of other types are kept")
	assert.Equal(t, "main.tf", sg.File, "the resource is still located where it is declared")
	assert.Equal(t, 7, sg.StartLine)

	v := bs["aws_ebs_volume.v"]
	assert.Equal(t, true, v.Attrs["encrypted"])
	assert.EqualValues(t, 20, v.Attrs["size"], "the variable's default was overridden")
	assert.Equal(t, "eu-west-1a", v.Attrs["availability_zone"], "arguments the override does not set are kept")
	assert.Equal(t, map[string]any{"team": "data"}, v.Attrs["tags"])

	assert.Equal(t, "overridden", bs["module.m.aws_s3_bucket.b"].Attrs["bucket"])
}
