package reports

import (
	_ "embed"
	"fmt"
	"strconv"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/inventory"
)

// JSONSchemaDocument is the JSON Schema of the json format (vigil.report/v1); it refers to the inventory
// schema for sources and locations. docs/schemas holds a copy for users; a test keeps both identical.
//
//go:embed schema/report.schema.json
var JSONSchemaDocument []byte

// JSONSchemaID is the $id of JSONSchemaDocument.
const JSONSchemaID = "https://vigil-audit.github.io/schemas/report.schema.json"

var compiledReportSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	return docschema.Compile(JSONSchemaID, JSONSchemaDocument, map[string][]byte{inventory.JSONSchemaID: inventory.JSONSchemaDocument})
})

// reportProblems validates a decoded json report document (as jsonschema.UnmarshalJSON gives it): the
// schema, then one result per rule and resource, which diffs and baselines match results by.
func reportProblems(doc any) ([]docschema.Problem, error) {
	sch, err := compiledReportSchema()
	if err != nil {
		return nil, err
	}
	if problems := docschema.Check(sch, doc); len(problems) > 0 {
		return problems, nil
	}
	var out []docschema.Problem
	// A source that lists errors could not be read in full: a report that says it is complete all the
	// same would let diff and baselines settle findings of the part that was not read.
	if complete, _ := doc.(map[string]any)["complete"].(bool); complete {
		sources, _ := doc.(map[string]any)["sources"].([]any)
		for i, item := range sources {
			if errs, _ := item.(map[string]any)["errors"].([]any); len(errs) > 0 {
				out = append(out, docschema.Problem{Pointer: "/sources/" + strconv.Itoa(i) + "/errors", Message: fmt.Sprintf(
					"%d error(s) listed, but the report says it is complete: a source with errors is incomplete", len(errs))})
			}
		}
	}
	results, _ := doc.(map[string]any)["results"].([]any)
	first := map[[2]string]int{}
	for i, item := range results {
		r := item.(map[string]any)
		key := [2]string{r["rule_id"].(string), r["resource_id"].(string)}
		if j, dup := first[key]; dup {
			out = append(out, docschema.Problem{Pointer: "/results/" + strconv.Itoa(i), Message: fmt.Sprintf(
				"a second result for rule %s and resource %q (the first is /results/%d): a report has one result per rule and resource", key[0], key[1], j)})
			continue
		}
		first[key] = i
	}
	return out, nil
}
