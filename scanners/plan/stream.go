package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/vigil-audit/vigil/internal/jsonany"
	"github.com/vigil-audit/vigil/internal/jsondup"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// errFallback makes decodeStream give up: the document is read again by decodeFull, which gives the
// located error (or reads a shape the stream does not take, such as keys in another case).
var errFallback = errors.New("plan: read the whole document")

// decodeStream decodes a plan the way decodeFull does, but one resource at a time: a json.Decoder over
// the whole document first copies all of it into its buffer, and a generic value of every section holds
// each resource three or four times (planned_values, the change's before and after, prior_state). The
// stream skips what the reader never uses: the changes' before, their after when planned_values has
// the resource, the managed resources of prior_state, and sections it does not know (resource_drift,
// output_changes, ...). It never holds the whole document: each resource (and each section it decodes
// whole) is checked for repeated keys on its own, and the objects it walks itself by their members.
// Anything unexpected returns an error, and the caller reads the document again with parseFull for its
// exact message.
//
// The stream only finds each value's bytes: checking them and decoding them is handed to a pipeline of
// workers, which gives the results back in document order (and the first error in document order).
func decodeStream(r io.Reader) (*planJSON, *string, error) {
	return decodeStreamBatch(r, batchTasks)
}

// decodeStreamBatch is decodeStream cutting batches at n tasks: tests take 1 to cross goroutines often.
func decodeStreamBatch(r io.Reader, n int) (*planJSON, *string, error) {
	s := &stream{rd: reader{r: r, buf: make([]byte, 64<<10)}, pipe: newPipeline(n)}
	defer s.pipe.close()
	doc, err := s.plan()
	if err == nil {
		// Only whitespace may follow the document.
		if _, perr := s.rd.peek(); perr != io.EOF {
			err = errFallback
		}
	}
	if err != nil {
		// A value read before the stream failed may hold an earlier error: that one is the document's.
		if perr := s.pipe.flush(); perr != nil {
			err = perr
		}
		return nil, nil, err
	}
	return doc, s.formatVersion, nil
}

type stream struct {
	rd   reader
	pipe *pipeline
	// open holds, for each object or array being walked, whether no element of it was read yet.
	open []bool
	// err is what ended a walk: more returns false and the next delim returns it.
	err error
	// planned holds the addresses of planned_values once read: the after of their changes is not kept.
	planned map[string]bool
	// afters holds the after of each change not (yet) known to be in planned_values.
	afters map[int]json.RawMessage
	// formatVersion is nil when the plan has none, or null.
	formatVersion *string
}

// topKeys are the members of a plan decodeStream reads; a member equal to one of them but for case
// (which encoding/json would read as it) goes to decodeFull.
var topKeys = []string{"format_version", "terraform_version", "variables", "planned_values", "prior_state",
	"resource_changes", "deferred_changes", "configuration", "errored", "complete", "values"}

func (s *stream) plan() (*planJSON, error) {
	if err := s.delim('{'); err != nil {
		return nil, err
	}
	doc := &planJSON{}
	seen := map[string]bool{}
	for s.more() {
		key, err := s.member(seen)
		if err != nil {
			return nil, err
		}
		switch key {
		case "format_version":
			if err = s.scalar(&s.formatVersion); err == nil && s.formatVersion != nil {
				doc.FormatVersion = *s.formatVersion
			}
		case "terraform_version":
			err = s.scalar(&doc.TerraformVersion)
		case "variables":
			err = s.decodeChecked(&doc.Variables)
		case "planned_values":
			if doc.PlannedValues, err = s.stateValues(); err == nil {
				err = s.pipe.flush()
			}
			if err == nil {
				s.planned = map[string]bool{}
				if doc.PlannedValues != nil {
					markPlanned(doc.PlannedValues.RootModule, 0, s.planned)
				}
			}
		case "prior_state":
			doc.PriorState, err = s.priorState()
		case "resource_changes":
			doc.ResourceChanges, err = s.changes()
		case "deferred_changes":
			err = s.decodeChecked(&doc.DeferredChanges)
		case "configuration":
			err = s.decodeChecked(&doc.Configuration)
		case "errored":
			err = s.scalar(&doc.Errored)
		case "complete":
			err = s.scalar(&doc.Complete)
		case "values":
			doc.Values, err = s.stateValues()
		default:
			for _, k := range topKeys {
				if strings.EqualFold(k, key) {
					return nil, errFallback
				}
			}
			err = s.skip()
		}
		if err != nil {
			return nil, err
		}
		// Each section is whole before the next is read: planned_values decides what resource_changes
		// keeps, and its result slices are complete only once taken.
		if err := s.pipe.flush(); err != nil {
			return nil, err
		}
	}
	if err := s.delim('}'); err != nil {
		return nil, err
	}
	// The after of a change whose resource planned_values does not list is its planned value.
	for i := range doc.ResourceChanges {
		raw, ok := s.afters[i]
		if !ok || (s.planned != nil && s.planned[doc.ResourceChanges[i].Address]) {
			continue
		}
		var after any
		if err := decodeNumbers(raw, &after); err != nil {
			return nil, err
		}
		doc.ResourceChanges[i].Change.After = after
	}
	return doc, nil
}

