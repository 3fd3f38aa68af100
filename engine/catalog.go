package engine

import (
	"encoding/json"
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
}

// Catalog is the exact list of a framework's control ids and titles.
type Catalog struct {
	Framework string
	Title     string
	Controls  []Control
	index     map[string]int
	// fullyAutomated holds, by control id, why rules can decide the whole control
	// (catalogs/fully-automated.json); every other control with rules is only partly automated.
	fullyAutomated map[string]string
}

// FullyAutomated reports whether the catalog data says rules can decide the control as a whole, and why.
// Most controls also need procedural evidence (a policy, a review, a test record), so rules only partly
// evidence them; only the controls listed in catalogs/fully-automated.json are decided by rules alone.
func (c *Catalog) FullyAutomated(id string) (rationale string, ok bool) {
	rationale, ok = c.fullyAutomated[id]
	return rationale, ok
}

// fullyAutomatedPath lists the controls that rules decide as a whole, with the reason for each.
const fullyAutomatedPath = "catalogs/fully-automated.json"

// FullyAutomatedEntry is one control of catalogs/fully-automated.json.
type FullyAutomatedEntry struct {
	Framework string `json:"framework"`
	Control   string `json:"control"`
	Rationale string `json:"rationale"`
}

// Lookup returns the control with the given id.
func (c *Catalog) Lookup(id string) (Control, bool) {
	i, ok := c.index[id]
	if !ok {
		return Control{}, false
	}
	return c.Controls[i], true
}

var frameworkTitles = map[string]string{
	FrameworkISO27001:  "ISO/IEC 27001:2022 Annex A",
	FrameworkNIST80053: "NIST SP 800-53 Rev. 5",
	FrameworkCSF2:      "NIST CSF 2.0",
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
		var controls []Control
		if err := json.Unmarshal(raw, &controls); err != nil {
			return nil, fmt.Errorf("parse catalog %s: %w", path, err)
		}
		c := &Catalog{Framework: fw, Title: FrameworkTitle(fw), Controls: controls, index: make(map[string]int, len(controls))}
		for i, ctl := range controls {
			c.index[ctl.ID] = i
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
