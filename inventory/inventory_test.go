package inventory_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func TestRoundTripIsDeterministic(t *testing.T) {
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra", Files: 2,
		Errors: []inventory.Issue{{Code: "parse", Message: "Unclosed configuration block", File: "a.tf", Line: 3, Column: 9}}}}
	inv.Resources = []inventory.Resource{
		{ID: "b", Type: inventory.TypeS3Bucket, Attributes: map[string]any{"versioning": map[string]any{"enabled": true}}, Unknown: []string{"z", "a"}},
		{ID: "a", Type: inventory.TypeKMSKey},
	}
	var first bytes.Buffer
	require.NoError(t, inv.Write(&first))

	back, err := inventory.Read(bytes.NewReader(first.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, "a", back.Resources[0].ID)
	assert.Equal(t, []string{"a", "z"}, back.Resources[1].Unknown)
	assert.False(t, back.Complete())

	var second bytes.Buffer
	require.NoError(t, back.Write(&second))
	assert.Equal(t, first.String(), second.String())
}

func TestReadRejectsOtherSchemas(t *testing.T) {
	_, err := inventory.Read(bytes.NewReader([]byte(`{"schema":"vigil.inventory/v9"}`)))
	require.ErrorContains(t, err, `unsupported inventory schema "vigil.inventory/v9"`)
	_, err = inventory.Read(bytes.NewReader([]byte(`{`)))
	require.ErrorContains(t, err, "decode inventory")
}

func TestUnknownPaths(t *testing.T) {
	r := inventory.Resource{Unknown: []string{"encryption"}}
	assert.True(t, r.IsUnknown("encryption.kms_key_id"))
	assert.False(t, r.IsUnknown("encryption_x"))
	r.MarkUnknown("encryption.algorithm")
	assert.Equal(t, []string{"encryption"}, r.Unknown, "covered by its parent")
	r.MarkUnknown("logging")
	assert.Equal(t, []string{"encryption", "logging"}, r.Unknown)
}

func TestIssueAndLocationStrings(t *testing.T) {
	assert.Equal(t, "a.tf:3:9: bad", inventory.Issue{File: "a.tf", Line: 3, Column: 9, Message: "bad"}.String())
	assert.Equal(t, "s3 GetBucketPolicy (eu-west-1): AccessDenied: no",
		inventory.Issue{Service: "s3", API: "GetBucketPolicy", Region: "eu-west-1", Code: "AccessDenied", Message: "no"}.String())
	assert.Equal(t, "main.tf:3-9", inventory.Location{File: "main.tf", StartLine: 3, EndLine: 9}.String())
	assert.Equal(t, "main.tf:3", inventory.Location{File: "main.tf", StartLine: 3, EndLine: 3}.String())
}

func TestLocationShort(t *testing.T) {
	for want, loc := range map[string]inventory.Location{
		"main.tf:3":          {File: "main.tf", StartLine: 3, EndLine: 9, Address: "aws_s3_bucket.b"},
		"main.tf":            {File: "main.tf", Address: "aws_s3_bucket.b"},
		"aws_s3_bucket.b":    {Kind: "plan", Address: "aws_s3_bucket.b"},
		"s3:GetBucketPolicy": {Kind: "aws", API: "s3:GetBucketPolicy"},
		"":                   {},
	} {
		assert.Equal(t, want, loc.Short())
	}
}

// TestReadLocatesErrors: a decoding error, deep nesting included (encoding/json stops at 10,000 levels),
// says where it is.
func TestReadLocatesErrors(t *testing.T) {
	deep := "{\"schema\": \"vigil.inventory/v1\",\n\"resources\": " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	_, err := inventory.Read(strings.NewReader(deep))
	require.Error(t, err)
	assert.Equal(t, "decode inventory: line 2, column 10013: invalid character '[' exceeded max depth", err.Error())

	_, err = inventory.Read(strings.NewReader("{\"schema\": \"vigil.inventory/v1\",\n  \"resources\": 3}"))
	require.Error(t, err)
	assert.Equal(t, "inventory: /resources: got number, want array", err.Error(), "the schema names the JSON pointer")

	_, err = inventory.Read(strings.NewReader("{\"schema\": \"vigil.inventory/v1\",\n  \"resources\": [}"))
	require.Error(t, err)
	assert.Equal(t, "decode inventory: line 2, column 17: invalid character '}' looking for beginning of value", err.Error())
}
