package inventory

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/jsondup"
)

// streamingCases are documents the one-pass reader must read exactly as the whole-document reader does:
// valid ones, and each kind of error (syntax, shape, schema, unknown values, duplicates, version).
var streamingCases = []string{
	`{"schema": "vigil.inventory/v1", "resources": []}`,
	` {"resources": [ {"id": "a", "type": "aws.s3.bucket", "attributes": {"versioning": {"enabled": true}, "n": 12, "f": 1.5}} ] , "schema": "vigil.inventory/v1"} `,
	`{"schema": "vigil.inventory/v1", "generated_at": "2026-12-01T06:00:00Z", "sources": [{"kind": "aws", "path": "1/eu-west-1", "errors": [{"code": "AccessDenied", "message": "m"}]}], "resources": [{"id": "b", "type": "aws.kms.key", "tags": {"k": "v"}, "unknown": ["rotation_enabled"], "attributes": {"rotation_enabled": null}, "source": {"kind": "aws", "api": "kms:ListKeys"}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"versioning": 5}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"versioning": 5}, "unknown": ["versioning"]}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket"}, {"id": "a", "type": "aws.kms.key"}, {"id": "c", "type": "aws.nope"}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a"}, 3, "x", null, [], {"type": "aws.s3.bucket", "extra": 1}]}`,
	`{"schema": "vigil.inventory/v1", "resources": 3}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "id": "b"}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [], "resources": []}`,
	`{"schema": "vigil.inventory/v1", "schema": "vigil.inventory/v1", "resources": []}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"x": 1e1000000}}, {"id": "b", "type": "aws.s3.bucket", "attributes": {"versioning": 5}}]}`,
	`{"schema": "vigil.inventory/v1", "generated_at": 1e999, "resources": [{"id": "a", "type": "aws.s3.bucket", "unknown": ["n"], "attributes": {"n": -1e-999}}]}`,
	`{"schema": "vigil.inventory/v1", "sources": [{"kind": "aws", "path": "p", "path": "q"}], "resources": []}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "tags": {"k": "1", "k": "2"}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"x": [{"y": 1, "\u0079": 2}]}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"x": 1}}, {"id": "b", "type": "aws.s3.bucket", "attributes": {"versioning": 5, "v": 1, "v": 2}}]}`,
	`{"schema": "vigil.inventory/v0", "resources": []}`,
	`{"resources": []}`,
	`[]`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket"}]} trailing`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket"} {"id": "b"}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket"},]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"x": [1, 2}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a\"]", "type": "aws.s3.bucket", "name": "\\"}]}`,
	`{"schema": "vigil.inventory/v1", "generated_at": "not a time", "resources": []}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "source": {"kind": "aws", "start_line": 1.5}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "name": "n", "account": "1", "region": "r", "tags": {}, "unknown": [], "ignores": [], "attributes": {}, "source": {}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "tags": {"a": "b", "c": ""}, "ignores": [{"rule": "S3.1", "reason": "r", "expires": "2027-01-01", "file": "main.tf", "line": 3}], "source": {"kind": "terraform", "file": "main.tf", "start_line": 1, "end_line": 9, "address": "a", "related": ["b", "c"]}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "source": {"kind": "aws", "api": "s3:ListBuckets", "collected_at": "2026-12-01T06:00:00.5+01:00"}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "source": {"collected_at": "2026-12-01T06:00:00\u005a"}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "name": "\u0061", "source": {"collected_at": "2026-12-01T06:00:00Z"}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "source": {"collected_at": "2026-12-01 06:00:00Z"}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "source": {"start_line": 1e2, "end_line": 10.0}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "source": {"start_line": 99999999999999999999}}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "ignores": [{"rule": "S3.1", "reason": "r", "line": 2.0}]}]}`,
	`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "name": null, "tags": null, "unknown": null, "source": null}]}`,
	`{"schema": "vigil.inventory/v1", "bogus": 1, "resources": [`,
	``,
}

// readBoth reads data with ReadNamed (the one pass) and with readWhole (the three passes it replaces).
func readBoth(t *testing.T, data []byte) {
	t.Helper()
	got, gotErr := ReadNamed(bytes.NewReader(data), "inv.json")
	want, wantErr := readWhole(data, "inv.json", jsondup.Check(data))
	if wantErr != nil {
		require.Error(t, gotErr, "readWhole refuses it: %v", wantErr)
		assert.Equal(t, sortedNames(wantErr.Error()), sortedNames(gotErr.Error()))
		return
	}
	require.NoError(t, gotErr)
	assert.Equal(t, want, got)
}

func TestReadStreamingMatchesReadWhole(t *testing.T) {
	for _, doc := range streamingCases {
		t.Run(doc, func(t *testing.T) { readBoth(t, []byte(doc)) })
	}
	fixtures, _ := filepath.Glob("../cmd/vigil/testdata/*/*.json")
	for _, path := range fixtures {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		t.Run(path, func(t *testing.T) { readBoth(t, data) })
	}
}

func FuzzReadStreamingMatchesReadWhole(f *testing.F) {
	for _, doc := range streamingCases {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) { readBoth(t, data) })
}

var additionalProperties = regexp.MustCompile(`additional properties (.*) not allowed`)

// sortedNames sorts the names of an "additional properties 'a', 'b' not allowed" message: the validator
// lists them in map order, which differs from run to run.
func sortedNames(msg string) string {
	return additionalProperties.ReplaceAllStringFunc(msg, func(m string) string {
		names := strings.Split(additionalProperties.FindStringSubmatch(m)[1], ", ")
		slices.Sort(names)
		return "additional properties " + strings.Join(names, ", ") + " not allowed"
	})
}
