package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/reports"
	"github.com/vigil-audit/vigil/scanners"
)

// scanSetup is what a scan needs once flags and vigil.hcl are merged: flags override the config's
// scalar settings (fail_on, frameworks) and add to its lists (policies, var files); --var overrides a
// config variable of the same name.
type scanSetup struct {
	cfg *config.Config
	// eng is compiled while the inputs are read (prepareScan): it is set once engineReady is closed
	// without engineErr, which inventory and waitEngine wait for.
	eng         *engine.Engine
	engineReady chan struct{}
	engineErr   error
	tf          scanners.TerraformOptions
	eval        engine.EvalOptions
	failOn      string
	paths       []string
	planPath    string
	changedOnly bool

	// Live sources (aws.go): aws is set for scan --aws.
	aws            *awsFlags
	inventoryPaths []string
	stderr         io.Writer
}

// loadConfig reads --config, or vigil.hcl in the first scanned folder when there is one. A vigil.hcl
// found in the scanned folder is part of the change under review (in CI, the pull request's), so unless
// the pipeline vouches for the run with --allow-outside-file-reads it may not widen what vigil reads nor
// raise limits above their defaults (see config.LoadOptions); a file named with --config is the
// pipeline's own.
func loadConfig(o *scanOptions) (*config.Config, error) {
	path := o.configPath
	opts := config.LoadOptions{}
	if path == "" {
		opts = config.LoadOptions{Discovered: !o.allowOutsideReads, Ceilings: config.Ceilings{
			Limits: config.Limits{Instances: scanners.DefaultTerraformLimits.Instances,
				ValueMiB: scanners.DefaultTerraformLimits.ValueBytes >> 20, Elements: scanners.DefaultTerraformLimits.Elements},
			PolicyTimeout: engine.DefaultPolicyTimeout,
		}}
		dir := "."
		if len(o.paths) > 0 {
			dir = o.paths[0]
		}
		found, ok := config.Find(dir)
		if !ok {
			return &config.Config{}, nil
		}
		path = found
	}
	cfg, err := config.LoadWith(path, opts)
	if err != nil {
		return nil, fmt.Errorf("config:\n%w", err)
	}
	return cfg, nil
}

func prepareScan(ctx context.Context, flags *pflag.FlagSet, o *scanOptions) (*scanSetup, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	cfg, err := loadConfig(o)
	if err != nil {
		return nil, err
	}
	s := &scanSetup{cfg: cfg, failOn: o.failOn, paths: o.paths, planPath: o.planPath, changedOnly: o.changedOnly,
		inventoryPaths: o.inventoryPaths, stderr: io.Discard}
	if o.awsLive {
		s.aws = &o.aws
	}
	if !flags.Changed("fail-on") && cfg.FailOn != "" {
		s.failOn = cfg.FailOn
	}
	s.eval.Frameworks = o.frameworks
	if !flags.Changed("framework") {
		s.eval.Frameworks = cfg.Frameworks
	}
	s.eval.Waivers = cfg.Waivers
	s.eval.PolicyTimeout = cfg.PolicyTimeout
	if o.policyTimeout != 0 {
		s.eval.PolicyTimeout = o.policyTimeout
	}
	vars, _ := o.parsedVars()
	flagLimits, _ := o.parsedLimits()
	cfg.Exclude = append(cfg.Exclude, o.excludes...)
	s.tf = terraformOptions(cfg, flagLimits)
	s.tf.Vars, s.tf.VarFiles = vars, o.varFiles
	s.tf.AllowOutsideFileReads = s.tf.AllowOutsideFileReads || o.allowOutsideReads
	// Compiling the policies takes about half a second, the time a small scan takes: it runs beside the
	// scan, and a policy or waiver error still comes first (inventory, waitEngine).
	policyDirs := append(append([]string(nil), cfg.Policies...), o.policyDirs...)
	s.engineReady = make(chan struct{})
	go func() {
		defer close(s.engineReady)
		eng, err := engine.New(ctx, engine.Options{PolicyDirs: policyDirs})
		if err != nil {
			s.engineErr = fmt.Errorf("load policies:\n%w", err)
			return
		}
		if err := eng.CheckWaivers(cfg.Waivers); err != nil {
			s.engineErr = fmt.Errorf("config:\n%w", err)
			return
		}
		s.eng = eng
	}()
	return s, nil
}

