package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/internal/safefile"
	"github.com/vigil-audit/vigil/reports"
)

func newDiffCmd() *cobra.Command {
	var format, failOn string
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "List findings that are new, resolved or unchanged between two JSON reports",
		Long: `Diff compares the findings (fail and unknown results) of two reports written with
--format json, matching them by fingerprint (rule id + resource id): moving a block or a line does
not make a finding new. A failure is new unless OLD failed too (unknown → fail is new).

A report written from an incomplete run (a file that did not parse, a denied API call) cannot settle
the findings of the part it could not read: a finding of OLD that NEW does not list there is "cannot
be judged", not resolved, and the same holds the other way for new findings. Either side incomplete
exits 2, after the diff, naming what could not be read.

Exit codes: 0 no new failing finding at or above --fail-on; 1 the gate failed; 2 a report could not be
read or is incomplete.`,
		Example: `  vigil scan infra/ --format json -o main.json      # on the main branch
  vigil scan infra/ --format json -o pr.json        # on the change
  vigil diff main.json pr.json --fail-on high`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return untrusted(fmt.Errorf("invalid --format %q: use table or json", format))
			}
			threshold, err := parseFailOn(failOn)
			if err != nil {
				return untrusted(err)
			}
			oldRep, err := readReport(args[0])
			if err != nil {
				return untrusted(err)
			}
			newRep, err := readReport(args[1])
			if err != nil {
				return untrusted(err)
			}
			d := engine.DiffReports(oldRep, newRep)
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(d); err != nil {
					return err
				}
			} else if err := writeDiffTable(out, d); err != nil {
				return err
			}
			if !d.Complete() {
				return untrusted(incompleteDiffError(cmd.ErrOrStderr(), args, oldRep, newRep, d))
			}
			if n := countFailing(d.New, threshold); n > 0 {
				return &exitError{code: exitGateFail, err: fmt.Errorf("%d new failing finding(s) at or above %s", n, failOn)}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	cmd.Flags().StringVar(&failOn, "fail-on", "none", "exit 1 when a NEW finding fails at or above this severity")
	return cmd
}

func readReport(path string) (*engine.Report, error) {
	src, err := safefile.Read(path, safefile.MaxDocument)
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	rep, err := reports.ReadJSONNamed(bytes.NewReader(src), path)
	var invalid *docschema.Error
	if errors.As(err, &invalid) {
		return nil, fmt.Errorf("report %s is not a valid vigil json report (docs/schemas/report.schema.json):\n%w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return rep, nil
}

// incompleteDiffError lists what each incomplete report could not read and says how many findings
// cannot be judged.
func incompleteDiffError(stderr io.Writer, args []string, oldRep, newRep *engine.Report, d engine.Diff) error {
	var sides []string
	for i, rep := range []*engine.Report{oldRep, newRep} {
		if rep.Complete {
			continue
		}
		side := [...]string{"OLD", "NEW"}[i]
		sides = append(sides, fmt.Sprintf("%s (%s)", side, args[i]))
		fmt.Fprintln(stderr, reports.PrintableLine(fmt.Sprintf("%s report %s is incomplete:", side, args[i])))
		printSourceErrors(stderr, rep.Sources, "  ")
	}
	return fmt.Errorf("%s incomplete: %d finding(s) cannot be judged; the diff cannot be trusted",
		strings.Join(sides, " and "), len(d.Unjudged))
}

func writeDiffTable(w io.Writer, d engine.Diff) error {
	unjudged := make([]engine.Result, len(d.Unjudged))
	for i, u := range d.Unjudged {
		unjudged[i] = u.Result
		unjudged[i].Message = u.Side + ": " + u.Reason
	}
	sections := []struct {
		title   string
		results []engine.Result
	}{{"NEW", d.New}, {"RESOLVED", d.Resolved}, {"UNCHANGED", d.Unchanged}}
	if !d.Complete() {
		sections = append(sections, struct {
			title   string
			results []engine.Result
		}{"CANNOT BE JUDGED", unjudged})
	}
	for _, s := range sections {
		fmt.Fprintf(w, "%s (%d)\n", s.title, len(s.results))
		if len(s.results) == 0 {
			fmt.Fprintln(w)
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, r := range s.results {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", reports.PrintableLine(string(r.Status)),
				reports.Printable(string(r.Severity)), reports.Printable(r.RuleID),
				reports.Printable(r.ResourceID), reports.Printable(r.Where().String()), reports.Printable(r.Message))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	var err error
	if d.Complete() {
		_, err = fmt.Fprintf(w, "%d new, %d resolved, %d unchanged\n", len(d.New), len(d.Resolved), len(d.Unchanged))
	} else {
		_, err = fmt.Fprintf(w, "%d new, %d resolved, %d unchanged, %d cannot be judged (incomplete input)\n",
			len(d.New), len(d.Resolved), len(d.Unchanged), len(d.Unjudged))
	}
	return err
}

// parseFailOn validates a --fail-on value; "none" gives a zero severity that nothing reaches.
func parseFailOn(s string) (engine.Severity, error) {
	if s == "none" {
		return "", nil
	}
	sev, ok := engine.ParseSeverity(s)
	if !ok {
		return "", fmt.Errorf("invalid --fail-on %q: use critical, high, medium, low, info or none", s)
	}
	return sev, nil
}

// countFailing counts failing results at or above threshold; an empty threshold counts nothing.
func countFailing(results []engine.Result, threshold engine.Severity) int {
	if threshold == "" {
		return 0
	}
	n := 0
	for _, r := range results {
		if r.Status == engine.StatusFail && r.Severity.Rank() >= threshold.Rank() {
			n++
		}
	}
	return n
}
