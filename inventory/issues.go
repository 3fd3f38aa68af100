package inventory

import (
	"fmt"
	"sort"
)

// Limits on how many issues a source lists. A hostile or binary file can yield one parse error per
// byte (5 MB of random bytes: some 200,000); every report and the CI log would repeat them all. The
// first issues of each file locate the problem; the rest are counted, never dropped silently, and a
// source with issues stays incomplete whatever is cut.
const (
	// MaxIssuesPerFile is how many issues are listed for one file.
	MaxIssuesPerFile = 20
	// MaxIssues is how many issues an inventory lists across all its sources and files.
	MaxIssues = 1000
)

// CodeOmitted marks the issue that stands for the issues a cap left out; Issue.Omitted counts them.
const CodeOmitted = "omitted"

// ErrorCount is how many errors the source met, the ones a cap left out included.
func (s Source) ErrorCount() int { return issueCount(s.Errors) }

// WarningCount is how many warnings the source met, the ones a cap left out included.
func (s Source) WarningCount() int { return issueCount(s.Warnings) }

func issueCount(issues []Issue) int {
	n := 0
	for _, is := range issues {
		if is.Code == CodeOmitted {
			n += max(is.Omitted, 1)
		} else {
			n++
		}
	}
	return n
}

// CapIssues keeps, in the errors of sources (and likewise, each list with its own budget, in their
// warnings and gaps), the first MaxIssuesPerFile issues of every file and the
// first MaxIssues issues in all, in their order, and puts after each file's last listed issue (and at the end of a
// source, for what the overall cap cut) an issue of code CodeOmitted that counts the rest. Issues
// without a file (failed API calls) are capped only by MaxIssues. Capping capped sources changes nothing.
func CapIssues(sources []Source) {
	errs, warnings, gaps := MaxIssues, MaxIssues, MaxIssues
	for i := range sources {
		sources[i].Errors = capIssues(sources[i].Errors, &errs)
		sources[i].Warnings = capIssues(sources[i].Warnings, &warnings)
		sources[i].Gaps = capIssues(sources[i].Gaps, &gaps)
	}
}

func capIssues(issues []Issue, budget *int) []Issue {
	if len(issues) == 0 {
		return issues
	}
	kept := map[string]int{}    // listed issues per file
	omitted := map[string]int{} // issues left out per file ("" for those the inventory-wide cap cut)
	last := map[string]int{}    // index in out of each file's last listed issue
	var files []string          // files with issues left out, in order of first appearance
	out := make([]Issue, 0, min(len(issues), MaxIssuesPerFile))
	leaveOut := func(key string, n int) {
		if _, seen := omitted[key]; !seen {
			files = append(files, key)
		}
		omitted[key] += n
	}
	for _, is := range issues {
		switch {
		case is.Code == CodeOmitted:
			leaveOut(is.File, max(is.Omitted, 1))
		case is.File != "" && kept[is.File] >= MaxIssuesPerFile:
			leaveOut(is.File, 1)
		case *budget <= 0:
			leaveOut("", 1)
		default:
			kept[is.File]++
			*budget--
			out = append(out, is)
			last[is.File] = len(out) - 1
		}
	}
	if len(files) == 0 {
		return out
	}
	// Insert each file's marker after its last listed issue, from the end so indexes stay valid.
	type insert struct {
		at int
		is Issue
	}
	var inserts []insert
	var global *Issue
	for _, f := range files {
		n := omitted[f]
		if n == 0 {
			continue
		}
		if f == "" {
			global = &Issue{Code: CodeOmitted, Omitted: n, Message: globalOmittedMessage(n)}
			continue
		}
		is := Issue{Code: CodeOmitted, File: f, Omitted: n, Message: fmt.Sprintf("and %d more in %s", n, f)}
		at := len(out)
		if i, ok := last[f]; ok {
			at = i + 1
		}
		inserts = append(inserts, insert{at, is})
	}
	sort.SliceStable(inserts, func(a, b int) bool { return inserts[a].at < inserts[b].at })
	res := make([]Issue, 0, len(out)+len(inserts)+1)
	next := 0
	for i, is := range out {
		for next < len(inserts) && inserts[next].at == i {
			res = append(res, inserts[next].is)
			next++
		}
		res = append(res, is)
	}
	for ; next < len(inserts); next++ {
		res = append(res, inserts[next].is)
	}
	if global != nil {
		res = append(res, *global)
	}
	return res
}

func globalOmittedMessage(n int) string {
	return fmt.Sprintf("and %d more (at most %d are listed per scan)", n, MaxIssues)
}
