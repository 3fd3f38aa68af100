package scanners_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
	"github.com/vigil-audit/vigil/scanners/terraform"
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
	res, err := terraform.Load(context.Background(), dir, terraform.Options{})
	require.NoError(t, err)
	require.Empty(t, res.Issues)
	resources := aws.Adapt(res.Blocks)
	require.Len(t, resources, 1)
	documents["terraform"] = resources[0].Attributes["document"]

	// A plan's blocks: the same arguments, the documents not computed yet, so references are left as
	// they are and the adapters render the data blocks.
	var planned []iac.Block
	args := map[string]obj{}
	for _, b := range res.Blocks {
		b.Attrs = inventory.CopyJSON(b.Attrs).(obj)
		switch b.Address {
		case "aws_iam_policy.p":
			b.Attrs["policy"] = "data.aws_iam_policy_document.doc.json"
		case "data.aws_iam_policy_document.doc":
			b.Attrs["source_policy_documents"].(list)[0] = "data.aws_iam_policy_document.base.json"
		}
		if b.Mode == iac.ModeData {
			delete(b.Attrs, "json")
			delete(b.Attrs, "minified_json")
			b.Unknown = []string{"json", "minified_json"}
			args[b.Name] = b.Attrs
		}
		planned = append(planned, b)
	}
	resources = aws.Adapt(planned)
	require.Len(t, resources, 1)
	documents["plan"] = resources[0].Attributes["document"]

	// The rendered JSON, parsed as any policy document is (a live account's, a jsonencode).
	base, err := inventory.RenderPolicyDocument(args["base"], nil)
	require.NoError(t, err)
	_, baseJSON, err := base.JSON()
	require.NoError(t, err)
	args["doc"]["source_policy_documents"].(list)[0] = baseJSON
	doc, err := inventory.RenderPolicyDocument(args["doc"], nil)
	require.NoError(t, err)
	pretty, _, err := doc.JSON()
	require.NoError(t, err)
	documents["json"], err = inventory.ParsePolicyDocument(pretty)
	require.NoError(t, err)

	require.Len(t, documents, 3)
	for source, got := range documents {
		assert.Equal(t, wantPolicyDoc, got, source)
	}
}
