package scanners_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
	"github.com/vigil-audit/vigil/scanners/iac"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
)

// The same aws_iam_policy_document, read three ways, must give one document: evaluated from HCL by the
// Terraform reader, rendered by the adapters from a plan's data block whose json was not computed yet
// (its source document a reference to another data block), and rendered by inventory then parsed as the
// JSON a live account or a jsonencode would hand over.
const policyDocHCL = `
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Shared"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Replaced"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "doc" {
  source_json             = "{\"Statement\":[{\"Sid\":\"FromSourceJSON\",\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}"
  source_policy_documents = [data.aws_iam_policy_document.base.json, ""]
  statement {
    sid       = "Replaced"
    actions   = ["s3:PutObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["arn:aws:s3:::b/home/&{aws:username}/*", "arn:aws:s3:::b/home/&{aws:username}"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::1:root", "arn:aws:iam::3:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::2:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [true]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["a", "c", "b"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  override_policy_documents = ["{\"Statement\":{\"Sid\":\"Shared\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":\"*\"}}"]
  override_json             = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FromSourceJSON\",\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}"
}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = data.aws_iam_policy_document.doc.json
}
`

type obj = map[string]any
type list = []any

// policyDocArgs are the arguments of data.aws_iam_policy_document.doc as a plan holds them.
func policyDocArgs(base string) obj {
	return obj{
		"source_json":             `{"Statement":[{"Sid":"FromSourceJSON","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`,
		"source_policy_documents": list{base, ""},
		"statement": list{
			obj{"sid": "Replaced", "actions": list{"s3:PutObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload"},
				"resources": list{"arn:aws:s3:::b/home/&{aws:username}/*", "arn:aws:s3:::b/home/&{aws:username}"},
				"principals": list{
					obj{"type": "AWS", "identifiers": list{"arn:aws:iam::1:root", "arn:aws:iam::3:root"}},
					obj{"type": "AWS", "identifiers": list{"arn:aws:iam::2:root"}},
				},
				"condition": list{
					obj{"test": "Bool", "variable": "aws:SecureTransport", "values": list{true}},
					obj{"test": "StringEquals", "variable": "aws:PrincipalTag/team", "values": list{"a", "c", "b"}},
				}},
			obj{"effect": "Deny", "actions": list{"*"}, "resources": list{"*"},
				"principals": list{obj{"type": "*", "identifiers": list{"*"}}}},
		},
		"override_policy_documents": list{`{"Statement":{"Sid":"Shared","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}}`},
		"override_json":             `{"Version":"2012-10-17","Statement":[{"Sid":"FromSourceJSON","Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`,
	}
}

var baseDocArgs = obj{"statement": list{
	obj{"sid": "Shared", "actions": list{"s3:GetObject"}, "resources": list{"*"}},
	obj{"sid": "Replaced", "actions": list{"s3:PutObject"}, "resources": list{"*"}},
}}

// wantPolicyDoc is the document the provider renders: source_json, then source_policy_documents, then the
// own statements (Replaced takes the place of the base's), then the overrides in order.
var wantPolicyDoc = obj{"Version": "2012-10-17", "Statement": list{
	obj{"Sid": "FromSourceJSON", "Effect": "Deny", "Action": []string{"kms:Decrypt"}, "Resource": []string{"*"}},
	obj{"Sid": "Shared", "Effect": "Allow", "Action": []string{"s3:GetObject", "s3:ListBucket"}, "Resource": []string{"*"}},
	obj{"Sid": "Replaced", "Effect": "Allow",
		"Action":    []string{"s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"},
		"Resource":  []string{"arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::b/home/${aws:username}"},
		"Principal": obj{"AWS": list{"arn:aws:iam::3:root", "arn:aws:iam::2:root", "arn:aws:iam::1:root"}},
		"Condition": obj{"Bool": obj{"aws:SecureTransport": "true"},
			"StringEquals": obj{"aws:PrincipalTag/team": list{"c", "b", "a"}}}},
	obj{"Effect": "Deny", "Action": []string{"*"}, "Resource": []string{"*"}, "Principal": "*"},
}}

func TestPolicyDocumentOneRendering(t *testing.T) {
	documents := map[string]any{}

	// Terraform HCL.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(policyDocHCL), 0o644))
	inv, err := scanners.ScanTerraform(context.Background(), dir, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.Empty(t, inv.Sources[0].Errors)
	require.Len(t, inv.Resources, 1)
	documents["terraform"] = inv.Resources[0].Attributes["document"]

	// A plan's data blocks, json not computed yet: the adapters render them.
	data := func(name string, args obj) iac.Block {
		return iac.Block{Address: "data.aws_iam_policy_document." + name, Mode: iac.ModeData,
			Type: "aws_iam_policy_document", Name: name, Attrs: args, Unknown: []string{"json", "minified_json"}}
	}
	resources := aws.Adapt([]iac.Block{
		data("base", baseDocArgs),
		data("doc", policyDocArgs("data.aws_iam_policy_document.base.json")),
		{Address: "aws_iam_policy.p", Mode: iac.ModeManaged, Type: "aws_iam_policy", Name: "p",
			Attrs: obj{"name": "p", "policy": "data.aws_iam_policy_document.doc.json"}},
	})
	require.Len(t, resources, 1)
	documents["plan"] = resources[0].Attributes["document"]

	// The rendered JSON, parsed as any policy document is.
	base, err := inventory.RenderPolicyDocument(baseDocArgs, nil)
	require.NoError(t, err)
	_, baseJSON, err := base.JSON()
	require.NoError(t, err)
	doc, err := inventory.RenderPolicyDocument(policyDocArgs(baseJSON), nil)
	require.NoError(t, err)
	pretty, _, err := doc.JSON()
	require.NoError(t, err)
	documents["json"], err = inventory.ParsePolicyDocument(pretty)
	require.NoError(t, err)

	for source, got := range documents {
		assert.Equal(t, wantPolicyDoc, got, source)
	}
}
