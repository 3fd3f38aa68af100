package dr

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/inventory"
)

const (
	dlmVolP  = "arn:aws:ec2:eu-west-1:111111111111:volume/"
	dlmInstP = "arn:aws:ec2:eu-west-1:111111111111:instance/"
	dlmPolP  = "arn:aws:dlm:eu-west-1:111111111111:policy/"
)

// dlmPolicyRes is a DLM policy as the live collector writes it.
func dlmPolicyRes(id, reg, state, typ string, kinds []any, target map[string]any, schedules ...any) inventory.Resource {
	arn := "arn:aws:dlm:" + reg + ":111111111111:policy/" + id
	r := res(arn, inventory.TypeDLMPolicy, reg, nil, map[string]any{"policy_id": id, "description": id,
		"state": state, "execution_role_arn": nil, "policy_type": typ, "default_policy": nil,
		"resource_types": kinds, "resource_locations": []any{"CLOUD"}, "target_tags": target,
		"schedules": append([]any{}, schedules...)})
	r.Source = inventory.Location{Kind: inventory.SourceAWS, API: "dlm:GetLifecyclePolicies"}
	return r
}

func dlmSched(name string, create, retain map[string]any, copies []any, shares []any) map[string]any {
	if copies == nil {
		copies = []any{}
	}
	if shares == nil {
		shares = []any{}
	}
	return map[string]any{"name": name, "create_rule": create, "retain_rule": retain,
		"cross_region_copy_rules": copies, "share_rules": shares}
}

func dlmCron(expr string) map[string]any {
	return map[string]any{"interval": nil, "interval_unit": nil, "times": []any{}, "cron_expression": expr, "location": "CLOUD"}
}

func dlmEvery(hours int64, at string) map[string]any {
	return map[string]any{"interval": hours, "interval_unit": "HOURS", "times": []any{at}, "cron_expression": nil, "location": "CLOUD"}
}

func dlmCount(n int64) map[string]any {
	return map[string]any{"count": n, "interval": nil, "interval_unit": nil}
}

func dlmKeep(n int64, unit string) map[string]any {
	return map[string]any{"count": nil, "interval": n, "interval_unit": unit}
}

func dlmFixture() *inventory.Inventory {
	tagged := func(kv ...string) map[string]string {
		t := map[string]string{"dr-tier": "gold"}
		for i := 0; i+1 < len(kv); i += 2 {
			t[kv[i]] = kv[i+1]
		}
		return t
	}
	vol := func(id string, tags map[string]string, attached []any, unknown ...string) inventory.Resource {
		return res(dlmVolP+id, inventory.TypeEC2Volume, region, tags, map[string]any{"encrypted": true,
			"type": "gp3", "attached_instances": attached}, unknown...)
	}
	vols := []any{"VOLUME"}
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		// Mondays and Thursdays at 03:00 UTC, the last 4 kept, copied to eu-west-2 for 30 days and
		// shared with another account.
		dlmPolicyRes("policy-weekly", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", vols, map[string]any{"backup": "weekly"},
			dlmSched("mon-thu", dlmCron("cron(0 3 ? * MON,THU *)"), dlmCount(4),
				[]any{map[string]any{"target": "eu-west-2", "encrypted": true, "cmk_arn": nil, "retain_rule": dlmKeep(30, "DAYS")}},
				[]any{map[string]any{"target_accounts": []any{"222222222222"}, "unshare_interval": nil, "unshare_interval_unit": nil}})),
		// Every 12 hours from 09:00 UTC, the last 14 kept; two target tags.
		dlmPolicyRes("policy-12h", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", vols, map[string]any{"backup": "12h", "env": "prod"},
			dlmSched("twice-daily", dlmEvery(12, "09:00"), dlmCount(14), nil, nil)),
		dlmPolicyRes("policy-off", region, "DISABLED", "EBS_SNAPSHOT_MANAGEMENT", vols, map[string]any{"backup": "off"},
			dlmSched("daily", dlmCron("cron(0 1 * * ? *)"), dlmCount(7), nil, nil)),
		// Instances tagged snap=yes, daily at 01:00 UTC, each snapshot kept 2 weeks.
		dlmPolicyRes("policy-inst", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", []any{"INSTANCE"}, map[string]any{"snap": "yes"},
			dlmSched("daily", dlmCron("cron(0 1 * * ? *)"), dlmKeep(2, "WEEKS"), nil, nil)),
		// An interval DLM refuses.
		dlmPolicyRes("policy-bad", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", vols, map[string]any{"backup": "bad"},
			dlmSched("every-5h", dlmEvery(5, "00:00"), dlmCount(3), nil, nil)),
		// Neither an AMI policy nor another region's policy protects anything here.
		dlmPolicyRes("policy-ami", region, "ENABLED", "IMAGE_MANAGEMENT", []any{"INSTANCE"}, map[string]any{"snap": "yes"},
			dlmSched("amis", dlmEvery(1, "00:00"), dlmCount(3), nil, nil)),
		dlmPolicyRes("policy-paris", "eu-west-3", "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", vols, map[string]any{"backup": "12h", "env": "prod"},
			dlmSched("hourly", dlmEvery(1, "00:00"), dlmCount(48), nil, nil)),

		vol("vol-weekly", tagged("backup", "weekly"), []any{}),
		vol("vol-12h", tagged("backup", "12h", "env", "prod"), []any{}),
		vol("vol-partial", tagged("backup", "12h"), []any{}),
		vol("vol-off", tagged("backup", "off"), []any{}),
		vol("vol-bad", tagged("backup", "bad"), []any{}),
		vol("vol-attached", tagged(), []any{dlmInstP + "i-1"}),
		vol("vol-orphan", tagged(), []any{dlmInstP + "i-9"}),
		vol("vol-unknown-tags", nil, []any{}, "tags"),
		res(dlmInstP+"i-1", inventory.TypeEC2Instance, region, tagged("snap", "yes"), map[string]any{}),
	}
	return inv
}

