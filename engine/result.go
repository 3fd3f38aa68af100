package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/vigil-audit/vigil/inventory"
)

// Status is the outcome of one rule on one resource.
type Status string

// Statuses. Unknown means the evidence needed could not be read: it is never a pass. NotApplicable means
// the rule looked at the resource and chose, by design, not to judge it (a read replica for a backup
// rule): it is never a pass either.
const (
	StatusPass          Status = "pass"
	StatusFail          Status = "fail"
	StatusUnknown       Status = "unknown"
	StatusWaived        Status = "waived"
	StatusNotApplicable Status = "not_applicable"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusFail, StatusUnknown, StatusWaived, StatusPass, StatusNotApplicable}

// Severity ranks a rule's impact.
type Severity string

// Severities, from the most to the least severe.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
	SeverityInfo     Severity = "info"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo}

// Rank orders severities: critical is 5, info is 1, anything else 0.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return len(Severities) - i
		}
	}
	return 0
}

// ParseSeverity validates a severity name.
func ParseSeverity(s string) (Severity, bool) {
	v := Severity(s)
	return v, v.Rank() > 0
}

// Framework identifiers used in rule metadata and on the command line.
const (
	FrameworkISO27001  = "iso27001-2022"
	FrameworkNIST80053 = "nist-800-53-r5"
	FrameworkCSF2      = "nist-csf-2.0"
	FrameworkCISAWS6   = "cis-aws-foundations-6.0"
	FrameworkSOC2      = "soc2-tsc-2017"
	FrameworkPCIDSS4   = "pci-dss-4.0.1"
	FrameworkHIPAA     = "hipaa-security-rule"
)

// Frameworks lists the supported frameworks in display order.
var Frameworks = []string{FrameworkISO27001, FrameworkNIST80053, FrameworkCSF2, FrameworkCISAWS6, FrameworkSOC2,
	FrameworkPCIDSS4, FrameworkHIPAA}

// Rule is a policy's parsed METADATA.
type Rule struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Description   string   `json:"description,omitempty"`
	Severity      Severity `json:"severity"`
	ResourceTypes []string `json:"resource_types"`
	// Reads lists the types the rule reads as evidence besides its scope (an account rule reading the
	// account's trails): it gives no result for them.
	Reads       []string            `json:"reads,omitempty"`
	Controls    map[string][]string `json:"controls"`
	Remediation string              `json:"remediation,omitempty"`
	// Package is the Rego package path (data.vigil.aws.s3.versioning → "vigil.aws.s3.versioning").
	Package string `json:"package"`
	// File and Line locate the METADATA block.
	File string `json:"file"`
	Line int    `json:"line"`
	// Builtin is true for rules embedded in vigil, false for --policy folders.
	Builtin bool `json:"builtin"`
}

// Result is one rule's verdict on one resource.
type Result struct {
	RuleID       string   `json:"rule_id"`
	RuleTitle    string   `json:"rule_title"`
	Severity     Severity `json:"severity"`
	Status       Status   `json:"status"`
	ResourceID   string   `json:"resource_id"`
	ResourceType string   `json:"resource_type"`
	ResourceName string   `json:"resource_name"`
	// Location is where the resource came from: the resource's own Source, shared by all its results
	// (a report holds one result per rule and resource), so it is read, never written through. Where
	// reads it for a result that may have none.
	Location *inventory.Location `json:"location"`
	Message  string              `json:"message"`
	// Evidence holds the values the rule looked at.
	Evidence map[string]any `json:"evidence,omitempty"`
	// Missing lists the unknown attribute paths that made the result unknown.
	Missing  []string            `json:"missing,omitempty"`
	Controls map[string][]string `json:"controls"`
	// Fingerprint is stable across runs and line moves: a hash of rule id and resource id.
	Fingerprint string `json:"fingerprint"`
	// OriginalStatus is what a waived result would otherwise be (fail or unknown).
	OriginalStatus Status `json:"original_status,omitempty"`
	// Waiver is the waiver that accepted this result.
	Waiver *Waiver `json:"waiver,omitempty"`
	// Baseline is "new" or "unchanged" when the run was compared with a baseline report.
	Baseline string `json:"baseline,omitempty"`
}

// Where returns the result's location, the zero Location when it has none (a result written by hand,
// or read from a report without one).
func (r *Result) Where() inventory.Location {
	if r.Location == nil {
		return inventory.Location{}
	}
	return *r.Location
}

