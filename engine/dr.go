package engine

import (
	"encoding/json"
	"fmt"
	"time"
)

// DRObjectiveRPO is the name of the recovery point objective, the one objective whose JSON carries
// minutes (objective_minutes, achieved_minutes, observed_minutes).
const DRObjectiveRPO = "rpo"

// DRObjectiveNames lists the dr_tier objectives in the order reports show them (as dr.ObjectiveNames).
var DRObjectiveNames = []string{DRObjectiveRPO, "rto", "min_retention", "cross_region_copy", "cross_account_copy",
	"vault_lock", "restore_test_within", "air_gapped_copy"}

// DRPosture is the DR posture a run was judged with, as `vigil dr --format json` writes it (docs/dr.md,
// "The JSON contract"). It mirrors dr.Posture's JSON rather than using the type: package dr imports
// config, which imports the engine. Reports read it from Report.DR.
type DRPosture struct {
	// At is the reference instant schedules were walked from (UTC).
	At        time.Time           `json:"at"`
	Resources []DRResourcePosture `json:"resources"`
}

// DRResourcePosture is one protectable resource's tier, system and objectives.
type DRResourcePosture struct {
	Resource string `json:"resource"`
	Type     string `json:"type"`
	// Tier and System are null when the resource is in no tier (no system holds it).
	Tier       *string `json:"tier"`
	System     *string `json:"system"`
	Assignment string  `json:"assignment"`
	Reason     string  `json:"reason,omitempty"`
	// Objectives is keyed by dr_tier attribute name (rpo, rto, min_retention, ...).
	Objectives map[string]DRObjective `json:"objectives"`
}

// DRObjective is one objective of one resource: what was declared, what is achieved and by what.
type DRObjective struct {
	// Name is the key the objective is listed under; it decides whether the minutes are written.
	Name       string `json:"-"`
	Status     string `json:"status"`
	Objective  string `json:"objective"`
	Achieved   string `json:"achieved"`
	Protection string `json:"protection"`
	Evidence   string `json:"evidence"`
	Reason     string `json:"reason,omitempty"`
	// ObjectiveMinutes and AchievedMinutes are for rpo only; AchievedMinutes is null when nothing known
	// protects the resource. ObservedMinutes is the observed rpo of a live collection.
	ObjectiveMinutes *int64   `json:"-"`
	AchievedMinutes  *int64   `json:"-"`
	ObservedMinutes  *int64   `json:"-"`
	LiveEvidence     []string `json:"live_evidence,omitempty"`
}

// drObjectiveJSON is DRObjective's JSON, minutes included.
type drObjectiveJSON struct {
	Status           string   `json:"status"`
	Objective        string   `json:"objective"`
	Achieved         string   `json:"achieved"`
	Protection       string   `json:"protection"`
	Evidence         string   `json:"evidence"`
	Reason           string   `json:"reason,omitempty"`
	LiveEvidence     []string `json:"live_evidence,omitempty"`
	ObjectiveMinutes *int64   `json:"objective_minutes,omitempty"`
	AchievedMinutes  *int64   `json:"achieved_minutes,omitempty"`
	ObservedMinutes  *int64   `json:"observed_minutes,omitempty"`
}

// MarshalJSON writes the objective as dr.ObjectiveResult does: rpo with objective_minutes and
// achieved_minutes (null when nothing protects), observed_minutes when a live source set it.
func (o DRObjective) MarshalJSON() ([]byte, error) {
	plain := drObjectiveJSON{Status: o.Status, Objective: o.Objective, Achieved: o.Achieved, Protection: o.Protection,
		Evidence: o.Evidence, Reason: o.Reason, LiveEvidence: o.LiveEvidence}
	if o.Name != DRObjectiveRPO {
		return json.Marshal(plain)
	}
	return json.Marshal(struct {
		drObjectiveJSON
		ObjectiveMinutes *int64 `json:"objective_minutes"`
		AchievedMinutes  *int64 `json:"achieved_minutes"`
		ObservedMinutes  *int64 `json:"observed_minutes,omitempty"`
	}{plain, o.ObjectiveMinutes, o.AchievedMinutes, o.ObservedMinutes})
}

// UnmarshalJSON reads an objective with its minutes, whichever objective it is.
func (o *DRObjective) UnmarshalJSON(data []byte) error {
	var in drObjectiveJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*o = DRObjective{Name: o.Name, Status: in.Status, Objective: in.Objective, Achieved: in.Achieved,
		Protection: in.Protection, Evidence: in.Evidence, Reason: in.Reason, LiveEvidence: in.LiveEvidence,
		ObjectiveMinutes: in.ObjectiveMinutes, AchievedMinutes: in.AchievedMinutes, ObservedMinutes: in.ObservedMinutes}
	return nil
}

// UnmarshalJSON reads a resource's posture and names each objective after its key.
func (r *DRResourcePosture) UnmarshalJSON(data []byte) error {
	type plain DRResourcePosture
	var in plain
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	for name, o := range in.Objectives {
		o.Name = name
		in.Objectives[name] = o
	}
	*r = DRResourcePosture(in)
	return nil
}

// Counts returns how many objectives have each status (pass, fail, unknown).
func (p *DRPosture) Counts() map[string]int {
	out := map[string]int{"pass": 0, "fail": 0, "unknown": 0}
	if p == nil {
		return out
	}
	for _, r := range p.Resources {
		for _, o := range r.Objectives {
			out[o.Status]++
		}
	}
	return out
}

// drPostureFromJSON decodes the JSON of the posture given to Evaluate (EvalOptions.DR).
func drPostureFromJSON(raw []byte) (*DRPosture, error) {
	var p DRPosture
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("decode DR posture: %w", err)
	}
	return &p, nil
}
