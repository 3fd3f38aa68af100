package config

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/robfig/cron/v3"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-audit/vigil/engine"
)

// Serve is what `vigil serve` reads from vigil.hcl: the targets it scans, the schedules that scan
// them, and the server's own settings (the serve block).
type Serve struct {
	Targets   []Target
	Schedules []Schedule
	// Listen is the address to bind ("" when not set: the command's default, 127.0.0.1:8080).
	Listen string
	// DB is the history store: a SQLite file (relative to the config's folder) or a postgres:// URL.
	DB string
	// TokenEnv names the environment variable holding the API and dashboard token.
	TokenEnv string
	// Concurrency is how many scans of different targets may run at once (0: the default, 1).
	Concurrency int
	// Retention of old scans: keep the newest KeepScans per target, and drop those older than MaxAge.
	KeepScans int
	MaxAge    time.Duration
	Webhooks  []Webhook
}

// Target kinds.
const (
	TargetTerraform = "terraform"
	TargetPlan      = "plan"
	TargetInventory = "inventory"
	TargetAWS       = "aws"
)

// Target is something a schedule scans: Terraform folders, a plan file, inventory files, or live AWS
// accounts and regions. Paths are resolved against the config's folder; they are read when the scan
// runs, so a plan that CI writes later is fine.
type Target struct {
	Name string
	Kind string
	// Paths are Terraform folders (terraform), or the configuration folder of a plan (optional).
	Paths     []string
	Plan      string
	Inventory []string
	AWS       *AWSTarget
	// Frameworks limits the target's scans to these frameworks; empty: the schedule's, then the file's.
	Frameworks []string
	// DRSystems, when set, are the only dr_system blocks that apply to the target: a system that lives
	// in another target's estate would otherwise match nothing here, which makes a scan incomplete.
	DRSystems    []string
	drSystemRefs []item
	// DeclRange locates the target block, or the targets element of a target written inline.
	DeclRange hcl.Range
}

// Describe says in a few words what the target scans (its kind aside), for pages and logs.
func (t *Target) Describe() string {
	switch t.Kind {
	case TargetPlan:
		return t.Plan
	case TargetInventory:
		return strings.Join(t.Inventory, ", ")
	case TargetAWS:
		var parts []string
		switch {
		case t.AWS.Org:
			parts = append(parts, "organization")
		case len(t.AWS.Accounts) > 0:
			parts = append(parts, strings.Join(t.AWS.Accounts, ","))
		default:
			parts = append(parts, "caller's account")
		}
		if len(t.AWS.Regions) > 0 {
			parts = append(parts, strings.Join(t.AWS.Regions, ","))
		} else {
			parts = append(parts, "all enabled regions")
		}
		return strings.Join(parts, " ")
	default:
		return strings.Join(t.Paths, ", ")
	}
}

// AWSTarget is a live collection, with the settings `vigil scan --aws` takes as flags.
type AWSTarget struct {
	Profile     string
	RoleARN     string
	ExternalID  string
	RoleName    string
	Accounts    []string
	Org         bool
	Regions     []string
	Services    []string
	EndpointURL string
}

// Schedule scans its targets at the times its cron expression gives.
type Schedule struct {
	Name string
	// Cron is the expression as written: five fields (minute hour day-of-month month day-of-week), a
	// descriptor (@daily, @every 6h), optionally after CRON_TZ=Area/City.
	Cron string
	Spec cron.Schedule
	// Targets are target names, in the order written.
	Targets    []string
	Frameworks []string
	// Jitter delays each scan by a pseudo-random time below it, the same for a target, schedule and
	// time on every server, so that replicas agree.
	Jitter time.Duration
	// Timeout bounds one scan (0: the default, 1 hour).
	Timeout   time.Duration
	DeclRange hcl.Range
}

// Webhook is a receiver of notifications. The URL of a Slack webhook is a secret: write it in the
// environment and name the variable with url_env.
type Webhook struct {
	Name        string
	URL         string
	URLEnv      string
	Format      string
	MinSeverity string
	Events      []string
	SecretEnv   string
	DeclRange   hcl.Range
}

// Webhook events.
var WebhookEvents = []string{"new_finding", "objective_missed", "scan_failed"}

var targetSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "path"}, {Name: "paths"}, {Name: "plan"}, {Name: "inventory"}, {Name: "frameworks"}, {Name: "dr_systems"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "aws"}},
}

var awsTargetSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "profile"}, {Name: "role_arn"}, {Name: "external_id"}, {Name: "role_name"}, {Name: "accounts"},
		{Name: "org"}, {Name: "regions"}, {Name: "services"}, {Name: "endpoint_url"},
	},
}

var scheduleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "cron", Required: true}, {Name: "targets", Required: true}, {Name: "frameworks"}, {Name: "jitter"}, {Name: "timeout"},
	},
}

var serveSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "listen"}, {Name: "db"}, {Name: "token_env"}, {Name: "concurrency"}, {Name: "keep_scans"}, {Name: "max_age"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "webhook", LabelNames: []string{"name"}}},
}

var webhookSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "url"}, {Name: "url_env"}, {Name: "format"}, {Name: "min_severity"}, {Name: "events"}, {Name: "secret_env"},
	},
}

var envNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

// cronParser reads the five standard fields and descriptors, with an optional CRON_TZ= or TZ= prefix.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// MinScheduleInterval is the shortest gap between two runs of a schedule that vigil accepts: a scan of a
// real estate takes longer than that, and each one is stored.
const MinScheduleInterval = time.Minute

// parseServeDuration reads "90s", "5m", "2h" or "400d".
func parseServeDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		days, err := strconv.Atoi(n)
		if err != nil || days > 100*366 {
			return 0, fmt.Errorf("%q is too long", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write a number and a unit, such as \"90s\", \"5m\", \"2h\" or \"30d\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

func (d *decoder) serveDuration(a *hcl.Attribute) (time.Duration, bool) {
	s, ok := d.str(a)
	if !ok {
		return 0, false
	}
	v, err := parseServeDuration(s)
	if err != nil {
		d.errorf(a.Expr.Range(), "Invalid duration", "%s: %v.", a.Name, err)
		return 0, false
	}
	return v, true
}

func (d *decoder) integer(a *hcl.Attribute, min, max int) (int, bool) {
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return 0, false
	}
	if v.Type() != cty.Number || !v.AsBigFloat().IsInt() {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type", "%s must be a whole number, not %s.", a.Name, describe(v))
		return 0, false
	}
	n, _ := v.AsBigFloat().Int64()
	if n < int64(min) || n > int64(max) {
		d.errorf(a.Expr.Range(), "Value out of range", "%s must be between %d and %d.", a.Name, min, max)
		return 0, false
	}
	return int(n), true
}

func (d *decoder) boolean(a *hcl.Attribute) (bool, bool) {
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return false, false
	}
	if v.Type() != cty.Bool {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type", "%s must be true or false, not %s.", a.Name, describe(v))
		return false, false
	}
	return v.True(), true
}

// frameworks decodes a frameworks list, each a framework vigil knows.
func (d *decoder) frameworks(a *hcl.Attribute) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, it := range d.stringList(a) {
		if !isFramework(it.val) {
			d.errorf(it.rng, "Unknown framework", "%q is not a framework vigil knows; use %s.", it.val, frameworkList())
			continue
		}
		if !slices.Contains(out, it.val) {
			out = append(out, it.val)
		}
	}
	return out
}

// servePath resolves a path written in a serve target against the config's folder.
func (d *decoder) servePath(it item) (string, bool) {
	if strings.TrimSpace(it.val) == "" {
		d.errorf(it.rng, "Invalid path", "An empty string is not a path.")
		return "", false
	}
	p := filepath.FromSlash(it.val)
	if !filepath.IsAbs(p) {
		p = filepath.Join(d.dir, p)
	}
	return filepath.Clean(p), true
}

