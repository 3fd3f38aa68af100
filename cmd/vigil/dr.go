package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/reports"
)

// DR output formats and gates.
var drFormats = []string{"table", "json", "markdown", "html"}

const (
	drFailOnFail    = "fail"
	drFailOnUnknown = "unknown"
	drFailOnNone    = "none"
)

// drOptions is what `vigil dr` takes: the sources and flags of scan (see scanOptions), plus its own
// output format, gate and reference instant.
type drOptions struct {
	scan   scanOptions
	format string
	failOn string
	at     string
}

func newDRCmd() *cobra.Command {
	o := &drOptions{}
	cmd := &cobra.Command{
		Use:   "dr [PATH]",
		Short: "Show each resource's DR posture against the objectives declared in vigil.hcl",
		Long: `DR reads the same sources as scan (Terraform in PATH, --plan, --inventory, --aws) and the dr_tier,
dr_system and dr_tier_tag declarations of vigil.hcl, puts every protectable resource in its tier and
system, and judges each objective its tier declares from what protects the resource: AWS Backup plans
and their selections, vaults and their locks, and native protections (RDS automated backups, DynamoDB
point-in-time recovery, S3 replication, EFS automatic backups). Each objective is pass, fail or
unknown (the evidence cannot tell; never a pass). From configuration alone rto and
restore_test_within are unknown: no restore has been observed. On a live inventory (--aws, or a saved
one with --inventory, judged as of its generated_at unless --at is given) the recovery points and the
backup, copy and restore jobs of the last 30 days are evidence too: rpo must also be met by the
recovery points seen, a copy must have happened, rto and restore_test_within are judged by the latest
successful restore. See docs/dr.md ("Live evidence") for each rule and the JSON contract.

Exit codes: 0 the gate passed; 1 a declared objective fails (--fail-on fail, the default) or is not
proven (--fail-on unknown); 2 the run could not be trusted: bad input, an incomplete inventory, or a
DR declaration that is wrong (listed with file:line:col).`,
		Example: `  # The bundled DR example
  vigil dr examples/dr

  # JSON for scripts; report only, never exit 1
  vigil dr infra/ --format json --fail-on none

  # A saved live inventory
  vigil dr --inventory inventory.json --config vigil.hcl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.scan.paths = args
			return runDR(cmd.Context(), cmd, o)
		},
	}
	f := cmd.Flags()
	s := &o.scan
	f.StringVarP(&o.format, "format", "f", "table", "output format: "+strings.Join(drFormats, ", "))
	f.StringVarP(&s.output, "output", "o", "", "write the posture to this file instead of stdout")
	f.StringVar(&o.failOn, "fail-on", drFailOnFail, "exit 1 when a declared objective is: fail (fails), unknown (fails or is not proven), none (never)")
	f.StringVar(&o.at, "at", "", "reference instant from which schedules are walked over a year and live evidence is aged, RFC 3339 (default: now; with --inventory, its generated_at when it has one)")
	f.StringArrayVar(&s.vars, "var", nil, "set a Terraform variable, NAME=VALUE (repeatable)")
	f.StringArrayVar(&s.varFiles, "var-file", nil, "load Terraform variables from a .tfvars file (repeatable)")
	f.StringArrayVar(&s.limits, "limit", nil, "raise or lower a limit on what a scan evaluates, NAME=N (see vigil scan --help)")
	f.StringArrayVar(&s.excludes, "exclude", nil, "skip files and folders matching this pattern, relative to PATH (repeatable)")
	f.StringVar(&s.planPath, "plan", "", "read a Terraform plan (terraform show -json PLANFILE > plan.json); PATH, if given, is the root it came from")
	f.StringVar(&s.configPath, "config", "", "config file (default: vigil.hcl in PATH, if any)")
	f.BoolVar(&s.allowOutsideReads, "allow-outside-file-reads", false, "trusted runs only (see vigil scan --help)")
	f.BoolVar(&s.awsLive, "aws", false, "collect live AWS accounts instead of reading Terraform (see vigil collect aws --help)")
	registerInventoryFlag(f, &s.inventoryPaths, "read a saved inventory (vigil collect aws -o FILE) instead of Terraform")
	s.aws.register(f, "with --aws: ")
	return cmd
}

func (o *drOptions) validate() (time.Time, error) {
	if !slices.Contains(drFormats, o.format) {
		return time.Time{}, fmt.Errorf("invalid --format %q: use %s", o.format, strings.Join(drFormats, ", "))
	}
	if !slices.Contains([]string{drFailOnFail, drFailOnUnknown, drFailOnNone}, o.failOn) {
		return time.Time{}, fmt.Errorf("invalid --fail-on %q: use fail, unknown or none", o.failOn)
	}
	if o.at == "" {
		return time.Now().UTC(), nil
	}
	at, err := time.Parse(time.RFC3339, o.at)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid --at %q: want an RFC 3339 instant such as 2026-01-01T00:00:00Z", o.at)
	}
	return at, nil
}

func runDR(ctx context.Context, cmd *cobra.Command, o *drOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	at, err := o.validate()
	if err != nil {
		return untrusted(err)
	}
	// scan's setup validates its own format and gate; dr has its own, so those stay at scan's defaults.
	o.scan.format, o.scan.failOn = reports.DefaultFormat, "none"
	setup, err := prepareScan(ctx, cmd.Flags(), &o.scan)
	if err != nil {
		return untrusted(err)
	}
	stderr := cmd.ErrOrStderr()
	setup.stderr = stderr
	inv, err := setup.inventory(ctx)
	if err != nil {
		return untrusted(err)
	}
	if o.at == "" && len(o.scan.inventoryPaths) > 0 && inv != nil && inv.GeneratedAt != nil {
		// A saved collection is judged as of when it was collected: its recovery points and jobs were
		// the newest then, and a week-old file would otherwise fail every RPO by its own age.
		at = inv.GeneratedAt.UTC()
	}
	posture, diags := dr.Evaluate(setup.cfg.DR, inv, at)

	w := cmd.OutOrStdout()
	if o.scan.output != "" {
		f, err := os.Create(o.scan.output)
		if err != nil {
			return untrusted(fmt.Errorf("create %s: %w", o.scan.output, err))
		}
		defer f.Close()
		w = f
	}
	if err := writeDR(ctx, w, o.format, posture); err != nil {
		return untrusted(fmt.Errorf("write %s posture: %w", o.format, err))
	}
	if f, ok := w.(*os.File); ok && o.scan.output != "" {
		if err := f.Close(); err != nil {
			return untrusted(fmt.Errorf("write %s: %w", o.scan.output, err))
		}
	}
	counts := posture.Counts()
	if o.scan.output != "" {
		fmt.Fprintf(stderr, "vigil: %d resources; objectives: %d pass, %d fail, %d unknown; posture written to %s\n",
			len(posture.Resources), counts[dr.ObjectivePass], counts[dr.ObjectiveFail], counts[dr.ObjectiveUnknown], o.scan.output)
	}
	for _, s := range inv.Sources {
		for _, warning := range s.Warnings {
			fmt.Fprintln(stderr, reports.PrintableLine("warning: "+warning.String()))
		}
	}
	warnGaps(stderr, inv.Sources)
	if !inv.Complete() {
		printSourceErrors(stderr, inv.Sources, "")
		return &exitError{code: exitUntrusted, err: fmt.Errorf("some input could not be read; the DR posture is incomplete")}
	}
	if len(diags) > 0 {
		for _, d := range diags {
			fmt.Fprintln(stderr, reports.PrintableLine(d.String()))
		}
		return &exitError{code: exitUntrusted, err: fmt.Errorf("%d DR declaration problem(s): the DR posture cannot be trusted", len(diags))}
	}
	switch {
	case o.failOn == drFailOnFail && counts[dr.ObjectiveFail] > 0:
		return &exitError{code: exitGateFail, err: fmt.Errorf("%d DR objective(s) fail", counts[dr.ObjectiveFail])}
	case o.failOn == drFailOnUnknown && counts[dr.ObjectiveFail]+counts[dr.ObjectiveUnknown] > 0:
		return &exitError{code: exitGateFail, err: fmt.Errorf("%d DR objective(s) fail, %d not proven",
			counts[dr.ObjectiveFail], counts[dr.ObjectiveUnknown])}
	}
	return nil
}
