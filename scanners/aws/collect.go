package aws

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-audit/vigil/inventory"
)

// Summary is what a collection did: the resources it found, the calls it made and every call that
// failed. The CLI prints it (Summary.Write); the inventory holds the same failures per source.
type Summary struct {
	Accounts []string
	Regions  []string // every region collected in at least one account
	Duration time.Duration
	// Resources counts the collected resources by canonical type.
	Resources map[string]int
	// Calls counts the API operations made (retries not counted), credential calls included.
	Calls map[Call]CallStats
	// Failed lists the failed calls, grouped by account, region, service, API and error code.
	Failed []FailedCall
	// Canceled is true when the collection was interrupted (its inventory is partial).
	Canceled bool
}

// FailedCall is one kind of failed call in one account × region, with how often it failed.
type FailedCall struct {
	Account string
	Region  string
	Service string
	API     string // "" when a whole service collection was interrupted
	Code    string // AccessDenied, Throttling, Timeout, Canceled, or the service's error code
	Message string // the first failure's message
	Count   int
}

// TotalResources returns the number of collected resources.
func (s Summary) TotalResources() int {
	n := 0
	for _, c := range s.Resources {
		n += c
	}
	return n
}

// TotalCalls returns the number of API operations made.
func (s Summary) TotalCalls() int {
	n := 0
	for _, c := range s.Calls {
		n += c.Calls
	}
	return n
}

// Collected reports whether any service answered a call (with a value, or with a "not configured"
// error such as NoSuchBucketPolicy). Identity calls (STS) do not count: with them alone, nothing
// about the accounts' configuration was read.
func (s Summary) Collected() bool {
	for c, st := range s.Calls {
		if c.Service != "STS" && st.Calls > st.Unanswered {
			return true
		}
	}
	return false
}

// accountPlan is one account to collect: its credentials, regions and home region.
type accountPlan struct {
	id        string
	partition string
	cfg       aws.Config
	regions   []string
	home      string
	// failed is set when the account's credentials could not be obtained: nothing is collected,
	// and every region's source carries the error.
	failed bool
	notes  []string
}

// task is one service collection in one account × region.
type task struct {
	sess *Session
	coll ServiceCollector
	// finished is set when the collector returned before the collection was canceled.
	finished bool
}

type collection struct {
	opts Options
	// custom is true when an endpoint override applies (S3 then uses path-style addressing).
	custom   bool
	rec      *callRecorder
	sink     *Sink
	progress *progress
}

// Collect reads the accounts and regions opts describes into an inventory: one source per
// account × region (its failed calls as errors, so a source with any is incomplete), resources sorted
// by id. It returns an error, and no inventory, only when nothing can be collected at all: invalid
// options, unusable configuration or credentials, or an organization that cannot be listed.
//
// Canceling ctx stops the collection: Collect then returns what was collected, with a Canceled issue
// for every account × region × service that did not finish, and an error wrapping ctx.Err().
func Collect(ctx context.Context, opts Options) (*inventory.Inventory, Summary, error) {
	if err := opts.Validate(); err != nil {
		return nil, Summary{}, fmt.Errorf("aws options: %w", err)
	}
	opts = opts.withDefaults()
	started := time.Now()
	c := &collection{opts: opts, rec: newCallRecorder(), sink: NewSink(opts.Now)}
	c.progress = newProgress(opts.Progress, c.sink, c.rec)
	defer c.progress.finish()

	c.progress.phase("reading the caller's identity")
	base, err := baseConfig(ctx, opts, c.rec)
	if err != nil {
		return nil, c.summary(nil, started, ctx), err
	}
	caller, err := callerIdentity(ctx, base)
	if err != nil {
		return nil, c.summary(nil, started, ctx), fmt.Errorf("read the caller's identity (are AWS credentials configured?): %w", err)
	}
	accounts := opts.Accounts
	if opts.Org {
		c.progress.phase("listing the organization's accounts")
		if accounts, err = organizationAccounts(ctx, base); err != nil {
			return nil, c.summary(nil, started, ctx), err
		}
	}
	if len(accounts) == 0 {
		accounts = []string{caller.Account}
	}
	c.progress.phase(fmt.Sprintf("preparing %d account(s)", len(accounts)))
	c.custom = customEndpoint(ctx, base)
	plans := c.prepare(ctx, base, caller, accounts)
	tasks := c.tasks(plans)
	c.run(ctx, tasks)
	inv := c.inventory(plans)
	sum := c.summary(inv, started, ctx)
	if err := ctx.Err(); err != nil {
		return inv, sum, fmt.Errorf("aws collection interrupted, the inventory is partial: %w", err)
	}
	return inv, sum, nil
}

// prepare obtains each account's credentials and regions, concurrently.
func (c *collection) prepare(ctx context.Context, base aws.Config, caller identity, accounts []string) []*accountPlan {
	plans := make([]*accountPlan, len(accounts))
	sem := make(chan struct{}, c.opts.Concurrency)
	var wg sync.WaitGroup
	for i, acct := range accounts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			plans[i] = c.prepareAccount(ctx, base, caller, acct)
		}()
	}
	wg.Wait()
	return plans
}

