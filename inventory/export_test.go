package inventory

import "github.com/vigil-audit/vigil/internal/docschema"

// SchemaVerdicts checks a resource, decoded as the reader decodes it, twice: with the quick accepters
// and with the validator, for the resource and for its attributes.
func SchemaVerdicts(g any) (resourceAccepted bool, resourceProblems []docschema.Problem, attrsAccepted bool, attrsProblems []docschema.Problem) {
	sch, err := compiledSchema()
	if err != nil {
		panic(err)
	}
	m, _ := g.(map[string]any)
	typ, _ := m["type"].(string)
	attrs, ok := m["attributes"]
	if sub := sch.attributes[typ]; sub != nil && ok {
		attrsAccepted, attrsProblems = sch.attributesOK[typ].Accepts(attrs), docschema.Check(sub, attrs)
	}
	return sch.resourceOK.Accepts(g), docschema.Check(sch.resource, g), attrsAccepted, attrsProblems
}
