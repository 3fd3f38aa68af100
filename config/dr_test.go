package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// at renders a range's start as "line:col", the way messages show it.
func at(r hcl.Range) string { return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Column) }

func TestLoadDR(t *testing.T) {
	path := filepath.Join("testdata", "dr", "vigil.hcl")
	cfg, err := Load(path)
	require.NoError(t, err)
	dr := cfg.DR

	assert.Equal(t, "DRTier", dr.TierTagKey())
	assert.Equal(t, "2:15", at(dr.TierTagRange), `dr_tier_tag = "DRTier": the quote is column 15`)

	// Hand-located in testdata/dr/vigil.hcl: values are aligned at column 25 in "critical" (after
	// "  restore_test_within = "), at column 24 in "standard" (after "  cross_account_copy = ").
	assert.Equal(t, "4:1", at(dr.Tiers[0].DeclRange))
	assert.Equal(t, "5:25", at(dr.Tiers[0].RPO.Range))
	assert.Equal(t, "8:25", at(dr.Tiers[0].CrossRegionCopy.Range))
	assert.Equal(t, "10:25", at(dr.Tiers[0].VaultLock.Range))
	assert.Equal(t, "19:24", at(dr.Tiers[1].VaultLock.Range))

	// Ranges are checked above; the copies compared below have them cleared.
	tiers := make([]DRTier, len(dr.Tiers))
	for i, tier := range dr.Tiers {
		tiers[i] = withoutRanges(tier)
	}
	dur := func(d time.Duration, text string) *DurationObjective { return &DurationObjective{Value: d, Text: text} }
	day := 24 * time.Hour
	assert.Equal(t, []DRTier{
		{
			Name:              "critical",
			RPO:               dur(15*time.Minute, "15m"),
			RTO:               dur(time.Hour, "1h"),
			MinRetention:      dur(35*day, "35d"),
			RestoreTestWithin: dur(90*day, "90d"),
			// Sorted, and eu-central-1, written twice, once.
			CrossRegionCopy:  &CopyObjective{Required: true, Values: []string{"eu-central-1", "eu-west-3"}},
			CrossAccountCopy: &CopyObjective{Required: true},
			VaultLock:        &VaultLockObjective{Required: true, Mode: VaultLockCompliance},
		},
		{
			Name:             "standard",
			RPO:              dur(36*time.Hour, "36h"),
			MinRetention:     dur(7*day, "168h"), // 168 h = 7 whole days
			CrossRegionCopy:  &CopyObjective{Required: false},
			CrossAccountCopy: &CopyObjective{Required: true, Values: []string{"111122223333"}},
			VaultLock:        &VaultLockObjective{Required: true, Mode: VaultLockAny},
		},
		{Name: "archive", VaultLock: &VaultLockObjective{Required: false}},
		{Name: "later", RTO: dur(4*time.Hour, "4h")},
	}, tiers)
	assert.Equal(t, int64(15), dr.Tiers[0].RPO.Minutes())
	assert.Equal(t, int64(36*60), dr.Tiers[1].RPO.Minutes())

	require.Len(t, dr.Systems, 2)
	ledger := dr.Systems[0]
	assert.Equal(t, "ledger", ledger.Name)
	assert.Equal(t, "critical", ledger.Tier)
	assert.Equal(t, "26:1", at(ledger.DeclRange))
	assert.Equal(t, "27:10", at(ledger.TierRange))
	require.Len(t, ledger.Match, 2)
	assert.Equal(t, map[string]string{"app": "ledger", "env": "prod"}, ledger.Match[0].Tags)
	assert.Equal(t, []string{"aws.rds.cluster", "aws.dynamodb.table"}, ledger.Match[0].Types, "file order, once each")
	assert.Nil(t, ledger.Match[0].IDs)
	assert.Equal(t, "28:3", at(ledger.Match[0].Range))
	assert.Equal(t, []string{"module.ledger.aws_s3_bucket.*", "arn:aws:s3:::ledger-*"}, ledger.Match[1].IDs)
	assert.Equal(t, "32:3", at(ledger.Match[1].Range))

	reports := dr.Systems[1]
	assert.Equal(t, "later", reports.Tier, "a system may name a tier declared after it")
	assert.Equal(t, []DRMatch{{IDs: []string{"aws_efs_file_system.reports"}, Range: reports.Match[0].Range}}, reports.Match)

	assert.Equal(t, "critical", dr.Tier("critical").Name)
	assert.Nil(t, dr.Tier("Critical"), "tier names are case-sensitive, as tag values are")
}

