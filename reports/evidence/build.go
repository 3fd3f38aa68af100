package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/parallel"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/reports"
)

// ReportFormats are the report formats every pack holds, rendered through reports.New. This is the one
// list: adding a format here adds it to every pack and to the manifest's reports.
var ReportFormats = []string{"json", "sarif", "markdown", "csv", "oscal", "html"}

// reportExtensions name a format's file in the pack; a format not listed gets its own name.
var reportExtensions = map[string]string{
	"json": "json", "sarif": "sarif", "markdown": "md", "html": "html", "csv": "csv", "oscal": "oscal.json",
	"junit": "junit.xml",
}

// Paths of the pack's fixed files.
const (
	InventoryFile = "inventory.json"
	WaiversFile   = "waivers.json"
	DRFile        = "dr-posture.json"
	SoAFile       = "statement-of-applicability-iso27001-2022.csv"
	// JSONReportFile is the json format's report, the one a later pack reads back for its trend.
	JSONReportFile = "reports/report.json"
)

// Run is what one `vigil evidence` run gathered, before anything is redacted or rendered.
type Run struct {
	Report    *engine.Report
	Inventory *inventory.Inventory
	// DR is the DR posture when vigil.hcl declares objectives, nil otherwise.
	DR           *dr.Posture
	Catalogs     map[string]*engine.Catalog
	VigilVersion string
	StartedAt    time.Time
	FinishedAt   time.Time
	RuleSet      RuleSet
	Config       *Input
	Inputs       []Input
	// Variables are the Terraform variables set outside the files (names and sources only).
	Variables []Variable
	Previous  *Previous
	// PreviousReport is the previous pack's JSON report, when chained: the HTML report shows the trend
	// against it.
	PreviousReport *engine.Report
	// Incomplete says why the results do not stand for every input (empty when they do).
	Incomplete []string
}

// File is one file of a pack.
type File struct {
	Path string
	Data []byte
}

// Pack is a built evidence pack: its files (manifest.json and, once signed, manifest.sig included),
// sorted by path, and the manifest they were hashed into.
type Pack struct {
	Files    []File
	Manifest *Manifest
}

