package plan

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/bench/gen/plangen"
)

// streamSeeds are plans whose shape makes the stream take another path than the whole-document decoder.
var streamSeeds = []string{
	// resource_changes before planned_values: the after of every change is kept until planned_values is read.
	`{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","change":{"actions":["create"],"before":{"x":1},"after":{"bucket":"a","n":3},"after_unknown":{"id":true}}},{"address":"aws_s3_bucket.b","change":{"actions":["create"],"after":{"bucket":"b","tags":{"k":null}}}}],"planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","values":{"bucket":"a","n":3}}]}}}`,
	// prior_state: data sources kept, managed resources dropped; a managed resource's values of the wrong type.
	`{"format_version":"1.1","planned_values":{"root_module":{}},"prior_state":{"values":{"root_module":{"resources":[{"address":"data.aws_caller_identity.c","mode":"data","type":"aws_caller_identity","name":"c","values":{"account_id":"1"}},{"address":"aws_s3_bucket.x","mode":"managed","values":{"bucket":"x"}}],"child_modules":[{"address":"module.m","resources":[{"address":"module.m.data.aws_region.r","mode":"data","values":{"name":"eu-west-1"}}]}]}}}}`,
	`{"format_version":"1.1","planned_values":{"root_module":{}},"prior_state":{"values":{"root_module":{"resources":[{"address":"aws_s3_bucket.x","mode":"managed","values":"not an object"}]}}}}`,
	// keys in another case, which encoding/json reads as the field.
	`{"format_version":"1.2","Planned_Values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","values":{"bucket":"a"}}]}}}`,
	`{"format_version":"1.2","planned_values":{"ROOT_MODULE":{"Resources":[{"address":"aws_s3_bucket.a","values":{"bucket":"a"}}]}}}`,
	// a planned resource's fields as the typed decode reads them: null, of another type, in another case,
	// unknown fields (the generic fast path of resourceValues gives way to it for all but the first).
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":null,"values":null,"sensitive_values":{"bucket":true},"extra":[1,{"x":null}]}]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":5,"values":{"bucket":"a"}}]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","values":5}]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","TYPE":"aws_s3_bucket","values":{"bucket":"a"}}]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","ADDRESS":"aws_s3_bucket.b","values":{"bucket":"a"}}]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"addreſs":"aws_s3_bucket.a","values":{"bucket":"a"}}]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[null,{"address":"aws_s3_bucket.a","values":{"bucket":"a\ud800","n":1.50}}]}}}`,
	// nulls, trailing data, a state, unknown sections, a null format_version.
	`{"format_version":"1.2","planned_values":null,"resource_changes":null,"prior_state":null,"configuration":null}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":null,"child_modules":[null]}}} {}`,
	`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","values":{"bucket":"a"}}]}}}`,
	`{"format_version":"1.2","resource_drift":[{"address":"aws_s3_bucket.a","change":{}}],"output_changes":{"o":{}},"resource_changes":[]}`,
	`{"format_version":null,"resource_changes":[]}`,
	`{"format_version":"1.2","resource_changes":[],"format_version":"1.2"}`,
	`{"format_version":"1.2","resource_changes":"no"}`,
	// planned_values lists a resource build ignores (its mode): build reads the change's after instead.
	`{"format_version":"1.0","resource_changes":[{"Address":"aws_s3_bucket.a","ChAnge":{"After":{"0":{}}}}],"planned_values":{"root_module":{"resources":[{"Address":"aws_s3_bucket.a","mode":"0"}]}}}`,
	// ... or a module nested past maxModuleDepth, which build does not read.
	`{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","change":{"actions":["create"],"after":{"bucket":"a"}}}],"planned_values":{"root_module":` +
		strings.Repeat(`{"child_modules":[`, maxModuleDepth+1) + `{"resources":[{"address":"aws_s3_bucket.a","values":{"bucket":"b"}}]}` +
		strings.Repeat(`]}`, maxModuleDepth+1) + `}}`,
}

