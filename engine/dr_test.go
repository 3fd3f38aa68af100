package engine_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// samplePosture has each shape of the DR JSON contract: rpo met with minutes, rpo with nothing protecting
// (achieved_minutes null), a live observed rpo with live evidence, a non-rpo objective (no minutes) and a
// resource in no tier.
func samplePosture() dr.Posture {
	i := func(v int64) *int64 { return &v }
	s := func(v string) *string { return &v }
	return dr.Posture{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Resources: []dr.ResourcePosture{
		{Resource: "aws_db_instance.ledger", Type: "aws.rds.instance", Tier: s("critical"), System: s("ledger"),
			Assignment: "assigned", Objectives: map[string]dr.ObjectiveResult{
				"rpo": {Name: "rpo", Status: "pass", Objective: "1h", Achieved: "60m", Protection: "backup plan p rule hourly",
					Evidence: "cron(0 * * * ? *)", ObjectiveMinutes: i(60), AchievedMinutes: i(60), ObservedMinutes: i(55),
					LiveEvidence: []string{"recovery point 2025-12-31T23:05:00Z"}},
				"vault_lock": {Name: "vault_lock", Status: "fail", Objective: "compliance", Achieved: "none",
					Reason: "the vault has no lock"},
			}},
		{Resource: "aws_s3_bucket.raw", Type: "aws.s3.bucket", Tier: s("standard"), Assignment: "assigned",
			Objectives: map[string]dr.ObjectiveResult{
				"rpo": {Name: "rpo", Status: "fail", Objective: "24h", Achieved: "none", ObjectiveMinutes: i(1440),
					Reason: "nothing protects the resource"},
			}},
		{Resource: "aws_dynamodb_table.scratch", Type: "aws.dynamodb.table", Assignment: "no objective declared",
			Reason: "no objective declared", Objectives: map[string]dr.ObjectiveResult{}},
	}}
}

// TestDRPostureMirrorsDRJSON: engine.DRPosture reads a dr.Posture's JSON and writes the same bytes back,
// so a report carries the posture exactly as `vigil dr --format json` writes it.
func TestDRPostureMirrorsDRJSON(t *testing.T) {
	want, err := json.Marshal(samplePosture())
	require.NoError(t, err)
	var mirror engine.DRPosture
	require.NoError(t, json.Unmarshal(want, &mirror))
	got, err := json.Marshal(mirror)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
	assert.Contains(t, string(got), `"achieved_minutes":null`, "rpo without protection keeps its null")
	assert.Equal(t, "rpo", mirror.Resources[0].Objectives["rpo"].Name)
	assert.Equal(t, map[string]int{"pass": 1, "fail": 2, "unknown": 0}, mirror.Counts())
}

// TestEvaluateCarriesDRPosture: the posture given to Evaluate is the report's DR; without one there is none.
func TestEvaluateCarriesDRPosture(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	newInv := func() *inventory.Inventory {
		inv := inventory.New()
		inv.Resources = []inventory.Resource{{ID: "aws_db_instance.ledger", Type: inventory.TypeRDSInstance, Name: "ledger",
			Attributes: map[string]any{}}}
		return inv
	}
	posture := samplePosture()
	posture.Resources = posture.Resources[:1]
	rep, err := e.Evaluate(context.Background(), newInv(), engine.EvalOptions{DR: posture})
	require.NoError(t, err)
	require.NotNil(t, rep.DR)
	want, _ := json.Marshal(posture)
	got, _ := json.Marshal(rep.DR)
	assert.JSONEq(t, string(want), string(got))

	rep, err = e.Evaluate(context.Background(), newInv(), engine.EvalOptions{})
	require.NoError(t, err)
	assert.Nil(t, rep.DR)
}

// TestDRObjectiveNamesMirrorDR keeps the engine's list of objectives the same as package dr's.
func TestDRObjectiveNamesMirrorDR(t *testing.T) {
	assert.Equal(t, dr.ObjectiveNames, engine.DRObjectiveNames)
}