// TestDLMPosture works every figure out by hand from the UTC calendar of 2026 (postureAt is Thursday 1
// January 2026, 00:00 UTC):
//   - vol-weekly: Mon and Thu at 03:00: Mon→Thu 72h, Thu→Mon 96h; worst 96h + DLM's 60m window = 5820m
//     (> 25h: fail). Count 4 × the shortest gap 72h = 288h = 12d; its copy keeps 30 days: 30d.
//   - vol-12h: every 12h: 12h + 60m = 780m (pass); count 14 × 12h = 168h = 7d (pass, 7d objective).
//   - vol-attached, through instance i-1 (INSTANCE policy, daily 01:00): 24h + 60m = 1500m = 25h
//     (pass, exactly the objective); 2 weeks = 14d.
func TestDLMPosture(t *testing.T) {
	tier := config.DRTier{Name: "gold", RPO: dur(t, "25h"), MinRetention: dur(t, "7d"),
		CrossRegionCopy: &config.CopyObjective{Required: true}, CrossAccountCopy: &config.CopyObjective{Required: true},
		VaultLock: &config.VaultLockObjective{Required: true, Mode: config.VaultLockAny}}
	p, diags := Evaluate(config.DR{Tiers: []config.DRTier{tier}}, dlmFixture(), postureAt)
	byID := map[string]ResourcePosture{}
	for _, r := range p.Resources {
		byID[r.Resource] = r
	}
	obj := func(id, name string) ObjectiveResult {
		t.Helper()
		r, ok := byID[id]
		require.True(t, ok, id)
		o, ok := r.Objectives[name]
		require.True(t, ok, "%s %s", id, name)
		return o
	}
	minutes := func(o ObjectiveResult) any {
		if o.AchievedMinutes == nil {
			return nil
		}
		return *o.AchievedMinutes
	}

	weekly := obj(dlmVolP+"vol-weekly", ObjectiveRPO)
	assert.Equal(t, ObjectiveFail, weekly.Status)
	assert.Equal(t, int64(5820), minutes(weekly))
	assert.Equal(t, "dlm:policy-weekly/mon-thu", weekly.Protection)
	assert.Equal(t, "cron(0 3 ? * MON,THU *) (UTC): largest gap 96h between Thu 2026-01-01 03:00 and Mon 2026-01-05 03:00 Etc/UTC, plus DLM's start window 60m", weekly.Evidence)
	ret := obj(dlmVolP+"vol-weekly", ObjectiveMinRetention)
	assert.Equal(t, ObjectivePass, ret.Status)
	assert.Equal(t, "30d", ret.Achieved)
	assert.Equal(t, "dlm:policy-weekly/mon-thu copy to eu-west-2", ret.Protection)
	region := obj(dlmVolP+"vol-weekly", ObjectiveCrossRegionCopy)
	assert.Equal(t, ObjectivePass, region.Status)
	assert.Equal(t, "eu-west-2", region.Achieved)
	account := obj(dlmVolP+"vol-weekly", ObjectiveCrossAccountCopy)
	assert.Equal(t, ObjectiveFail, account.Status, "a share is not a copy: the snapshot stays in the account")
	assert.Contains(t, account.Evidence, "dlm:policy-weekly/mon-thu shares with 222222222222 (a share, not a copy)")
	lock := obj(dlmVolP+"vol-weekly", ObjectiveVaultLock)
	assert.Equal(t, ObjectiveFail, lock.Status)
	assert.Equal(t, "dlm:policy-weekly/mon-thu keeps EBS snapshots outside any backup vault", lock.Evidence)

	twice := obj(dlmVolP+"vol-12h", ObjectiveRPO)
	assert.Equal(t, ObjectivePass, twice.Status)
	assert.Equal(t, int64(780), minutes(twice))
	assert.Equal(t, "every 12h from 09:00 UTC: largest gap 12h, plus DLM's start window 60m", twice.Evidence)
	ret = obj(dlmVolP+"vol-12h", ObjectiveMinRetention)
	assert.Equal(t, ObjectivePass, ret.Status)
	assert.Equal(t, "7d", ret.Achieved)
	assert.Equal(t, "keeps the last 14 snapshots, at least 12h apart: 168h", ret.Evidence)
	assert.Equal(t, ObjectiveFail, obj(dlmVolP+"vol-12h", ObjectiveCrossRegionCopy).Status)

	// One of the two target tags is missing: not targeted.
	partial := obj(dlmVolP+"vol-partial", ObjectiveRPO)
	assert.Equal(t, ObjectiveFail, partial.Status)
	assert.Nil(t, partial.AchievedMinutes)
	assert.Equal(t, "nothing protects the resource", partial.Reason)

	off := obj(dlmVolP+"vol-off", ObjectiveRPO)
	assert.Equal(t, ObjectiveFail, off.Status)
	assert.Equal(t, "nothing protects the resource; DISABLED, taking no snapshots: dlm:policy-off/daily", off.Reason)

	attached := obj(dlmVolP+"vol-attached", ObjectiveRPO)
	assert.Equal(t, ObjectivePass, attached.Status)
	assert.Equal(t, int64(1500), minutes(attached))
	assert.Equal(t, "dlm:policy-inst/daily via "+dlmInstP+"i-1", attached.Protection)
	assert.Equal(t, "14d", obj(dlmVolP+"vol-attached", ObjectiveMinRetention).Achieved)
	inst := obj(dlmInstP+"i-1", ObjectiveRPO)
	assert.Equal(t, ObjectivePass, inst.Status)
	assert.Equal(t, int64(1500), minutes(inst))
	assert.Equal(t, "dlm:policy-inst/daily", inst.Protection)

	// What cannot be told is unknown, never a pass nor a fail.
	for id, want := range map[string]string{
		dlmVolP + "vol-orphan": "which is not in the inventory",
		dlmVolP + "vol-bad":    "invalid schedule: interval 5 hours",
	} {
		o := obj(id, ObjectiveRPO)
		assert.Equal(t, ObjectiveUnknown, o.Status, id)
		assert.Contains(t, o.Reason, want, id)
	}
	// Unknown tags: its tier cannot be read either, but its facts say which policies may target it.
	facts := ComputeFacts(dlmFixture())[dlmVolP+"vol-unknown-tags"]
	require.Len(t, facts.DLM, 4, "every VOLUME snapshot policy of the region: weekly, 12h, off, bad")
	for _, d := range facts.DLM {
		assert.Equal(t, StateUnknown, d.State, d.Label())
		assert.Equal(t, []string{"the tags of " + dlmVolP + "vol-unknown-tags are unknown"}, d.Unknown)
	}
	require.Len(t, diags, 1)
	assert.Equal(t, "invalid DLM schedule", diags[0].Summary)
	assert.Equal(t, dlmPolP+"policy-bad", diags[0].Resource)
	assert.Contains(t, diags[0].Detail, `schedule "every-5h": interval 5 hours: DLM accepts 1, 2, 3, 4, 6, 8, 12 or 24`)
}

