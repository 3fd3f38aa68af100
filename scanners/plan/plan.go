// Package plan reads the JSON form of a Terraform plan (`terraform show -json PLANFILE`, format 1.x) into
// iac.Blocks, the same evaluated form the HCL reader (scanners/terraform) produces, so the AWS adapters
// (scanners/iac/aws) do the joins and mappings for both. scanners.ScanPlan composes it with the adapters.
//
// A plan knows more than the configuration (values Terraform and the provider computed, values of
// variables) and less (values known only after apply). The reader turns a value known only after apply
// into an unknown path, except where the configuration sets it by reference to another resource's id or
// arn: that value becomes the referenced resource's address, exactly as the HCL reader evaluates such a
// reference, so that blocks join their parents (aws_s3_bucket_versioning.bucket → aws_s3_bucket). It
// drops the attributes the provider computes when the configuration leaves them out, so that the
// adapters apply the documented AWS defaults as they do for HCL. docs/plan.md lists those attributes and
// the rules for resolving references.
package plan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/internal/jsondup"
	"github.com/vigil-audit/vigil/internal/safefile"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// Errors Load wraps, so callers can tell a file that is not a readable plan from an I/O failure.
var (
	// ErrMalformed: the file is not valid JSON, or its JSON does not have the shape of a plan.
	ErrMalformed = errors.New("malformed plan JSON")
	// ErrUnsupportedVersion: format_version is missing or of a major version other than 1.
	ErrUnsupportedVersion = errors.New("unsupported plan format_version")
	// ErrNotPlan: the JSON is a Terraform document of another kind (a state: `terraform show -json`
	// without a plan file).
	ErrNotPlan = errors.New("not a Terraform plan")
)

// CodePlan is the issue code of problems met in a readable plan: an errored or incomplete plan,
// deferred changes, a plan without its configuration.
const CodePlan = "plan"

// SupportedMinor is the newest minor version of format 1 this reader was written against. Newer minor
// versions only add fields (Terraform's compatibility promise), so they are read too.
const SupportedMinor = 2

// Result is what Load reads from a plan.
type Result struct {
	// Blocks holds every managed and data resource instance the plan leaves in place or creates
	// (planned_values, and data sources of prior_state), sorted by address. Deleted instances are not
	// blocks; they are in Actions.
	Blocks []iac.Block
	// Actions maps every address of resource_changes to its change actions: ["create"], ["update"],
	// ["delete","create"], ["create","delete"], ["delete"], ["read"], ["no-op"].
	Actions map[string][]string
	// TerraformVersion and FormatVersion are the plan's terraform_version and format_version.
	TerraformVersion string
	FormatVersion    string
	// NewerFormat is set when the format's minor version is newer than SupportedMinor: the plan is read,
	// and what the newer format adds is ignored.
	NewerFormat bool
	// Issues lists what makes the plan incomplete (code "plan"): an errored plan, deferred changes,
	// resources that could not be read, a configuration that is missing.
	Issues []inventory.Issue
}