// Build redacts the run's inventory and report, renders every file of the pack and writes the manifest
// over them. The same run always gives the same bytes.
func Build(ctx context.Context, run Run) (*Pack, error) {
	if run.Report == nil || run.Inventory == nil {
		return nil, fmt.Errorf("build evidence pack: no report or inventory")
	}
	rep, err := RedactReport(run.Report)
	if err != nil {
		return nil, err
	}
	if rep.GeneratedAt == nil {
		// A pack is evidence as of its run: every report in it carries the start (OSCAL requires a time,
		// and stamping the rendering time would make two builds of one run differ).
		shallow := *rep
		at := run.StartedAt.UTC()
		shallow.GeneratedAt = &at
		rep = &shallow
	}
	var files []File
	add := func(path string, v any) error {
		data, err := marshalRedacted(v)
		if err != nil {
			return fmt.Errorf("build %s: %w", path, err)
		}
		files = append(files, File{Path: path, Data: data})
		return nil
	}
	var invJSON bytes.Buffer
	if err := run.Inventory.Write(&invJSON); err != nil {
		return nil, fmt.Errorf("build %s: %w", InventoryFile, err)
	}
	if err := add(InventoryFile, json.RawMessage(invJSON.Bytes())); err != nil {
		return nil, err
	}
	waivers := rep.Waivers
	if waivers == nil {
		waivers = []engine.WaiverStatus{}
	}
	if err := add(WaiversFile, waivers); err != nil {
		return nil, err
	}
	if run.DR != nil {
		if err := add(DRFile, run.DR); err != nil {
			return nil, err
		}
	}
	for _, fw := range rep.Frameworks {
		cat, ok := run.Catalogs[fw]
		if !ok {
			return nil, fmt.Errorf("build evidence pack: no catalog for framework %q", fw)
		}
		fe := frameworkEvidence(rep, cat)
		if err := add("controls/"+fw+".json", fe); err != nil {
			return nil, err
		}
		if fw == engine.FrameworkISO27001 {
			var soa bytes.Buffer
			if err := reports.WriteSoACSV(&soa, reports.StatementOfApplicability(rep, cat)); err != nil {
				return nil, err
			}
			files = append(files, File{Path: SoAFile, Data: soa.Bytes()})
		}
	}
	var reportFiles []ReportFile
	for _, name := range ReportFormats {
		r, err := reports.New(name, reports.Options{Verbose: true, Previous: run.PreviousReport})
		if err != nil {
			return nil, fmt.Errorf("build evidence pack: %w", err)
		}
		var buf bytes.Buffer
		if err := r.Render(ctx, &buf, rep); err != nil {
			return nil, fmt.Errorf("render %s report: %w", name, err)
		}
		ext := reportExtensions[name]
		if ext == "" {
			ext = name
		}
		path := "reports/report." + ext
		files = append(files, File{Path: path, Data: buf.Bytes()})
		reportFiles = append(reportFiles, ReportFile{Format: name, Path: path})
	}

	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	m := &Manifest{
		Schema: ManifestSchema, VigilVersion: run.VigilVersion,
		StartedAt: run.StartedAt.UTC(), FinishedAt: run.FinishedAt.UTC(),
		Frameworks: nonNil(rep.Frameworks), Complete: rep.Complete && len(run.Incomplete) == 0,
		Incomplete: run.Incomplete, RuleSet: run.RuleSet, Config: run.Config, Inputs: nonNil(run.Inputs),
		Variables: run.Variables,
		Previous:  run.Previous, Reports: reportFiles,
	}
	for _, f := range files {
		m.Files = append(m.Files, FileDigest{Path: f.Path, SHA256: SHA256Hex(f.Data), Size: int64(len(f.Data))})
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("build %s: %w", ManifestFile, err)
	}
	files = append(files, File{Path: ManifestFile, Data: append(raw, '\n')})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return &Pack{Files: files, Manifest: m}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ManifestBytes returns the pack's manifest.json.
func (p *Pack) ManifestBytes() []byte {
	for _, f := range p.Files {
		if f.Path == ManifestFile {
			return f.Data
		}
	}
	return nil
}

// RedactReport returns rep with secret-like values removed, by way of its JSON form (the form `vigil report`
// reads back), so every renderer sees only what Redact left. The pack's reports and every report
// `vigil scan` and `vigil report` write go through it.
//
// A report may hold millions of results, so it is redacted in parts: the report without its results, then
// each result on its own, in chunks on every core (resultNeedsJSON skips the JSON round trip for the many results that cannot
// hold a secret). When nothing in rep is secret-like, the common case, rep itself is returned (read it,
// do not change it). Otherwise the copy shares every unchanged part with rep: the result list is copied
// (values only, their strings, maps and evidence shared) only when a result had to change.
func RedactReport(rep *engine.Report) (*engine.Report, error) {
	out, err := RedactHead(rep)
	if err != nil {
		return nil, err
	}
	// Results are redacted in chunks on every core. The copy of rep.Results is made once, by the first
	// chunk to change a result; chunks then write only their own results into it.
	var (
		copyOnce sync.Once
		results  []engine.Result
	)
	err = parallel.Each(len(rep.Results), redactChunk, func(lo, hi int) error {
		redact := ResultRedactor()
		for i := lo; i < hi; i++ {
			red, err := redact(&rep.Results[i])
			if err != nil {
				return err
			}
			if red != &rep.Results[i] {
				copyOnce.Do(func() { results = slices.Clone(rep.Results) })
				results[i] = *red
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if results == nil {
		return out, nil
	}
	if out == rep {
		cp := *rep
		out = &cp
	}
	out.Results = results
	return out, nil
}

// RedactHead returns rep with everything but its results redacted as RedactReport does, and rep's
// results unredacted: for a writer that redacts each result as it writes it (ResultRedactor). When
// nothing in the head is secret-like, rep itself is returned.
func RedactHead(rep *engine.Report) (*engine.Report, error) {
	head := *rep
	head.Results = nil
	red, changed, err := redactedJSON(&head)
	if err != nil {
		return nil, fmt.Errorf("redact report: %w", err)
	}
	if !changed {
		return rep, nil
	}
	var cleaned engine.Report
	if err := decodeRedacted(red, &cleaned); err != nil {
		return nil, fmt.Errorf("redact report: %w", err)
	}
	cleaned.Results = rep.Results
	return &cleaned, nil
}

// RedactsOrder reports whether redacting rep's results could change a field a report orders them by:
// the rule id, the resource id, the location's file. (The fields after them never decide: a report has
// one result per rule and resource.) A writer that redacts the results as it writes them orders them
// before, so it must not be used then: RedactReport first.
func RedactsOrder(rep *engine.Report) bool {
	var changes atomic.Bool
	_ = parallel.Each(len(rep.Results), redactChunk, func(lo, hi int) error {
		for i := lo; i < hi && !changes.Load(); i++ {
			res := &rep.Results[i]
			file := res.Where().File
			if RedactString(res.RuleID) != res.RuleID || RedactString(res.ResourceID) != res.ResourceID || RedactString(file) != file {
				changes.Store(true)
			}
		}
		return nil
	})
	return changes.Load()
}

// ResultRedactor returns a function that redacts one result as RedactReport does: the result itself
// when nothing in it is secret-like (resultNeedsJSON), else a redacted copy. It remembers the fields
// of the last rule it found clean (ruleFields), so it is for one goroutine.
func ResultRedactor() func(*engine.Result) (*engine.Result, error) {
	var seen ruleFields
	return func(res *engine.Result) (*engine.Result, error) {
		if !resultNeedsJSON(res, &seen) {
			return res, nil
		}
		red, changed, err := redactedJSON(res)
		if err != nil {
			return nil, fmt.Errorf("redact report: result %s on %s: %w", res.RuleID, res.ResourceID, err)
		}
		if !changed {
			return res, nil
		}
		var out engine.Result
		if err := decodeRedacted(red, &out); err != nil {
			return nil, fmt.Errorf("redact report: result %s on %s: %w", res.RuleID, res.ResourceID, err)
		}
		return &out, nil
	}
}

// redactChunk is how many results one worker redacts at a time: milliseconds of work, so that the
// cores share the report evenly.
const redactChunk = 4096

// decodeRedacted decodes a redacted JSON value into v, numbers kept as json.Number.
func decodeRedacted(red any, v any) error {
	raw, err := encodeJSON(red, "")
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

// resultNeedsJSON reports whether Redact could change res's JSON form, without building it: false only
// when no string of res (its fixed fields, whose JSON names are not secret-like, then its controls, missing
// paths and evidence) is one that redact would change. Anything it cannot tell cheaply (a waiver, an
// evidence value of a type JSON decoding does not give) answers true, so the JSON round trip decides.
//
// seen, when not nil, remembers the rule's fields of the last result found clean, which the results of
// the same rule share (see ruleFields).
func resultNeedsJSON(res *engine.Result, seen *ruleFields) bool {
	if res.Waiver != nil {
		return true
	}
	if seen == nil || !seen.same(res) {
		if ruleFieldsChange(res) {
			return true
		}
		if seen != nil {
			seen.remember(res)
		}
	}
	loc := res.Where()
	for _, s := range [...]string{string(res.Status), res.ResourceID, res.ResourceType, res.ResourceName, res.Message,
		res.Fingerprint, string(res.OriginalStatus), res.Baseline, loc.Kind, loc.File, loc.Address, loc.API} {
		if RedactString(s) != s {
			return true
		}
	}
	for _, list := range [][]string{loc.Related, res.Missing} {
		for _, s := range list {
			if RedactString(s) != s {
				return true
			}
		}
	}
	return res.Evidence != nil && valueMayChange(map[string]any(res.Evidence), false)
}

// ruleFieldsChange reports whether redaction could change the fields a result takes from its rule.
func ruleFieldsChange(res *engine.Result) bool {
	for _, s := range [...]string{res.RuleID, res.RuleTitle, string(res.Severity)} {
		if RedactString(s) != s {
			return true
		}
	}
	for fw, ids := range res.Controls {
		if RedactString(fw) != fw || SecretKeyName(fw) {
			return true
		}
		for _, id := range ids {
			if RedactString(id) != id {
				return true
			}
		}
	}
	return false
}

// ruleFields holds the fields a result takes from its rule (id, title, severity, controls) as last
// found clean. An engine report's results of one rule are consecutive and share them (the same strings,
// which compare at the cost of their pointers, and the same controls map), so a worker checks them once
// per rule rather than once per result: seven frameworks and their ids, for each of 500,000
// results of a 100,000-resource inventory. A result with other controls, even equal ones, is checked in full.
type ruleFields struct {
	id, title, severity string
	controls            map[string][]string
	valid               bool
}

func (f *ruleFields) same(res *engine.Result) bool {
	return f.valid && res.RuleID == f.id && res.RuleTitle == f.title && string(res.Severity) == f.severity &&
		reflect.ValueOf(res.Controls).Pointer() == reflect.ValueOf(f.controls).Pointer()
}

func (f *ruleFields) remember(res *engine.Result) {
	*f = ruleFields{id: res.RuleID, title: res.RuleTitle, severity: string(res.Severity), controls: res.Controls, valid: true}
}

// valueMayChange mirrors redact on a value decoded from JSON without copying it: whether redact would
// change it. A type that JSON decoding does not produce answers true.
func valueMayChange(v any, secretKey bool) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if RedactString(k) != k || valueMayChange(val, SecretKeyName(k)) {
				return true
			}
		}
		if k, ok := x["key"].(string); ok && SecretKeyName(k) {
			if v, ok := x["value"].(string); ok && v != Redacted {
				return true
			}
		}
		return false
	case []any:
		for _, val := range x {
			if valueMayChange(val, secretKey) {
				return true
			}
		}
		return false
	case string:
		return (secretKey && x != "" && x != Redacted) || RedactString(x) != x
	case nil, bool, float64, json.Number:
		return false
	default:
		return true
	}
}

// marshalRedacted encodes v as indented JSON after Redact.
func marshalRedacted(v any) ([]byte, error) {
	red, _, err := redactedJSON(v)
	if err != nil {
		return nil, err
	}
	return encodeJSON(red, "  ")
}

// redactedJSON returns v's JSON form, decoded, after Redact, and whether Redact changed anything.
func redactedJSON(v any) (any, bool, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, false, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, false, err
	}
	red, changed := redact(generic, false)
	return red, changed, nil
}

// encodeJSON writes v as JSON, indented by indent (none when empty), HTML characters as they are.
func encodeJSON(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