// Fingerprint returns the stable identity of a rule × resource pair.
func Fingerprint(ruleID, resourceID string) string {
	// Hash from a stack buffer: a report computes one fingerprint per rule and resource.
	var buf [256]byte
	in := append(append(append(buf[:0], ruleID...), 0), resourceID...)
	sum := sha256.Sum256(in)
	return hex.EncodeToString(sum[:16])
}

// Report is a complete evaluation: what was scanned, with which rules, and every result.
type Report struct {
	Tool        string             `json:"tool"`
	Version     string             `json:"version"`
	GeneratedAt *time.Time         `json:"generated_at,omitempty"`
	Sources     []inventory.Source `json:"sources"`
	Complete    bool               `json:"complete"`
	Frameworks  []string           `json:"frameworks"`
	Rules       []Rule             `json:"rules"`
	Results     []Result           `json:"results"`
	// Waivers lists every waiver given to the run and what it did (active, expired, unused).
	Waivers []WaiverStatus `json:"waivers,omitempty"`
	Summary Summary        `json:"summary"`
	// DR is the DR posture the run was judged with (EvalOptions.DR), nil when vigil.hcl declares no DR
	// objective.
	DR *DRPosture `json:"dr,omitempty"`
}

// Summary counts results.
type Summary struct {
	Resources int            `json:"resources"`
	ByStatus  map[Status]int `json:"by_status"`
	// FailedBySeverity counts failing results per severity.
	FailedBySeverity map[Severity]int   `json:"failed_by_severity"`
	Frameworks       []FrameworkSummary `json:"frameworks"`
}

// FrameworkSummary is a framework's controls by state, and the results of the rules that evidence them.
// Control figures differ per framework; the result figures are over the results of the rules mapped to
// the framework, so frameworks that share every rule show the same ones.
type FrameworkSummary struct {
	Framework string `json:"framework"`
	Title     string `json:"title"`
	ControlFigures
	// Profiles breaks the figures down by the profile of the controls (CIS "Level 1", "Level 2"), in
	// profile name order; empty for a framework whose controls have no profile.
	Profiles []ProfileSummary `json:"profiles,omitempty"`
}

// ProfileSummary is the part of a FrameworkSummary that concerns the controls of one profile. The
// control figures count the controls the catalog puts in the profile (CIS Level 2 lists only the
// recommendations it adds to Level 1); the result figures are over the results of the rules mapped to
// at least one of those controls.
type ProfileSummary struct {
	Profile string `json:"profile"`
	ControlFigures
}

// ControlFigures are the figures of a set of controls (a framework's, or one profile's) and of the
// results of the rules that evidence them.
type ControlFigures struct {
	// ControlsTotal is the catalog size; ControlsAutomated those with at least one rule, split into
	// ControlsFullyAutomated (the rules decide the whole control, per the catalog data) and
	// ControlsPartlyAutomated (the rules evidence part of it; the rest needs manual evidence). The
	// controls with no rule, manual only, are ControlsManual.
	ControlsTotal           int `json:"controls_total"`
	ControlsAutomated       int `json:"controls_automated"`
	ControlsFullyAutomated  int `json:"controls_fully_automated"`
	ControlsPartlyAutomated int `json:"controls_partly_automated"`
	// Controls by state (see ControlState): passing, failing, unknown (incomplete input included),
	// waived (only waived results), not assessed (nothing in scope to judge) and manual (no rule); they
	// add up to ControlsTotal.
	ControlsPassing     int `json:"controls_passing"`
	ControlsFailing     int `json:"controls_failing"`
	ControlsUnknown     int `json:"controls_unknown"`
	ControlsWaived      int `json:"controls_waived"`
	ControlsNotAssessed int `json:"controls_not_assessed"`
	ControlsManual      int `json:"controls_manual"`
	// Result counts of the rules mapped to the controls.
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	Unknown       int `json:"unknown"`
	Waived        int `json:"waived"`
	NotApplicable int `json:"not_applicable"`
	// PassRate is a result-level rate, not a control one: pass / (pass + fail + unknown) over the
	// results counted above (waived and not applicable results are left out), 0 when there is nothing
	// to rate.
	PassRate float64 `json:"pass_rate"`
}