// TestDLMTargeting covers what decides whether a policy targets a resource, one property at a time.
func TestDLMTargeting(t *testing.T) {
	base := func() inventory.Resource {
		return dlmPolicyRes("p", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", []any{"VOLUME"}, map[string]any{"backup": "yes"},
			dlmSched("s", dlmEvery(24, "01:00"), dlmCount(7), nil, nil))
	}
	volume := res(dlmVolP+"v", inventory.TypeEC2Volume, region, map[string]string{"backup": "yes"},
		map[string]any{"attached_instances": []any{}})
	tests := []struct {
		name   string
		change func(*inventory.Resource)
		state  string // "" when the policy does not target the volume
	}{
		{"targets", func(*inventory.Resource) {}, StateProtected},
		{"instances only", func(p *inventory.Resource) { p.Attributes["resource_types"] = []any{"INSTANCE"} }, ""},
		{"outpost only", func(p *inventory.Resource) { p.Attributes["resource_locations"] = []any{"OUTPOST"} }, ""},
		{"another tag value", func(p *inventory.Resource) { p.Attributes["target_tags"] = map[string]any{"backup": "no"} }, ""},
		{"no target tags", func(p *inventory.Resource) { p.Attributes["target_tags"] = map[string]any{} }, ""},
		{"event based", func(p *inventory.Resource) { p.Attributes["policy_type"] = "EVENT_BASED_POLICY" }, ""},
		{"another account", func(p *inventory.Resource) { p.Account = "999999999999" }, ""},
		{"unknown region", func(p *inventory.Resource) { p.Region = "" }, StateUnknown},
		{"unknown target tags", func(p *inventory.Resource) { p.MarkUnknown("target_tags") }, StateUnknown},
		{"unknown policy type", func(p *inventory.Resource) { p.MarkUnknown("policy_type") }, StateUnknown},
		{"unknown schedules", func(p *inventory.Resource) { p.MarkUnknown("schedules") }, StateUnknown},
		{"default policy", func(p *inventory.Resource) { p.Attributes["default_policy"] = "VOLUME" }, StateUnknown},
		{"default policy for instances", func(p *inventory.Resource) { p.Attributes["default_policy"] = "INSTANCE" }, ""},
		{"default policy without resource types nor tags", func(p *inventory.Resource) {
			p.Attributes["default_policy"] = "VOLUME"
			p.Attributes["resource_types"] = []any{}
			p.Attributes["target_tags"] = map[string]any{}
		}, StateUnknown},
		{"default policy of another region", func(p *inventory.Resource) {
			p.Attributes["default_policy"] = "VOLUME"
			p.Region = "us-east-1"
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(&p)
			inv := inventory.New()
			inv.Resources = []inventory.Resource{p, volume}
			got := ComputeFacts(inv)[volume.ID].DLM
			if tt.state == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Equal(t, tt.state, got[0].State)
			if tt.state == StateUnknown {
				assert.NotEmpty(t, got[0].Unknown)
				assert.NotEmpty(t, ComputeFacts(inv)[volume.ID].Unknown, "the resource's protections are not fully known")
			}
		})
	}
}

