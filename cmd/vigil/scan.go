package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/reports"
	"github.com/vigil-audit/vigil/reports/evidence"
	"github.com/vigil-audit/vigil/scanners"
)

// scanOptions is everything `vigil scan` takes, validated on its own before any work starts.
type scanOptions struct {
	paths      []string
	format     string
	output     string
	failOn     string
	frameworks []string
	policyDirs []string
	// policyTimeout is each rule's time budget; zero takes vigil.hcl's policy_timeout or the default.
	policyTimeout time.Duration
	vars          []string
	varFiles      []string
	excludes      []string
	limits        []string
	baseline      string
	// previousReport is a saved JSON report the html format compares this run with; previous is it, read.
	previousReport string
	previous       *engine.Report
	configPath     string
	planPath       string
	changedOnly    bool
	noColor        bool
	verbose        bool
	// allowOutsideReads lets Terraform's file functions read outside the scanned folders.
	allowOutsideReads bool

	// Live sources (aws.go): scan --aws collects, scan --inventory re-evaluates a saved inventory.
	awsLive        bool
	inventoryPaths []string
	aws            awsFlags
}

func (o *scanOptions) validate() error {
	if err := o.validateLive(); err != nil {
		return err
	}
	if o.changedOnly && o.planPath == "" {
		return fmt.Errorf("--changed-only needs --plan")
	}
	if len(o.paths) == 0 && o.planPath == "" && !o.awsLive && len(o.inventoryPaths) == 0 {
		o.paths = []string{"."}
	}
	if len(o.paths) > 1 && o.planPath != "" {
		return fmt.Errorf("--plan takes at most one PATH: the Terraform root the plan was made from")
	}
	if _, err := reports.New(o.format, reports.Options{}); err != nil {
		return err
	}
	if o.previousReport != "" && !strings.EqualFold(strings.TrimSpace(o.format), "html") {
		return fmt.Errorf("--previous-report is for --format html (the trend is shown on its first screen)")
	}
	if _, err := parseFailOn(o.failOn); err != nil {
		return err
	}
	for _, fw := range o.frameworks {
		if !isFramework(fw) {
			return fmt.Errorf("invalid --framework %q: use %s", fw, strings.Join(engine.Frameworks, ", "))
		}
	}
	for i, p := range o.excludes {
		clean, err := config.CleanExcludePattern(p)
		if err != nil {
			return fmt.Errorf("invalid --exclude %q: %w", p, err)
		}
		o.excludes[i] = clean
	}
	if o.policyTimeout != 0 {
		if err := config.CheckPolicyTimeout(o.policyTimeout); err != nil {
			return fmt.Errorf("invalid --policy-timeout: %w", err)
		}
	}
	if _, err := o.parsedLimits(); err != nil {
		return err
	}
	_, err := o.parsedVars()
	return err
}

// registerPolicyTimeout adds --policy-timeout to a command that evaluates rules.
func registerPolicyTimeout(f *pflag.FlagSet, o *scanOptions) {
	f.DurationVar(&o.policyTimeout, "policy-timeout", 0, fmt.Sprintf("stop a rule that evaluates longer than this, exit 2 (default: vigil.hcl's policy_timeout, else %s)", engine.DefaultPolicyTimeout))
}

