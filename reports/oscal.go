package reports

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/vigil-audit/vigil/engine"
)

// OSCALVersion is the NIST OSCAL model version the oscal format conforms to.
const OSCALVersion = "1.0.6"

// OSCALNamespace qualifies vigil's own prop names in the oscal format, as OSCAL asks of names it does not define.
const OSCALNamespace = "https://vigil-audit.github.io/ns/oscal"

// oscalNow stamps a report that carries no time of its own (a Terraform scan), since OSCAL requires one.
// Tests replace it.
var oscalNow = time.Now

// oscalUUIDSpace is the UUIDv5 namespace of every identifier the oscal format derives.
var oscalUUIDSpace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(OSCALNamespace))

// embeddedCatalogs are the framework catalogs; the oscal format lists every control of the selected ones.
var embeddedCatalogs = sync.OnceValues(engine.LoadCatalogs)

// The oscal format, as minimal typed structs of the OSCAL 1.0.6 assessment-results model: only the
// assemblies vigil fills. Field order follows the model, so documents read in the order OSCAL lists them.
type (
	oscalDocument struct {
		AssessmentResults oscalAssessmentResults `json:"assessment-results"`
	}
	oscalAssessmentResults struct {
		UUID       string           `json:"uuid"`
		Metadata   oscalMetadata    `json:"metadata"`
		ImportAP   oscalImportAP    `json:"import-ap"`
		Results    []oscalResult    `json:"results"`
		BackMatter *oscalBackMatter `json:"back-matter,omitempty"`
	}
	oscalMetadata struct {
		Title        string      `json:"title"`
		LastModified string      `json:"last-modified"`
		Version      string      `json:"version"`
		OSCALVersion string      `json:"oscal-version"`
		Props        []oscalProp `json:"props,omitempty"`
	}
	oscalProp struct {
		Name    string `json:"name"`
		NS      string `json:"ns,omitempty"`
		Value   string `json:"value"`
		Class   string `json:"class,omitempty"`
		Remarks string `json:"remarks,omitempty"`
	}
	oscalImportAP struct {
		Href    string `json:"href"`
		Remarks string `json:"remarks,omitempty"`
	}
	oscalResult struct {
		UUID             string                 `json:"uuid"`
		Title            string                 `json:"title"`
		Description      string                 `json:"description"`
		Start            string                 `json:"start"`
		End              string                 `json:"end,omitempty"`
		Props            []oscalProp            `json:"props,omitempty"`
		LocalDefinitions *oscalLocalDefinitions `json:"local-definitions,omitempty"`
		ReviewedControls oscalReviewedControls  `json:"reviewed-controls"`
		Observations     []oscalObservation     `json:"observations,omitempty"`
		Risks            []oscalRisk            `json:"risks,omitempty"`
		Findings         []oscalFinding         `json:"findings,omitempty"`
		Remarks          string                 `json:"remarks,omitempty"`
	}
	oscalLocalDefinitions struct {
		InventoryItems []oscalInventoryItem `json:"inventory-items,omitempty"`
	}
	oscalInventoryItem struct {
		UUID        string      `json:"uuid"`
		Description string      `json:"description"`
		Props       []oscalProp `json:"props,omitempty"`
	}
	oscalReviewedControls struct {
		Description       string                  `json:"description,omitempty"`
		ControlSelections []oscalControlSelection `json:"control-selections"`
	}
	oscalControlSelection struct {
		Description     string               `json:"description,omitempty"`
		Props           []oscalProp          `json:"props,omitempty"`
		IncludeAll      *struct{}            `json:"include-all,omitempty"`
		IncludeControls []oscalSelectControl `json:"include-controls,omitempty"`
		Remarks         string               `json:"remarks,omitempty"`
	}
	oscalSelectControl struct {
		ControlID string `json:"control-id"`
	}
	oscalObservation struct {
		UUID             string          `json:"uuid"`
		Title            string          `json:"title,omitempty"`
		Description      string          `json:"description"`
		Props            []oscalProp     `json:"props,omitempty"`
		Methods          []string        `json:"methods"`
		Types            []string        `json:"types,omitempty"`
		Subjects         []oscalSubject  `json:"subjects,omitempty"`
		RelevantEvidence []oscalEvidence `json:"relevant-evidence,omitempty"`
		Collected        string          `json:"collected"`
		Remarks          string          `json:"remarks,omitempty"`
	}
	oscalSubject struct {
		SubjectUUID string `json:"subject-uuid"`
		Type        string `json:"type"`
		Title       string `json:"title,omitempty"`
	}
	oscalEvidence struct {
		Href        string      `json:"href,omitempty"`
		Description string      `json:"description"`
		Props       []oscalProp `json:"props,omitempty"`
	}
	oscalRisk struct {
		UUID                string           `json:"uuid"`
		Title               string           `json:"title"`
		Description         string           `json:"description"`
		Statement           string           `json:"statement"`
		Props               []oscalProp      `json:"props,omitempty"`
		Status              string           `json:"status"`
		Deadline            string           `json:"deadline,omitempty"`
		RelatedObservations []oscalRelatedID `json:"related-observations,omitempty"`
	}
	oscalRelatedID struct {
		ObservationUUID string `json:"observation-uuid,omitempty"`
		RiskUUID        string `json:"risk-uuid,omitempty"`
	}
	oscalFinding struct {
		UUID                string           `json:"uuid"`
		Title               string           `json:"title"`
		Description         string           `json:"description"`
		Props               []oscalProp      `json:"props,omitempty"`
		Target              oscalTarget      `json:"target"`
		RelatedObservations []oscalRelatedID `json:"related-observations,omitempty"`
		RelatedRisks        []oscalRelatedID `json:"related-risks,omitempty"`
	}
	oscalTarget struct {
		Type     string            `json:"type"`
		TargetID string            `json:"target-id"`
		Title    string            `json:"title,omitempty"`
		Props    []oscalProp       `json:"props,omitempty"`
		Status   oscalTargetStatus `json:"status"`
	}
	oscalTargetStatus struct {
		State   string `json:"state"`
		Reason  string `json:"reason,omitempty"`
		Remarks string `json:"remarks,omitempty"`
	}
	oscalBackMatter struct {
		Resources []oscalResource `json:"resources"`
	}
	oscalResource struct {
		UUID        string         `json:"uuid"`
		Title       string         `json:"title,omitempty"`
		Description string         `json:"description,omitempty"`
		Props       []oscalProp    `json:"props,omitempty"`
		Citation    *oscalCitation `json:"citation,omitempty"`
	}
	oscalCitation struct {
		Text string `json:"text"`
	}
)