// FuzzStreamMatchesFull checks that reading a plan as a stream gives what decoding it whole gives: the
// same result, or the same error.
func FuzzStreamMatchesFull(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(src)
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	addStreamSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		// parse may change nothing in data, but each reader gets its own copy to be sure.
		streamed, errStream := parse("fuzz.json", bytes.Clone(data))
		whole, errWhole := parseFull("fuzz.json", bytes.Clone(data))
		if errWhole != nil {
			require.Error(t, errStream)
			require.Equal(t, errWhole.Error(), errStream.Error())
			return
		}
		require.NoError(t, errStream)
		require.Equal(t, whole, streamed)
	})
}

// requireSameStream checks that the stream gives the same plan, or the same error, whether its
// pipeline hands each value to a worker on its own or batches them.
func requireSameStream(t *testing.T, data []byte) {
	t.Helper()
	doc, version, err := decodeStream(bytes.NewReader(data))
	doc1, version1, err1 := decodeStreamBatch(bytes.NewReader(data), 1)
	if err != nil {
		// The same error, but for the offset a json.SyntaxError counts from the start of what a
		// worker's decoder read (which values a worker gets depends on the batches).
		require.Error(t, err1)
		require.Equal(t, err.Error(), err1.Error())
		return
	}
	require.NoError(t, err1)
	// The documents differ in the order of their paths (read from maps); what is built from them may not.
	res, err := finish("plan.json", doc, version)
	res1, err1 := finish("plan.json", doc1, version1)
	require.Equal(t, err, err1)
	require.Equal(t, res, res1)
}

// FuzzStreamBatches: the order in which workers finish never shows in what the stream returns.
func FuzzStreamBatches(f *testing.F) {
	addStreamSeeds(f)
	f.Fuzz(requireSameStream)
}

// addStreamSeeds adds streamSeeds and a small generated plan to a fuzz target's corpus.
func addStreamSeeds(f *testing.F) {
	for _, s := range streamSeeds {
		f.Add([]byte(s))
	}
	var generated bytes.Buffer
	if err := plangen.Write(&generated, 40, 3); err != nil {
		f.Fatal(err)
	}
	f.Add(generated.Bytes())
}

// TestStreamMatchesFullOnLargePlan reads a plan of a few thousand resources, many batches of them in
// flight at once, both ways and with every batch size.
func TestStreamMatchesFullOnLargePlan(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, plangen.Write(&buf, 2000, 7))
	data := buf.Bytes()
	requireSameStream(t, data)
	streamed, err := parse("plan.json", bytes.Clone(data))
	require.NoError(t, err)
	whole, err := parseFull("plan.json", data)
	require.NoError(t, err)
	require.Equal(t, whole, streamed)
	require.Len(t, streamed.Blocks, 2000)

	// A repeated key in a resource (found by a worker) comes before a syntax error further on (found by
	// the stream): the error is the first in document order, as when the stream checked each value itself.
	broken := bytes.Clone(data)
	at := len(data) / 2
	i := at + bytes.Index(broken[at:], []byte(`"mode":`))
	copy(broken[i:], `"name":`)
	at = i + 2000 // a few resources on, in the same batch or the next
	i = at + bytes.Index(broken[at:], []byte(`"address":`))
	copy(broken[i:], `"address"!`)
	requireSameStream(t, broken)
	_, _, err = decodeStream(bytes.NewReader(broken))
	require.ErrorIs(t, err, errFallback)
	_, err = parse("plan.json", broken)
	require.ErrorIs(t, err, ErrMalformed)
}

