package docschema

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHugeNumber(t *testing.T) {
	for literal, huge := range map[string]bool{
		"0": false, "-12.5": false, "1e308": false, "1E+400": false, "1e-400": false, "2.5e-05": false,
		"1e401": true, "1E+401": true, "1e-401": true, "1e1000000": true, "-0.5e999999": true,
		strings.Repeat("9", MaxNumberLength): false, strings.Repeat("9", MaxNumberLength+1): true,
		"0." + strings.Repeat("0", MaxNumberLength) + "1": true,
	} {
		assert.Equal(t, huge, HugeNumber(literal), literal)
	}
}

// TestCheckRefusesHugeNumbers: a number the validator would take seconds to compare exactly is refused
// first, at its pointer, wherever it is; the accepter leaves it to Check.
func TestCheckRefusesHugeNumbers(t *testing.T) {
	sch, acc := compileBoth(t)
	v, ok := decodeInstance(t, `{"id": "ab", "count": 1e1000000, "labels": {"a": "b"}, "children": [{"id": "cd", "ratio": -1e999999}]}`)
	require.True(t, ok)
	assert.False(t, acc.Accepts(v))
	problems := Check(sch, v)
	require.Len(t, problems, 2)
	assert.Equal(t, "/children/0/ratio", problems[0].Pointer)
	assert.Equal(t, "/count", problems[1].Pointer)
	assert.Contains(t, problems[1].Message, "number 1e1000000 is out of range")

	long := json.Number("1" + strings.Repeat("0", 500))
	got := NumberProblems(map[string]any{"x": []any{long}})
	require.Len(t, got, 1)
	assert.Equal(t, "/x/0", got[0].Pointer)
	assert.Contains(t, got[0].Message, "(501 characters)")

	// Beyond the bound: the first by pointer, whichever order the members are visited in, and the count.
	many := map[string]any{}
	for i := range 10 * maxNumberProblems {
		many[fmt.Sprintf("k%04d", i)] = json.Number("1e999")
	}
	got = NumberProblems(many)
	require.Len(t, got, maxNumberProblems+1)
	assert.Equal(t, Problem{Message: "1000 numbers are out of range; the first 100 by position are listed"}, got[0])
	assert.Equal(t, "/k0000", got[1].Pointer)
	assert.Equal(t, "/k0099", got[maxNumberProblems].Pointer)
	assert.Equal(t, got, NumberProblems(many))
}
