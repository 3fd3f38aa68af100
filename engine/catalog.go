package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/vigil-audit/vigil/policies"
)

// Control is one entry of a framework catalog.
type Control struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Group string `json:"group"`
	// Profile is the applicability profile a benchmark gives the control (CIS "Level 1" or "Level 2");
	// empty for frameworks without profiles.
	Profile string `json:"profile,omitempty"`
	// Assessment says whether the benchmark holds the control's check to be automatable ("Automated") or
	// a matter of manual review ("Manual"); empty where the framework says neither.
	Assessment string `json:"assessment,omitempty"`
	// Note is vigil's own word on how its rules cover the control: why no rule does, or which part one
	// judges (policies/coverage/<framework>.json, kept in step with docs/rules.md). Never from the catalog.
	Note string `json:"note,omitempty"`
}

// Catalog is the exact list of a framework's control ids and titles.
type Catalog struct {
	Framework string
	Title     string
	// Version is the framework's edition; Source says where the ids and titles were taken from.
	Version  string
	Source   string
	Controls []Control
	index    map[string]int
	// fullyAutomated holds, by control id, why rules can decide the whole control
	// (coverage/fully-automated.json); every other control with rules is only partly automated.
	fullyAutomated map[string]string
}

// FullyAutomated reports whether the catalog data says rules can decide the control as a whole, and why.
// Most controls also need procedural evidence (a policy, a review, a test record), so rules only partly
// evidence them; only the controls listed in coverage/fully-automated.json are decided by rules alone.
func (c *Catalog) FullyAutomated(id string) (rationale string, ok bool) {
	rationale, ok = c.fullyAutomated[id]
	return rationale, ok
}

// fullyAutomatedPath lists the controls that rules decide as a whole, with the reason for each.
const fullyAutomatedPath = "coverage/fully-automated.json"

// FullyAutomatedEntry is one control of coverage/fully-automated.json.
type FullyAutomatedEntry struct {
	Framework string `json:"framework"`
	Control   string `json:"control"`
	Rationale string `json:"rationale"`
}

// coverageFile is the layout of policies/coverage/<framework>.json: notes by control id.
type coverageFile struct {
	Framework string            `json:"framework"`
	Notes     map[string]string `json:"notes"`
}

// catalogFile is the layout of policies/catalogs/<framework>.json.
type catalogFile struct {
	Framework string    `json:"framework"`
	Title     string    `json:"title"`
	Version   string    `json:"version"`
	Source    string    `json:"source"`
	Controls  []Control `json:"controls"`
}

// Lookup returns the control with the given id.
func (c *Catalog) Lookup(id string) (Control, bool) {
	i, ok := c.index[id]
	if !ok {
		return Control{}, false
	}
	return c.Controls[i], true
}

// Profiles lists the distinct control profiles, sorted; nil when the framework has none.
func (c *Catalog) Profiles() []string {
	var out []string
	seen := map[string]bool{}
	for _, ctl := range c.Controls {
		if ctl.Profile != "" && !seen[ctl.Profile] {
			seen[ctl.Profile] = true
			out = append(out, ctl.Profile)
		}
	}
	sort.Strings(out)
	return out
}

var frameworkTitles = map[string]string{
	FrameworkISO27001:  "ISO/IEC 27001:2022 Annex A",
	FrameworkNIST80053: "NIST SP 800-53 Rev. 5",
	FrameworkCSF2:      "NIST CSF 2.0",
	FrameworkCISAWS6:   "CIS AWS Foundations v6.0.0",
	FrameworkSOC2:      "SOC 2 TSC 2017",
	FrameworkPCIDSS4:   "PCI DSS v4.0.1",
	FrameworkHIPAA:     "HIPAA Security Rule",
}

// FrameworkTitle returns the display name of a framework id.
func FrameworkTitle(framework string) string {
	if t, ok := frameworkTitles[framework]; ok {
		return t
	}
	return framework
}