// Load reads the plan JSON at path. It returns an error when the file cannot be read, is not valid JSON
// (the error gives path:line:column), is not a plan, or has a format_version other than 1.x; problems
// inside a readable plan are returned in Result.Issues.
func Load(path string) (*Result, error) {
	r, closer, err := safefile.Open(path, safefile.MaxDocument)
	if err != nil {
		return nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	doc, formatVersion, err := decodeStream(bufio.NewReaderSize(r, 1<<20))
	closer.Close()
	if err == nil {
		return finish(path, doc, formatVersion)
	}
	// Read whole, the plan gives the located error (or the file is too large, or changed meanwhile).
	data, err := safefile.Read(path, safefile.MaxDocument)
	if err != nil {
		return nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	return parseFull(path, data)
}

// parse decodes data, the content of the file name, and builds the blocks. It reads the plan as a
// stream (decodeStream); a document the stream does not take is read whole by parseFull, which says
// where it is wrong.
func parse(name string, data []byte) (*Result, error) {
	doc, formatVersion, err := decodeStream(bytes.NewReader(data))
	if err != nil {
		return parseFull(name, data)
	}
	return finish(name, doc, formatVersion)
}

// duplicateKey reports the first repeated key of data. Decoders keep the last of two equal keys
// silently: a second "errored" or "resource_changes" would hide what the first says.
func duplicateKey(name string, data []byte) error {
	var dup *jsondup.Error
	if errors.As(jsondup.Check(data), &dup) {
		return fmt.Errorf("%s:%d:%d: %w: %s: %s", name, dup.Line, dup.Column, ErrMalformed, dup.Pointer, dup.Message())
	}
	return nil
}

// parseFull decodes data whole, the first problem it meets giving the error.
func parseFull(name string, data []byte) (*Result, error) {
	var probe struct {
		FormatVersion *string `json:"format_version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, decodeError(name, data, err)
	}
	if err := duplicateKey(name, data); err != nil {
		return nil, err
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil, fmt.Errorf("%s: %w: top-level JSON value is null, want an object", name, ErrNotPlan)
	}
	if probe.FormatVersion != nil {
		if _, err := checkVersion(*probe.FormatVersion); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var doc planJSON
	if probe.FormatVersion != nil {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return nil, decodeError(name, data, err)
		}
	}
	return finish(name, &doc, probe.FormatVersion)
}

// finish checks the version and the kind of document and builds the blocks.
func finish(name string, doc *planJSON, formatVersion *string) (*Result, error) {
	if formatVersion == nil {
		return nil, fmt.Errorf("%s: %w: format_version is missing (want 1.x, from terraform show -json)", name, ErrUnsupportedVersion)
	}
	minor, err := checkVersion(*formatVersion)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if doc.PlannedValues == nil && doc.ResourceChanges == nil {
		what := "no planned_values or resource_changes"
		if doc.Values != nil {
			what = "it holds state values (run terraform show -json on a plan file)"
		}
		return nil, fmt.Errorf("%s: %w: %s", name, ErrNotPlan, what)
	}
	res := build(name, doc)
	res.FormatVersion = *formatVersion
	res.NewerFormat = minor > SupportedMinor
	return res, nil
}

// checkVersion accepts "1.<minor>" and returns the minor version.
func checkVersion(v string) (int, error) {
	major, minor, ok := strings.Cut(v, ".")
	if !ok || major != "1" {
		return 0, fmt.Errorf("%w %q (want 1.x)", ErrUnsupportedVersion, v)
	}
	n, err := strconv.Atoi(minor)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w %q (want 1.x)", ErrUnsupportedVersion, v)
	}
	return n, nil
}

// decodeError turns a JSON decoding error into one that names the file, line and column.
func decodeError(name string, data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		if typ.Field == "" {
			// The document itself is not an object: no plan, whatever it holds.
			return fmt.Errorf("%s: %w: top-level JSON value is %s, want an object", name, ErrNotPlan, jsonValueKind(typ.Value))
		}
		off = typ.Offset
		if typ.Field != "" {
			err = fmt.Errorf("%s: JSON %s where the plan format has %s", typ.Field, typ.Value, jsonKind(typ.Type))
		}
	}
	if off < 0 {
		return fmt.Errorf("%s: %w: %v", name, ErrMalformed, err)
	}
	line, col := position(data, off)
	return fmt.Errorf("%s:%d:%d: %w: %v", name, line, col, ErrMalformed, err)
}

// jsonValueKind names, with its article, the kind of JSON value json.UnmarshalTypeError.Value names.
func jsonValueKind(v string) string {
	switch v {
	case "array":
		return "an array"
	case "object":
		return "an object"
	case "bool":
		return "a boolean"
	case "":
		return "another value"
	}
	if strings.HasPrefix(v, "number") {
		return "a number"
	}
	return "a " + v
}

// jsonKind names the JSON form of a Go type, for messages.
func jsonKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}

// position returns the 1-based line and column (in characters) of the byte the decoder stopped at: the
// offset counts the bytes read, so the offending byte is the one before it.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	at := int(off) - 1
	if at < 0 {
		at = 0
	}
	prefix := data[:at]
	line = 1 + bytes.Count(prefix, []byte{'\n'})
	lineStart := bytes.LastIndexByte(prefix, '\n') + 1
	col = 1 + utf8.RuneCount(prefix[lineStart:])
	return line, col
}
