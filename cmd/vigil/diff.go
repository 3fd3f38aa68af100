package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/reports"
)

func newDiffCmd() *cobra.Command {
	var format, failOn string
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "List findings that are new, resolved or unchanged between two JSON reports",
		Long: `Diff compares the findings (fail and unknown results) of two reports written with
--format json, matching them by fingerprint (rule id + resource id): moving a block or a line does
not make a finding new.`,
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
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	rep, err := reports.ReadJSONNamed(f, path)
	var invalid *docschema.Error
	if errors.As(err, &invalid) {
		return nil, fmt.Errorf("report %s is not a valid vigil json report (docs/schemas/report.schema.json):\n%w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return rep, nil
}

func writeDiffTable(w io.Writer, d engine.Diff) error {
	sections := []struct {
		title   string
		results []engine.Result
	}{{"NEW", d.New}, {"RESOLVED", d.Resolved}, {"UNCHANGED", d.Unchanged}}
	for _, s := range sections {
		fmt.Fprintf(w, "%s (%d)\n", s.title, len(s.results))
		if len(s.results) == 0 {
			fmt.Fprintln(w)
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, r := range s.results {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", r.Status, r.Severity, r.RuleID, r.ResourceID, r.Location.String(), r.Message)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintf(w, "%d new, %d resolved, %d unchanged\n", len(d.New), len(d.Resolved), len(d.Unchanged))
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
