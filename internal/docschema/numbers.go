package docschema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A validator compares numbers exactly (math/big): 1e1000000 costs it 20 ms, so a saved inventory or
// report holding such numbers, a few bytes each, would take minutes to read. No number vigil writes
// comes near these bounds (a line, a port, a size, a count): a document's number must be written in at
// most MaxNumberLength bytes, with an exponent of at most MaxNumberExponent either way.
const (
	MaxNumberLength   = 100
	MaxNumberExponent = 400
)

// maxNumberProblems bounds the problems NumberProblems lists: a hostile document may hold millions.
const maxNumberProblems = 100

// HugeNumber reports whether a number's literal is beyond MaxNumberLength or MaxNumberExponent.
func HugeNumber(literal string) bool {
	if len(literal) > MaxNumberLength {
		return true
	}
	i := strings.IndexAny(literal, "eE")
	if i < 0 {
		return false
	}
	exp, err := strconv.Atoi(strings.TrimPrefix(literal[i+1:], "+"))
	return err != nil || exp > MaxNumberExponent || exp < -MaxNumberExponent
}

// NumberProblems lists the numbers of doc (as encoding/json decodes it with UseNumber) that HugeNumber
// refuses, at their JSON pointers, sorted by pointer: the first maxNumberProblems of them, then a
// problem at the document's pointer that counts them all when there are more. The same document always
// gives the same list, whatever order its objects' members are visited in.
func NumberProblems(doc any) []Problem {
	var kept []Problem
	total := 0
	var walk func(v any, at []string)
	walk = func(v any, at []string) {
		switch v := v.(type) {
		case json.Number:
			if !HugeNumber(string(v)) {
				return
			}
			total++
			p := Pointer(at)
			if len(kept) == maxNumberProblems && p >= kept[len(kept)-1].Pointer {
				return
			}
			i, _ := slices.BinarySearchFunc(kept, p, func(e Problem, p string) int { return strings.Compare(e.Pointer, p) })
			kept = slices.Insert(kept, i, Problem{Pointer: p, Message: "number " + abbreviateNumber(string(v)) +
				" is out of range: at most " + strconv.Itoa(MaxNumberLength) + " characters and an exponent of ±" +
				strconv.Itoa(MaxNumberExponent)})
			if len(kept) > maxNumberProblems {
				kept = kept[:maxNumberProblems]
			}
		case map[string]any:
			for k, e := range v {
				walk(e, append(at[:len(at):len(at)], k))
			}
		case []any:
			for i, e := range v {
				walk(e, append(at[:len(at):len(at)], strconv.Itoa(i)))
			}
		}
	}
	walk(doc, nil)
	if total > len(kept) {
		kept = slices.Insert(kept, 0, Problem{Message: fmt.Sprintf("%d numbers are out of range; the first %d by position are listed", total, len(kept))})
	}
	return kept
}

func abbreviateNumber(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:20] + "…" + s[len(s)-10:] + " (" + strconv.Itoa(len(s)) + " characters)"
}