// markPlanned records the addresses of planned_values that build makes blocks of: it never reads the
// after of their changes. A resource build ignores (an address it cannot read, a mode it does not
// take, a module nested too deep) leaves build reading its change's after instead, which is kept.
func markPlanned(m *moduleValues, depth int, planned map[string]bool) {
	if m == nil || depth > maxModuleDepth {
		return
	}
	for i := range m.Resources {
		if _, _, problem := blockOf(&m.Resources[i]); problem == "" {
			planned[m.Resources[i].Address] = true
		}
	}
	for i := range m.ChildModules {
		markPlanned(&m.ChildModules[i], depth+1, planned)
	}
}

func decodeNumbers(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

// numberDecoder is decodeNumbers for one value after another: a json.Decoder of its own for each
// resource would grow a buffer from 512 bytes each time (a third of what the plan stage allocated).
// raw must hold one value and nothing after it, as the stream's values do.
type numberDecoder struct {
	src bytes.Reader
	dec *json.Decoder
	fed int64 // bytes given to dec
	// generic decodes a resource of planned_values at three times encoding/json's speed
	// (resourceValues).
	generic *jsonany.Decoder
}

// resourceValues reads a resource as d.decode(raw, rv) does, from the generic values jsonany decodes,
// and checks it for repeated keys on the way; ok is false for anything it does not read exactly as the
// typed decode would (not an object, a field of another type or in another case, a repeated key), which
// the caller then reads the usual way.
func (d *numberDecoder) resourceValues(raw []byte, rv *resourceValues) (ok bool) {
	if d.generic == nil {
		d.generic = jsonany.NewDecoder()
	}
	g, ok := d.generic.Decode(raw)
	m, isObject := g.(map[string]any)
	if !ok || !isObject || d.generic.RepeatedKey() {
		return false
	}
	var out resourceValues
	for k, v := range m {
		switch k {
		case "address":
			out.Address, ok = stringField(v)
		case "mode":
			out.Mode, ok = stringField(v)
		case "type":
			out.Type, ok = stringField(v)
		case "name":
			out.Name, ok = stringField(v)
		case "values":
			switch v := v.(type) {
			case nil:
			case map[string]any:
				out.Values = v
			default:
				ok = false
			}
		case "sensitive_values":
			out.SensitiveValues = v
		default:
			// encoding/json matches a field's name in any case: "Address" is read as address.
			ok = !slices.ContainsFunc(resourceFields, func(f string) bool { return strings.EqualFold(f, k) })
		}
		if !ok {
			return false
		}
	}
	*rv = out
	return true
}

// resourceFields are the JSON names of resourceValues' fields.
var resourceFields = []string{"address", "mode", "type", "name", "values", "sensitive_values"}

// stringField is a string field's value as the typed decode reads it: null leaves it empty.
func stringField(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	}
	return "", false
}

func (d *numberDecoder) decode(raw []byte, v any) error {
	if d.dec == nil {
		d.dec = json.NewDecoder(&d.src)
		d.dec.UseNumber()
		d.fed = 0
	}
	d.src.Reset(raw)
	d.fed += int64(len(raw))
	err := d.dec.Decode(v)
	// After an error, with bytes left over, or with a large buffer kept, the next value gets a new decoder.
	if err != nil || d.dec.InputOffset() != d.fed || len(raw) > 1<<20 {
		d.dec = nil
	}
	return err
}

// delim reads the delimiter want: '{' or '[' opens an object or array to walk with more, '}' or ']'
// closes it.
func (s *stream) delim(want byte) error {
	if s.err != nil {
		return s.err
	}
	c, err := s.rd.peek()
	if err != nil {
		return err
	}
	if c != want {
		return errFallback
	}
	s.rd.pos++
	switch want {
	case '{', '[':
		s.open = append(s.open, true)
	default:
		s.open = s.open[:len(s.open)-1]
	}
	return nil
}