func (c *collection) prepareAccount(ctx context.Context, base aws.Config, caller identity, acct string) *accountPlan {
	p := &accountPlan{id: acct, partition: caller.Partition, cfg: base.Copy()}
	principal := caller.ARN
	if acct != caller.Account {
		role := "arn:" + caller.Partition + ":iam::" + acct + ":role/" + strings.TrimPrefix(c.opts.AssumeRoleName, "/")
		p.cfg.Credentials = assumeRole(base, role, c.opts.ExternalID)
		id, err := callerIdentity(ctx, p.cfg)
		if err == nil && id.Account != acct {
			err = fmt.Errorf("role %s belongs to account %s", role, id.Account)
		}
		if err != nil {
			p.failed = true
			p.regions = c.opts.Regions
			if len(p.regions) == 0 {
				p.regions = []string{base.Region}
			}
			p.home = p.regions[0]
			p.notes = append(p.notes, "role "+role+" could not be assumed: nothing was collected in this account")
			for _, region := range p.regions {
				c.sink.Fail(p.session(region, c.custom), "sts", "AssumeRole", fmt.Errorf("assume role %s: %w", role, err))
			}
			return p
		}
		principal = id.ARN
		p.partition = id.Partition
	}
	p.notes = append(p.notes, "read as "+principal)
	p.regions = c.opts.Regions
	if len(p.regions) == 0 {
		regions, err := enabledRegions(ctx, p.cfg)
		if err != nil {
			c.sink.Fail(p.session(base.Region, c.custom), "ec2", "DescribeRegions", err)
			regions = []string{base.Region}
			p.notes = append(p.notes, "the account's enabled regions could not be listed: only "+base.Region+" was collected")
		}
		p.regions = regions
	}
	p.home = p.regions[0]
	for _, r := range p.regions {
		if r == base.Region {
			p.home = r
		}
	}
	return p
}

// session returns the account's session in region.
func (p *accountPlan) session(region string, custom bool) *Session {
	cfg := p.cfg.Copy()
	cfg.Region = region
	return &Session{Cfg: cfg, Account: p.id, Partition: p.partition, Region: region, CustomEndpoint: custom, Home: region == p.home}
}

// enabledRegions lists the regions enabled in the account: those that need no opt-in and those it
// opted in to (DescribeRegions without AllRegions returns exactly these), sorted.
func enabledRegions(ctx context.Context, cfg aws.Config) ([]string, error) {
	out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(false)})
	if err != nil {
		return nil, fmt.Errorf("ec2 DescribeRegions: %w", err)
	}
	var regions []string
	for _, r := range out.Regions {
		switch aws.ToString(r.OptInStatus) {
		case "", "opt-in-not-required", "opted-in":
			if name := aws.ToString(r.RegionName); name != "" {
				regions = append(regions, name)
			}
		}
	}
	if len(regions) == 0 {
		return nil, errors.New("ec2 DescribeRegions: no enabled region in the answer")
	}
	sort.Strings(regions)
	return regions, nil
}

// selected returns the collectors to run, global ones first (they are the longest: IAM and S3 read
// every user and bucket in one task), each group sorted by service name.
func (c *collection) selected() []ServiceCollector {
	want := map[string]bool{}
	for _, s := range c.opts.Services {
		want[s] = true
	}
	var out []ServiceCollector
	for _, coll := range c.opts.registered() {
		if len(want) == 0 || want[coll.Service] {
			out = append(out, coll)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Global != out[j].Global {
			return out[i].Global
		}
		return out[i].Service < out[j].Service
	})
	return out
}

// tasks lists every service collection: per collector, per region, per account, so that tasks
// running side by side hit different accounts and regions (API rate limits are per account and
// region).
func (c *collection) tasks(plans []*accountPlan) []*task {
	var regions []string
	seen := map[string]bool{}
	for _, p := range plans {
		for _, r := range p.regions {
			if !seen[r] {
				seen[r] = true
				regions = append(regions, r)
			}
		}
	}
	sort.Strings(regions)
	var tasks []*task
	for _, coll := range c.selected() {
		for _, region := range regions {
			for _, p := range plans {
				if p.failed || !hasRegion(p.regions, region) || (coll.Global && region != p.home) {
					continue
				}
				tasks = append(tasks, &task{sess: p.session(region, c.custom), coll: coll})
			}
		}
	}
	return tasks
}

func hasRegion(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// run executes the tasks with bounded concurrency. After a cancellation no task starts, and every
// task that did not finish gets a Canceled issue in its account × region.
func (c *collection) run(ctx context.Context, tasks []*task) {
	c.progress.start(tasks)
	sem := make(chan struct{}, c.opts.Concurrency)
	var wg sync.WaitGroup
	for _, t := range tasks {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c.runTask(ctx, t)
		}()
	}
	wg.Wait()
	for _, t := range tasks {
		if !t.finished {
			c.sink.Fail(t.sess, t.coll.Service, "", fmt.Errorf("collection of %s interrupted before it finished: %w",
				t.coll.Service, context.Canceled))
		}
	}
}

