package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/vigil-audit/vigil/engine"
)

const openAPIPath = "../../../docs/openapi.yaml"

// openAPI is docs/openapi.yaml, decoded as JSON values, and a compiler of its schemas.
type openAPI struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	raw, err := os.ReadFile(openAPIPath)
	require.NoError(t, err)
	var y any
	require.NoError(t, yaml.Unmarshal(raw, &y))
	// Round trip through JSON: the schema compiler wants JSON's types (YAML gives ints and such).
	j, err := json.Marshal(y)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("file:///openapi.json", doc))
	return &openAPI{doc: doc.(map[string]any), compiler: c}
}

// docPath is a route's pattern as OpenAPI writes the path.
func docPath(pattern string) string { return strings.TrimSuffix(pattern, "{$}") }

var methods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

func (o *openAPI) operation(t *testing.T, method, pattern string) map[string]any {
	t.Helper()
	paths := o.doc["paths"].(map[string]any)
	item, ok := paths[docPath(pattern)].(map[string]any)
	require.True(t, ok, "%s is documented", pattern)
	op, ok := item[strings.ToLower(method)].(map[string]any)
	require.True(t, ok, "%s %s is documented", method, pattern)
	return op
}

// resolve follows a local $ref.
func (o *openAPI) resolve(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	require.True(t, strings.HasPrefix(ref, "#/"), ref)
	var cur any = o.doc
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		next, ok := cur.(map[string]any)[part]
		require.True(t, ok, "%s resolves", ref)
		cur = next
	}
	return o.resolve(t, cur)
}

// checkResponse asserts that the answer's status is documented for the route and, when the
// documentation gives a JSON schema for it, that the body satisfies it.
func (o *openAPI) checkResponse(t *testing.T, method, pattern string, status int, body []byte) {
	t.Helper()
	op := o.operation(t, method, pattern)
	responses := op["responses"].(map[string]any)
	resp, ok := responses[strconv.Itoa(status)]
	if !assert.True(t, ok, "status %d of %s %s is documented", status, method, pattern) {
		return
	}
	content, _ := o.resolve(t, resp)["content"].(map[string]any)
	media, ok := content["application/json"].(map[string]any)
	if !ok {
		return
	}
	if _, ok := media["schema"]; !ok {
		return
	}
	ptr := "/paths/" + strings.ReplaceAll(docPath(pattern), "/", "~1") + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(status)
	if ref, ok := resp.(map[string]any)["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
	}
	loc := "file:///openapi.json#" + (&url.URL{Path: ptr + "/content/application~1json/schema"}).EscapedPath()
	sch, err := o.compiler.Compile(loc)
	require.NoError(t, err, loc)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	require.NoError(t, err, string(body))
	assert.NoError(t, sch.Validate(v), "%s %s %d: %s", method, pattern, status, truncate(string(body), 400))
}

var wildcard = regexp.MustCompile(`\{([a-z]+)\}`)

// The route table is the only place routes are declared; the documentation lists exactly those
// routes, with exactly their path parameters.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	o := loadOpenAPI(t)
	assert.Regexp(t, `^3\.1\.\d+$`, o.doc["openapi"])

	var registered, documented []string
	for _, rt := range routes {
		registered = append(registered, rt.Method+" "+docPath(rt.Pattern))
	}
	for p, item := range o.doc["paths"].(map[string]any) {
		for _, m := range methods {
			if _, ok := item.(map[string]any)[m]; ok {
				documented = append(documented, strings.ToUpper(m)+" "+p)
			}
		}
	}
	slices.Sort(registered)
	slices.Sort(documented)
	require.Equal(t, registered, documented)

	for _, rt := range routes {
		op := o.operation(t, rt.Method, rt.Pattern)
		var want, got []string
		for _, m := range wildcard.FindAllStringSubmatch(rt.Pattern, -1) {
			want = append(want, m[1])
		}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			pm := o.resolve(t, p)
			if pm["in"] == "path" {
				got = append(got, pm["name"].(string))
				assert.Equal(t, true, pm["required"], "%s: path parameter %s is required", rt.Pattern, pm["name"])
			}
		}
		assert.ElementsMatch(t, want, got, "%s %s: path parameters", rt.Method, rt.Pattern)
		assert.NotEmpty(t, op["responses"], "%s %s: responses", rt.Method, rt.Pattern)
		assert.NotEmpty(t, op["operationId"], "%s %s: operationId", rt.Method, rt.Pattern)
	}

	// Every $ref resolves, and every schema compiles.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				o.resolve(t, map[string]any{"$ref": ref})
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(o.doc)
	for name := range o.doc["components"].(map[string]any)["schemas"].(map[string]any) {
		_, err := o.compiler.Compile("file:///openapi.json#/components/schemas/" + name)
		assert.NoError(t, err, name)
	}

	var frameworks []string
	for _, f := range o.resolve(t, map[string]any{"$ref": "#/components/schemas/Framework"})["enum"].([]any) {
		frameworks = append(frameworks, f.(string))
	}
	assert.Equal(t, engine.Frameworks, frameworks, "the documented frameworks are the engine's")
}