// more reports whether the object or array being walked has another element, reading the comma
// before it. It returns false at the closing delimiter, which delim then reads, or on an error, which
// delim then returns.
func (s *stream) more() bool {
	if s.err != nil {
		return false
	}
	c, err := s.rd.peek()
	if err != nil {
		s.err = err
		return false
	}
	if c == '}' || c == ']' {
		return false
	}
	top := &s.open[len(s.open)-1]
	if *top {
		*top = false
		return true
	}
	if c != ',' {
		s.err = errFallback
		return false
	}
	s.rd.pos++
	return true
}

// key reads an object member's name and the colon after it.
func (s *stream) key() (string, error) {
	c, err := s.rd.peek()
	if err != nil {
		return "", err
	}
	if c != '"' {
		return "", errFallback
	}
	raw, err := s.rd.value()
	if err != nil {
		return "", err
	}
	k, err := unquote(raw)
	if err != nil {
		return "", err
	}
	if c, err = s.rd.peek(); err != nil {
		return "", err
	}
	if c != ':' {
		return "", errFallback
	}
	s.rd.pos++
	return k, nil
}

// unquote reads a JSON string as encoding/json does; most keys need no unescaping.
func unquote(raw []byte) (string, error) {
	if len(raw) < 2 || raw[len(raw)-1] != '"' {
		return "", errFallback
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c < 0x20 || c >= 0x80 || c == '\\' || c == '"' {
			var k string
			if json.Unmarshal(raw, &k) != nil {
				return "", errFallback
			}
			return k, nil
		}
	}
	return string(inner), nil
}

// member reads an object member's name; a name seen before in the object gives errFallback.
func (s *stream) member(seen map[string]bool) (string, error) {
	k, err := s.key()
	if err != nil {
		return "", err
	}
	if seen[k] {
		return "", errFallback
	}
	seen[k] = true
	return k, nil
}

// raw reads one value whole. An object or array is only delimited here: the task it goes to checks
// that it is JSON (decoding it does, or json.Valid) and has no repeated keys (checkKeys). A scalar is
// checked here: decoding one stops at its end, and would take "nullx" for null.
func (s *stream) raw() (json.RawMessage, error) {
	raw, err := s.rd.value()
	if err != nil {
		return nil, err
	}
	if raw[0] != '{' && raw[0] != '[' && !json.Valid(raw) {
		return nil, errFallback
	}
	return raw, nil
}