func (d *decoder) target(b *hcl.Block) (Target, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(targetSchema)
	d.diags = append(d.diags, diags...)
	t := Target{Name: b.Labels[0], DeclRange: b.DefRange}
	d.drName(b, "target")
	attr := content.Attributes
	for _, name := range []string{"path", "paths"} {
		a := attr[name]
		if a == nil {
			continue
		}
		var items []item
		if name == "path" {
			if s, ok := d.str(a); ok {
				items = []item{{val: s, rng: a.Expr.Range()}}
			}
		} else {
			items = d.stringList(a)
		}
		for _, it := range items {
			if p, ok := d.servePath(it); ok {
				t.Paths = append(t.Paths, p)
			}
		}
	}
	if a := attr["plan"]; a != nil {
		if s, ok := d.str(a); ok {
			t.Plan, _ = d.servePath(item{val: s, rng: a.Expr.Range()})
		}
	}
	if a := attr["inventory"]; a != nil {
		for _, it := range d.stringList(a) {
			if p, ok := d.servePath(it); ok {
				t.Inventory = append(t.Inventory, p)
			}
		}
	}
	t.Frameworks = d.frameworks(attr["frameworks"])
	if a := attr["dr_systems"]; a != nil {
		t.drSystemRefs = d.stringList(a)
		for _, it := range t.drSystemRefs {
			t.DRSystems = append(t.DRSystems, it.val)
		}
		if t.DRSystems == nil {
			t.DRSystems = []string{} // set and empty: no system applies
		}
	}
	var awsBlocks []*hcl.Block
	for _, blk := range content.Blocks {
		awsBlocks = append(awsBlocks, blk)
	}
	if len(awsBlocks) > 1 {
		d.errorf(awsBlocks[1].DefRange, "Duplicate aws block", "Target %q has more than one aws block; list every account and region in one.", t.Name)
	}
	if len(awsBlocks) > 0 {
		t.AWS = d.awsTarget(awsBlocks[0])
	}
	kinds := 0
	for _, set := range []bool{len(t.Paths) > 0 && t.Plan == "", t.Plan != "", len(t.Inventory) > 0, t.AWS != nil} {
		if set {
			kinds++
		}
	}
	switch {
	case t.Plan != "":
		t.Kind = TargetPlan
	case len(t.Inventory) > 0:
		t.Kind = TargetInventory
	case t.AWS != nil:
		t.Kind = TargetAWS
	default:
		t.Kind = TargetTerraform
	}
	if kinds == 0 && len(d.diags) == before {
		d.errorf(b.DefRange, "Target without a source",
			"Target %q scans nothing; set path (Terraform folders), plan (a plan JSON file), inventory (inventory files) or an aws block.", t.Name)
	}
	if kinds > 1 || (t.Kind == TargetPlan && len(t.Paths) > 1) || ((t.Kind == TargetInventory || t.Kind == TargetAWS) && len(t.Paths) > 0) {
		d.errorf(b.DefRange, "Target with several sources",
			"Target %q sets more than one of path, plan, inventory and aws; a target scans one source (a plan may name one path: its configuration folder).", t.Name)
	}
	return t, len(d.diags) == before
}

func (d *decoder) awsTarget(b *hcl.Block) *AWSTarget {
	content, diags := b.Body.Content(awsTargetSchema)
	d.diags = append(d.diags, diags...)
	a := &AWSTarget{}
	attr := content.Attributes
	for _, s := range []struct {
		name string
		dst  *string
	}{{"profile", &a.Profile}, {"role_arn", &a.RoleARN}, {"external_id", &a.ExternalID}, {"role_name", &a.RoleName}, {"endpoint_url", &a.EndpointURL}} {
		if at := attr[s.name]; at != nil {
			*s.dst, _ = d.str(at)
		}
	}
	a.Accounts = d.shapedList(attr["accounts"], accountPattern, "Invalid account id", "an AWS account id (12 digits)")
	a.Regions = d.shapedList(attr["regions"], regionPattern, "Invalid region", "an AWS region name such as \"eu-west-1\"")
	if at := attr["services"]; at != nil {
		for _, it := range d.stringList(at) {
			a.Services = append(a.Services, it.val)
		}
	}
	if at := attr["org"]; at != nil {
		a.Org, _ = d.boolean(at)
	}
	if a.Org && len(a.Accounts) > 0 {
		d.errorf(b.DefRange, "Conflicting accounts", "Set accounts or org = true, not both.")
	}
	return a
}

// shapedList decodes a list of strings of the given shape, reporting each one that is not.
func (d *decoder) shapedList(a *hcl.Attribute, shape *regexp.Regexp, summary, want string) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, it := range d.stringList(a) {
		if !shape.MatchString(it.val) {
			d.errorf(it.rng, summary, "%q is not %s.", it.val, want)
			continue
		}
		out = append(out, it.val)
	}
	return out
}