// LoadCatalogs reads the embedded catalog of every supported framework.
func LoadCatalogs() (map[string]*Catalog, error) {
	out := make(map[string]*Catalog, len(Frameworks))
	for _, fw := range Frameworks {
		path := "catalogs/" + fw + ".json"
		raw, err := fs.ReadFile(policies.FS, path)
		if err != nil {
			return nil, fmt.Errorf("read catalog %s: %w", path, err)
		}
		c, err := parseCatalog(fw, raw)
		if err != nil {
			return nil, fmt.Errorf("parse catalog %s: %w", path, err)
		}
		notesPath := "coverage/" + fw + ".json"
		notes, err := fs.ReadFile(policies.FS, notesPath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("read coverage notes %s: %w", notesPath, err)
		default:
			if err := c.addNotes(notes); err != nil {
				return nil, fmt.Errorf("parse coverage notes %s: %w", notesPath, err)
			}
		}
		out[fw] = c
	}
	raw, err := fs.ReadFile(policies.FS, fullyAutomatedPath)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", fullyAutomatedPath, err)
	}
	var entries []FullyAutomatedEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("parse %s: %w", fullyAutomatedPath, err)
	}
	for _, e := range entries {
		c, ok := out[e.Framework]
		if !ok {
			return nil, fmt.Errorf("%s: unknown framework %q", fullyAutomatedPath, e.Framework)
		}
		if _, ok := c.Lookup(e.Control); !ok {
			return nil, fmt.Errorf("%s: control %q is not in the %s catalog", fullyAutomatedPath, e.Control, e.Framework)
		}
		if e.Rationale == "" {
			return nil, fmt.Errorf("%s: %s %s has no rationale", fullyAutomatedPath, e.Framework, e.Control)
		}
		if c.fullyAutomated == nil {
			c.fullyAutomated = map[string]string{}
		}
		c.fullyAutomated[e.Control] = e.Rationale
	}
	return out, nil
}

// parseCatalog decodes one catalog file and checks that it is the framework's and lists each id once.
func parseCatalog(framework string, raw []byte) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f catalogFile
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if f.Framework != framework {
		return nil, fmt.Errorf("framework is %q, want %q", f.Framework, framework)
	}
	if len(f.Controls) == 0 {
		return nil, fmt.Errorf("no controls")
	}
	c := &Catalog{Framework: framework, Title: FrameworkTitle(framework), Version: f.Version, Source: f.Source,
		Controls: f.Controls, index: make(map[string]int, len(f.Controls))}
	for i, ctl := range f.Controls {
		if ctl.ID == "" || ctl.Title == "" {
			return nil, fmt.Errorf("control %d has no id or no title", i+1)
		}
		if _, dup := c.index[ctl.ID]; dup {
			return nil, fmt.Errorf("control %s is listed twice", ctl.ID)
		}
		if ctl.Note != "" {
			return nil, fmt.Errorf("control %s has a note: notes are vigil's, in policies/coverage", ctl.ID)
		}
		c.index[ctl.ID] = i
	}
	return c, nil
}

// addNotes attaches vigil's coverage notes to the catalog's controls; a note on an id the catalog does
// not list is an error.
func (c *Catalog) addNotes(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f coverageFile
	if err := dec.Decode(&f); err != nil {
		return err
	}
	if f.Framework != c.Framework {
		return fmt.Errorf("framework is %q, want %q", f.Framework, c.Framework)
	}
	for id, note := range f.Notes {
		i, ok := c.index[id]
		if !ok {
			return fmt.Errorf("note on %q, which is not in the catalog", id)
		}
		if note == "" {
			return fmt.Errorf("empty note on %s", id)
		}
		c.Controls[i].Note = note
	}
	return nil
}

// SortControlIDs orders control ids the way their catalog lists them; ids not in the catalog go last.
func (c *Catalog) SortControlIDs(ids []string) {
	sort.SliceStable(ids, func(a, b int) bool {
		ia, oka := c.index[ids[a]]
		ib, okb := c.index[ids[b]]
		switch {
		case oka && okb:
			return ia < ib
		case oka != okb:
			return oka
		default:
			return ids[a] < ids[b]
		}
	})
}