// concretePath fills a route's pattern with values of the seeded fixture.
func concretePath(pattern string, f *fixture) string {
	return strings.NewReplacer("{$}", "", "{name}", "prod", "{id}", id(f.prod2), "{framework}", engine.FrameworkISO27001,
		"{control}", "A.8.13", "{fingerprint}", fpScript, "{file}", "style.css").Replace(pattern)
}

// Every route's answers, good and bad, are documented, and JSON bodies satisfy their schemas.
func TestOpenAPIResponsesMatch(t *testing.T) {
	o := loadOpenAPI(t)
	f := seed(t)
	h, _ := newHandler(t, f, testToken)
	bearer := map[string]string{"Authorization": "Bearer " + testToken}
	for _, rt := range routes {
		if rt.Pattern == "/login" || rt.kind == kindPage {
			continue // HTML: covered by the page tests
		}
		path := concretePath(rt.Pattern, f)
		t.Run(rt.Method+" "+rt.Pattern, func(t *testing.T) {
			w := do(h, rt.Method, path, bearer, "")
			assert.Less(t, w.Code, 300, w.Body.String())
			o.checkResponse(t, rt.Method, rt.Pattern, w.Code, w.Body.Bytes())
			if rt.kind == kindAPI {
				w = do(h, rt.Method, path, nil, "")
				assert.Equal(t, http.StatusUnauthorized, w.Code)
				o.checkResponse(t, rt.Method, rt.Pattern, w.Code, w.Body.Bytes())
			}
		})
	}
	// Answers other than 200, each against its route's documentation.
	errs := []struct{ method, pattern, path string }{
		{"GET", "/api/v1/scans/{id}", "/api/v1/scans/x"},
		{"GET", "/api/v1/scans/{id}", "/api/v1/scans/999"},
		{"GET", "/api/v1/scans/{id}/findings", "/api/v1/scans/" + id(f.queued) + "/findings"},
		{"GET", "/api/v1/scans/{id}/findings", "/api/v1/scans/" + id(f.prod2) + "/findings?change=x"},
		{"GET", "/api/v1/scans/{id}/controls/{framework}", "/api/v1/scans/" + id(f.prod2) + "/controls/x"},
		{"GET", "/api/v1/scans/{id}/report", "/api/v1/scans/" + id(f.stagingFailed) + "/report"},
		{"GET", "/api/v1/scans", "/api/v1/scans?target=nope"},
		{"GET", "/api/v1/scans", "/api/v1/scans?limit=x"},
		{"GET", "/api/v1/targets/{name}/posture", "/api/v1/targets/nope/posture"},
		{"GET", "/api/v1/targets/{name}/findings/{fingerprint}", "/api/v1/targets/prod/findings/zz"},
		{"GET", "/api/v1/targets/{name}/controls/{framework}/{control}", "/api/v1/targets/prod/controls/x/y"},
		{"POST", "/api/v1/targets/{name}/scans", "/api/v1/targets/nope/scans"},
		{"GET", "/targets/{name}", "/targets/nope"},
		{"GET", "/targets/{name}", "/targets/prod?page=0"},
		{"GET", "/scans/{id}", "/scans/x"},
		{"GET", "/scans/{id}/controls/{framework}", "/scans/" + id(f.queued) + "/controls/" + engine.FrameworkISO27001},
		{"GET", "/targets/{name}/findings/{fingerprint}", "/targets/prod/findings/" + strings.Repeat("a", 32)},
	}
	for _, e := range errs {
		w := do(h, e.method, e.path, bearer, "")
		assert.GreaterOrEqual(t, w.Code, 400, e.path)
		o.checkResponse(t, e.method, e.pattern, w.Code, w.Body.Bytes())
	}
}
