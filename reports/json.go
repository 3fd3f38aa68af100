package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/internal/jsondup"
	"github.com/vigil-audit/vigil/inventory"
)

// JSONSchema identifies the layout of the json format (docs/reports.md). Bump it on any incompatible change.
const JSONSchema = "vigil.report/v1"

// jsonDocument is the json format: the engine.Report with a schema field in front. Embedding keeps the
// report's own field names and order, so the document decodes straight into an engine.Report.
type jsonDocument struct {
	Schema string `json:"schema"`
	*engine.Report
}

// jsonRenderer writes the report as indented JSON.
type jsonRenderer struct{}

func newJSON(Options) Renderer { return jsonRenderer{} }

// Render writes r as one indented JSON document followed by a newline. Rules and results are sorted and
// empty lists and maps are written as [] and {}, never null, so the bytes depend only on the report's content.
func (jsonRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonDocument{Schema: JSONSchema, Report: normalized(r)}); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// ReadJSON decodes a document written by the json format and checks it, as ReadJSONNamed does.
func ReadJSON(rd io.Reader) (*engine.Report, error) {
	return ReadJSONNamed(rd, "report")
}

// ReadJSONNamed decodes a document written by the json format, so that a saved report can be rendered
// again in another format, compared (vigil diff) or used as a baseline. It checks the schema version,
// then the document against JSONSchemaDocument: a document that is not a valid report returns a
// *docschema.Error naming name (the file) and the JSON pointer of each problem, since a result without
// a rule or resource id, or two results for one pair, would make a diff or a baseline wrong without a
// word. Numbers in evidence are kept as json.Number to re-encode unchanged.
func ReadJSONNamed(rd io.Reader, name string) (*engine.Report, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("read json report: %w", err)
	}
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, docschema.DecodeError("json report", data, err)
	}
	// Decoders keep the last of two equal keys silently: `"complete": false, "complete": true` would
	// turn an incomplete report into a complete one.
	var dup *jsondup.Error
	if errors.As(jsondup.Check(data), &dup) {
		return nil, &docschema.Error{Name: name, Problems: []docschema.Problem{{Pointer: dup.Pointer, Message: dup.Message()}}}
	}
	if m, ok := raw.(map[string]any); !ok || m["schema"] != JSONSchema {
		var found any
		if ok {
			found = m["schema"]
		}
		return nil, fmt.Errorf("unsupported report schema %s (want %q)", docschema.DescribeJSON(found), JSONSchema)
	}
	problems, err := reportProblems(raw)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &docschema.Error{Name: name, Problems: problems}
	}
	doc := jsonDocument{Report: &engine.Report{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode json report: %w", err)
	}
	inventory.CapIssues(doc.Report.Sources) // a saved report is input too
	return doc.Report, nil
}

// normalized returns a shallow copy of r with rules and results in canonical order and nil lists and maps
// replaced by empty ones. Nested values that are already non-nil are shared with r, never modified.
func normalized(r *engine.Report) *engine.Report {
	out := *r
	out.Sources = nonNil(out.Sources)
	out.Frameworks = nonNil(out.Frameworks)
	out.Rules = nonNil(sortedRules(r.Rules))
	for i := range out.Rules {
		rule := &out.Rules[i]
		rule.ResourceTypes = nonNil(rule.ResourceTypes)
		if rule.Controls == nil {
			rule.Controls = map[string][]string{}
		}
	}
	out.Results = nonNil(sortedResults(r.Results))
	for i := range out.Results {
		if out.Results[i].Controls == nil {
			out.Results[i].Controls = map[string][]string{}
		}
	}
	if out.Summary.ByStatus == nil {
		out.Summary.ByStatus = map[engine.Status]int{}
	}
	if out.Summary.FailedBySeverity == nil {
		out.Summary.FailedBySeverity = map[engine.Severity]int{}
	}
	out.Summary.Frameworks = nonNil(out.Summary.Frameworks)
	return &out
}

// nonNil returns s, or an empty slice when s is nil, so that it encodes as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
