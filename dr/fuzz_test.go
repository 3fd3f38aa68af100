package dr

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-audit/vigil/config"
)

// FuzzAssign loads fuzzed vigil.hcl files and, for those that load, checks what Assign promises on the
// fixture inventory: every protectable resource listed once, in order; an assigned resource in a declared
// tier (and in its system's tier); an invalid one named by a diagnostic, and no diagnostic about a
// resource that is not invalid; every diagnostic located or naming its resource.
func FuzzAssign(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "vigil.hcl"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("dr_tier_tag = \"app\"\ndr_tier \"ledger\" { rpo = \"1h\" }\n"))
	f.Add([]byte("dr_tier \"x\" { rto = \"1d\" }\ndr_system \"s\" {\n  tier = \"x\"\n  match { ids = [\"*ledger*\"] }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		path := filepath.Join(t.TempDir(), config.FileName)
		if err := os.WriteFile(path, src, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(path)
		if err != nil {
			return
		}
		inv := fixtureInventory()
		got, diags := Assign(cfg.DR, inv)

		protectable := 0
		for _, r := range inv.Resources {
			if Protectable(r.Type) {
				protectable++
			}
		}
		if len(got) != protectable {
			t.Fatalf("%d assignments for %d protectable resources", len(got), protectable)
		}
		diagnosed := map[string]bool{}
		for _, d := range diags {
			if d.Subject == nil && d.Resource == "" {
				t.Fatalf("diagnostic neither located nor about a resource: %s", d)
			}
			diagnosed[d.Resource] = true
		}
		for i, a := range got {
			if i > 0 && got[i-1].Resource >= a.Resource {
				t.Fatalf("not sorted: %q before %q", got[i-1].Resource, a.Resource)
			}
			switch a.Status {
			case StatusAssigned:
				if cfg.DR.Tier(a.Tier) == nil {
					t.Fatalf("%s assigned to undeclared tier %q", a.Resource, a.Tier)
				}
				if a.System != "" {
					found := false
					for _, s := range cfg.DR.Systems {
						found = found || s.Name == a.System && s.Tier == a.Tier
					}
					if !found {
						t.Fatalf("%s in system %q, which is not in tier %q", a.Resource, a.System, a.Tier)
					}
				}
			case StatusNoObjective, StatusUnknown, StatusInvalid:
				if a.Tier != "" || a.System != "" {
					t.Fatalf("%s is %s with tier %q system %q", a.Resource, a.Status, a.Tier, a.System)
				}
			default:
				t.Fatalf("%s has status %q", a.Resource, a.Status)
			}
			if (a.Status == StatusInvalid) != diagnosed[a.Resource] {
				t.Fatalf("%s is %s, diagnosed %v", a.Resource, a.Status, diagnosed[a.Resource])
			}
		}
	})
}