func (d *decoder) schedule(b *hcl.Block) (Schedule, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(scheduleSchema)
	d.diags = append(d.diags, diags...)
	s := Schedule{Name: b.Labels[0], DeclRange: b.DefRange}
	d.drName(b, "schedule")
	attr := content.Attributes
	if a := attr["cron"]; a != nil {
		if expr, ok := d.str(a); ok {
			s.Cron = expr
			if spec, err := cronParser.Parse(expr); err != nil {
				d.errorf(a.Expr.Range(), "Invalid cron expression",
					"%q: %v; write five fields (minute hour day-of-month month day-of-week) such as \"0 2 * * *\", or @daily, @every 6h.", expr, err)
			} else if gap := shortestGap(spec); gap < MinScheduleInterval {
				d.errorf(a.Expr.Range(), "Schedule too frequent", "%q runs every %s; schedules run at most once a minute.", expr, gap)
			} else {
				s.Spec = spec
			}
		}
	}
	if a := attr["targets"]; a != nil {
		items := d.stringList(a)
		if len(items) == 0 && len(d.diags) == before {
			d.errorf(a.Expr.Range(), "Schedule without targets", "Schedule %q lists no target.", s.Name)
		}
		for _, it := range items {
			if slices.Contains(s.Targets, it.val) {
				d.errorf(it.rng, "Duplicate target", "%q is listed twice.", it.val)
				continue
			}
			s.Targets = append(s.Targets, it.val)
			d.scheduleTargetRanges[b.Labels[0]+"\x00"+it.val] = it.rng
		}
	}
	s.Frameworks = d.frameworks(attr["frameworks"])
	if a := attr["jitter"]; a != nil {
		s.Jitter, _ = d.serveDuration(a)
	}
	if a := attr["timeout"]; a != nil {
		if t, ok := d.serveDuration(a); ok {
			if t < time.Second {
				d.errorf(a.Expr.Range(), "Invalid timeout", "timeout must be at least 1s.")
			}
			s.Timeout = t
		}
	}
	return s, len(d.diags) == before
}

// shortestGap is the shortest time between consecutive runs of spec over the next two days from a
// fixed instant: enough to catch "* * * * *"-style and @every expressions.
func shortestGap(spec cron.Schedule) time.Duration {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := t.Add(48 * time.Hour)
	shortest := time.Duration(1<<63 - 1)
	prev := spec.Next(t)
	for i := 0; i < 3000 && !prev.IsZero() && prev.Before(end); i++ {
		next := spec.Next(prev)
		if next.IsZero() {
			break
		}
		shortest = min(shortest, next.Sub(prev))
		prev = next
	}
	return shortest
}

func (d *decoder) serveBlock(b *hcl.Block, s *Serve) {
	content, diags := b.Body.Content(serveSchema)
	d.diags = append(d.diags, diags...)
	attr := content.Attributes
	if a := attr["listen"]; a != nil {
		if v, ok := d.str(a); ok {
			if _, _, err := net.SplitHostPort(v); err != nil {
				d.errorf(a.Expr.Range(), "Invalid listen address", "%q: %v; write host:port such as \"127.0.0.1:8080\".", v, err)
			} else {
				s.Listen = v
			}
		}
	}
	if a := attr["db"]; a != nil {
		if v, ok := d.str(a); ok {
			switch {
			case strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://"):
				if u, err := url.Parse(v); err == nil && u.User != nil {
					if _, hasPassword := u.User.Password(); hasPassword {
						d.errorf(a.Expr.Range(), "Password in db", "Do not write the database password in vigil.hcl; give it in PGPASSWORD or ~/.pgpass, or pass --db.")
						break
					}
				}
				s.DB = v
			case strings.TrimSpace(v) == "":
				d.errorf(a.Expr.Range(), "Invalid db", "An empty string is not a database.")
			default:
				s.DB, _ = d.servePath(item{val: strings.TrimPrefix(v, "sqlite:"), rng: a.Expr.Range()})
			}
		}
	}
	if a := attr["token_env"]; a != nil {
		if v, ok := d.str(a); ok {
			if !envNamePattern.MatchString(v) {
				d.errorf(a.Expr.Range(), "Invalid environment variable name", "%q is not an environment variable name.", v)
			} else {
				s.TokenEnv = v
			}
		}
	}
	if a := attr["concurrency"]; a != nil {
		s.Concurrency, _ = d.integer(a, 1, 64)
	}
	if a := attr["keep_scans"]; a != nil {
		s.KeepScans, _ = d.integer(a, 1, 1_000_000)
	}
	if a := attr["max_age"]; a != nil {
		s.MaxAge, _ = d.serveDuration(a)
	}
	seen := map[string]hcl.Range{}
	for _, wb := range content.Blocks {
		name := wb.Labels[0]
		if first, dup := seen[name]; dup {
			d.errorf(wb.LabelRanges[0], "Duplicate webhook", "A webhook named %q is already declared at %s:%d.", name, first.Filename, first.Start.Line)
			continue
		}
		seen[name] = wb.DefRange
		if w, ok := d.webhook(wb); ok {
			s.Webhooks = append(s.Webhooks, w)
		}
	}
}

