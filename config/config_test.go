package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestLoadValid(t *testing.T) {
	path := filepath.Join("testdata", "valid", "vigil.hcl")
	cfg, err := Load(path)
	require.NoError(t, err)

	want := &Config{
		Path:       path,
		Frameworks: []string{"iso27001-2022", "nist-800-53-r5"},
		FailOn:     "high",
		Policies:   []string{filepath.Join("testdata", "valid", "policies")},
		Exclude:    []string{"modules/legacy/**", "sandbox/*.tf"},
		VarFiles:   []string{filepath.Join("testdata", "valid", "env", "prod.tfvars")},
		Variables: map[string]string{
			"env":      `"prod"`,
			"replicas": `2`,
			"ratio":    `0.25`,
			"enabled":  `true`,
			"zones":    `["eu-west-1a", "eu-west-1b"]`,
			"tags":     `{"cost-center" = "42", "team" = "core"}`,
			"template": `"literal $${not_interpolated}"`,
			"nothing":  `null`,
		},
		UninstalledModules: UninstalledGap,
		Waivers: []engine.Waiver{
			{
				ID:         "legacy-exports",
				Rule:       "S3.1",
				Resources:  []string{"aws_s3_bucket.exports", "module.*.aws_s3_bucket.tmp*"},
				Reason:     "Exports are regenerated nightly; versioning adds cost with no recovery value.",
				Owner:      "data-platform",
				ApprovedBy: "ciso@example.com",
				Ticket:     "SEC-1234",
				Expires:    date("2027-03-31"),
				Source:     path + ":18",
			},
			{
				ID:      "dr-sandbox",
				Control: "iso27001-2022:8.13",
				Reason:  "Sandbox data is synthetic\nand rebuilt from seed.",
				Expires: date("2026-12-31"),
				Source:  path + ":28",
			},
		},
	}
	assert.Equal(t, want, cfg)
	require.Len(t, cfg.Waivers, 2)
	assert.Equal(t, time.UTC, cfg.Waivers[0].Expires.Location(), "expiry is UTC midnight")
}