// scalar decodes the next value into v on the stream's goroutine: v is a string, a bool or a pointer
// to one of them, which the stream reads at once.
func (s *stream) scalar(v any) error {
	raw, err := s.rd.value()
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// checkKeys checks a value read by raw for repeated keys, as the whole document would be.
func checkKeys(raw []byte) error {
	if jsondup.Check(raw) != nil {
		return errFallback
	}
	return nil
}

// decodeChecked decodes one value into v, numbers as json.Number, after checking it for repeated keys;
// v is set once the pipeline is flushed.
func (s *stream) decodeChecked(v any) error {
	raw, err := s.raw()
	if err != nil {
		return err
	}
	return s.pipe.add(&decodeTask{raw: raw, v: v}, len(raw))
}

type decodeTask struct {
	raw json.RawMessage
	v   any
}

func (t *decodeTask) work(d *numberDecoder) error {
	raw := t.raw
	t.raw = nil
	if err := checkKeys(raw); err != nil {
		return err
	}
	return d.decode(raw, t.v)
}

func (t *decodeTask) take() error { return nil }

// skip reads past one value, checking it for repeated keys as the whole document would be.
func (s *stream) skip() error {
	raw, err := s.raw()
	if err != nil {
		return err
	}
	return s.pipe.add(skipTask(raw), len(raw))
}

type skipTask json.RawMessage

func (t skipTask) work(*numberDecoder) error {
	if !json.Valid(t) {
		return errFallback
	}
	return checkKeys(t)
}
func (skipTask) take() error { return nil }

// openOrNull reads the start of an object, or null (false).
func (s *stream) openOrNull() (bool, error) { return s.openOr('{') }

// openArrayOrNull reads the start of an array, or null (false).
func (s *stream) openArrayOrNull() (bool, error) { return s.openOr('[') }

func (s *stream) openOr(delim byte) (bool, error) {
	c, err := s.rd.peek()
	if err != nil {
		return false, err
	}
	if c == delim {
		return true, s.delim(delim)
	}
	raw, err := s.rd.value()
	if err != nil {
		return false, err
	}
	if string(raw) != "null" {
		return false, errFallback
	}
	return false, nil
}

// stateValues reads planned_values or a state's values.
func (s *stream) stateValues() (*stateValues, error) {
	open, err := s.openOrNull()
	if err != nil || !open {
		return nil, err
	}
	sv := &stateValues{}
	seen := map[string]bool{}
	for s.more() {
		key, err := s.member(seen)
		if err != nil {
			return nil, err
		}
		switch {
		case key == "root_module":
			sv.RootModule, err = s.module(0, nil)
		case strings.EqualFold(key, "root_module"):
			return nil, errFallback
		default:
			err = s.skip()
		}
		if err != nil {
			return nil, err
		}
	}
	return sv, s.delim('}')
}

// priorState reads prior_state, keeping only its data sources (the reader takes nothing else from it).
func (s *stream) priorState() (*stateJSON, error) {
	open, err := s.openOrNull()
	if err != nil || !open {
		return nil, err
	}
	st := &stateJSON{}
	seen := map[string]bool{}
	for s.more() {
		key, err := s.member(seen)
		if err != nil {
			return nil, err
		}
		switch {
		case key == "values":
			st.Values, err = s.priorValues()
		case strings.EqualFold(key, "values"):
			return nil, errFallback
		default:
			err = s.skip()
		}
		if err != nil {
			return nil, err
		}
	}
	return st, s.delim('}')
}

func (s *stream) priorValues() (*stateValues, error) {
	open, err := s.openOrNull()
	if err != nil || !open {
		return nil, err
	}
	sv := &stateValues{}
	dataOnly := func(r *lazyResource) bool { return r.Mode == iac.ModeData }
	seen := map[string]bool{}
	for s.more() {
		key, err := s.member(seen)
		if err != nil {
			return nil, err
		}
		switch {
		case key == "root_module":
			sv.RootModule, err = s.module(0, dataOnly)
		case strings.EqualFold(key, "root_module"):
			return nil, errFallback
		default:
			err = s.skip()
		}
		if err != nil {
			return nil, err
		}
	}
	return sv, s.delim('}')
}

// lazyResource is a resource of prior_state before the decision to keep it.
type lazyResource struct {
	Address         string          `json:"address"`
	Mode            string          `json:"mode"`
	Type            string          `json:"type"`
	Name            string          `json:"name"`
	Values          json.RawMessage `json:"values"`
	SensitiveValues any             `json:"sensitive_values"`
}

// module reads one module of planned_values or prior_state, its resources one at a time. keep, when
// set, selects the resources kept (prior_state); the others are checked for shape only.
func (s *stream) module(depth int, keep func(*lazyResource) bool) (*moduleValues, error) {
	if depth > maxModuleDepth+1 {
		return nil, errFallback // build reports the depth; decodeFull reads what is past it
	}
	open, err := s.openOrNull()
	if err != nil || !open {
		return nil, err
	}
	m := &moduleValues{}
	seen := map[string]bool{}
	for s.more() {
		key, err := s.member(seen)
		if err != nil {
			return nil, err
		}
		switch key {
		case "address":
			err = s.scalar(&m.Address)
		case "resources":
			err = s.resources(m, keep)
		case "child_modules":
			err = s.childModules(m, depth, keep)
		default:
			if strings.EqualFold(key, "address") || strings.EqualFold(key, "resources") || strings.EqualFold(key, "child_modules") {
				return nil, errFallback
			}
			err = s.skip()
		}
		if err != nil {
			return nil, err
		}
	}
	return m, s.delim('}')
}

func (s *stream) resources(m *moduleValues, keep func(*lazyResource) bool) error {
	open, err := s.openArrayOrNull()
	if err != nil || !open {
		m.Resources = nil
		return err
	}
	m.Resources = m.Resources[:0]
	for s.more() {
		raw, err := s.raw()
		if err != nil {
			return err
		}
		if err := s.pipe.add(&resourceTask{raw: raw, keep: keep, m: m}, len(raw)); err != nil {
			return err
		}
	}
	return s.delim(']')
}

// resourceTask decodes one resource of a module; its take appends it to the module when kept.
type resourceTask struct {
	raw  json.RawMessage
	keep func(*lazyResource) bool
	m    *moduleValues
	rv   resourceValues
	kept bool
}

func (t *resourceTask) work(d *numberDecoder) error {
	raw := t.raw
	t.raw = nil
	if t.keep == nil && d.resourceValues(raw, &t.rv) {
		t.rv.SensitiveValues = compactPaths(t.rv.SensitiveValues)
		t.kept = true
		return nil
	}
	if err := checkKeys(raw); err != nil {
		return err
	}
	if t.keep == nil {
		if err := d.decode(raw, &t.rv); err != nil {
			return err
		}
		t.rv.SensitiveValues = compactPaths(t.rv.SensitiveValues)
		t.kept = true
		return nil
	}
	var lr lazyResource
	if err := d.decode(raw, &lr); err != nil {
		return err
	}
	// decodeFull decodes values into a map: anything but an object or null is its error.
	if v := bytes.TrimSpace(lr.Values); len(v) > 0 && v[0] != '{' && !bytes.Equal(v, []byte("null")) {
		return errFallback
	}
	if !t.keep(&lr) {
		return nil
	}
	t.rv = resourceValues{Address: lr.Address, Mode: lr.Mode, Type: lr.Type, Name: lr.Name, SensitiveValues: compactPaths(lr.SensitiveValues)}
	if len(lr.Values) > 0 {
		if err := d.decode(lr.Values, &t.rv.Values); err != nil {
			return err
		}
	}
	t.kept = true
	return nil
}

func (t *resourceTask) take() error {
	if t.kept {
		t.m.Resources = append(t.m.Resources, t.rv)
	}
	return nil
}

func (s *stream) childModules(m *moduleValues, depth int, keep func(*lazyResource) bool) error {
	open, err := s.openArrayOrNull()
	if err != nil || !open {
		m.ChildModules = nil
		return err
	}
	m.ChildModules = m.ChildModules[:0]
	for s.more() {
		child, err := s.module(depth+1, keep)
		if err != nil {
			return err
		}
		if child == nil {
			child = &moduleValues{} // a null element: decodeFull's zero module
		}
		// The child is copied once its resources (taken in order, before this) are in it.
		err = s.pipe.then(func() error {
			m.ChildModules = append(m.ChildModules, *child)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.delim(']')
}

// lazyChange is a resource change as read from the stream: its before is not decoded, its after kept
// raw until planned_values tells whether it is needed.
type lazyChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Change        struct {
		Actions        []string        `json:"actions"`
		After          json.RawMessage `json:"after"`
		AfterUnknown   any             `json:"after_unknown"`
		AfterSensitive any             `json:"after_sensitive"`
	} `json:"change"`
}

// changes reads resource_changes; the slice is complete once the pipeline is flushed.
func (s *stream) changes() ([]resourceChange, error) {
	open, err := s.openArrayOrNull()
	if err != nil || !open {
		return nil, err
	}
	out := []resourceChange{}
	for s.more() {
		raw, err := s.raw()
		if err != nil {
			return nil, err
		}
		if err := s.pipe.add(&changeTask{raw: raw, s: s, out: &out}, len(raw)); err != nil {
			return nil, err
		}
	}
	if err := s.delim(']'); err != nil {
		return nil, err
	}
	if err := s.pipe.flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// changeTask decodes one resource change; its take appends it, keeping its after when planned_values
// (as read so far) does not list the resource.
type changeTask struct {
	raw   json.RawMessage
	s     *stream
	out   *[]resourceChange
	rc    resourceChange
	after json.RawMessage
}

func (t *changeTask) work(d *numberDecoder) error {
	raw := t.raw
	t.raw = nil
	if err := checkKeys(raw); err != nil {
		return err
	}
	var lc lazyChange
	if err := d.decode(raw, &lc); err != nil {
		return err
	}
	t.rc = resourceChange{Address: lc.Address, ModuleAddress: lc.ModuleAddress, Mode: lc.Mode, Type: lc.Type, Name: lc.Name,
		Change: change{Actions: lc.Change.Actions, AfterUnknown: compactPaths(lc.Change.AfterUnknown),
			AfterSensitive: compactPaths(lc.Change.AfterSensitive)}}
	t.after = lc.Change.After
	return nil
}

func (t *changeTask) take() error {
	s := t.s
	if len(t.after) > 0 && (s.planned == nil || !s.planned[t.rc.Address]) {
		if s.afters == nil {
			s.afters = map[int]json.RawMessage{}
		}
		s.afters[len(*t.out)] = t.after
	}
	*t.out = append(*t.out, t.rc)
	return nil
}
