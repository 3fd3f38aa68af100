package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

func newControlsCmd() *cobra.Command {
	o := &scanOptions{}
	var framework, format string
	cmd := &cobra.Command{
		Use:   "controls --framework FRAMEWORK [PATH...]",
		Short: "List a framework's controls with the rules that evidence them and their status",
		Long: `Controls prints every control of a framework's catalog, in catalog order, with the rules mapped to
it. Given PATHs, it scans them and shows each control's state: passing (every result passes), failing,
unknown (evidence could not be read), not assessed (rules exist but nothing in scope) or
"manual evidence required" (no automated rule: never reported as passed).`,
		Example: `  vigil controls --framework iso27001-2022
  vigil controls --framework nist-800-53-r5 examples/terraform`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !isFramework(framework) {
				return untrusted(fmt.Errorf("invalid --framework %q: use %s", framework, strings.Join(engine.Frameworks, ", ")))
			}
			if format != "table" && format != "json" {
				return untrusted(fmt.Errorf("invalid --format %q: use table or json", format))
			}
			ctx := cmd.Context()
			o.paths, o.frameworks, o.failOn = args, []string{framework}, "none"
			setup, err := prepareScan(ctx, cmd.Flags(), o)
			if err != nil {
				return untrusted(err)
			}
			inv := inventory.New()
			if len(args) > 0 {
				if inv, err = setup.inventory(ctx); err != nil {
					return untrusted(err)
				}
			}
			eng := setup.eng
			setup.eval.Frameworks = []string{framework}
			rep, err := eng.Evaluate(ctx, inv, setup.eval)
			if err != nil {
				return untrusted(err)
			}
			warnGaps(cmd.ErrOrStderr(), rep.Sources)
			statuses := engine.ControlStatuses(rep, eng.Catalogs()[framework])
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(statuses)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			if len(args) > 0 {
				fmt.Fprintln(tw, "CONTROL\tTITLE\tRULES\tSTATUS")
			} else {
				fmt.Fprintln(tw, "CONTROL\tTITLE\tRULES")
			}
			automated := 0
			for _, cs := range statuses {
				rules := strings.Join(cs.Rules, ",")
				if len(cs.Rules) == 0 {
					rules = "manual evidence required"
				} else {
					automated++
				}
				if len(args) > 0 {
					state := string(cs.State)
					if cs.State != engine.ControlManual {
						state = fmt.Sprintf("%s (%d pass, %d fail, %d unknown)", cs.State, cs.Pass, cs.Fail, cs.Unknown)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cs.ID, truncate(cs.Title, 60), rules, state)
				} else {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", cs.ID, truncate(cs.Title, 60), rules)
				}
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "\n%s: %d controls, %d with automated rules, %d need manual evidence\n",
				engine.FrameworkTitle(framework), len(statuses), automated, len(statuses)-automated)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&framework, "framework", "", "framework: "+strings.Join(engine.Frameworks, ", "))
	f.StringVarP(&format, "format", "f", "table", "table or json")
	f.StringArrayVar(&o.policyDirs, "policy", nil, "also load custom Rego policies from this folder (repeatable)")
	f.StringArrayVar(&o.vars, "var", nil, "set a Terraform variable, NAME=VALUE (repeatable)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "load Terraform variables from a .tfvars file (repeatable)")
	f.StringVar(&o.configPath, "config", "", "config file (default: vigil.hcl in the scanned folder, if any)")
	_ = cmd.MarkFlagRequired("framework")
	return cmd
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