// TestDLMPolicyStates: only an ENABLED policy protects; ERROR or an unknown state is unknown.
func TestDLMPolicyStates(t *testing.T) {
	for state, want := range map[string]string{"ENABLED": ObjectivePass, "DISABLED": ObjectiveFail, "ERROR": ObjectiveUnknown, "": ObjectiveUnknown} {
		t.Run(state, func(t *testing.T) {
			p := dlmPolicyRes("p", region, state, "EBS_SNAPSHOT_MANAGEMENT", []any{"VOLUME"}, map[string]any{"backup": "yes"},
				dlmSched("s", dlmEvery(24, "01:00"), dlmCount(7), nil, nil))
			if state == "" {
				p.MarkUnknown("state")
			}
			inv := inventory.New()
			inv.Resources = []inventory.Resource{p, res(dlmVolP+"v", inventory.TypeEC2Volume, region,
				map[string]string{"backup": "yes", "dr-tier": "gold"}, map[string]any{"attached_instances": []any{}})}
			posture, _ := Evaluate(config.DR{Tiers: []config.DRTier{{Name: "gold", RPO: dur(t, "26h")}}}, inv, postureAt)
			require.Len(t, posture.Resources, 1)
			assert.Equal(t, want, posture.Resources[0].Objectives[ObjectiveRPO].Status)
		})
	}
}

