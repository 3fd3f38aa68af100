package aws

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/errgroup"

	"github.com/vigil-audit/vigil/inventory"
)

// Session is one account × region to collect from. Collectors build their service clients from Cfg
// (region, credentials, retryer, endpoint and per-call timeout are already set).
type Session struct {
	Cfg       aws.Config
	Account   string // 12-digit account id
	Partition string // aws, aws-cn, aws-us-gov
	Region    string
	// CustomEndpoint is true when an endpoint override is in effect (--endpoint-url or AWS_ENDPOINT_URL*):
	// S3 then needs path-style addressing, as emulators such as LocalStack and kumo expect.
	CustomEndpoint bool
	// Home is true for the session in which account-wide (global) services are collected.
	Home bool
}

// ARN builds an ARN in the session's partition, account and region ("" region for global services).
func (s *Session) ARN(service, region, resource string) string {
	return "arn:" + s.Partition + ":" + service + ":" + region + ":" + s.Account + ":" + resource
}

// ServiceCollector reads one service into the sink.
type ServiceCollector struct {
	// Service is the short name used in progress, issues and the permissions document ("s3", "iam").
	Service string
	// Global services are collected once per account, in its home region session (IAM, S3 bucket list,
	// Organizations); the others once per account × region.
	Global bool
	// Collect reads every resource of the service. It never returns an error: each failed call is
	// recorded with Sink.Fail, and the attributes it would have filled are marked unknown.
	Collect func(ctx context.Context, sess *Session, sink *Sink)
}

var (
	registryMu sync.Mutex
	registry   []ServiceCollector
)

// register adds a service collector; each service file calls it from init.
func register(c ServiceCollector) {
	registryMu.Lock()
	defer registryMu.Unlock()
	registry = append(registry, c)
}

// Collectors returns the registered service collectors.
func Collectors() []ServiceCollector {
	registryMu.Lock()
	defer registryMu.Unlock()
	return append([]ServiceCollector(nil), registry...)
}

// Sink gathers what collectors find, safely from many goroutines: resources, the failed calls of each
// account × region, and the account-wide settings that several services contribute to aws.account.
type Sink struct {
	mu        sync.Mutex
	now       func() time.Time
	resources []inventory.Resource
	issues    map[string][]inventory.Issue // key: account/region
	accounts  map[string]*inventory.Resource
}

// NewSink returns an empty sink; now stamps collected_at (time.Now when nil).
func NewSink(now func() time.Time) *Sink {
	if now == nil {
		now = time.Now
	}
	return &Sink{now: now, issues: map[string][]inventory.Issue{}, accounts: map[string]*inventory.Resource{}}
}

// NewResource starts a live resource with its provenance filled in: id (the ARN), type, name, account,
// region and the API it was read from.
func (s *Sink) NewResource(sess *Session, arn, typ, name, api string) inventory.Resource {
	t := s.now().UTC()
	return inventory.Resource{
		ID: arn, Type: typ, Name: name, Account: sess.Account, Region: sess.Region,
		Tags: map[string]string{}, Attributes: map[string]any{}, Unknown: []string{},
		Source: inventory.Location{Kind: inventory.SourceAWS, API: api, CollectedAt: &t},
	}
}

// Add records a finished resource.
func (s *Sink) Add(r inventory.Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resources = append(s.resources, r)
}

// Fail records a failed call (service, API, region, classified error code) against the session's
// account × region and returns the code. The caller marks the attributes it could not fill unknown.
func (s *Sink) Fail(sess *Session, service, api string, err error) string {
	code := Classify(err)
	issue := inventory.Issue{Code: code, Message: err.Error(), Service: service, API: api, Region: sess.Region}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := sess.Account + "/" + sess.Region
	s.issues[key] = append(s.issues[key], issue)
	return code
}

// Account runs fn on the account's aws.account resource (created on first use) under the sink's lock.
// Services set account-wide facts on it: root MFA, password policy, per-region EBS default encryption.
func (s *Sink) Account(sess *Session, fn func(r *inventory.Resource)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.accounts[sess.Account]
	if r == nil {
		t := s.now().UTC()
		r = &inventory.Resource{
			ID: "arn:" + sess.Partition + ":iam::" + sess.Account + ":root", Type: inventory.TypeAccount,
			Name: sess.Account, Account: sess.Account, Tags: map[string]string{}, Attributes: map[string]any{},
			Unknown: []string{}, Source: inventory.Location{Kind: inventory.SourceAWS, API: "account", CollectedAt: &t},
		}
		s.accounts[sess.Account] = r
	}
	fn(r)
}

// Resources returns every collected resource, account resources included.
func (s *Sink) Resources() []inventory.Resource {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]inventory.Resource(nil), s.resources...)
	for _, r := range s.accounts {
		out = append(out, *r)
	}
	return out
}

// Issues returns the failed calls of one account × region.
func (s *Sink) Issues(account, region string) []inventory.Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]inventory.Issue(nil), s.issues[account+"/"+region]...)
}

// Len returns how many resources were collected so far, account resources included.
func (s *Sink) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.resources) + len(s.accounts)
}

// IssueCount returns how many failed calls were recorded so far, in every account × region.
func (s *Sink) IssueCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, issues := range s.issues {
		n += len(issues)
	}
	return n
}

// IssueKeys returns the "account/region" keys that have at least one failed call, sorted.
func (s *Sink) IssueKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.issues))
	for k, issues := range s.issues {
		if len(issues) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// forEach calls fn for every item and its index on at most limit goroutines (errgroup.SetLimit) and returns when every
// call has returned. Collectors record each failed call in the sink (Sink.Fail) rather than return it,
// so that one denied call does not hide the rest: after a cancellation the remaining calls fail fast and
// are recorded too, never skipped silently.
func forEach[T any](limit int, items []T, fn func(int, T)) {
	var g errgroup.Group
	g.SetLimit(limit)
	for i, item := range items {
		g.Go(func() error {
			fn(i, item)
			return nil
		})
	}
	_ = g.Wait() // every call returns nil
}