// TestStreamMatchesFullOnGeneratedPlan reads a generated plan of every resource type the generator
// writes both ways.
func TestStreamMatchesFullOnGeneratedPlan(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, plangen.Write(&buf, 2*plangen.PerApp+5, 1))
	var streamed *Result
	_, _, err := decodeStream(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err, "the stream reads a plan as Terraform writes it without falling back")
	streamed, err = parse("plan.json", bytes.Clone(buf.Bytes()))
	require.NoError(t, err)
	whole, err := parseFull("plan.json", buf.Bytes())
	require.NoError(t, err)
	require.Equal(t, whole, streamed)
	require.Len(t, streamed.Blocks, 2*plangen.PerApp+5)
	require.Empty(t, streamed.Issues)
}

// TestStreamChecksRepeatedKeys: the stream never holds the whole document, so it checks repeated keys
// where it reads: in the objects it walks and in each value it decodes; parse then reports them as before.
// TestStreamKeepsAfterOfIgnoredPlanned: a change's after is dropped only when build makes a block of its
// resource from planned_values; the fuzzer found the stream dropping it for a resource build ignores.
func TestStreamKeepsAfterOfIgnoredPlanned(t *testing.T) {
	for _, doc := range streamSeeds[len(streamSeeds)-2:] {
		streamed, err := parse("plan.json", []byte(doc))
		require.NoError(t, err)
		whole, err := parseFull("plan.json", []byte(doc))
		require.NoError(t, err)
		require.Equal(t, whole, streamed)
		require.Len(t, streamed.Blocks, 1)
	}
}

func TestStreamChecksRepeatedKeys(t *testing.T) {
	for name, doc := range map[string]string{
		"top level":        `{"format_version":"1.2","resource_changes":[],"resource_changes":[]}`,
		"in a module":      `{"format_version":"1.2","planned_values":{"root_module":{"resources":[],"resources":[]}}}`,
		"in a resource":    `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","values":{"bucket":"a","bucket":"b"}}]}}}`,
		"in a change":      `{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","change":{"actions":["create"],"before":{"x":1,"x":2}}}]}`,
		"in a skipped one": `{"format_version":"1.2","resource_changes":[],"resource_drift":[{"a":1,"a":1}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := decodeStream(strings.NewReader(doc))
			require.ErrorIs(t, err, errFallback)
			_, err = parse("plan.json", []byte(doc))
			require.ErrorIs(t, err, ErrMalformed)
			require.Contains(t, err.Error(), "plan.json:1:")
		})
	}
}

// TestLoadStreamsAsParseReads: Load streams the file; it gives what reading the file whole gives.
func TestLoadStreamsAsParseReads(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, plangen.Write(&buf, 3*plangen.PerApp+2, 2))
	generated := filepath.Join(t.TempDir(), "generated.json")
	require.NoError(t, os.WriteFile(generated, buf.Bytes(), 0o600))
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	for _, path := range append(paths, generated, filepath.Join("testdata", "equiv", "plan.json")) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			whole, errWhole := parseFull(path, data)
			loaded, errLoad := Load(path)
			if errWhole != nil {
				require.EqualError(t, errLoad, errWhole.Error())
				return
			}
			require.NoError(t, errLoad)
			require.Equal(t, whole, loaded)
		})
	}
}

// TestNumberDecoderReusesItsDecoder: one decoder reads value after value as decodeNumbers reads each,
// and a value it fails on leaves the next one read as if alone.
func TestNumberDecoderReusesItsDecoder(t *testing.T) {
	var d numberDecoder
	var first *json.Decoder
	for _, raw := range []string{`{"a":1,"b":[1.5,"x",null]}`, `null`, `[1,2]`, `"x"`, `12`, `{"a":{}}`, `{"a":`, `{"a":2}`} {
		var got, want any
		errWant := decodeNumbers([]byte(raw), &want)
		errGot := d.decode([]byte(raw), &got)
		require.Equal(t, errWant, errGot, raw)
		require.Equal(t, want, got, raw)
		if errGot != nil {
			require.Nil(t, d.dec, "a decoder that failed is not reused")
			continue
		}
		if first == nil {
			first = d.dec
		}
		if raw != `{"a":2}` {
			require.Same(t, first, d.dec, "the decoder is reused after %s", raw)
		}
	}
}