// TestDLMInstanceParameters: an INSTANCE policy's parameters may leave an attached volume out.
func TestDLMInstanceParameters(t *testing.T) {
	instance := res(dlmInstP+"i-1", inventory.TypeEC2Instance, region, map[string]string{"snap": "yes"}, map[string]any{})
	volume := func(tags map[string]string, kind string) inventory.Resource {
		v := res(dlmVolP+"v", inventory.TypeEC2Volume, region, tags, map[string]any{"attached_instances": []any{dlmInstP + "i-1"}})
		v.Source.Kind = kind
		return v
	}
	tests := []struct {
		name       string
		parameters any
		unknown    bool // the parameters are unknown
		vol        inventory.Resource
		state      string // "" when the volume is left out
	}{
		{"no parameters", nil, false, volume(nil, inventory.SourceAWS), StateProtected},
		{"excluded data volume tag", map[string]any{"exclude_boot_volume": false, "exclude_data_volume_tags": map[string]any{"scratch": "true"}},
			false, volume(map[string]string{"scratch": "true"}, inventory.SourceAWS), ""},
		{"other tag value", map[string]any{"exclude_boot_volume": false, "exclude_data_volume_tags": map[string]any{"scratch": "true"}},
			false, volume(map[string]string{"scratch": "false"}, inventory.SourceAWS), StateProtected},
		{"boot volumes left out, live", map[string]any{"exclude_boot_volume": true, "exclude_data_volume_tags": map[string]any{}},
			false, volume(nil, inventory.SourceAWS), StateUnknown},
		{"boot volumes left out, Terraform data volume", map[string]any{"exclude_boot_volume": true, "exclude_data_volume_tags": map[string]any{}},
			false, volume(nil, inventory.SourceTerraform), StateProtected},
		{"unknown parameters", nil, true, volume(nil, inventory.SourceAWS), StateUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := dlmPolicyRes("p", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", []any{"INSTANCE"}, map[string]any{"snap": "yes"},
				dlmSched("s", dlmEvery(24, "01:00"), dlmCount(7), nil, nil))
			p.Attributes["parameters"] = tt.parameters
			if tt.unknown {
				p.MarkUnknown("parameters")
			}
			inv := inventory.New()
			inv.Resources = []inventory.Resource{p, instance, tt.vol}
			got := ComputeFacts(inv)[tt.vol.ID].DLM
			if tt.state == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Equal(t, tt.state, got[0].State, "%v", got[0].Unknown)
			assert.Equal(t, dlmInstP+"i-1", got[0].Via)
		})
	}
}