// oscalRenderer writes NIST OSCAL assessment results.
type oscalRenderer struct{}

func newOSCAL(Options) Renderer { return oscalRenderer{} }

// Render writes r as one OSCAL 1.0.6 assessment-results document (docs/reports.md). Every UUID is a UUIDv5
// of the report's content, so the same report always gives the same bytes.
func (oscalRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	cats, err := embeddedCatalogs()
	if err != nil {
		return fmt.Errorf("render oscal: %w", err)
	}
	doc, err := buildOSCAL(normalized(r), cats)
	if err != nil {
		return fmt.Errorf("render oscal: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write oscal report: %w", err)
	}
	return nil
}

// oscalBuilder carries what every part of the document derives its identifiers and times from.
type oscalBuilder struct {
	r     *engine.Report
	space uuid.UUID // the document's own UUIDv5 namespace
	stamp string    // the report's time, OSCAL's date-time
}

func (b *oscalBuilder) id(kind string, parts ...string) string {
	return uuid.NewSHA1(b.space, []byte(kind+"\x00"+strings.Join(parts, "\x00"))).String()
}

func buildOSCAL(r *engine.Report, cats map[string]*engine.Catalog) (*oscalDocument, error) {
	at := oscalNow().UTC()
	if r.GeneratedAt != nil {
		at = r.GeneratedAt.UTC()
	}
	stamp := oscalTime(at)
	// The document's identity is a digest of the report (and of the time stamped on it): any change to
	// what was found gives new identifiers, the same report the same ones.
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(r); err != nil {
		return nil, fmt.Errorf("digest report: %w", err)
	}
	h.Write([]byte(stamp))
	b := &oscalBuilder{r: r, space: uuid.NewSHA1(oscalUUIDSpace, h.Sum(nil)), stamp: stamp}

	ruleSetUUID := b.id("rule-set")
	items, subjects := b.inventoryItems()
	observations, risks, obsByResult, riskByResult := b.observations(subjects)
	selections, findings, coverage, err := b.controls(cats, obsByResult, riskByResult)
	if err != nil {
		return nil, err
	}

	result := oscalResult{
		UUID:             b.id("result"),
		Title:            "vigil automated assessment",
		Description:      b.resultDescription(),
		Start:            b.start(),
		End:              stamp,
		Props:            b.resultProps(coverage),
		ReviewedControls: oscalReviewedControls{Description: "The controls of the frameworks the scan was asked about, grouped by how much of each vigil's rules decide.", ControlSelections: selections},
		Observations:     observations,
		Risks:            risks,
		Findings:         findings,
		Remarks:          b.resultRemarks(),
	}
	if len(items) > 0 {
		result.LocalDefinitions = &oscalLocalDefinitions{InventoryItems: items}
	}
	return &oscalDocument{AssessmentResults: oscalAssessmentResults{
		UUID: b.id("document"),
		Metadata: oscalMetadata{
			Title:        "vigil assessment results",
			LastModified: stamp,
			Version:      stamp,
			OSCALVersion: OSCALVersion,
			Props:        props(prop("tool", cmp.Or(r.Tool, "vigil")), prop("tool-version", r.Version)),
		},
		ImportAP: oscalImportAP{
			Href: "#" + ruleSetUUID,
			Remarks: "vigil runs no separately published assessment plan: its plan is the rule set and the scope of " +
				"the scan, described by the back-matter resource this href names and by the result's props.",
		},
		Results:    []oscalResult{result},
		BackMatter: &oscalBackMatter{Resources: []oscalResource{b.ruleSet(ruleSetUUID)}},
	}}, nil
}

