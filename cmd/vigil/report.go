package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/reports"
)

func newReportCmd() *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "report REPORT.json",
		Short: "Render a saved JSON report in another format",
		Long: `Report re-renders a report written with --format json, so one scan can feed several outputs
(SARIF for code scanning, markdown for a pull-request comment, JUnit for a CI test tab) without
scanning again.`,
		Example: `  vigil scan infra/ --format json -o vigil.json
  vigil report vigil.json --format sarif -o vigil.sarif
  vigil report vigil.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  vigil report vigil.json --format html --previous-report last-month.json -o posture.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := reports.New(o.format, reports.Options{}); err != nil {
				return untrusted(err)
			}
			rep, err := readReport(args[0])
			if err != nil {
				return untrusted(err)
			}
			if err := o.readPrevious(); err != nil {
				return untrusted(err)
			}
			if err := writeReport(cmd.Context(), cmd.OutOrStdout(), o, rep); err != nil {
				return untrusted(err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", reports.DefaultFormat, "output format: "+strings.Join(reports.Formats(), ", "))
	f.StringVarP(&o.output, "output", "o", "", "write to this file instead of stdout")
	f.BoolVar(&o.noColor, "no-color", false, "disable colors in the table output")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "table output: also list passing results")
	registerPreviousReport(f, o)
	return cmd
}
