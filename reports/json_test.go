package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// TestJSONRoundTrip checks that the json format is the engine.Report itself: it decodes back into an equal
// report (in canonical order), and a report read with ReadJSON renders to the same bytes.
func TestJSONRoundTrip(t *testing.T) {
	out := render(t, "json", Options{}, fixtureReport())

	var decoded engine.Report
	require.NoError(t, json.Unmarshal(out, &decoded))
	assert.Equal(t, normalized(fixtureReport()), &decoded)

	read, err := ReadJSON(bytes.NewReader(out))
	require.NoError(t, err)
	assert.Equal(t, string(out), string(render(t, "json", Options{}, read)))
}

func TestJSONDocument(t *testing.T) {
	out := render(t, "json", Options{}, fixtureReport())
	assert.True(t, strings.HasPrefix(string(out), "{\n  \"schema\": \"vigil.report/v1\",\n  \"tool\": \"vigil\","),
		"schema comes first:\n%.200s", out)
	assert.True(t, bytes.HasSuffix(out, []byte("}\n")))

	// An empty report has lists and maps, never null, so consumers need no null checks.
	empty := string(render(t, "json", Options{}, &engine.Report{}))
	assert.NotContains(t, empty, "null")
}

func TestReadJSONErrors(t *testing.T) {
	_, err := ReadJSON(strings.NewReader(`{"schema": "vigil.report/v0", "tool": "vigil"}`))
	assert.EqualError(t, err, `unsupported report schema "vigil.report/v0" (want "vigil.report/v1")`)

	_, err = ReadJSON(strings.NewReader(`{"schema": `))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decode json report")
}