// FuzzDLMPolicy reads fuzzed policy attributes (as a saved inventory may hold them, any shape) and checks
// what the posture promises: no panic; an rpo met by a DLM schedule comes from an ENABLED policy whose
// worst case is at least DLM's shortest interval (1 h) plus its 60-minute window; a retention is never
// negative.
func FuzzDLMPolicy(f *testing.F) {
	for _, r := range dlmFixture().Resources {
		if r.Type == inventory.TypeDLMPolicy {
			b, err := json.Marshal(r.Attributes)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(`{"state":"ENABLED","policy_type":"EBS_SNAPSHOT_MANAGEMENT","resource_types":["VOLUME"],"resource_locations":["CLOUD"],"target_tags":{"backup":"yes"},"schedules":[{"name":"x","create_rule":{"interval":-3,"interval_unit":"DAYS"},"retain_rule":{"count":1e300}}]}`))
	f.Add([]byte(`{"state":"ENABLED","policy_type":"EBS_SNAPSHOT_MANAGEMENT","resource_types":"VOLUME","target_tags":{"backup":7},"schedules":{"a":1}}`))
	tier := config.DRTier{Name: "gold", RPO: &config.DurationObjective{Value: 3 * time.Hour, Text: "3h"},
		MinRetention:    &config.DurationObjective{Value: 24 * time.Hour, Text: "1d"},
		CrossRegionCopy: &config.CopyObjective{Required: true}, CrossAccountCopy: &config.CopyObjective{Required: true},
		VaultLock: &config.VaultLockObjective{Required: true, Mode: config.VaultLockAny}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var attrs map[string]any
		if json.Unmarshal(raw, &attrs) != nil {
			return
		}
		p := res(dlmPolP+"fuzz", inventory.TypeDLMPolicy, region, nil, attrs)
		inv := inventory.New()
		inv.Resources = []inventory.Resource{p,
			res(dlmInstP+"i-1", inventory.TypeEC2Instance, region, map[string]string{"backup": "yes", "snap": "yes", "dr-tier": "gold"}, map[string]any{}),
			res(dlmVolP+"v", inventory.TypeEC2Volume, region, map[string]string{"backup": "yes", "backup2": "weekly", "dr-tier": "gold"},
				map[string]any{"attached_instances": []any{dlmInstP + "i-1"}})}
		posture, _ := Evaluate(config.DR{Tiers: []config.DRTier{tier}}, inv, postureAt)
		state, _ := attrs["state"].(string)
		for _, r := range posture.Resources {
			rpo := r.Objectives[ObjectiveRPO]
			if rpo.Status == ObjectivePass {
				if state != "ENABLED" {
					t.Fatalf("%s: rpo passed by a policy in state %q", r.Resource, state)
				}
				if rpo.AchievedMinutes == nil || *rpo.AchievedMinutes < 120 {
					t.Fatalf("%s: rpo %v below DLM's 1 h + 60 min", r.Resource, rpo.AchievedMinutes)
				}
			}
			if ret := r.Objectives[ObjectiveMinRetention]; strings.HasPrefix(ret.Achieved, "-") {
				t.Fatalf("%s: negative retention %s", r.Resource, ret.Achieved)
			}
		}
	})
}

// TestDLMRetentionBounds: a retention DLM would refuse is unknown, never a huge (or overflowing) pass.
func TestDLMRetentionBounds(t *testing.T) {
	for name, retain := range map[string]map[string]any{
		"count above 1000":     dlmCount(5000),
		"count zero":           dlmCount(0),
		"interval of 1e9 days": dlmKeep(1_000_000_000, "DAYS"),
		"unknown unit":         dlmKeep(3, "FORTNIGHTS"),
	} {
		t.Run(name, func(t *testing.T) {
			p := dlmPolicyRes("p", region, "ENABLED", "EBS_SNAPSHOT_MANAGEMENT", []any{"VOLUME"}, map[string]any{"backup": "yes"},
				dlmSched("s", dlmEvery(24, "01:00"), retain, nil, nil))
			inv := inventory.New()
			inv.Resources = []inventory.Resource{p, res(dlmVolP+"v", inventory.TypeEC2Volume, region,
				map[string]string{"backup": "yes", "dr-tier": "gold"}, map[string]any{"attached_instances": []any{}})}
			posture, _ := Evaluate(config.DR{Tiers: []config.DRTier{{Name: "gold", MinRetention: dur(t, "7d")}}}, inv, postureAt)
			require.Len(t, posture.Resources, 1)
			ret := posture.Resources[0].Objectives[ObjectiveMinRetention]
			assert.Equal(t, ObjectiveUnknown, ret.Status, ret.Reason)
		})
	}
}
