package oscalschema

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The published schema, kept with its provenance note in reports/testdata.
const schemaPath = "../../reports/testdata/oscal_assessment-results_schema-1.0.6.json"

func TestCompileAndValidate(t *testing.T) {
	raw, err := os.ReadFile(schemaPath)
	require.NoError(t, err)
	sch, err := Compile(raw)
	require.NoError(t, err)

	valid := `{"assessment-results": {"uuid": "3e2f8a4c-0c4b-5b5e-9a1e-2f1d0c9b8a7f",
	  "metadata": {"title": "t", "last-modified": "2026-12-07T06:00:00Z", "version": "1", "oscal-version": "1.0.6"},
	  "import-ap": {"href": "#x"},
	  "results": [{"uuid": "3e2f8a4c-0c4b-5b5e-9a1e-2f1d0c9b8a7e", "title": "r", "description": "d",
	    "start": "2026-12-07T06:00:00Z", "reviewed-controls": {"control-selections": [{"include-all": {}}]},
	    "findings": [{"uuid": "3e2f8a4c-0c4b-5b5e-9a1e-2f1d0c9b8a7d", "title": "f", "description": "d",
	      "target": {"type": "objective-id", "target-id": "a.8.13_obj", "status": {"state": "satisfied"}}}]}]}}`
	require.NoError(t, Validate(sch, []byte(valid)))

	tests := map[string]string{
		"token starting with a digit": `"target-id": "8.13_obj"`,
		"unknown state":               `"state": "unknown"`,
	}
	replace := map[string]string{
		"token starting with a digit": `"target-id": "a.8.13_obj"`,
		"unknown state":               `"state": "satisfied"`,
	}
	for name, bad := range tests {
		t.Run(name, func(t *testing.T) {
			doc := []byte(strings.ReplaceAll(valid, replace[name], bad))
			assert.Error(t, Validate(sch, doc))
		})
	}
	assert.Error(t, Validate(sch, []byte(`{`)))
}

func TestCompileErrors(t *testing.T) {
	_, err := Compile([]byte(`[]`))
	assert.ErrorContains(t, err, "not a JSON object")
	_, err = Compile([]byte(`{"definitions": {}}`))
	assert.ErrorContains(t, err, "no $id")
	_, err = Compile([]byte(`{`))
	assert.ErrorContains(t, err, "parse oscal schema")
}
