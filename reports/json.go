package reports

import (
	"bufio"
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
	"github.com/vigil-audit/vigil/internal/parallel"
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
type jsonRenderer struct {
	filter func() func(*engine.Result) (*engine.Result, error)
}

func newJSON(opts Options) Renderer { return jsonRenderer{filter: opts.Filter} }

// Render writes r as one indented JSON document followed by a newline. Rules and results are sorted and
// empty lists and maps are written as [] and {}, never null, so the bytes depend only on the report's content.
//
// Results are streamed: the rest of the report is encoded whole with an empty result list, and the results
// are written into that list in canonical order (sorted by index, not copied), encoded in chunks on every
// core and written chunk by chunk, so a report of millions of results is never held a second time as a
// document.
func (j jsonRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	if err := writeJSONReport(ctx, w, r, j.filter); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// jsonResultsMarker is the report's empty result list as the indented encoder writes it: a top-level key,
// so on its own line at one level of indentation, where no string (newlines are escaped) can imitate it.
const jsonResultsMarker = "\n  \"results\": []"

// writeJSONReport writes r as the json format; filter, when not nil, makes each worker's Options.Filter.
func writeJSONReport(ctx context.Context, w io.Writer, r *engine.Report, filter func() func(*engine.Result) (*engine.Result, error)) error {
	head := normalizedHead(r)
	head.Results = []engine.Result{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonDocument{Schema: JSONSchema, Report: head}); err != nil {
		return err
	}
	doc := buf.Bytes()
	at := bytes.Index(doc, []byte(jsonResultsMarker))
	if at < 0 {
		return errors.New("results list not found in the encoded report")
	}
	at += len(jsonResultsMarker) - 1 // just before the closing bracket
	order := resultOrder(r.Results)
	if len(order) == 0 {
		_, err := w.Write(doc)
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(doc[:at])
	if _, err := writeJSONResults(ctx, bw, r, order, "    ", false, filter, func(res *engine.Result) any {
		return appendedResult{res}
	}); err != nil {
		return err
	}
	bw.WriteString("\n  ")
	bw.Write(doc[at:])
	return bw.Flush() // a bufio.Writer keeps its first error: Flush returns it
}

// appendedResult asks writeJSONResults to append the result with a resultEncoder.
type appendedResult struct{ res *engine.Result }

// resultChunk is how many results one worker encodes at a time: a few milliseconds of work, and with
// the chunks in flight (two per core) a few MiB of encoded results held at once, whatever the report's size.
const resultChunk = 2048

// writeJSONResults writes r's results in order as the items of an indented JSON list to bw: each on its
// own line after prefix (the encoder's prefix, so nested lines line up), items separated by commas.
// filter, when not nil, makes for each chunk the function that rewrites its results first
// (Options.Filter). value gives the value to encode for a result, or nil to leave the result out; an appendedResult is
// appended by a resultEncoder (HTML not escaped), the bytes encoding/json gives. Results are encoded in
// chunks on every core (parallel.Ordered) and written in order, so the bytes are those of one encoder
// writing them one by one. It reports whether any item was written.
func writeJSONResults(ctx context.Context, bw *bufio.Writer, r *engine.Report, order []int32, prefix string,
	escapeHTML bool, filter func() func(*engine.Result) (*engine.Result, error), value func(res *engine.Result) any) (bool, error) {
	sep := ",\n" + prefix
	encode := func(buf *bytes.Buffer, lo, hi int) error {
		enc := json.NewEncoder(buf)
		enc.SetIndent(prefix, "  ")
		enc.SetEscapeHTML(escapeHTML)
		var fast *resultEncoder
		var rewrite func(*engine.Result) (*engine.Result, error)
		if filter != nil {
			rewrite = filter()
		}
		for _, i := range order[lo:hi] {
			res := &r.Results[i]
			if rewrite != nil {
				var err error
				if res, err = rewrite(res); err != nil {
					return err
				}
			}
			v := value(res)
			if v == nil {
				continue
			}
			buf.WriteString(sep)
			if a, ok := v.(appendedResult); ok {
				if fast == nil {
					fast = newResultEncoder(prefix)
				}
				out, err := fast.appendResult(buf.AvailableBuffer(), a.res)
				if err == nil {
					buf.Write(out)
					continue
				}
				v = normalizedResult(*a.res) // encoding/json says what it refuses
			}
			if err := enc.Encode(v); err != nil {
				return fmt.Errorf("result %s on %s: %w", res.RuleID, res.ResourceID, err)
			}
			buf.Truncate(buf.Len() - 1) // Encode ends the value with a newline
		}
		return nil
	}
	wrote := false
	err := parallel.Ordered(ctx, len(order), resultChunk, encode, func(p []byte) error {
		if len(p) == 0 {
			return nil
		}
		if !wrote {
			p = p[1:] // the first item has no comma before it
			wrote = true
		}
		_, err := bw.Write(p)
		return err
	})
	return wrote, err
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
// replaced by empty ones. Nested values that are already non-nil are shared with r, never modified. It
// copies the result list: formats that write results one by one use normalizedHead, resultOrder and
// normalizedResult instead.
func normalized(r *engine.Report) *engine.Report {
	out := normalizedHead(r)
	order := resultOrder(r.Results)
	out.Results = make([]engine.Result, len(order))
	for n, i := range order {
		out.Results[n] = normalizedResult(r.Results[i])
	}
	return out
}

// normalizedHead is normalized without the results: it shares r's result list as it is.
func normalizedHead(r *engine.Report) *engine.Report {
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
	if out.Summary.ByStatus == nil {
		out.Summary.ByStatus = map[engine.Status]int{}
	}
	if out.Summary.FailedBySeverity == nil {
		out.Summary.FailedBySeverity = map[engine.Severity]int{}
	}
	out.Summary.Frameworks = nonNil(out.Summary.Frameworks)
	return &out
}

// normalizedResult is one result as normalized writes it: controls {} rather than null.
func normalizedResult(res engine.Result) engine.Result {
	if res.Controls == nil {
		res.Controls = map[string][]string{}
	}
	return res
}

// nonNil returns s, or an empty slice when s is nil, so that it encodes as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