// withoutRanges copies a tier with every range cleared.
func withoutRanges(t DRTier) DRTier {
	t.DeclRange = hcl.Range{}
	dur := func(o *DurationObjective) *DurationObjective {
		if o == nil {
			return nil
		}
		c := *o
		c.Range = hcl.Range{}
		return &c
	}
	cp := func(o *CopyObjective) *CopyObjective {
		if o == nil {
			return nil
		}
		c := *o
		c.Range = hcl.Range{}
		return &c
	}
	t.RPO, t.RTO, t.MinRetention, t.RestoreTestWithin = dur(t.RPO), dur(t.RTO), dur(t.MinRetention), dur(t.RestoreTestWithin)
	t.CrossRegionCopy, t.CrossAccountCopy = cp(t.CrossRegionCopy), cp(t.CrossAccountCopy)
	if t.VaultLock != nil {
		c := *t.VaultLock
		c.Range = hcl.Range{}
		t.VaultLock = &c
	}
	return t
}

// TestDRAirGappedCopy decodes air_gapped_copy's three forms, each located at its value.
func TestDRAirGappedCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	src := "dr_tier \"a\" {\n  air_gapped_copy = true\n}\ndr_tier \"b\" {\n  air_gapped_copy = \"7d\"\n}\n" +
		"dr_tier \"c\" {\n  air_gapped_copy = false\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	tiers := cfg.DR.Tiers
	require.Len(t, tiers, 3)

	a := tiers[0].AirGappedCopy
	require.NotNil(t, a)
	assert.True(t, a.Required)
	assert.Nil(t, a.Within)
	assert.Equal(t, "true", a.Text())
	assert.Equal(t, "2:21", fmt.Sprintf("%d:%d", a.Range.Start.Line, a.Range.Start.Column))

	b := tiers[1].AirGappedCopy
	require.NotNil(t, b)
	require.NotNil(t, b.Within)
	assert.True(t, b.Required)
	assert.Equal(t, 7*24*time.Hour, b.Within.Value)
	assert.Equal(t, "7d", b.Text())
	assert.Equal(t, int64(7*24*60), b.Within.Minutes())

	c := tiers[2].AirGappedCopy
	require.NotNil(t, c)
	assert.False(t, c.Required)
	assert.Equal(t, "false", c.Text())
}

func TestDRDefaults(t *testing.T) {
	var dr DR
	assert.Equal(t, "dr-tier", dr.TierTagKey())
	assert.Nil(t, dr.Tier("critical"))

	// A tier and a system may share a name; a tier needs no system.
	path := filepath.Join(t.TempDir(), FileName)
	src := "dr_tier \"ledger\" {\n  rpo = \"1h\"\n}\ndr_system \"ledger\" {\n  tier = \"ledger\"\n  match {\n    ids = [\"*\"]\n  }\n}\ndr_tier \"spare\" {\n  rto = \"2h\"\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	cfg, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, "dr-tier", cfg.DR.TierTagKey())
	assert.Len(t, cfg.DR.Tiers, 2)
	assert.Len(t, cfg.DR.Systems, 1)
}