func (d *decoder) webhook(b *hcl.Block) (Webhook, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(webhookSchema)
	d.diags = append(d.diags, diags...)
	w := Webhook{Name: b.Labels[0], Format: "json", MinSeverity: string(engine.SeverityHigh), DeclRange: b.DefRange}
	d.drName(b, "webhook")
	attr := content.Attributes
	if a := attr["url"]; a != nil {
		if v, ok := d.str(a); ok {
			if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				// The URL may hold a secret: never repeat it in the message.
				d.errorf(a.Expr.Range(), "Invalid webhook url", "url must be an http or https URL.")
			} else {
				w.URL = v
			}
		}
	}
	for _, s := range []struct {
		name string
		dst  *string
	}{{"url_env", &w.URLEnv}, {"secret_env", &w.SecretEnv}} {
		if a := attr[s.name]; a != nil {
			if v, ok := d.str(a); ok {
				if !envNamePattern.MatchString(v) {
					d.errorf(a.Expr.Range(), "Invalid environment variable name", "%q is not an environment variable name.", v)
				} else {
					*s.dst = v
				}
			}
		}
	}
	if (w.URL == "") == (w.URLEnv == "") && len(d.diags) == before {
		d.errorf(b.DefRange, "Webhook url", "Webhook %q needs exactly one of url and url_env (the name of an environment variable holding the URL; a Slack URL is a secret).", w.Name)
	}
	if a := attr["format"]; a != nil {
		if v, ok := d.str(a); ok {
			if v != "json" && v != "slack" {
				d.errorf(a.Expr.Range(), "Invalid format", "%q is not a webhook format; use \"json\" or \"slack\".", v)
			} else {
				w.Format = v
			}
		}
	}
	if a := attr["min_severity"]; a != nil {
		if v, ok := d.str(a); ok {
			if _, valid := engine.ParseSeverity(v); !valid {
				d.errorf(a.Expr.Range(), "Invalid min_severity", "%q is not a severity; use critical, high, medium, low or info.", v)
			} else {
				w.MinSeverity = v
			}
		}
	}
	if a := attr["events"]; a != nil {
		for _, it := range d.stringList(a) {
			if !slices.Contains(WebhookEvents, it.val) {
				d.errorf(it.rng, "Unknown event", "%q is not an event; use %s.", it.val, strings.Join(WebhookEvents, ", "))
				continue
			}
			w.Events = append(w.Events, it.val)
		}
	}
	return w, len(d.diags) == before
}

// checkScheduleTargets checks that every target a schedule lists is declared, and every DR system a
// target lists.
func (d *decoder) checkScheduleTargets(s *Serve, systems []DRSystem) {
	for _, t := range s.Targets {
		for _, ref := range t.drSystemRefs {
			if !slices.ContainsFunc(systems, func(sys DRSystem) bool { return sys.Name == ref.val }) {
				d.errorf(ref.rng, "Unknown DR system", "Target %q lists DR system %q, which no dr_system block declares.", t.Name, ref.val)
			}
		}
	}
	declared := map[string]bool{}
	for _, t := range s.Targets {
		declared[t.Name] = true
	}
	names := make([]string, 0, len(declared))
	for n := range declared {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, sc := range s.Schedules {
		for _, name := range sc.Targets {
			if declared[name] {
				continue
			}
			hint := "no target block is declared"
			if len(names) > 0 {
				hint = "declared targets: " + strings.Join(names, ", ")
			}
			d.errorf(d.scheduleTargetRanges[sc.Name+"\x00"+name], "Unknown target",
				"Schedule %q lists target %q, which no target block declares (%s).", sc.Name, name, hint)
		}
	}
}
