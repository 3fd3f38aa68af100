package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzLoad checks that no input makes Load panic, and that what it returns keeps its promises: an error
// names the file and a position on every line; a config has complete waivers and variable texts that
// evaluate as constants.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*", "*.hcl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range seeds {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("variables = { a = [1, { b = \"$${c}\" }], \"d\" = -0.5 }\n"))
	f.Add([]byte("exclude = [\"**/a/**/b*\", \"c/[d-e]?\"]\n"))
	f.Add([]byte("variables = { a = " + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + " }\n"))
	f.Add([]byte("limits = { instances = 10, value_mib = 1 }\n"))
	f.Add([]byte("dr_tier \"t\" { rpo = \"15m\" }\ndr_system \"s\" {\n  tier = \"t\"\n  match { tags = { app = \"x\" } }\n}\n"))
	f.Add([]byte("dr_tier \"v\" {\n  air_gapped_copy = \"7d\"\n}\ndr_tier \"w\" { air_gapped_copy = true }\n"))

	f.Fuzz(func(t *testing.T, src []byte) {
		path := filepath.Join(t.TempDir(), FileName)
		if err := os.WriteFile(path, src, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(path)
		if err != nil {
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("a readable file gave an error that is not an *Error: %v", err)
			}
			msg := err.Error()
			if msg == "" {
				t.Fatal("empty error message")
			}
			lines := strings.Split(msg, "\n")
			if n := len(lines); n == MaxErrorsListed+1 && strings.HasPrefix(lines[n-1], "and ") && strings.HasSuffix(lines[n-1], " more errors") {
				lines = lines[:n-1] // the count of the errors past the cap (see Error)
			}
			for _, line := range lines {
				if !strings.HasPrefix(line, path+":") {
					t.Fatalf("error line without file:line:col: %q", line)
				}
			}
			return
		}
		for _, w := range cfg.Waivers {
			if w.ID == "" || w.Reason == "" || w.Expires == nil || (w.Rule == "") == (w.Control == "") {
				t.Fatalf("incomplete waiver accepted: %+v", w)
			}
		}
		for name, text := range cfg.Variables {
			expr, diags := hclsyntax.ParseExpression([]byte(text), name, hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("variable %s: %q does not parse: %s", name, text, diags.Error())
			}
			v, diags := expr.Value(nil)
			if diags.HasErrors() {
				t.Fatalf("variable %s: %q does not evaluate: %s", name, text, diags.Error())
			}
			again, err := exprSource(v)
			if err != nil || again != text {
				t.Fatalf("variable %s: %q renders back as %q (%v)", name, text, again, err)
			}
		}
		for _, s := range cfg.DR.Systems {
			if cfg.DR.Tier(s.Tier) == nil || len(s.Match) == 0 {
				t.Fatalf("system %q accepted with tier %q and %d match blocks", s.Name, s.Tier, len(s.Match))
			}
			for _, m := range s.Match {
				if len(m.Tags)+len(m.IDs)+len(m.Types) == 0 {
					t.Fatalf("system %q accepted with an empty match block", s.Name)
				}
			}
		}
		for _, p := range cfg.Exclude {
			cfg.Excluded(p)
		}
	})
}