// TestLoadDRInvalid pins every message about DR blocks, with its line:col, counted by hand in each source.
func TestLoadDRInvalid(t *testing.T) {
	const hint = `write a whole number followed by m (minutes), h (hours) or d (days), such as "15m", "4h" or "35d".`
	tier := func(body string) string { return "dr_tier \"t\" {\n" + body + "\n}\n" }
	// system wraps a match block body: line 1 header, line 2 tier, line 3 "  match {", line 4 the body.
	system := func(body string) string {
		return "dr_tier \"t\" {\n  rpo = \"1h\"\n}\ndr_system \"s\" {\n  tier = \"t\"\n  match {\n" + body + "\n  }\n}\n"
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown tier attribute", tier("  rpo           = \"15m\"\n  min_retension = \"35d\""), []string{
			`3:3: Unsupported argument: An argument named "min_retension" is not expected here. Did you mean "min_retention"?`,
		}},
		{"unknown match attribute", system(`    tag = { app = "x" }`), []string{
			`7:5: Unsupported argument: An argument named "tag" is not expected here. Did you mean "tags"?`,
		}},
		{"unknown system attribute", "dr_tier \"t\" {\n  rpo = \"1h\"\n}\ndr_system \"s\" {\n  tier = \"t\"\n  tiers = \"t\"\n  match { ids = [\"x\"] }\n}\n", []string{
			`6:3: Unsupported argument: An argument named "tiers" is not expected here.`,
		}},
		{"unknown block in tier", "dr_tier \"t\" {\n  rpo = \"1h\"\n  match {}\n}\n", []string{
			`3:3: Unsupported block type: Blocks of type "match" are not expected here.`,
		}},
		{"duplicate tier", "dr_tier \"t\" { rpo = \"1h\" }\ndr_tier \"t\" { rpo = \"2h\" }\n", []string{
			`2:9: Duplicate tier: A tier named "t" is already declared at PATH:1; tier names identify tiers in reports and must be unique.`,
		}},
		{"duplicate system", "dr_tier \"t\" { rpo = \"1h\" }\ndr_system \"s\" {\n  tier = \"t\"\n  match { ids = [\"a\"] }\n}\ndr_system \"s\" {\n  tier = \"t\"\n  match { ids = [\"b\"] }\n}\n", []string{
			`6:11: Duplicate system: A system named "s" is already declared at PATH:2; system names identify systems in reports and must be unique.`,
		}},
		{"unknown tier, close to one", "dr_tier \"critical\" { rpo = \"15m\" }\ndr_tier \"bronze\" { rpo = \"24h\" }\ndr_system \"s\" {\n  tier = \"critcal\"\n  match { types = [\"aws.rds.instance\"] }\n}\n", []string{
			`4:10: Unknown tier: System "s" names tier "critcal", which is not declared (declared tiers: bronze, critical). Did you mean "critical"?`,
		}},
		{"unknown tier, other case", "dr_tier \"gold\" { rpo = \"15m\" }\ndr_system \"s\" {\n  tier = \"GOLD\"\n  match { types = [\"aws.rds.instance\"] }\n}\n", []string{
			`3:10: Unknown tier: System "s" names tier "GOLD", which is not declared (declared tiers: gold). Did you mean "gold"?`,
		}},
		{"unknown tier, none declared", "dr_system \"s\" {\n  tier = \"gold\"\n  match { types = [\"aws.rds.instance\"] }\n}\n", []string{
			`2:10: Unknown tier: System "s" names tier "gold", which is not declared (no dr_tier is declared).`,
		}},
		{"tier with a problem is still declared", "dr_tier \"t\" { rpo = \"soon\" }\ndr_system \"s\" {\n  tier = \"t\"\n  match { ids = [\"a\"] }\n}\n", []string{
			`1:21: Invalid duration: rpo: "soon" is not a duration; ` + hint,
		}},
		{"system tier not a string", "dr_tier \"t\" { rpo = \"1h\" }\ndr_system \"s\" {\n  tier = 5\n  match { ids = [\"a\"] }\n}\n", []string{
			`3:10: Incorrect attribute value type: tier must be a string, not a number.`,
		}},
		{"system without tier", "dr_system \"s\" {\n  match { ids = [\"a\"] }\n}\n", []string{
			`1:1: Missing tier: System "s" has no tier; set tier = "<name of a dr_tier>".`,
		}},
		{"system without match", "dr_tier \"t\" { rpo = \"1h\" }\ndr_system \"s\" {\n  tier = \"t\"\n}\n", []string{
			`2:1: Missing match block: System "s" says nothing about which resources it holds; add a match block with tags, ids or types, such as match { tags = { app = "s" } }.`,
		}},
		{"empty match block", system(""), []string{
			`6:3: Empty match block: A match block of system "s" sets no criterion, so it would hold nothing; set tags, ids or types.`,
		}},
		{"empty lists and tags", system("    ids   = []\n    types = []\n    tags  = {}"), []string{
			`7:13: Empty list: ids = [] matches no resource; remove it or list what it matches.`,
			`8:13: Empty list: types = [] matches no resource; remove it or list what it matches.`,
			`9:13: Empty tags: tags = {} sets no tag to match; remove it or name the tags the resources carry.`,
		}},
		{"bad ids", system(`    ids = ["aws_db_instance.a", "", 7]`), []string{
			`7:33: Invalid id pattern: An empty pattern matches no resource; remove it.`,
			`7:37: Incorrect attribute value type: ids must be a list of strings; element 3 is a number.`,
		}},
		{"bad types", system(`    types = ["aws.rds.instanc", "aws.rds.db", "aws.s3.bucket"]`), []string{
			`7:14: Unknown resource type: "aws.rds.instanc" is not a resource type vigil knows; types are canonical, such as "aws.rds.instance" (see docs/inventory.md). Did you mean "aws.rds.instance"?`,
			`7:33: Unknown resource type: "aws.rds.db" is not a resource type vigil knows; types are canonical, such as "aws.rds.instance" (see docs/inventory.md).`,
		}},
		{"bad tags", system("    tags = {\n      app  = \"ledger\"\n      tier = 1\n    }"), []string{
			`9:14: Incorrect attribute value type: tag "tier" must have a string value, not a number; tag values are strings, so quote numbers and booleans.`,
		}},
		{"tags not an object", system(`    tags = ["app"]`), []string{
			`7:12: Incorrect attribute value type: tags must be an object of tag keys and values such as { app = "ledger" }, not a tuple.`,
		}},
		{"durations", tier(strings.Join([]string{
			`  rpo                 = "15 minutes"`,
			`  rto                 = "1h30m"`,
			`  min_retention       = "0m"`,
			`  restore_test_within = "-5m"`,
		}, "\n")), []string{
			`2:25: Invalid duration: rpo: "15 minutes" is not a duration; ` + hint,
			`3:25: Invalid duration: rto: "1h30m" is not a duration here; write one number and one unit, such as "90m".`,
			`4:25: Invalid duration: min_retention: "0m" is zero; an objective is a duration greater than zero.`,
			`5:25: Invalid duration: restore_test_within: "-5m" is negative; an objective is a duration greater than zero.`,
		}},
		{"more durations", tier(strings.Join([]string{
			`  rpo                 = "2w"`,
			`  rto                 = "15M"`,
			`  min_retention       = "36h"`,
			`  restore_test_within = "36501d"`,
		}, "\n")), []string{
			`2:25: Invalid duration: rpo: "2w": weeks are not a unit here; write days, such as "14d".`,
			`3:25: Invalid duration: rto: "15M": units are written in lower case; ` + hint,
			`4:25: Invalid duration: min_retention: "36h" is not a whole number of days; AWS Backup keeps backups for whole days, so write days, such as "35d".`,
			`5:25: Invalid duration: restore_test_within: "36501d" is more than 36500d, the longest objective.`,
		}},
		{"durations, types", tier("  rpo = 15\n  rto = \"\"\n  min_retention = \"30s\""), []string{
			`2:9: Incorrect attribute value type: rpo must be a string, not a number.`,
			`3:9: Invalid duration: rto: an empty string is not a duration; ` + hint,
			`4:19: Invalid duration: min_retention: "30s": s is not a unit here; ` + hint,
		}},
		{"copies", tier(strings.Join([]string{
			`  cross_region_copy  = ["eu-west-1", "europe", 3]`,
			`  cross_account_copy = ["1234", "111122223333"]`,
		}, "\n")), []string{
			`2:38: Invalid region: "europe" is not an AWS region name such as "eu-west-1".`,
			`2:48: Incorrect attribute value type: cross_region_copy must be a list of strings; element 3 is a number.`,
			`3:25: Invalid account: "1234" is not an AWS account id, 12 digits such as "111122223333".`,
		}},
		{"copies, types", tier("  cross_region_copy  = \"eu-west-1\"\n  cross_account_copy = []"), []string{
			`2:24: Incorrect attribute value type: cross_region_copy must be true, false or a list of regions whose copies count, not a string.`,
			`3:24: Empty account list: cross_account_copy = [] lets no account count, so no copy could meet it; write true (any other account) or false (no copy needed).`,
		}},
		{"vault_lock governance", tier(`  vault_lock = "governance"`), []string{
			`2:16: Invalid vault_lock: "governance" is what true asks for (a lock in either mode, governance being the weaker); write true, or "compliance" to require a lock that no one can remove.`,
		}},
		{"vault_lock other", tier("  vault_lock = \"yes\"\n  rpo = \"1h\""), []string{
			`2:16: Invalid vault_lock: "yes" is not a choice; write true (a Vault Lock in either mode), "compliance" (a compliance-mode lock) or false.`,
		}},
		{"vault_lock number", tier(`  vault_lock = 1`), []string{
			`2:16: Incorrect attribute value type: vault_lock must be true, false or "compliance", not a number.`,
		}},
		{"air_gapped_copy", tier("  air_gapped_copy = \"7 days\""), []string{
			`2:21: Invalid duration: air_gapped_copy: "7 days" is not a duration; ` + hint,
		}},
		{"air_gapped_copy zero", tier("  air_gapped_copy = \"0d\""), []string{
			`2:21: Invalid duration: air_gapped_copy: "0d" is zero; an objective is a duration greater than zero.`,
		}},
		{"air_gapped_copy type", tier("  air_gapped_copy = 7"), []string{
			`2:21: Incorrect attribute value type: air_gapped_copy must be true, false or a duration such as "7d" (a recovery point copied to a logically air-gapped vault within that time), not a number.`,
		}},
		{"tier without objectives", "dr_tier \"empty\" {\n}\n", []string{
			`1:1: Tier without objectives: Tier "empty" declares no objective; set at least one of rpo, rto, min_retention, restore_test_within, cross_region_copy, cross_account_copy, vault_lock, air_gapped_copy.`,
		}},
		{"names", "dr_tier \"has space\" { rpo = \"1h\" }\ndr_system \"\" {\n  tier = \"has space\"\n  match { ids = [\"a\"] }\n}\n", []string{
			`1:9: Invalid tier name: "has space" is not a tier name: use 1 to 128 letters, digits and _ . : / = + @ -, starting with a letter or digit, such as "critical".`,
			`2:11: Invalid system name: "" is not a system name: use 1 to 128 letters, digits and _ . : / = + @ -, starting with a letter or digit, such as "critical".`,
		}},
		{"dr_tier_tag reserved", `dr_tier_tag = "aws:tier"`, []string{
			`1:15: Invalid dr_tier_tag: "aws:tier" starts with aws:, which AWS reserves for its own tags.`,
		}},
		{"dr_tier_tag empty", `dr_tier_tag = " "`, []string{
			`1:15: Invalid dr_tier_tag: " " is not a tag key; write the key that names a resource's tier, such as "dr-tier".`,
		}},
		{"dr_tier_tag character", `dr_tier_tag = "tier#1"`, []string{
			`1:15: Invalid dr_tier_tag: "tier#1" holds '#', which AWS does not allow in tag keys (letters, digits, spaces and _ . : / = + - @).`,
		}},
		{"dr_tier_tag type", `dr_tier_tag = ["dr-tier"]`, []string{
			`1:15: Incorrect attribute value type: dr_tier_tag must be a string, not a tuple.`,
		}},
		{"dr_tier_tag long", `dr_tier_tag = "` + strings.Repeat("k", 129) + `"`, []string{
			`1:15: Invalid dr_tier_tag: a tag key has at most 128 characters, this one 129.`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			require.NoError(t, os.WriteFile(path, []byte(tt.src), 0o600))
			cfg, err := Load(path)
			require.Error(t, err)
			assert.Nil(t, cfg)
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + ":" + strings.ReplaceAll(w, "PATH", path)
			}
			assert.Equal(t, want, strings.Split(err.Error(), "\n"))
		})
	}
}

func TestParseObjectiveDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"15m", 15 * time.Minute},
		{"4h", 4 * time.Hour},
		{"36h", 36 * time.Hour},
		{"35d", 35 * 24 * time.Hour},
		{"1m", time.Minute},
		{"090m", 90 * time.Minute},            // leading zeros are digits like any other
		{"36500d", 36500 * 24 * time.Hour},    // the longest
		{"52560000m", 36500 * 24 * time.Hour}, // the same, in minutes: 36500 × 1440
		{"0000000000000001m", time.Minute},    // many leading zeros do not count as digits of the value
		{"876000h", 36500 * 24 * time.Hour},   // 36500 × 24
	}
	for _, tt := range tests {
		got, err := ParseObjectiveDuration(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	for in, want := range map[string]string{
		"-5m":         `"-5m" is negative; an objective is a duration greater than zero`,
		"-1h30m":      `"-1h30m" is negative; an objective is a duration greater than zero`,
		"- 5 minutes": `"- 5 minutes" is not a duration; write a whole number followed by m (minutes), h (hours) or d (days), such as "15m", "4h" or "35d"`,
		"5y":          `"5y": y is not a unit here; write a whole number followed by m (minutes), h (hours) or d (days), such as "15m", "4h" or "35d"`,
		"1.5h":        `"1.5h" is not a duration here; write one number and one unit, such as "90m"`,
		"24h0m":       `"24h0m" is not a duration here; write one number and one unit, such as "1d"`,
		"1000000000m": `"1000000000m" is more than 36500d, the longest objective`,
	} {
		_, err := ParseObjectiveDuration(in)
		assert.EqualError(t, err, want, in)
	}
	for _, bad := range []string{"", "m", "15", "15 m", " 15m", "15m ", "+15m", "1e3m", "1.5h", "15min", "52560001m", "876001h",
		"9999999999d", "1d12h", "P1D", "15m\n", "١٥m"} {
		_, err := ParseObjectiveDuration(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestFormatObjectiveDuration(t *testing.T) {
	assert.Equal(t, "90m", FormatObjectiveDuration(90*time.Minute))
	assert.Equal(t, "36h", FormatObjectiveDuration(36*time.Hour))
	assert.Equal(t, "2d", FormatObjectiveDuration(48*time.Hour))
	assert.Equal(t, "36500d", FormatObjectiveDuration(MaxObjectiveDuration))
}

var durationShape = regexp.MustCompile(`^[0-9]+[mhd]$`)

// FuzzParseObjectiveDuration checks that no text makes the parser panic, that what it accepts is written
// as digits and one unit and lies in (0, MaxObjectiveDuration] in whole minutes, that it formats back to
// text it reads as the same value, and that every refusal quotes the text (or says it is empty).
func FuzzParseObjectiveDuration(f *testing.F) {
	for _, s := range []string{"15m", "4h", "36h", "35d", "0m", "-5m", "1h30m", "15 minutes", "2w", "36501d", "", "1.5h",
		"99999999999999999999m", "15M", "30s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseObjectiveDuration(s)
		if err != nil {
			msg := err.Error()
			if s == "" && !strings.Contains(msg, "empty") || s != "" && !strings.Contains(msg, fmt.Sprintf("%q", s)) {
				t.Fatalf("the error for %q does not quote it: %s", s, msg)
			}
			return
		}
		if !durationShape.MatchString(s) {
			t.Fatalf("accepted %q, which is not digits and one unit", s)
		}
		if d <= 0 || d > MaxObjectiveDuration || d%time.Minute != 0 {
			t.Fatalf("%q gave %v", s, d)
		}
		text := FormatObjectiveDuration(d)
		back, err := ParseObjectiveDuration(text)
		if err != nil || back != d {
			t.Fatalf("%q gave %v, formatted %q, read back %v (%v)", s, d, text, back, err)
		}
	})
}

func TestEditDistance(t *testing.T) {
	assert.Equal(t, 0, editDistance("gold", "gold"))
	assert.Equal(t, 1, editDistance("critcal", "critical"))        // one insertion
	assert.Equal(t, 2, editDistance("aws.rds.db", "aws.rds.dbxx")) // two insertions
	assert.Equal(t, 3, editDistance("kitten", "sitting"))          // the textbook case: k→s, e→i, +g
	assert.Equal(t, 1, editDistance("é", "e"), "counted in characters, not bytes")
}

// TestDRDocsErrors keeps the example errors of docs/config.md's DR section in step with what Load says
// about testdata/invalid/dr_docs.hcl, which has those mistakes at those places.
func TestDRDocsErrors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "docs", "config.md"))
	require.NoError(t, err)
	doc := string(raw)
	_, after, found := strings.Cut(doc, "What the file alone can show is checked when it is loaded")
	require.True(t, found, "docs/config.md lost its DR errors example")
	_, block, _ := strings.Cut(after, "```\n")
	block, _, _ = strings.Cut(block, "```")

	path := filepath.Join("testdata", "invalid", "dr_docs.hcl")
	_, err = Load(path)
	require.Error(t, err)
	assert.Equal(t, strings.TrimSpace(block), strings.ReplaceAll(err.Error(), path, FileName))
}
