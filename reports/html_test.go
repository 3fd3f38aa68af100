package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// fixtureDRPosture is a posture with two systems, a resource assigned by tag alone and one in no tier; rpo
// met, missed with nothing protecting (achieved_minutes null) and observed on a live collection.
func fixtureDRPosture() *engine.DRPosture {
	i := func(v int64) *int64 { return &v }
	s := func(v string) *string { return &v }
	return &engine.DRPosture{At: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC), Resources: []engine.DRResourcePosture{
		{Resource: "aws_db_instance.ledger", Type: "aws.rds.instance", Tier: s("critical"), System: s("ledger"),
			Assignment: "assigned", Objectives: map[string]engine.DRObjective{
				"rpo": {Name: "rpo", Status: "pass", Objective: "1h", Achieved: "60m", Protection: "backup plan ledger rule hourly",
					Evidence: "cron(0 * * * ? *): largest gap 60m", ObjectiveMinutes: i(60), AchievedMinutes: i(60), ObservedMinutes: i(55),
					LiveEvidence: []string{"recovery point 2025-03-14T09:00:00Z completed"}},
				"rto": {Name: "rto", Status: "unknown", Objective: "4h", Achieved: "unknown", Reason: "no restore test evidence"},
				"vault_lock": {Name: "vault_lock", Status: "fail", Objective: "compliance", Achieved: "none",
					Protection: "backup plan ledger rule hourly", Reason: "vault ledger has no lock"},
			}},
		{Resource: "aws_s3_bucket.exports", Type: "aws.s3.bucket", Tier: s("standard"), Assignment: "assigned",
			Objectives: map[string]engine.DRObjective{
				"rpo": {Name: "rpo", Status: "fail", Objective: "24h", Achieved: "none", ObjectiveMinutes: i(1440),
					Reason: "nothing protects the resource"},
			}},
		{Resource: "aws_dynamodb_table.payments", Type: "aws.dynamodb.table", Tier: s("standard"), System: s("payments"),
			Assignment: "assigned", Objectives: map[string]engine.DRObjective{
				"min_retention": {Name: "min_retention", Status: "pass", Objective: "7d", Achieved: "35d",
					Protection: "dynamodb_pitr of aws_dynamodb_table.payments", Evidence: "point-in-time recovery keeps 35 days"},
			}},
		{Resource: "aws_dynamodb_table.scratch", Type: "aws.dynamodb.table", Assignment: "no objective declared",
			Reason: "no objective declared", Objectives: map[string]engine.DRObjective{}},
	}}
}

// fixturePrevious is an earlier report of the fixture's estate: more failures, fewer passing controls.
func fixturePrevious() *engine.Report {
	prev := fixtureReport()
	generated := time.Date(2025, 2, 14, 9, 0, 0, 0, time.UTC)
	prev.GeneratedAt = &generated
	prev.Summary.ByStatus = map[engine.Status]int{engine.StatusFail: 5, engine.StatusUnknown: 1, engine.StatusPass: 3}
	prev.Summary.Frameworks = slices.Clone(prev.Summary.Frameworks)
	prev.Summary.Frameworks[0].ControlsPassing = 1
	return prev
}

func fixtureDRReport() *engine.Report {
	r := fixtureReport()
	r.DR = fixtureDRPosture()
	return r
}

func renderDROnly(t *testing.T, p *engine.DRPosture) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, RenderDRHTML(context.Background(), &buf, p, "1.2.3"))
	return buf.Bytes()
}

// TestHTMLGolden: the page of the fixture report, of the report with a DR posture and a previous report,
// and the DR-only page of vigil dr --format html. Run go test ./reports -update to rewrite them.
func TestHTMLGolden(t *testing.T) {
	checkGolden(t, "html", render(t, "html", Options{}, fixtureReport()))
	checkGolden(t, "html_dr_trend", render(t, "html", Options{Previous: fixturePrevious()}, fixtureDRReport()))
	checkGolden(t, "html_dr_only", renderDROnly(t, fixtureDRPosture()))
}

// TestHTMLDeterministic: the same bytes whatever order the engine produced rules and results in.
func TestHTMLDeterministic(t *testing.T) {
	first := render(t, "html", Options{Previous: fixturePrevious()}, fixtureDRReport())
	reordered := fixtureDRReport()
	slices.Reverse(reordered.Rules)
	slices.Reverse(reordered.Results)
	slices.Reverse(reordered.DR.Resources)
	assert.Equal(t, string(first), string(render(t, "html", Options{Previous: fixturePrevious()}, reordered)))
}

// TestHTMLShowsWhatMatters checks the content an executive and an auditor look for, in the fixture's page.
func TestHTMLShowsWhatMatters(t *testing.T) {
	page := string(render(t, "html", Options{Previous: fixturePrevious()}, fixtureDRReport()))
	for _, want := range []string{
		`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:;`,
		`<span class="n" data-count="fail">2</span>`,
		`<span class="delta better" data-delta="fail">-3</span>`,       // 5 failures before, 2 now
		`<span class="delta worse" data-delta="unknown">&#43;1</span>`, // 1 unknown before, 2 now
		`<span class="delta worse" data-delta="controls_passing">-1</span>`,
		`Action needed: 2 findings critical or high`,
		`<g data-service="s3">`, `<g data-service="rds">`,
		`ledger`, `payments`, `no system (tier by tag)`, `no tier`,
		`60m (60 min); observed 55 min`, `live: recovery point 2025-03-14T09:00:00Z completed`,
		`Some input could not be read`,
		`<b>8.13</b> Information backup`,
		`manual evidence (no automated rule)`,
		`@media print`,
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "<script", "the page runs no script")
	assert.NotContains(t, page, "http://", "the page links nothing outside")
	assert.NotContains(t, page, "https://")
}