// oscalTime renders t as OSCAL's date-time with time zone (UTC, whole seconds).
func oscalTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

// start is the earliest collection time of a live result, or the report's time when nothing says earlier.
func (b *oscalBuilder) start() string {
	start := b.stamp
	for _, res := range b.r.Results {
		if at := res.Where().CollectedAt; at != nil {
			if s := oscalTime(*at); s < start {
				start = s
			}
		}
	}
	return start
}

func (b *oscalBuilder) resultDescription() string {
	resources := map[string]bool{}
	for _, res := range b.r.Results {
		resources[res.ResourceID] = true
	}
	return fmt.Sprintf("Automated configuration assessment by %s %s: %d rules over %d resources, %d results. "+
		"Each observation is one rule's verdict on one resource, with the values it read; each finding is one "+
		"control with rules, judged from its observations.", cmp.Or(b.r.Tool, "vigil"), cmp.Or(b.r.Version, "(unversioned)"),
		len(b.r.Rules), len(resources), len(b.r.Results))
}

// resultProps state the scope: completeness, each source read, and each framework's coverage.
func (b *oscalBuilder) resultProps(coverage []oscalProp) []oscalProp {
	out := []oscalProp{prop("complete", strconv.FormatBool(b.r.Complete))}
	for _, src := range b.r.Sources {
		p := prop("source", sourceName(src))
		p.Class = "source-" + tokenPart(src.Kind)
		if len(src.Errors) > 0 {
			p.Remarks = fmt.Sprintf("%d error(s): not read completely", len(src.Errors))
		}
		out = append(out, p)
	}
	return props(append(out, coverage...)...)
}