// TestLoadInvalid pins every message, with its file:line:col, for each kind of mistake.
func TestLoadInvalid(t *testing.T) {
	const frameworks = "use iso27001-2022, nist-800-53-r5, nist-csf-2.0, cis-aws-foundations-6.0, soc2-tsc-2017, pci-dss-4.0.1, hipaa-security-rule."
	const dateFormat = `write the last day the waiver applies as YYYY-MM-DD, such as "2027-03-31".`
	tests := []struct {
		file string
		want []string // lines of the error, without the "testdata/invalid/<file>:" prefix
	}{
		{"syntax.hcl", []string{
			`2:16: Invalid multi-line string: Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \n escape to represent a newline character or use the "heredoc" multi-line template syntax.`,
			`2:16: Unterminated template string: No closing marker was found for the string.`,
			`3:31: Invalid multi-line string: Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \n escape to represent a newline character or use the "heredoc" multi-line template syntax.`,
		}},
		{"unknown_argument.hcl", []string{
			`2:1: Unsupported argument: An argument named "fail_onn" is not expected here. Did you mean "fail_on"?`,
		}},
		{"unknown_block.hcl", []string{
			`1:1: Unsupported block type: Blocks of type "waivers" are not expected here. Did you mean "waiver"?`,
		}},
		{"wrong_type.hcl", []string{
			`1:14: Incorrect attribute value type: frameworks must be a list of strings such as ["a", "b"], not a string.`,
			`2:14: Incorrect attribute value type: fail_on must be a string, not a number.`,
			`3:15: Incorrect attribute value type: policies must be a list of strings; element 1 is a number.`,
			`3:18: Missing policy folder: No such file or folder ("x" resolves to ` + filepath.Join("testdata", "invalid", "x") + `, relative to the folder of wrong_type.hcl).`,
			`7:13: Incorrect attribute value type: reason must be a string, not a tuple.`,
		}},
		{"fail_on.hcl", []string{
			`1:11: Invalid fail_on: "severe" is not a severity; use critical, high, medium, low, info or none.`,
		}},
		{"framework.hcl", []string{
			`3:3: Unknown framework: "iso27001" is not a framework vigil knows; ` + frameworks,
		}},
		{"waiver_no_reason.hcl", []string{
			`1:1: Missing reason: Waiver "no-reason" has no reason; auditors ask why a finding was accepted, so say it in reason = "…".`,
			`8:13: Missing reason: Waiver "blank-reason" has no reason; auditors ask why a finding was accepted, so say it in reason = "…".`,
		}},
		{"waiver_no_expires.hcl", []string{
			`1:1: Missing expiry date: Waiver "forever" has no expires date; every waiver in vigil.hcl ends, so set expires = "YYYY-MM-DD", the last day it applies.`,
		}},
		{"waiver_bad_date.hcl", []string{
			`4:13: Invalid expiry date: "2027-13-01" is not a valid date (month out of range); ` + dateFormat,
			`10:13: Invalid expiry date: "next week" is not a date; ` + dateFormat,
			`16:13: Invalid expiry date: "03/31/2027" is not a date; ` + dateFormat,
		}},
		{"waiver_rule_and_control.hcl", []string{
			`3:3: Both rule and control set: Waiver "both" sets both rule and control; a waiver accepts the results of one rule or of one framework control, so keep exactly one.`,
		}},
		{"waiver_neither.hcl", []string{
			`1:1: Missing rule or control: Waiver "neither" says nothing about what it waives; set rule (a rule id such as "S3.1") or control (such as "iso27001-2022:8.13").`,
		}},
		{"waiver_bad_control.hcl", []string{
			`2:13: Invalid control: "8.13" is not a framework:control pair; write one such as "iso27001-2022:8.13".`,
			`8:13: Unknown framework: "iso27001" in control "iso27001:8.13" is not a framework vigil knows; ` + frameworks,
		}},
		{"waiver_duplicate.hcl", []string{
			`7:8: Duplicate waiver: A waiver named "same" is already declared at ` + filepath.Join("testdata", "invalid", "waiver_duplicate.hcl") + `:1; waiver names identify waivers in reports and must be unique.`,
		}},
		{"not_constant.hcl", []string{
			`1:14: Variables not allowed: vigil.hcl takes constant values only, and high is not one. To write the word itself, put it in quotes: "high".`,
			`2:15: Variables not allowed: vigil.hcl takes constant values only; var.framework would refer to a variable, and none are available here.`,
			`3:15: Function calls not allowed: vigil.hcl takes constant values only; functions such as abspath() are not available. Write the value itself.`,
			`4:18: Variables not allowed: vigil.hcl takes constant values only; path.module would refer to a variable, and none are available here.`,
		}},
		{"missing_paths.hcl", []string{
			`1:14: Missing policy folder: No such file or folder ("./no-such-folder" resolves to ` + filepath.Join("testdata", "invalid", "no-such-folder") + `, relative to the folder of missing_paths.hcl).`,
			`1:34: Not a folder: "missing_paths.hcl" (` + filepath.Join("testdata", "invalid", "missing_paths.hcl") + `) is a file; policies lists folders of Rego rules.`,
			`2:14: Missing variables file: No such file or folder ("no-such.tfvars" resolves to ` + filepath.Join("testdata", "invalid", "no-such.tfvars") + `, relative to the folder of missing_paths.hcl).`,
		}},
		{"exclude.hcl", []string{
			`1:12: Invalid exclude pattern: "/etc/*.tf": patterns are relative to the scanned directory, so they cannot start with /.`,
			`1:25: Invalid exclude pattern: "../other/**": ".." leaves the scanned directory.`,
			`1:40: Invalid exclude pattern: "modules/[legacy": malformed pattern element "[legacy" (check [ ], { } and \).`,
			`1:59: Invalid exclude pattern: "": an empty pattern excludes nothing.`,
		}},
		{"uninstalled_modules.hcl", []string{
			`1:23: Invalid uninstalled_modules: "skip" is not a choice; use "error" (the default: the scan is incomplete) or "gap" (the module is reported as not evaluated, and the scan goes on).`,
		}},
		{"variables.hcl", []string{
			`1:13: Incorrect attribute value type: variables must be an object such as { env = "prod" }, not a tuple.`,
		}},
		{"variable_name.hcl", []string{
			`3:3: Invalid variable name: "not a name" is not a Terraform variable name: names start with a letter or underscore and hold letters, digits, underscores and dashes.`,
		}},
		{"many.hcl", []string{
			`2:11: Invalid fail_on: "urgent" is not a severity; use critical, high, medium, low, info or none.`,
			`4:1: Missing reason: Waiver "a" has no reason; auditors ask why a finding was accepted, so say it in reason = "…".`,
			`4:1: Missing expiry date: Waiver "a" has no expires date; every waiver in vigil.hcl ends, so set expires = "YYYY-MM-DD", the last day it applies.`,
			`8:15: Unknown framework: "pci-dss" is not a framework vigil knows; ` + frameworks,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", tt.file)
			cfg, err := Load(path)
			require.Error(t, err)
			assert.Nil(t, cfg)

			var cerr *Error
			require.ErrorAs(t, err, &cerr)
			assert.Len(t, cerr.Diagnostics, len(tt.want))
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + ":" + w
			}
			assert.Equal(t, want, strings.Split(err.Error(), "\n"))
		})
	}
}

func TestLoadEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	require.NoError(t, os.WriteFile(path, []byte("# nothing set\n"), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, &Config{Path: path}, cfg, "unset settings stay zero so flags and defaults apply")
}

func TestLoadNullMeansUnset(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	require.NoError(t, os.WriteFile(path, []byte("fail_on = null\nframeworks = null\nvariables = null\n"), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, &Config{Path: path}, cfg)
}

func TestLoadUnreadable(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), FileName))
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)
	var cerr *Error
	assert.False(t, errors.As(err, &cerr), "an unreadable file is not a list of diagnostics")
}

func TestLoadPathResolution(t *testing.T) {
	root := t.TempDir()
	abs := filepath.Join(t.TempDir(), "shared-policies")
	for _, dir := range []string{filepath.Join(root, "infra", "policies"), filepath.Join(root, "infra", "env"), abs} {
		require.NoError(t, os.MkdirAll(dir, 0o700))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, "infra", "env", "prod.tfvars"), nil, 0o600))
	src := `policies  = ["./policies", "policies/", ` + quote(abs) + `]
var_files = ["env/prod.tfvars", "./env/../env/prod.tfvars"]
`
	require.NoError(t, os.WriteFile(filepath.Join(root, "infra", FileName), []byte(src), 0o600))

	tests := []struct {
		name string
		path string // config path as given to Load
		dir  string // what relative entries must be joined to
	}{
		{"absolute config path", filepath.Join(root, "infra", FileName), filepath.Join(root, "infra")},
		{"relative config path", filepath.Join("infra", FileName), "infra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !filepath.IsAbs(tt.path) {
				t.Chdir(root)
			}
			cfg, err := Load(tt.path)
			require.NoError(t, err)
			assert.Equal(t, []string{filepath.Join(tt.dir, "policies"), filepath.Join(tt.dir, "policies"), abs}, cfg.Policies,
				"relative entries join the config's folder; absolute ones are kept")
			assert.Equal(t, []string{filepath.Join(tt.dir, "env", "prod.tfvars"), filepath.Join(tt.dir, "env", "prod.tfvars")}, cfg.VarFiles)
		})
	}
}

func quote(s string) string {
	var b strings.Builder
	writeQuoted(&b, s)
	return b.String()
}

func TestFind(t *testing.T) {
	withFile := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(withFile, FileName), nil, 0o600))
	withDir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(withDir, FileName), 0o700))

	tests := []struct {
		name      string
		dir       string
		wantPath  string
		wantFound bool
	}{
		{"file present", withFile, filepath.Join(withFile, FileName), true},
		{"no file", t.TempDir(), "", false},
		{"a folder named vigil.hcl", withDir, "", false},
		{"missing dir", filepath.Join(withFile, "nope"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := Find(tt.dir)
			assert.Equal(t, tt.wantFound, ok)
			assert.Equal(t, tt.wantPath, p)
		})
	}
}

