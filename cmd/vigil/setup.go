package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// scanSetup is what a scan needs once flags and vigil.hcl are merged: flags override the config's
// scalar settings (fail_on, frameworks) and add to its lists (policies, var files); --var overrides a
// config variable of the same name.
type scanSetup struct {
	cfg         *config.Config
	eng         *engine.Engine
	tf          scanners.TerraformOptions
	eval        engine.EvalOptions
	failOn      string
	paths       []string
	planPath    string
	changedOnly bool

	// Live sources (aws.go): aws is set for scan --aws.
	aws           *awsFlags
	inventoryPath string
	stderr        io.Writer
}

// loadConfig reads --config, or vigil.hcl in the first scanned folder when there is one.
func loadConfig(o *scanOptions) (*config.Config, error) {
	path := o.configPath
	if path == "" {
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
	cfg, err := config.Load(path)
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
		inventoryPath: o.inventoryPath, stderr: io.Discard}
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
	vars, _ := o.parsedVars()
	s.tf = scanners.TerraformOptions{
		Vars: vars, VarFiles: o.varFiles, EnvVars: scanners.TerraformEnvVars(os.Environ()),
		ConfigVars: cfg.Variables, ConfigVarFiles: cfg.VarFiles,
	}
	// --limit overrides the config's limit of the same name.
	lim := cfg.Limits
	flagLimits, _ := o.parsedLimits()
	for _, v := range []struct{ flag, cfg *int }{
		{&flagLimits.Instances, &lim.Instances}, {&flagLimits.ValueMiB, &lim.ValueMiB}, {&flagLimits.Elements, &lim.Elements},
	} {
		if *v.flag != 0 {
			*v.cfg = *v.flag
		}
	}
	s.tf.Limits = scanners.TerraformLimits{Instances: lim.Instances, ValueBytes: lim.ValueMiB << 20, Elements: lim.Elements}
	cfg.Exclude = append(cfg.Exclude, o.excludes...)
	if len(cfg.Exclude) > 0 {
		s.tf.Exclude = cfg.Excluded
	}
	s.eng, err = engine.New(ctx, engine.Options{PolicyDirs: append(append([]string(nil), cfg.Policies...), o.policyDirs...)})
	if err != nil {
		return nil, fmt.Errorf("load policies:\n%w", err)
	}
	if err := checkWaivers(s.eng, cfg.Waivers); err != nil {
		return nil, err
	}
	return s, nil
}

// checkWaivers rejects waivers that name a rule or control no loaded policy has: such a waiver would
// silently never apply.
func checkWaivers(eng *engine.Engine, waivers []engine.Waiver) error {
	rules := map[string]bool{}
	for _, r := range eng.Rules() {
		rules[r.ID] = true
	}
	var problems []string
	for _, w := range waivers {
		if w.Rule != "" && !rules[w.Rule] {
			problems = append(problems, fmt.Sprintf("%s: waiver %q: no loaded rule has id %q (see vigil policy list)", w.Source, w.ID, w.Rule))
		}
		if w.Control != "" {
			fw, id, _ := strings.Cut(w.Control, ":")
			cat := eng.Catalogs()[fw]
			if cat == nil {
				problems = append(problems, fmt.Sprintf("%s: waiver %q: unknown framework %q", w.Source, w.ID, fw))
			} else if _, ok := cat.Lookup(id); !ok {
				problems = append(problems, fmt.Sprintf("%s: waiver %q: control %q is not in the %s catalog", w.Source, w.ID, id, cat.Title))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("config:\n%s", strings.Join(problems, "\n"))
	}
	return nil
}

// inventory scans every path, or the plan, into one inventory.
func (s *scanSetup) inventory(ctx context.Context) (*inventory.Inventory, error) {
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
