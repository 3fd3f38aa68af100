package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/reports"
)

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Inspect the loaded rules",
	}
	cmd.AddCommand(newPolicyListCmd())
	return cmd
}

func newPolicyListCmd() *cobra.Command {
	var policyDirs []string
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every rule with its severity, scope and controls",
		Example: `  vigil policy list
  vigil policy list --policy ./my-policies --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return untrusted(fmt.Errorf("invalid --format %q: use table or json", format))
			}
			eng, err := engine.New(cmd.Context(), engine.Options{PolicyDirs: policyDirs})
			if err != nil {
				return untrusted(fmt.Errorf("load policies:\n%w", err))
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(eng.Rules())
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE\tRESOURCES\tCONTROLS")
			for _, r := range eng.Rules() {
				// Custom rules' metadata is text from the policy folder: escaped like every human format.
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", reports.PrintableLine(r.ID), r.Severity, reports.Printable(r.Title),
					strings.Join(r.ResourceTypes, ","), controlsLine(r.Controls))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "\n%d rules\n", len(eng.Rules()))
			return err
		},
	}
	cmd.Flags().StringArrayVar(&policyDirs, "policy", nil, "also load custom Rego policies from this folder (repeatable)")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	return cmd
}

var frameworkShort = map[string]string{
	engine.FrameworkISO27001:  "ISO",
	engine.FrameworkNIST80053: "800-53",
	engine.FrameworkCSF2:      "CSF",
	engine.FrameworkCISAWS6:   "CIS",
}

func controlsLine(controls map[string][]string) string {
	var parts []string
	for _, fw := range engine.Frameworks {
		if ids := controls[fw]; len(ids) > 0 {
			parts = append(parts, frameworkShort[fw]+" "+strings.Join(ids, ","))
		}
	}
	return strings.Join(parts, "; ")
}