// resultRemarks say what could not be read: controls whose rules could cover it are not satisfied.
func (b *oscalBuilder) resultRemarks() string {
	if b.r.Complete && !hasSourceErrors(b.r) {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("The input was not read completely; missing evidence is never a pass, so every control whose " +
		"rules could cover the unread part is not satisfied (vigil state unknown) unless a result already fails it.")
	for _, src := range b.r.Sources {
		for _, e := range src.Errors {
			where := e.File
			if e.Line > 0 {
				where = fmt.Sprintf("%s:%d", e.File, e.Line)
			}
			if where == "" {
				where = strings.Trim(e.API+" "+e.Region, " ")
			}
			fmt.Fprintf(&sb, "\n- %s: %s %s: %s", sourceName(src), where, e.Code, e.Message)
		}
	}
	return sb.String()
}

// ruleSet describes vigil's rules, which stand in for an assessment plan (import-ap points here).
func (b *oscalBuilder) ruleSet(id string) oscalResource {
	builtin := 0
	var ps []oscalProp
	for _, rule := range b.r.Rules {
		if rule.Builtin {
			builtin++
		}
		p := prop("rule", rule.ID)
		p.Remarks = rule.Title
		ps = append(ps, p)
	}
	return oscalResource{
		UUID:  id,
		Title: "vigil rule set",
		Description: fmt.Sprintf("The assessment method: %d rules (%d built in, %d from policy folders), each an OPA/Rego "+
			"policy that examines one property of one or a few resource types and names the controls its results "+
			"evidence. Rules and their control mappings are listed in vigil's docs/rules.md.", len(b.r.Rules), builtin, len(b.r.Rules)-builtin),
		Props:    props(ps...),
		Citation: &oscalCitation{Text: fmt.Sprintf("%s %s rule set", cmp.Or(b.r.Tool, "vigil"), cmp.Or(b.r.Version, "(unversioned)"))},
	}
}

// inventoryItems defines each resource a result judged, once, and returns the subject referring to it.
func (b *oscalBuilder) inventoryItems() ([]oscalInventoryItem, map[string]oscalSubject) {
	subjects := map[string]oscalSubject{}
	var items []oscalInventoryItem
	for _, res := range b.r.Results {
		if _, ok := subjects[res.ResourceID]; ok {
			continue
		}
		// A resource keeps its UUID across reports: OSCAL asks that a subject be identified consistently.
		id := uuid.NewSHA1(oscalUUIDSpace, []byte("resource\x00"+res.ResourceID)).String()
		subjects[res.ResourceID] = oscalSubject{SubjectUUID: id, Type: "inventory-item", Title: res.ResourceID}
		items = append(items, oscalInventoryItem{
			UUID:        id,
			Description: fmt.Sprintf("%s %s", res.ResourceType, res.ResourceID),
			Props: props(prop("resource-id", res.ResourceID), prop("resource-type", res.ResourceType),
				prop("resource-name", res.ResourceName), prop("location", res.Where().String())),
		})
	}
	return items, subjects
}

// observations gives one observation per result, and a risk per failing or waived one. It returns them
// with the UUIDs by fingerprint, for findings to refer to.
func (b *oscalBuilder) observations(subjects map[string]oscalSubject) ([]oscalObservation, []oscalRisk, map[string]string, map[string]string) {
	remediation := map[string]string{}
	for _, rule := range b.r.Rules {
		remediation[rule.ID] = rule.Remediation
	}
	var obs []oscalObservation
	var risks []oscalRisk
	obsByResult, riskByResult := map[string]string{}, map[string]string{}
	for _, res := range b.r.Results {
		o := oscalObservation{
			UUID:        b.id("observation", res.Fingerprint),
			Title:       fmt.Sprintf("%s %s: %s", res.RuleID, statusLabel(res.Status), res.ResourceID),
			Description: cmp.Or(res.Message, res.RuleTitle),
			Props: props(prop("rule-id", res.RuleID), prop("rule-title", res.RuleTitle),
				prop("severity", string(res.Severity)), prop("status", string(res.Status)),
				prop("original-status", string(res.OriginalStatus)), prop("fingerprint", res.Fingerprint),
				prop("baseline", res.Baseline)),
			// vigil examines configuration (Terraform or API answers); it exercises nothing.
			Methods:   []string{"EXAMINE"},
			Types:     []string{"control-objective"},
			Subjects:  []oscalSubject{subjects[res.ResourceID]},
			Collected: b.stamp,
		}
		if res.Status == engine.StatusFail {
			o.Types = []string{"finding"}
		}
		if at := res.Where().CollectedAt; at != nil {
			o.Collected = oscalTime(*at)
		}
		o.RelevantEvidence = []oscalEvidence{evidenceOf(res)}
		if res.Waiver != nil {
			o.Remarks = "Waived: " + res.Waiver.Reason
		}
		obs = append(obs, o)
		obsByResult[res.Fingerprint] = o.UUID

		if res.Status != engine.StatusFail && res.Status != engine.StatusWaived {
			continue
		}
		risk := oscalRisk{
			UUID:                b.id("risk", res.Fingerprint),
			Title:               fmt.Sprintf("%s %s", res.RuleID, res.RuleTitle),
			Description:         cmp.Or(res.Message, res.RuleTitle),
			Statement:           cmp.Or(strings.TrimSpace(remediation[res.RuleID]), "See rule "+res.RuleID+"."),
			Props:               props(prop("severity", string(res.Severity)), prop("fingerprint", res.Fingerprint)),
			Status:              "open",
			RelatedObservations: []oscalRelatedID{{ObservationUUID: o.UUID}},
		}
		if w := res.Waiver; w != nil {
			// An accepted risk, with its accountability: never presented as resolved.
			risk.Status = "deviation-approved"
			risk.Props = append(risk.Props, props(prop("waiver", w.ID), prop("waiver-reason", w.Reason),
				prop("waiver-approved-by", w.ApprovedBy), prop("waiver-owner", w.Owner), prop("waiver-ticket", w.Ticket),
				prop("waiver-source", w.Source))...)
			if w.Expires != nil {
				// Expires is the waiver's last day: the risk must be resolved when that day ends.
				risk.Deadline = oscalTime(w.Expires.UTC().Add(24 * time.Hour))
			}
		}
		risks = append(risks, risk)
		riskByResult[res.Fingerprint] = risk.UUID
	}
	return obs, risks, obsByResult, riskByResult
}

// maxEvidenceValue caps one evidence value in the document, since a rule may read a whole policy document.
const maxEvidenceValue = 1024

// evidenceOf is what the rule read: each evidence value as key=JSON, and the unknown attribute paths.
func evidenceOf(res engine.Result) oscalEvidence {
	ev := oscalEvidence{Description: fmt.Sprintf("Values rule %s read from %s", res.RuleID, res.ResourceID)}
	if loc := res.Where().String(); loc != "" {
		ev.Description += " (" + loc + ")"
	}
	if f := res.Where().File; f != "" {
		ev.Href = (&url.URL{Path: f}).String()
	}
	keys := make([]string, 0, len(res.Evidence))
	for k := range res.Evidence {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var ps []oscalProp
	for _, k := range keys {
		v, err := json.Marshal(res.Evidence[k])
		if err != nil {
			v = []byte(fmt.Sprint(res.Evidence[k]))
		}
		ps = append(ps, prop("evidence", k+"="+capRunes(string(v), maxEvidenceValue)))
	}
	for _, m := range res.Missing {
		ps = append(ps, prop("missing", m))
	}
	ev.Props = props(ps...)
	return ev
}

func capRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// controls gives the reviewed-controls selections (per framework, one per coverage), a finding per control
// with rules, and the coverage props of the result.
func (b *oscalBuilder) controls(cats map[string]*engine.Catalog, obsByResult, riskByResult map[string]string) ([]oscalControlSelection, []oscalFinding, []oscalProp, error) {
	var selections []oscalControlSelection
	var findings []oscalFinding
	var coverage []oscalProp
	// The results of each rule, for findings to refer to their observations and risks.
	byRule := map[string][]engine.Result{}
	for _, res := range b.r.Results {
		byRule[res.RuleID] = append(byRule[res.RuleID], res)
	}
	for _, fw := range frameworkOrder(b.r) {
		cat, ok := cats[fw]
		if !ok {
			return nil, nil, nil, fmt.Errorf("framework %q has no catalog", fw)
		}
		groups := map[engine.Coverage][]oscalSelectControl{}
		statuses := engine.ControlStatuses(b.r, cat)
		for _, cs := range statuses {
			groups[cs.Coverage] = append(groups[cs.Coverage], oscalSelectControl{ControlID: oscalControlID(fw, cs.ID)})
			if cs.Coverage != engine.CoverageManual {
				findings = append(findings, b.finding(fw, cat, cs, byRule, obsByResult, riskByResult))
			}
		}
		for _, c := range []engine.Coverage{engine.CoverageFull, engine.CoveragePartial, engine.CoverageManual} {
			p := prop("coverage", fmt.Sprintf("%s: %d of %d controls %s", cat.Title, len(groups[c]), len(statuses), c.Label()))
			p.Class = tokenPart(fw)
			coverage = append(coverage, p)
			if len(groups[c]) == 0 {
				continue
			}
			selections = append(selections, oscalControlSelection{
				Description:     fmt.Sprintf("%s: controls %s", cat.Title, c.Label()),
				Props:           props(prop("framework", fw), prop("coverage", string(c))),
				IncludeControls: groups[c],
				Remarks:         coverageRemarks[c],
			})
		}
	}
	if len(selections) == 0 {
		// OSCAL requires a selection; a report with no framework reviewed no control.
		selections = []oscalControlSelection{{
			Description: "No framework was selected: no control was reviewed.",
			IncludeAll:  &struct{}{},
			Remarks:     "The include-all stands for the empty selection OSCAL cannot express; there are no findings.",
		}}
	}
	return selections, findings, coverage, nil
}

var coverageRemarks = map[engine.Coverage]string{
	engine.CoverageFull: "vigil's rules decide these controls as a whole over the resource types it models " +
		"(policies/coverage/fully-automated.json gives the reason for each).",
	engine.CoveragePartial: "vigil's rules evidence part of each of these controls; the rest (policy, process, " +
		"review) needs manual evidence. A satisfied finding means the automated objective is met, not the control.",
	engine.CoverageManual: "No vigil rule evidences these controls: manual evidence required. vigil makes no finding " +
		"for them, and they are never counted as satisfied.",
}

// controlStateText explains vigil's control state in OSCAL's two-state vocabulary.
var controlStateText = map[engine.ControlState]string{
	engine.ControlPassing: "Every result of its rules that could be judged passed.",
	engine.ControlFailing: "At least one result of its rules failed.",
	engine.ControlUnknown: "Evidence could not be read (an unknown result, or input that could hold resources of " +
		"its rules was not read): missing evidence is never a pass.",
	engine.ControlWaived: "Its only results are waived: accepted risks, not passes.",
	engine.ControlNotAssessed: "Its rules found nothing in scope to judge (no resource, or none applicable): not " +
		"assessed, so not satisfied.",
}

func (b *oscalBuilder) finding(fw string, cat *engine.Catalog, cs engine.ControlStatus, byRule map[string][]engine.Result,
	obsByResult, riskByResult map[string]string) oscalFinding {
	token := oscalControlID(fw, cs.ID)
	target := oscalTarget{Type: "objective-id", TargetID: token + "_obj",
		Title:  fmt.Sprintf("The part of %s %s that vigil's rules check", cat.Title, cs.ID),
		Status: oscalTargetStatus{State: "not-satisfied", Reason: "other", Remarks: controlStateText[cs.State]}}
	if cs.Coverage == engine.CoverageFull {
		target.Type, target.TargetID = "statement-id", token+"_smt"
		target.Title = fmt.Sprintf("%s %s as a whole", cat.Title, cs.ID)
	}
	switch cs.State {
	case engine.ControlPassing:
		target.Status.State, target.Status.Reason = "satisfied", "pass"
	case engine.ControlFailing:
		target.Status.Reason = "fail"
	}
	target.Props = props(prop("state", string(cs.State)), prop("coverage", string(cs.Coverage)))

	f := oscalFinding{
		UUID:  b.id("finding", fw, cs.ID),
		Title: fmt.Sprintf("%s %s %s", cat.Title, cs.ID, cs.Title),
		Description: fmt.Sprintf("%s %s is %s (%s): %d pass, %d fail, %d unknown, %d waived, %d not applicable, from rules %s.",
			cat.Title, cs.ID, cs.State, cs.Coverage.Label(), cs.Pass, cs.Fail, cs.Unknown, cs.Waived, cs.NotApplicable,
			strings.Join(cs.Rules, ", ")),
		Props:  props(prop("framework", fw), prop("control-id", cs.ID)),
		Target: target,
	}
	for _, rid := range cs.Rules {
		for _, res := range byRule[rid] {
			f.RelatedObservations = append(f.RelatedObservations, oscalRelatedID{ObservationUUID: obsByResult[res.Fingerprint]})
			if risk, ok := riskByResult[res.Fingerprint]; ok {
				f.RelatedRisks = append(f.RelatedRisks, oscalRelatedID{RiskUUID: risk})
			}
		}
	}
	return f
}

// oscalControlID writes a control id as an OSCAL token (letters first; letters, digits, '.', '-', '_'):
// SP 800-53 as NIST's OSCAL catalog does (SC-28(1) → sc-28.1), CSF 2.0 lower case (pr.ds-11), and
// ISO/IEC 27001 Annex A, which has no OSCAL catalog, with an "a." prefix (8.13 → a.8.13). The frameworks
// whose ids are bare numbers get their own prefix, so that one document's tokens never collide across
// frameworks (CIS 5.1.1 and PCI DSS 5.1.1 are different requirements): cis.5.1.1, pci.5.1.1, and HIPAA's
// paragraphs as dots (164.308(a)(1)(ii)(A) → hipaa.164.308.a.1.ii.A). SOC 2 ids are tokens already
// (CC6.1). The original id is in each finding's control-id prop.
func oscalControlID(framework, id string) string {
	switch framework {
	case engine.FrameworkNIST80053:
		id = strings.ToLower(oscalParagraphs.Replace(id))
	case engine.FrameworkCSF2:
		id = strings.ToLower(id)
	case engine.FrameworkISO27001:
		id = "a." + id
	case engine.FrameworkCISAWS6:
		id = "cis." + id
	case engine.FrameworkPCIDSS4:
		id = "pci." + id
	case engine.FrameworkHIPAA:
		id = "hipaa." + oscalParagraphs.Replace(id)
	}
	return tokenPart(id)
}

// oscalParagraphs writes a paragraph reference, AC-2(1) or 164.308(a)(1), with dots: AC-2.1, 164.308.a.1.
var oscalParagraphs = strings.NewReplacer("(", ".", ")", "")

// tokenPart makes s an OSCAL token: characters outside letters, digits, '.', '-' and '_' become '_', and
// a leading character that is not a letter gets a "c_" prefix.
func tokenPart(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			sb.WriteRune(r)
		default:
			sb.WriteRune('_')
		}
	}
	out := sb.String()
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z' || out[0] == '_') {
		out = "c_" + out
	}
	return out
}

// prop is a vigil prop; props drops those whose value is empty once made a valid OSCAL string.
func prop(name, value string) oscalProp {
	return oscalProp{Name: name, NS: OSCALNamespace, Value: value}
}

// props keeps the props with a value, as OSCAL strings: one line, no leading or trailing white space.
func props(ps ...oscalProp) []oscalProp {
	out := ps[:0:0]
	for _, p := range ps {
		p.Value = strings.Join(strings.Fields(p.Value), " ")
		if p.Value != "" {
			out = append(out, p)
		}
	}
	return out
}
