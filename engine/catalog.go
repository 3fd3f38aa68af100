package engine

import (
	"bytes"
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
	// Profile is the applicability profile a benchmark gives the control (CIS "Level 1" or "Level 2");
	// empty for frameworks without profiles.
	Profile string `json:"profile,omitempty"`
	// Assessment says whether the benchmark holds the control's check to be automatable ("Automated") or
	// a matter of manual review ("Manual"); empty where the framework says neither.
	Assessment string `json:"assessment,omitempty"`
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
	FrameworkCISAWS6:   "CIS Amazon Web Services Foundations Benchmark v6.0.0",
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
		out[fw] = c
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
		c.index[ctl.ID] = i
	}
	return c, nil
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