// parsedLimits reads each --limit NAME=N.
func (o *scanOptions) parsedLimits() (config.Limits, error) {
	var out config.Limits
	for _, l := range o.limits {
		name, value, _ := strings.Cut(l, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil {
			return out, fmt.Errorf("invalid --limit %q: want NAME=N with NAME one of %s", l, strings.Join(config.LimitNames, ", "))
		}
		if err := config.CheckLimit(strings.TrimSpace(name), n); err != nil {
			return out, fmt.Errorf("invalid --limit %q: %w", l, err)
		}
		out.Set(strings.TrimSpace(name), int(n))
	}
	return out, nil
}

func isFramework(fw string) bool {
	for _, f := range engine.Frameworks {
		if f == fw {
			return true
		}
	}
	return false
}

// parsedVars splits each --var NAME=VALUE.
func (o *scanOptions) parsedVars() (map[string]string, error) {
	vars := map[string]string{}
	for _, v := range o.vars {
		name, value, ok := strings.Cut(v, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("invalid --var %q: expected NAME=VALUE", v)
		}
		vars[name] = value
	}
	return vars, nil
}

func newScanCmd() *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan Terraform and evaluate every rule",
		Long: `Scan finds the Terraform root modules in each PATH (default: the current directory) and its
subfolders: every folder of .tf files that no other folder calls as a local module, so a repository of
environments and shared modules is scanned environment by environment. It evaluates each root as
Terraform would (variables, locals, count/for_each, modules), maps its AWS resources to vigil's
canonical inventory, and evaluates every rule over it. With several roots, resource ids are the
root's folder and the Terraform address: envs/prod:aws_s3_bucket.logs. --exclude skips folders.

Each result is pass, fail or unknown (the evidence could not be read: a variable without value, a
value known only after apply); a file that does not parse is reported with file:line:col and makes
the run untrusted (exit 2), while the files that did parse are still evaluated.

Terraform's file functions (file, templatefile, filemd5 and the other digests, fileexists, fileset)
read only inside the scanned PATH and the variable files named by --var-file or vigil.hcl: the
configuration is input from whoever wrote it, and a path outside (an absolute path, ../, a symbolic
link leading out) would put the runner's files in the report. Such a call's value is unknown and a
warning names its file:line. Module folders (local sources, .terraform/modules/modules.json entries)
and .tf files are read only inside PATH, or the git work tree that holds it (so envs/prod may call
../../modules/x): a module call leading outside is an error at its block and the run is untrusted
(exit 2). --allow-outside-file-reads lifts both for trusted runs. A vigil.hcl found in PATH is part
of the change under review, so it cannot: allow_outside_file_reads = true, a var_files entry outside
PATH, or limits and policy_timeout above their defaults are errors there (exit 2); a file named with
--config is the pipeline's and may set them.

With --aws, scan collects live AWS accounts instead (the flags of vigil collect aws, prefixed "with
--aws" below) and evaluates the same rules; with --inventory FILE it re-evaluates a saved inventory
(repeat it for the shards of one collection: they are merged, and an id two files give different
contents stops the run; see docs/aws.md).
A live source with a failed call (AccessDenied, throttled, timed out) makes the report incomplete
(exit 2), and each failed call is listed with its account, region, service, API and error code.

Formats: ` + formatHelp() + `

Exit codes: 0 no failing finding at or above --fail-on; 1 the gate failed; 2 the run could not be
trusted (bad input, unreadable file, policy error).`,
		Example: `  # Scan the bundled example estate
  vigil scan examples/terraform

  # CI gate: fail on high or critical findings, write SARIF for code scanning
  vigil scan infra/ --fail-on high --format sarif --output vigil.sarif

  # Gate a pull request on what its plan changes
  terraform show -json tfplan > plan.json
  vigil scan infra/ --plan plan.json --changed-only --fail-on high

  # Variables, custom policies, one framework
  vigil scan infra/ --var env=prod --var-file prod.tfvars --policy ./policies --framework iso27001-2022

  # Live AWS: collect then evaluate (flags as for vigil collect aws), or re-evaluate a saved inventory
  vigil scan --aws --profile audit --regions eu-west-1,eu-central-1 --fail-on high
  vigil scan --inventory inventory.json
  vigil scan --inventory shard-1.json --inventory shard-2.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runScan(cmd.Context(), cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", reports.DefaultFormat, "output format: "+strings.Join(reports.Formats(), ", "))
	f.StringVarP(&o.output, "output", "o", "", "write the report to this file instead of stdout")
	f.StringVar(&o.failOn, "fail-on", "none", "exit 1 when a finding fails at or above this severity: critical, high, medium, low, info, none")
	f.StringSliceVar(&o.frameworks, "framework", nil, "limit rules and summary to these frameworks: "+strings.Join(engine.Frameworks, ", "))
	f.StringArrayVar(&o.policyDirs, "policy", nil, "load custom Rego policies from this folder (repeatable)")
	registerPolicyTimeout(f, o)
	f.StringArrayVar(&o.vars, "var", nil, "set a Terraform variable, NAME=VALUE (repeatable)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "load Terraform variables from a .tfvars file (repeatable)")
	f.StringArrayVar(&o.limits, "limit", nil, "raise or lower a limit on what a scan evaluates, NAME=N: instances (default 100000), value_mib (16), elements (100000) (repeatable; see docs/terraform.md)")
	f.StringArrayVar(&o.excludes, "exclude", nil, "skip files and folders matching this pattern, relative to PATH, added to the config's exclude (repeatable; e.g. 'test/**', '**/fixtures')")
	f.StringVar(&o.planPath, "plan", "", "scan a Terraform plan (terraform show -json PLANFILE > plan.json); PATH, if given, is the root it came from (for file:line)")
	f.BoolVar(&o.changedOnly, "changed-only", false, "with --plan: gate only the resources the plan creates or updates")
	f.StringVar(&o.configPath, "config", "", "config file (default: vigil.hcl in the scanned folder, if any)")
	f.StringVar(&o.baseline, "baseline", "", "a previous JSON report: gate only on findings that are new against it")
	registerPreviousReport(f, o)
	f.BoolVar(&o.noColor, "no-color", false, "disable colors in the table output")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "table output: also list passing results")
	f.BoolVar(&o.allowOutsideReads, "allow-outside-file-reads", false, "trusted runs only: let file(), templatefile(), fileset(), ... read outside the scanned folders, and module calls read folders outside the scanned tree (by default such a value is unknown, with a warning, and such a module is an error)")
	f.BoolVar(&o.awsLive, "aws", false, "collect live AWS accounts instead of scanning Terraform (see vigil collect aws --help)")
	registerInventoryFlag(f, &o.inventoryPaths, "evaluate a saved inventory (vigil collect aws -o FILE) instead of scanning Terraform")
	o.aws.register(f, "with --aws: ")
	return cmd
}

func formatHelp() string {
	var parts []string
	for _, name := range reports.Formats() {
		parts = append(parts, name+" ("+reports.Describe(name)+")")
	}
	return strings.Join(parts, "; ")
}

func untrusted(err error) error { return &exitError{code: exitUntrusted, err: err} }

func runScan(ctx context.Context, cmd *cobra.Command, o *scanOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	setup, err := prepareScan(ctx, cmd.Flags(), o)
	if err != nil {
		return untrusted(err)
	}
	if err := o.readPrevious(); err != nil {
		return untrusted(err)
	}
	setup.stderr = cmd.ErrOrStderr()
	start := time.Now().UTC()
	inv, err := setup.inventory(ctx)
	if err != nil {
		return untrusted(err)
	}
	drDiags := setup.addDRPosture(inv, start)
	eval := setup.eval
	eval.ReleaseInput = true // nothing below reads the inventory again
	rep, err := setup.eng.Evaluate(ctx, inv, eval)
	if err != nil {
		return untrusted(err)
	}
	rep.Version = vigilVersion()
	if o.baseline != "" {
		base, err := readReport(o.baseline)
		if err != nil {
			return untrusted(fmt.Errorf("--baseline: %w", err))
		}
		engine.ApplyBaseline(rep, base)
	}

	if err := writeReport(ctx, cmd.OutOrStdout(), o, rep); err != nil {
		return untrusted(err)
	}
	stderr := cmd.ErrOrStderr()
	// Warnings on stderr too, for CI logs, unless the table on stdout already lists them.
	if o.format != "table" || o.output != "" {
		for _, s := range rep.Sources {
			for _, w := range s.Warnings {
				fmt.Fprintln(stderr, reports.PrintableLine("warning: "+w.String()))
			}
		}
	}
	if o.output != "" {
		fmt.Fprintf(stderr, "vigil: %d resources, %d results: %d fail, %d unknown, %d pass, %d not applicable; report written to %s\n",
			rep.Summary.Resources, len(rep.Results), rep.Summary.ByStatus[engine.StatusFail],
			rep.Summary.ByStatus[engine.StatusUnknown], rep.Summary.ByStatus[engine.StatusPass],
			rep.Summary.ByStatus[engine.StatusNotApplicable], o.output)
	}
	warnGaps(stderr, rep.Sources)
	if !rep.Complete {
		printSourceErrors(stderr, rep.Sources, "")
		return &exitError{code: exitUntrusted, err: fmt.Errorf("some input could not be read; results are incomplete")}
	}
	if err := drDiagnosticsError(stderr, drDiags); err != nil {
		return err
	}
	threshold, _ := parseFailOn(setup.failOn)
	gated := rep.Results
	what := "failing finding(s)"
	if o.baseline != "" {
		gated = nil
		for _, r := range rep.Results {
			if r.Baseline == engine.BaselineNew {
				gated = append(gated, r)
			}
		}
		what = "new failing finding(s)"
	}
	if n := countFailing(gated, threshold); n > 0 {
		return &exitError{code: exitGateFail, err: fmt.Errorf("%d %s at or above %s", n, what, setup.failOn)}
	}
	return nil
}

// registerPreviousReport adds --previous-report to a command that renders a report.
func registerPreviousReport(f *pflag.FlagSet, o *scanOptions) {
	f.StringVar(&o.previousReport, "previous-report", "", "html format: a previous JSON report of the same estate, to show the trend against it (fail and unknown counts, controls passing)")
}

// readPrevious reads --previous-report, checked like any saved report (it is input too).
func (o *scanOptions) readPrevious() error {
	if o.previousReport == "" {
		return nil
	}
	prev, err := readReport(o.previousReport)
	if err != nil {
		return fmt.Errorf("--previous-report: %w", err)
	}
	o.previous = prev
	return nil
}

func scanPaths(ctx context.Context, paths []string, opts scanners.TerraformOptions) (*inventory.Inventory, error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("scan %s: not a directory (give a Terraform root module or a folder of them)", p)
		}
	}
	return scanners.ScanTerraformPaths(ctx, paths, opts)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeReport renders rep, with secret-like values redacted as in an evidence pack: rules' evidence
// quotes what they read (a policy condition's value, a name), and a report must not carry a secret.
func writeReport(ctx context.Context, stdout io.Writer, o *scanOptions, rep *engine.Report) error {
	opts := reports.Options{Verbose: o.verbose, Previous: o.previous}
	var err error
	if reports.Filters(o.format) && !evidence.RedactsOrder(rep) {
		// The results are redacted by the workers that encode them, beside the writing.
		rep, err = evidence.RedactHead(rep)
		opts.Filter = evidence.ResultRedactor
	} else {
		rep, err = evidence.RedactReport(rep)
	}
	if err != nil {
		return err
	}
	w := stdout
	color := false
	if o.output == "" {
		color = !o.noColor && isTerminal(stdout)
	} else {
		f, err := os.Create(o.output)
		if err != nil {
			return fmt.Errorf("create report %s: %w", o.output, err)
		}
		defer f.Close()
		w = f
	}
	opts.Color = color
	r, err := reports.New(o.format, opts)
	if err != nil {
		return err
	}
	if err := r.Render(ctx, w, rep); err != nil {
		return fmt.Errorf("write %s report: %w", o.format, err)
	}
	if f, ok := w.(*os.File); ok && o.output != "" {
		if err := f.Close(); err != nil {
			return fmt.Errorf("write report %s: %w", o.output, err)
		}
	}
	return nil
}

// isTerminal reports whether w is a character device and colors are not disabled by NO_COLOR.
func isTerminal(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// printSourceErrors writes each error the sources met on its own line of w, escaped for a terminal or a CI
// log; a failed API call is named with its account/region.
func printSourceErrors(w io.Writer, sources []inventory.Source, indent string) {
	for _, s := range sources {
		for _, issue := range s.Errors {
			line := issue.String()
			if s.Kind == inventory.SourceAWS {
				line = s.Path + ": " + line // account/region
			}
			fmt.Fprintln(w, indent+reports.PrintableLine(line))
		}
	}
}
