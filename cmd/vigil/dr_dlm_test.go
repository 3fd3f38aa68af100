package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-computed DLM scenario: testdata/dr_dlm (main.tf + vigil.hcl), judged from --at
// 2026-03-01T00:00:00Z, a Sunday; tier files: rpo 13h (780 min), min_retention 5d, cross_region_copy,
// vault_lock. DLM schedules are in UTC and DLM starts a snapshot within an hour of its time (+60 min).
//
//   - aws_ebs_volume.shared, policy weekly (VOLUME, backup = weekly), cron(30 22 ? * TUE,FRI *):
//     Tue 22:30 → Fri 22:30 = 72 h, Fri 22:30 → Tue 22:30 = 96 h. The first 96 h gap met is the interval
//     running into 1 Mar: Fri 27 Feb → Tue 3 Mar 2026. 96 h + 60 min = 5820 min = 97 h > 13 h: fail.
//     Retention: the last 6, at least 72 h apart = 432 h = 18 d; the copy in eu-west-2 is kept 8 weeks =
//     56 d: 56 d ≥ 5 d, pass, by the copy. Cross-region: the copy's eu-west-2 ≠ eu-west-1: pass.
//   - aws_instance.app, policy twice_daily (INSTANCE, backup = 12h), every 12 h from 07:15:
//     12 h + 60 min = 780 min = 13 h: pass (equal). Retention: 10 × 12 h = 120 h = 5 d: pass (equal).
//   - aws_ebs_volume.app_data: no backup tag, but attached to aws_instance.app (aws_volume_attachment):
//     the instance policy snapshots it, with the instance's figures.
//   - aws_ebs_volume.paused: its only policy is DISABLED: nothing protects it (rpo achieved null).
//
// No DLM snapshot is in a backup vault: every vault_lock fails. Only the weekly schedule copies.
// Counts: 4 resources × 4 objectives = 16; pass: shared 2 (retention, region), app 2, app_data 2 = 6;
// fail 10.
func TestDRDLMScenario(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "testdata/dr_dlm", "--at", "2026-03-01T00:00:00Z", "--format", "json", "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	var got struct {
		Resources []struct {
			Resource   string
			Objectives map[string]struct {
				Status, Achieved, Protection, Evidence, Reason string
				AchievedMinutes                                *int64 `json:"achieved_minutes"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	const (
		weekly = "dlm:aws_dlm_lifecycle_policy.weekly/tue-fri"
		twice  = "dlm:aws_dlm_lifecycle_policy.twice_daily/12h"
	)
	type want struct{ status, achieved, protection string }
	expected := map[string]map[string]want{
		"aws_ebs_volume.shared": {
			"rpo":               {"fail", "97h", weekly},
			"min_retention":     {"pass", "56d", weekly + " copy to eu-west-2"},
			"cross_region_copy": {"pass", "eu-west-2", weekly + " copy to eu-west-2"},
			"vault_lock":        {"fail", "none", ""},
		},
		"aws_instance.app": {
			"rpo":               {"pass", "13h", twice},
			"min_retention":     {"pass", "5d", twice},
			"cross_region_copy": {"fail", "none", ""},
			"vault_lock":        {"fail", "none", ""},
		},
		"aws_ebs_volume.app_data": {
			"rpo":               {"pass", "13h", twice + " via aws_instance.app"},
			"min_retention":     {"pass", "5d", twice + " via aws_instance.app"},
			"cross_region_copy": {"fail", "none", ""},
			"vault_lock":        {"fail", "none", ""},
		},
		"aws_ebs_volume.paused": {
			"rpo":               {"fail", "none", ""},
			"min_retention":     {"fail", "none", ""},
			"cross_region_copy": {"fail", "none", ""},
			"vault_lock":        {"fail", "none", ""},
		},
	}
	achievedMinutes := map[string]*int64{"aws_ebs_volume.shared": minutes(5820), "aws_instance.app": minutes(780),
		"aws_ebs_volume.app_data": minutes(780), "aws_ebs_volume.paused": nil}
	require.Len(t, got.Resources, len(expected))
	for _, r := range got.Resources {
		w, ok := expected[r.Resource]
		require.True(t, ok, r.Resource)
		require.Len(t, r.Objectives, len(w), r.Resource)
		for name, o := range w {
			g := r.Objectives[name]
			assert.Equal(t, o, want{g.Status, g.Achieved, g.Protection}, "%s %s (%s)", r.Resource, name, g.Reason)
		}
		assert.Equal(t, achievedMinutes[r.Resource], r.Objectives["rpo"].AchievedMinutes, r.Resource)
	}
	byID := map[string]map[string]struct {
		Status, Achieved, Protection, Evidence, Reason string
		AchievedMinutes                                *int64 `json:"achieved_minutes"`
	}{}
	for _, r := range got.Resources {
		byID[r.Resource] = r.Objectives
	}
	assert.Equal(t, "cron(30 22 ? * TUE,FRI *) (UTC): largest gap 96h between Fri 2026-02-27 22:30 and Tue 2026-03-03 22:30 Etc/UTC, plus DLM's start window 60m",
		byID["aws_ebs_volume.shared"]["rpo"].Evidence)
	assert.Equal(t, "every 12h from 07:15 UTC: largest gap 12h, plus DLM's start window 60m", byID["aws_instance.app"]["rpo"].Evidence)
	assert.Equal(t, "keeps the last 10 snapshots, at least 12h apart: 120h", byID["aws_instance.app"]["min_retention"].Evidence)
	assert.Equal(t, "nothing protects the resource; DISABLED, taking no snapshots: dlm:aws_dlm_lifecycle_policy.paused/hourly",
		byID["aws_ebs_volume.paused"]["rpo"].Reason)
}

// TestDRDLMScenarioGate: the default gate fails on the 10 failing objectives; vigil scan's DR rules read
// the same posture, so DR.1 fails on the weekly volume and passes on the instance.
func TestDRDLMScenarioGate(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "testdata/dr_dlm", "--at", "2026-03-01T00:00:00Z")
	assert.Equal(t, exitGateFail, code, stderr)
	assert.Contains(t, stdout, "DR posture: 4 resources; objectives: 6 pass, 10 fail, 0 unknown")

	code, stdout, stderr = runVigil(t, "scan", "testdata/dr_dlm", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var report struct {
		Results []struct {
			Rule     string `json:"rule_id"`
			Resource string `json:"resource_id"`
			Status   string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &report))
	dr1 := map[string]string{}
	for _, r := range report.Results {
		if r.Rule == "DR.1" {
			dr1[r.Resource] = r.Status
		}
	}
	assert.Equal(t, map[string]string{"aws_ebs_volume.shared": "fail", "aws_instance.app": "pass",
		"aws_ebs_volume.app_data": "pass", "aws_ebs_volume.paused": "fail"}, dr1)
}
