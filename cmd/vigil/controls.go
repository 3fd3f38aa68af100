package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

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
it. Given PATHs, it scans them and shows each control's state: passing (no failing or unknown result,
at least one pass), failing (at least one result fails), unknown (evidence could not be read, or input
that could hold resources of its rules did not parse or could not be collected), waived (its only
results are waived), not assessed (rules exist but nothing in scope, or all not applicable) or
"manual evidence required" (no automated rule: never reported as passed).

The COVERAGE column says how much of each control the rules decide: automated (the rules decide the
whole control; only the few controls listed in policies/coverage/fully-automated.json), partly
automated (the rules evidence part of it; the rest, such as a policy or a review, needs manual
evidence) or manual only (no rule).

Exit codes: 0 the controls were listed; 2 bad flags or config, or the scanned input is incomplete
(the list is still printed, with the controls it leaves unknown, and what could not be read).`,
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
				inv, err = setup.inventory(ctx)
			} else {
				err = setup.waitEngine()
			}
			if err != nil {
				return untrusted(err)
			}
			eng := setup.eng
			setup.eval.Frameworks = []string{framework}
			// Without a path there is no inventory to hold DR objectives against.
			if len(args) > 0 {
				if err := drDiagnosticsError(cmd.ErrOrStderr(), setup.addDRPosture(inv, time.Now().UTC())); err != nil {
					return err
				}
			}
			rep, err := eng.Evaluate(ctx, inv, setup.eval)
			if err != nil {
				return untrusted(err)
			}
			warnGaps(cmd.ErrOrStderr(), rep.Sources)
			catalog := eng.Catalogs()[framework]
			statuses := engine.ControlStatuses(rep, catalog)
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(statuses); err != nil {
					return err
				}
				return incompleteControlsError(cmd.ErrOrStderr(), rep, statuses)
			}
			if err := writeControls(out, catalog, statuses, len(args) > 0); err != nil {
				return err
			}
			return incompleteControlsError(cmd.ErrOrStderr(), rep, statuses)
		},
	}
	f := cmd.Flags()
	f.StringVar(&framework, "framework", "", "framework: "+strings.Join(engine.Frameworks, ", "))
	f.StringVarP(&format, "format", "f", "table", "table or json")
	f.StringArrayVar(&o.policyDirs, "policy", nil, "also load custom Rego policies from this folder (repeatable)")
	registerPolicyTimeout(f, o)
	f.StringArrayVar(&o.vars, "var", nil, "set a Terraform variable, NAME=VALUE (repeatable)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "load Terraform variables from a .tfvars file (repeatable)")
	f.StringVar(&o.configPath, "config", "", "config file (default: vigil.hcl in the scanned folder, if any)")
	_ = cmd.MarkFlagRequired("framework")
	return cmd
}

// writeControls prints one line per control, then the framework's totals and, for a catalog with
// profiles (CIS Level 1 and 2), the totals of each profile; scanned adds each control's state.
func writeControls(out io.Writer, catalog *engine.Catalog, statuses []engine.ControlStatus, scanned bool) error {
	profiles := catalog.Profiles()
	cols := []string{"CONTROL"}
	if len(profiles) > 0 {
		cols = append(cols, "PROFILE", "ASSESSMENT")
	}
	cols = append(cols, "TITLE", "COVERAGE", "RULES")
	if scanned {
		cols = append(cols, "STATUS")
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, cs := range statuses {
		row := []string{cs.ID}
		if len(profiles) > 0 {
			row = append(row, cs.Profile, cs.Assessment)
		}
		rules := strings.Join(cs.Rules, ",")
		if len(cs.Rules) == 0 {
			rules = "manual evidence required"
		}
		row = append(row, truncate(cs.Title, 60), cs.Coverage.Label(), rules)
		if scanned {
			state := string(cs.State)
			if cs.State != engine.ControlManual {
				state = fmt.Sprintf("%s (%s)", cs.State, controlCounts(cs))
			}
			row = append(row, state)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeNotes(out, statuses); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(out, "\n%s: %s\n", catalog.Title, automationLine(statuses)); err != nil {
		return err
	}
	if scanned {
		if _, err := fmt.Fprintln(out, controlTotals(statuses)); err != nil {
			return err
		}
	}
	for _, p := range profiles {
		var in []engine.ControlStatus
		for _, cs := range statuses {
			if cs.Profile == p {
				in = append(in, cs)
			}
		}
		if _, err := fmt.Fprintf(out, "%s: %s\n", p, automationLine(in)); err != nil {
			return err
		}
		if scanned {
			if _, err := fmt.Fprintln(out, "  "+controlTotals(in)); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeNotes prints vigil's coverage notes: why a control has no rule, or which part a rule judges.
func writeNotes(out io.Writer, statuses []engine.ControlStatus) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	header := false
	for _, cs := range statuses {
		if cs.Note == "" {
			continue
		}
		if !header {
			fmt.Fprintln(tw, "\nNOTES (docs/rules.md)")
			header = true
		}
		fmt.Fprintf(tw, "%s\t%s\n", cs.ID, cs.Note)
	}
	return tw.Flush()
}

// automationLine counts controls with and without an automated rule.
func automationLine(statuses []engine.ControlStatus) string {
	coverage := map[engine.Coverage]int{}
	for _, cs := range statuses {
		coverage[cs.Coverage]++
	}
	return fmt.Sprintf("%d controls: %d automated (the rules decide the whole control), "+
		"%d partly automated (the rest needs manual evidence), %d manual only",
		len(statuses), coverage[engine.CoverageFull], coverage[engine.CoveragePartial], coverage[engine.CoverageManual])
}

// controlCounts renders a control's result counts, naming unread input first.
func controlCounts(cs engine.ControlStatus) string {
	parts := []string{}
	if cs.Incomplete {
		parts = append(parts, "input incomplete")
	}
	parts = append(parts, fmt.Sprintf("%d pass, %d fail, %d unknown", cs.Pass, cs.Fail, cs.Unknown))
	if cs.Waived > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", cs.Waived))
	}
	if cs.NotApplicable > 0 {
		parts = append(parts, fmt.Sprintf("%d not applicable", cs.NotApplicable))
	}
	return strings.Join(parts, ", ")
}

// controlTotals counts controls by state, out of the catalog's total.
func controlTotals(statuses []engine.ControlStatus) string {
	n := map[engine.ControlState]int{}
	for _, cs := range statuses {
		n[cs.State]++
	}
	return fmt.Sprintf("Controls: %d passing, %d failing, %d unknown, %d waived, %d not assessed, %d manual, of %d",
		n[engine.ControlPassing], n[engine.ControlFailing], n[engine.ControlUnknown], n[engine.ControlWaived],
		n[engine.ControlNotAssessed], n[engine.ControlManual], len(statuses))
}

// incompleteControlsError lists what the scan could not read and names the controls it leaves
// unknown; nil when the input was complete.
func incompleteControlsError(stderr io.Writer, rep *engine.Report, statuses []engine.ControlStatus) error {
	if rep.Complete {
		return nil
	}
	printSourceErrors(stderr, rep.Sources, "")
	var ids []string
	for _, cs := range statuses {
		if cs.Incomplete && cs.State == engine.ControlUnknown {
			ids = append(ids, cs.ID)
		}
	}
	return untrusted(fmt.Errorf("some input could not be read: %d control(s) cannot be judged: %s",
		len(ids), strings.Join(ids, ", ")))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