// TestVariablesRoundTrip checks the contract with the Terraform loader: each rendered text, parsed and
// evaluated without a context, gives back the value written in the file.
func TestVariablesRoundTrip(t *testing.T) {
	tests := []struct {
		name, expr, want string
	}{
		{"string", `"prod"`, `"prod"`},
		{"escapes", `"a\"b\\c\nd\te"`, `"a\"b\\c\nd\te"`},
		{"template introducers", `"$${x} %%{y} $$ %% $"`, `"$${x} %%{y} $$ %% $"`},
		{"dollar before escaped introducer", `"$$${x}"`, `"$$${x}"`},
		{"control character", `"\u0001"`, `"\u0001"`},
		{"heredoc", "<<EOT\nline\nEOT\n", `"line\n"`},
		{"integer", `2`, `2`},
		{"negative", `-3`, `-3`},
		{"fraction", `0.1`, `0.1`},
		{"large integer", `123456789012345678901234567890`, `1.2345678901234567890123456789e+29`},
		{"largest float64", `1.7976931348623157e308`, `1.7976931348623157e+308`},
		{"smallest float64", `5e-324`, `5e-324`},
		{"bool", `false`, `false`},
		{"null", `null`, `null`},
		{"tuple", `["a", 1, true]`, `["a", 1, true]`},
		{"object with awkward keys", `{ "for" = 1, "a b" = { null = [] }, if = "x" }`, `{"a b" = {"null" = []}, "for" = 1, "if" = "x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expr, diags := hclsyntax.ParseExpression([]byte(tt.expr), "test", hcl.InitialPos)
			require.False(t, diags.HasErrors(), diags.Error())
			orig, diags := expr.Value(nil)
			require.False(t, diags.HasErrors(), diags.Error())

			text, err := exprSource(orig)
			require.NoError(t, err)
			assert.Equal(t, tt.want, text)

			back, diags := hclsyntax.ParseExpression([]byte(text), "rendered", hcl.InitialPos)
			require.False(t, diags.HasErrors(), diags.Error())
			got, diags := back.Value(nil)
			require.False(t, diags.HasErrors(), diags.Error())
			assert.True(t, orig.RawEquals(got), "round trip: %#v became %#v", orig, got)
		})
	}
}

func TestVariablesOutOfRange(t *testing.T) {
	for _, n := range []string{"1e309", "-1e400", "1e-400"} {
		t.Run(n, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			require.NoError(t, os.WriteFile(path, []byte("variables = {\n  big = "+n+"\n}\n"), 0o600))
			_, err := Load(path)
			assert.EqualError(t, err, path+`:2:3: Invalid variable value: Variable "big": numbers must lie within the range of a 64-bit float (about 1e-308 to 1e308).`)
		})
	}
	// A literal beyond ±1e400 is refused before the file is parsed (internal/nesting).
	path := filepath.Join(t.TempDir(), FileName)
	require.NoError(t, os.WriteFile(path, []byte("variables = {\n  big = -1e999999999\n}\n"), 0o600))
	_, err := Load(path)
	assert.EqualError(t, err, path+`:2:10: Number out of range: The number 1e999999999 is beyond what vigil reads: at most 100 characters and an exponent of ±400.`)
}

func TestVariablesNotConstant(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	src := "variables = {\n  names = [for k in [\"a\"] : upper(k)]\n  env   = var.env\n  ok    = [for k in [\"a\", \"b\"] : k]\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	_, err := Load(path)
	require.Error(t, err)
	assert.Equal(t, path+`:3:11: Variables not allowed: vigil.hcl takes constant values only; var.env would refer to a variable, and none are available here.`,
		err.Error(), "for-expression symbols are not variables; var.env is reported first, before evaluation")
}

func TestExcluded(t *testing.T) {
	cfg := &Config{Exclude: []string{"modules/legacy/**", "sandbox/*.tf", "vendor", "**/*.tftest.hcl", "a/**/z",
		"{tmp,scratch}/*.tf", "env/?1"}}
	tests := []struct {
		path string
		want bool
	}{
		{"modules/legacy", true},
		{"modules/legacy/main.tf", true},
		{"modules/legacy/sub/x.tf", true},
		{"modules/legacy-v2/main.tf", false},
		{"modules/current/main.tf", false},
		{"sandbox/a.tf", true},
		{"sandbox/nested/a.tf", false},
		{"sandbox/a.tf.json", false},
		{"vendor/x/main.tf", true},
		{"vendor", true},
		{"src/vendor/main.tf", false},
		{"x.tftest.hcl", true},
		{"deep/er/x.tftest.hcl", true},
		{"a/z", true},
		{"a/b/c/z", true},
		{"a/b/c/y", false},
		{"./sandbox/a.tf", true},
		{filepath.Join("sandbox", "b.tf"), true},
		{"main.tf", false},
		{".", false},
		{"tmp/a.tf", true},
		{"scratch/b.tf", true},
		{"other/b.tf", false},
		{"env/é1/main.tf", true},
		{"env/éé1/main.tf", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			assert.Equal(t, tt.want, cfg.Excluded(tt.path))
		})
	}
	var none *Config
	assert.False(t, none.Excluded("main.tf"), "no config excludes nothing")
}

func TestErrorFormat(t *testing.T) {
	rng := func(line, col, byteOff int) *hcl.Range {
		return &hcl.Range{Filename: "v.hcl", Start: hcl.Pos{Line: line, Column: col, Byte: byteOff}}
	}
	err := &Error{Diagnostics: hcl.Diagnostics{
		{Severity: hcl.DiagError, Summary: "Second", Detail: "spans\n  two lines.", Subject: rng(3, 1, 30)},
		{Severity: hcl.DiagWarning, Summary: "Only a warning", Subject: rng(1, 1, 0)},
		{Severity: hcl.DiagError, Summary: "First", Subject: rng(2, 5, 14)},
	}}
	assert.Equal(t, "v.hcl:2:5: First\nv.hcl:3:1: Second: spans two lines.", err.Error())
}

// A config file of random bytes gives an error every few bytes: the message lists the first ones and
// counts the rest, so a CI log is not flooded (5 MB gave 64,000 lines before).
func TestErrorListIsCapped(t *testing.T) {
	var src strings.Builder
	for range 500 {
		src.WriteString("\x01 ")
	}
	path := filepath.Join(t.TempDir(), "vigil.hcl")
	require.NoError(t, os.WriteFile(path, []byte(src.String()), 0o600))
	_, err := Load(path)
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 21, "20 errors listed, then the count")
	assert.Contains(t, lines[0], "vigil.hcl:1:1: ")
	assert.Regexp(t, `^and \d+ more errors$`, lines[20])
}

func TestAllowOutsideFileReads(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	require.NoError(t, os.WriteFile(path, []byte("allow_outside_file_reads = true\n"), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	assert.True(t, cfg.AllowOutsideFileReads)

	require.NoError(t, os.WriteFile(path, []byte("allow_outside_file_reads = \"yes\"\n"), 0o600))
	_, err = Load(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), FileName+`:1:28: Incorrect attribute value type: allow_outside_file_reads must be true or false, not a string.`)
}

// A vigil.hcl that is not a regular file (a named pipe, a dangling link) is found, so Load refuses it by
// name, rather than the scan going on without the project's settings.
func TestFindKeepsWhatLoadMustRefuse(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Symlink("nowhere.hcl", filepath.Join(dir, FileName)))
	p, ok := Find(dir)
	require.True(t, ok)
	_, err := Load(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read config "+p+": no such file or directory")
}

func TestLoadLimits(t *testing.T) {
	tests := []struct {
		src     string
		want    Limits
		wantErr string
	}{
		{`limits = { instances = 200000, value_mib = 64, elements = 500000 }`, Limits{Instances: 200000, ValueMiB: 64, Elements: 500000}, ""},
		{`limits = { instances = 10 }`, Limits{Instances: 10}, ""},
		{`limits = null`, Limits{}, ""},
		{`limits = { instance = 10 }`, Limits{}, `1:10: Invalid limit: "instance" is not a limit; use instances, value_mib, elements.`},
		{`limits = { elements = 0 }`, Limits{}, `1:10: Invalid limit: limit elements must be a whole number from 1 to 1099511627776.`},
		{`limits = { elements = 1.5 }`, Limits{}, `1:10: Invalid limit: limit elements must be a whole number from 1 to 1099511627776.`},
		{`limits = { elements = "10" }`, Limits{}, `1:10: Invalid limit: limit elements must be a whole number from 1 to 1099511627776.`},
		{`limits = 10`, Limits{}, `1:10: Incorrect attribute value type: limits must be an object such as { instances = 200000 }, not a number.`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			require.NoError(t, os.WriteFile(path, []byte(tt.src+"\n"), 0o600))
			cfg, err := Load(path)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, path+":"+tt.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg.Limits)
		})
	}
}

// TestLoadDeepNesting: 100,000 nested parentheses are a located error, not a stack overflow.
func TestLoadDeepNesting(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	src := "fail_on = \"high\"\nvariables = { a = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + " }\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	_, err := Load(path)
	require.Error(t, err)
	assert.Equal(t, path+":2:1018: Nesting too deep: Brackets, braces, parentheses or template interpolations nest more than 1000 levels deep here; vigil does not read deeper nesting.", err.Error())
}