// TestHTMLEscapesHostileValues plants markup in every value a stranger's Terraform or a saved report can
// set (resource ids, messages, evidence keys and values, sources, waivers, DR text): none of it may
// reach the page as markup.
func TestHTMLEscapesHostileValues(t *testing.T) {
	const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)></style><a href="javascript:alert(3)">`
	r := fixtureDRReport()
	for i := range r.Results {
		r.Results[i].ResourceID += evil
		r.Results[i].ResourceType += evil
		r.Results[i].Message += evil
		r.Results[i].Location.File += evil
		r.Results[i].Evidence = map[string]any{evil: []any{evil, map[string]any{"k": evil}}}
		r.Results[i].Missing = []string{evil}
	}
	for i := range r.Rules {
		r.Rules[i].Title += evil
		r.Rules[i].Description += evil
		r.Rules[i].Remediation += evil
	}
	r.Sources = append(r.Sources, inventory.Source{Kind: "terraform", Path: evil,
		Errors: []inventory.Issue{{Code: "parse", Message: evil, File: evil, Line: 1}}, Notes: []string{evil}})
	for i := range r.Waivers {
		r.Waivers[i].Reason += evil
		r.Waivers[i].ID += evil
	}
	for i := range r.DR.Resources {
		res := &r.DR.Resources[i]
		res.Resource += evil
		sys := "s" + evil
		res.System = &sys
		for name, o := range res.Objectives {
			o.Evidence, o.Protection, o.Achieved, o.LiveEvidence = evil, evil, evil, []string{evil}
			res.Objectives[name] = o
		}
	}
	for _, page := range []string{
		string(render(t, "html", Options{}, r)),
		string(renderDROnly(t, r.DR)),
	} {
		assert.NotContains(t, page, "<script")
		assert.NotContains(t, page, "<img")
		assert.NotContains(t, page, `href="javascript`)
		assert.Equal(t, 1, strings.Count(page, "</style>"), "only the page's own stylesheet ends")
		assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;", "the text is shown, escaped")
	}
}

// TestHTMLEvidenceCapped: a huge evidence value is cut in the page, with the count of what was left out.
func TestHTMLEvidenceCapped(t *testing.T) {
	got := evidenceText(strings.Repeat("x", 3*maxEvidenceChars))
	assert.Less(t, len(got), maxEvidenceChars+100)
	assert.Contains(t, got, "more characters; the json report has them all")
	assert.Equal(t, `{"a":[1,"<b>"]}`, evidenceText(map[string]any{"a": []any{json.Number("1"), "<b>"}}))
}

// TestJSONRoundTripDR: the DR posture is an optional member of the json report that ReadJSON accepts
// (it is in the schema) and gives back unchanged.
func TestJSONRoundTripDR(t *testing.T) {
	out := render(t, "json", Options{}, fixtureDRReport())
	assert.Contains(t, string(out), `"achieved_minutes": null`)
	read, err := ReadJSON(bytes.NewReader(out))
	require.NoError(t, err)
	require.NotNil(t, read.DR)
	assert.Equal(t, fixtureDRPosture(), read.DR)
	assert.Equal(t, string(out), string(render(t, "json", Options{}, read)))

	// A report without DR has no dr member.
	assert.NotContains(t, string(render(t, "json", Options{}, fixtureReport())), `"dr"`)

	// A malformed posture is refused with its JSON pointer.
	var doc map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	rpo := doc["dr"].(map[string]any)["resources"].([]any)[0].(map[string]any)["objectives"].(map[string]any)["rpo"].(map[string]any)
	rpo["status"] = "great"
	bad, err := json.Marshal(doc)
	require.NoError(t, err)
	_, err = ReadJSON(bytes.NewReader(bad))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/dr/resources/0/objectives/rpo/status")
}

func TestRenderDRHTMLErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Error(t, RenderDRHTML(ctx, &bytes.Buffer{}, fixtureDRPosture(), ""))
	assert.Error(t, RenderDRHTML(context.Background(), &bytes.Buffer{}, nil, ""))
	assert.ErrorIs(t, RenderDRHTML(context.Background(), failingWriter{}, fixtureDRPosture(), ""), errWrite)
	_, err := New("html", Options{})
	require.NoError(t, err)
	rd, _ := New("html", Options{})
	assert.ErrorIs(t, rd.Render(context.Background(), failingWriter{}, fixtureReport()), errWrite)
}

// FuzzHTMLOfSavedReport: any report ReadJSON accepts (vigil report --format html, --previous-report) renders
// to a page without error, and nothing in it becomes markup.
func FuzzHTMLOfSavedReport(f *testing.F) {
	var seed bytes.Buffer
	if err := (jsonRenderer{}).Render(context.Background(), &seed, fixtureDRReport()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte(`{"schema": "vigil.report/v1", "tool": "vigil", "complete": true, "sources": [], "rules": [], "results": [],
		"dr": {"at": "2026-01-01T00:00:00Z", "resources": [{"resource": "<i>x", "type": "t", "assignment": "assigned",
		"objectives": {"rpo": {"status": "fail", "objective": "<i>", "achieved": "none", "achieved_minutes": null}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		rd, _ := New("html", Options{Previous: rep})
		if err := rd.Render(context.Background(), &buf, rep); err != nil {
			t.Fatalf("a report ReadJSON accepted does not render: %v", err)
		}
		if strings.Contains(buf.String(), "<script") || strings.Contains(buf.String(), "<i>") {
			t.Fatalf("markup from the report reached the page")
		}
	})
}