// waitEngine waits for the policies that prepareScan compiles and returns their error, if any. A
// setup made without prepareScan (serve's) has its engine already.
func (s *scanSetup) waitEngine() error {
	if s.engineReady == nil {
		return nil
	}
	<-s.engineReady
	return s.engineErr
}

// terraformOptions are the Terraform scanner's settings from vigil.hcl; a non-zero limit in flagLimits
// (--limit) overrides the config's limit of the same name.
func terraformOptions(cfg *config.Config, flagLimits config.Limits) scanners.TerraformOptions {
	tf := scanners.TerraformOptions{
		EnvVars:    scanners.TerraformEnvVars(os.Environ()),
		ConfigVars: cfg.Variables, ConfigVarFiles: cfg.VarFiles,
		AllowOutsideFileReads:    cfg.AllowOutsideFileReads,
		AcceptUninstalledModules: cfg.UninstalledModules == config.UninstalledGap,
	}
	lim := cfg.Limits
	for _, v := range []struct{ flag, cfg *int }{
		{&flagLimits.Instances, &lim.Instances}, {&flagLimits.ValueMiB, &lim.ValueMiB}, {&flagLimits.Elements, &lim.Elements},
	} {
		if *v.flag != 0 {
			*v.cfg = *v.flag
		}
	}
	tf.Limits = scanners.TerraformLimits{Instances: lim.Instances, ValueBytes: lim.ValueMiB << 20, Elements: lim.Elements}
	if len(cfg.Exclude) > 0 {
		tf.Exclude = cfg.Excluded
	}
	return tf
}

// inventory scans every path, or the plan, into one inventory, while the policies compile. Their
// error, if any, stops the scan (no AWS call is made for a run that cannot judge it) and is returned
// rather than the scan's, as when they were compiled first.
func (s *scanSetup) inventory(ctx context.Context) (*inventory.Inventory, error) {
	if s.engineReady == nil {
		return s.scan(ctx)
	}
	scanCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.engineReady:
			if s.engineErr != nil {
				cancel()
			}
		case <-scanCtx.Done():
		}
	}()
	inv, err := s.scan(scanCtx)
	if err := s.waitEngine(); err != nil {
		return nil, err
	}
	return inv, err
}

func (s *scanSetup) scan(ctx context.Context) (*inventory.Inventory, error) {
	if inv, ok, err := s.liveInventory(ctx); ok {
		return inv, err
	}
	if s.planPath != "" {
		opts := scanners.PlanOptions{ChangedOnly: s.changedOnly}
		if len(s.paths) > 0 {
			opts.ConfigDir = s.paths[0]
		}
		return scanners.ScanPlan(ctx, s.planPath, opts)
	}
	return scanPaths(ctx, s.paths, s.tf)
}

// drDeclared reports whether vigil.hcl declares DR objectives (a dr_tier or dr_system block).
func (s *scanSetup) drDeclared() bool {
	return len(s.cfg.DR.Tiers) > 0 || len(s.cfg.DR.Systems) > 0
}

// addDRPosture computes the DR posture of inv (schedules walked from at, the scan's start) and hands it
// to the rules (EvalOptions.DR, read by the DR.* rules), when vigil.hcl declares DR objectives. It
// returns the DR declaration problems, which make the run untrusted (exit 2) as in `vigil dr`.
func (s *scanSetup) addDRPosture(inv *inventory.Inventory, at time.Time) []dr.Diagnostic {
	if !s.drDeclared() {
		return nil
	}
	posture, diags := dr.Evaluate(s.cfg.DR, inv, at)
	s.eval.DR = posture
	return diags
}

// drDiagnosticsError prints the DR declaration problems and returns the exit-2 error, or nil without any.
func drDiagnosticsError(stderr io.Writer, diags []dr.Diagnostic) error {
	if len(diags) == 0 {
		return nil
	}
	for _, d := range diags {
		fmt.Fprintln(stderr, reports.PrintableLine(d.String()))
	}
	return &exitError{code: exitUntrusted, err: fmt.Errorf("%d DR declaration problem(s): the DR results cannot be trusted", len(diags))}
}