// runTask runs one collector. A panicking collector is recorded as a failure of its service rather
// than ending the whole collection.
func (c *collection) runTask(ctx context.Context, t *task) {
	c.progress.taskStarted()
	defer c.progress.taskDone()
	defer func() {
		if p := recover(); p != nil {
			c.sink.Fail(t.sess, t.coll.Service, "", fmt.Errorf("internal error in the %s collector: %v", t.coll.Service, p))
			t.finished = true
		}
	}()
	t.coll.Collect(ctx, t.sess, c.sink)
	t.finished = ctx.Err() == nil
}

// inventory assembles the sources (one per account × region, plus any other account × region a
// collector recorded a failure in) and the sorted resources.
func (c *collection) inventory(plans []*accountPlan) *inventory.Inventory {
	inv := inventory.New()
	now := c.opts.Now().UTC()
	inv.GeneratedAt = &now
	inv.Resources = c.sink.Resources()

	home := map[string]string{}
	for _, p := range plans {
		home[p.id] = p.home
	}
	counts := map[string]map[string]int{} // account/region → type → count
	for _, r := range inv.Resources {
		region := r.Region
		if region == "" {
			region = home[r.Account]
		}
		key := r.Account + "/" + region
		if counts[key] == nil {
			counts[key] = map[string]int{}
		}
		counts[key][r.Type]++
	}
	globals := c.globalServices()
	seen := map[string]bool{}
	for _, p := range plans {
		for _, region := range p.regions {
			key := p.id + "/" + region
			if seen[key] {
				continue
			}
			seen[key] = true
			notes := []string{resourceNote(counts[key])}
			if region == p.home && !p.failed && len(globals) > 0 {
				notes = append(notes, "home region: account-wide services collected here ("+strings.Join(globals, ", ")+")")
			}
			notes = append(notes, p.notes...)
			inv.Sources = append(inv.Sources, c.source(key, notes))
		}
	}
	for _, key := range c.sink.IssueKeys() {
		if !seen[key] {
			seen[key] = true
			inv.Sources = append(inv.Sources, c.source(key, []string{resourceNote(counts[key]), "region outside the collected list, reached by a collector"}))
		}
	}
	sort.Slice(inv.Sources, func(i, j int) bool { return inv.Sources[i].Path < inv.Sources[j].Path })
	inv.Normalize()
	return inv
}

func (c *collection) source(key string, notes []string) inventory.Source {
	account, region, _ := strings.Cut(key, "/")
	return inventory.Source{Kind: inventory.SourceAWS, Path: key, Errors: c.sink.Issues(account, region), Notes: notes}
}

// globalServices names the selected account-wide collectors.
func (c *collection) globalServices() []string {
	var names []string
	for _, coll := range c.selected() {
		if coll.Global {
			names = append(names, coll.Service)
		}
	}
	return names
}

// resourceNote renders "3 resources (aws.ec2.volume 2, aws.kms.key 1)".
func resourceNote(byType map[string]int) string {
	total := 0
	var types []string
	for t, n := range byType {
		total += n
		types = append(types, t)
	}
	if total == 0 {
		return "0 resources"
	}
	sort.Strings(types)
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("%s %d", t, byType[t])
	}
	return fmt.Sprintf("%d resources (%s)", total, strings.Join(parts, ", "))
}

// summary describes the collection; inv is nil when it stopped before collecting.
func (c *collection) summary(inv *inventory.Inventory, started time.Time, ctx context.Context) Summary {
	s := Summary{Duration: time.Since(started), Resources: map[string]int{}, Calls: c.rec.snapshot(), Canceled: ctx.Err() != nil}
	if inv == nil {
		return s
	}
	accounts, regions := map[string]bool{}, map[string]bool{}
	type key struct{ account, region, service, api, code string }
	failed := map[key]*FailedCall{}
	for _, src := range inv.Sources {
		account, region, _ := strings.Cut(src.Path, "/")
		accounts[account] = true
		regions[region] = true
		for _, is := range src.Errors {
			k := key{account, region, is.Service, is.API, is.Code}
			if f := failed[k]; f != nil {
				f.Count++
				continue
			}
			failed[k] = &FailedCall{Account: account, Region: region, Service: is.Service, API: is.API, Code: is.Code, Message: is.Message, Count: 1}
		}
	}
	for _, r := range inv.Resources {
		s.Resources[r.Type]++
	}
	s.Accounts = sortedSet(accounts)
	s.Regions = sortedSet(regions)
	for _, f := range failed {
		s.Failed = append(s.Failed, *f)
	}
	sort.Slice(s.Failed, func(i, j int) bool {
		a, b := s.Failed[i], s.Failed[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		if a.API != b.API {
			return a.API < b.API
		}
		return a.Code < b.Code
	})
	return s
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
