package aws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Defaults of Options.
const (
	// DefaultAssumeRoleName is the role vigil assumes in each account of --accounts or --org. The
	// policy it needs is docs/aws-readonly-policy.json; docs/aws-permissions.md shows how to create it.
	DefaultAssumeRoleName = "VigilAuditReadOnly"
	// DefaultConcurrency bounds the service collections (account × region × service) running at once.
	DefaultConcurrency = 16
	// DefaultCallTimeout bounds one attempt of one API call (connect, send, read the whole answer).
	DefaultCallTimeout = 30 * time.Second
	// DefaultMaxAttempts is how many times a call is tried (throttling, 5xx, timeouts) before it is
	// recorded as failed. Retries back off exponentially, and throttling slows the client down
	// (adaptive retry mode).
	DefaultMaxAttempts = 6
	// defaultRegion is used when neither --regions nor the AWS configuration names a region.
	defaultRegion = "us-east-1"
	// roleSessionName names vigil's sessions in the audited accounts' CloudTrail logs.
	roleSessionName = "vigil-audit"
)

// Options say which accounts and regions to collect, with which credentials, and how.
type Options struct {
	// Profile is a named profile of the shared AWS configuration (~/.aws/config, including SSO
	// profiles); empty uses the default credential chain (environment, web identity, container and
	// instance roles, AWS_PROFILE).
	Profile string
	// RoleARN is assumed first, with the credentials above; everything else runs as that role.
	RoleARN string
	// ExternalID is passed with every role vigil assumes (RoleARN and the per-account roles).
	ExternalID string
	// AssumeRoleName is the role assumed in each account of Accounts or Org other than the caller's own
	// (default DefaultAssumeRoleName).
	AssumeRoleName string
	// Accounts to collect (12-digit ids); empty: the caller's account only.
	Accounts []string
	// Org collects every ACTIVE account of the caller's organization (the caller must be able to call
	// organizations:ListAccounts: the management account or a delegated administrator).
	Org bool
	// Regions to collect; empty: every region enabled in each account (ec2:DescribeRegions).
	Regions []string
	// EndpointURL overrides every service's endpoint (an emulator such as LocalStack or kumo).
	// AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured by the SDK itself.
	EndpointURL string
	// Concurrency bounds the service collections running at once (default DefaultConcurrency).
	Concurrency int
	// CallTimeout bounds one attempt of an API call (default DefaultCallTimeout).
	CallTimeout time.Duration
	// MaxAttempts per call, retries included (default DefaultMaxAttempts).
	MaxAttempts int
	// Progress receives a live progress line (nil: silent). Pass a terminal only: the line is
	// redrawn with carriage returns.
	Progress io.Writer
	// Services limits collection to these collectors (their Service names, see ServiceNames).
	Services []string
	// BaseConfig replaces config.LoadDefaultConfig (tests point it at an emulator). Profile is then
	// ignored; everything else applies.
	BaseConfig *aws.Config
	// Now stamps generated_at and collected_at (time.Now when nil).
	Now func() time.Time

	// collectors replaces the registry (tests of the orchestration).
	collectors []ServiceCollector
	// backoff replaces the retryer's exponential backoff (tests keep retries fast).
	backoff retry.BackoffDelayer
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	regionPattern    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	roleNamePattern  = regexp.MustCompile(`^[\w+=,.@/-]{1,64}$`)
)

// withDefaults returns a copy of o with every zero setting replaced by its default and the lists
// trimmed, sorted and de-duplicated.
func (o Options) withDefaults() Options {
	if o.AssumeRoleName == "" {
		o.AssumeRoleName = DefaultAssumeRoleName
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Accounts = cleanList(o.Accounts)
	o.Regions = cleanList(o.Regions)
	o.Services = cleanList(o.Services)
	return o
}

// cleanList trims, drops empty entries, sorts and de-duplicates.
func cleanList(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Validate checks the options on their own, before any call is made.
func (o Options) Validate() error {
	var problems []string
	if o.Org && len(o.Accounts) > 0 {
		problems = append(problems, "choose either --accounts or --org, not both")
	}
	for _, a := range o.Accounts {
		if a = strings.TrimSpace(a); a != "" && !accountIDPattern.MatchString(a) {
			problems = append(problems, fmt.Sprintf("account %q is not a 12-digit AWS account id", a))
		}
	}
	for _, r := range o.Regions {
		if r = strings.TrimSpace(r); r != "" && !regionPattern.MatchString(r) {
			problems = append(problems, fmt.Sprintf("region %q is not an AWS region name (such as eu-west-1)", r))
		}
	}
	if o.RoleARN != "" && !arn.IsARN(o.RoleARN) {
		problems = append(problems, fmt.Sprintf("role %q is not an ARN (arn:aws:iam::111122223333:role/NAME)", o.RoleARN))
	}
	if o.AssumeRoleName != "" && !roleNamePattern.MatchString(o.AssumeRoleName) {
		problems = append(problems, fmt.Sprintf("role name %q is not an IAM role name (a path may precede it: audit/Reader)", o.AssumeRoleName))
	}
	if o.EndpointURL != "" && !strings.HasPrefix(o.EndpointURL, "http://") && !strings.HasPrefix(o.EndpointURL, "https://") {
		problems = append(problems, fmt.Sprintf("endpoint %q is not an http(s) URL", o.EndpointURL))
	}
	if o.Concurrency < 0 || o.MaxAttempts < 0 || o.CallTimeout < 0 {
		problems = append(problems, "concurrency, call timeout and max attempts cannot be negative")
	}
	if len(o.Services) > 0 {
		known := map[string]bool{}
		for _, c := range o.registered() {
			known[c.Service] = true
		}
		for _, s := range o.Services {
			if s = strings.TrimSpace(s); s != "" && !known[s] {
				problems = append(problems, fmt.Sprintf("unknown service %q (known: %s)", s, strings.Join(ServiceNames(), ", ")))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// registered returns the collectors Collect runs: the test override or the registry.
func (o Options) registered() []ServiceCollector {
	if o.collectors != nil {
		return o.collectors
	}
	return Collectors()
}

// ServiceNames lists the registered collectors' service names, sorted.
func ServiceNames() []string {
	var names []string
	for _, c := range Collectors() {
		names = append(names, c.Service)
	}
	sort.Strings(names)
	return names
}

// baseConfig loads the caller's configuration (or takes opts.BaseConfig) and applies vigil's
// transport settings: endpoint override, adaptive retries, per-attempt timeout, per-operation
// deadline, call recording, and the --role-arn credentials.
func baseConfig(ctx context.Context, opts Options, rec *callRecorder) (aws.Config, error) {
	var cfg aws.Config
	if opts.BaseConfig != nil {
		cfg = opts.BaseConfig.Copy()
		cfg.HTTPClient = withAttemptTimeout(cfg.HTTPClient, opts.CallTimeout)
	} else {
		client := awshttp.NewBuildableClient().WithTimeout(opts.CallTimeout).WithTransportOptions(func(tr *http.Transport) {
			// Enough idle connections per endpoint for the concurrent collections and their workers.
			tr.MaxIdleConnsPerHost = 4 * opts.Concurrency
		})
		loadOpts := []func(*config.LoadOptions) error{
			// A BuildableClient, so that AWS_CA_BUNDLE and ca_bundle still apply to it.
			config.WithHTTPClient(client),
		}
		if opts.Profile != "" {
			loadOpts = append(loadOpts, config.WithSharedConfigProfile(opts.Profile))
		}
		loaded, err := config.LoadDefaultConfig(ctx, loadOpts...)
		if err != nil {
			return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
		}
		cfg = loaded
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
		if len(opts.Regions) > 0 {
			cfg.Region = opts.Regions[0]
		}
	}
	if opts.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(opts.EndpointURL)
	}
	maxAttempts, backoff := opts.MaxAttempts, opts.backoff
	cfg.Retryer = func() aws.Retryer {
		return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
			o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
				so.MaxAttempts = maxAttempts
				// No retry quota: under sustained throttling the adaptive rate limit slows the client
				// down instead, and a call fails only after MaxAttempts.
				so.RateLimiter = ratelimit.None
				if backoff != nil {
					so.Backoff = backoff
				}
			})
		})
	}
	// The retryer above is the whole policy: AWS_MAX_ATTEMPTS / AWS_RETRY_MODE must not wrap it.
	cfg.RetryMaxAttempts = 0
	cfg.RetryMode = ""
	cfg.APIOptions = append(cfg.APIOptions,
		operationDeadline(time.Duration(opts.MaxAttempts)*opts.CallTimeout),
		rec.middleware,
	)
	if opts.RoleARN != "" {
		cfg.Credentials = assumeRole(cfg, opts.RoleARN, opts.ExternalID)
	}
	return cfg, nil
}

// assumeRole returns cached credentials of roleARN, assumed with cfg's credentials.
func assumeRole(cfg aws.Config, roleARN, externalID string) aws.CredentialsProvider {
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = roleSessionName
		if externalID != "" {
			o.ExternalID = aws.String(externalID)
		}
	})
	return aws.NewCredentialsCache(provider)
}

// withAttemptTimeout sets the per-attempt timeout on an injected HTTP client when it is one of the
// two kinds that have one; other clients rely on the per-operation deadline alone.
func withAttemptTimeout(c aws.HTTPClient, d time.Duration) aws.HTTPClient {
	switch hc := c.(type) {
	case nil:
		return awshttp.NewBuildableClient().WithTimeout(d)
	case *awshttp.BuildableClient:
		return hc.WithTimeout(d)
	case *http.Client:
		cp := *hc
		cp.Timeout = d
		return &cp
	default:
		return c
	}
}

// serviceEndpointSource is implemented by the SDK's environment and shared-config sources:
// AWS_ENDPOINT_URL_<SERVICE> and the services sections of ~/.aws/config.
type serviceEndpointSource interface {
	GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
}

// ignoreEndpointsSource reports AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls.
type ignoreEndpointsSource interface {
	GetIgnoreConfiguredEndpoints(ctx context.Context) (bool, bool, error)
}

// customEndpoint reports whether any endpoint override applies to cfg: --endpoint-url or
// AWS_ENDPOINT_URL (both end in cfg.BaseEndpoint), or a service-specific one for a service vigil calls.
func customEndpoint(ctx context.Context, cfg aws.Config) bool {
	if cfg.BaseEndpoint != nil && *cfg.BaseEndpoint != "" {
		return true
	}
	for _, src := range cfg.ConfigSources {
		if ig, ok := src.(ignoreEndpointsSource); ok {
			if v, found, err := ig.GetIgnoreConfiguredEndpoints(ctx); err == nil && found && v {
				return false
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		es, ok := src.(serviceEndpointSource)
		if !ok {
			continue
		}
		for _, id := range sdkServiceIDs {
			if v, found, err := es.GetServiceBaseEndpoint(ctx, id); err == nil && found && v != "" {
				return true
			}
		}
	}
	return false
}

// sdkServiceIDs are the SDK service ids of the clients vigil builds.
var sdkServiceIDs = []string{"S3", "S3 Control", "IAM", "STS", "EC2", "RDS", "DynamoDB", "KMS", "CloudTrail",
	"Config Service", "EFS", "Backup", "Organizations", "AccessAnalyzer", "SecurityHub", "DLM",
	"SNS", "SQS", "Secrets Manager", "ElastiCache", "Redshift", "OpenSearch", "Lambda", "ECR", "EKS", "ECS",
	"CloudWatch Logs", "CloudWatch", "GuardDuty", "Elastic Load Balancing v2", "Elastic Load Balancing", "WAFV2",
	"CloudFront", "API Gateway", "ApiGatewayV2"}

// operationDeadline bounds one operation, its retries and the adaptive rate limiter's waits
// included. Each attempt is bounded by the HTTP client's timeout; this catches what that cannot
// (an injected client without a timeout, a rate limiter that keeps the call waiting).
func operationDeadline(d time.Duration) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("VigilOperationDeadline",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
				middleware.InitializeOutput, middleware.Metadata, error,
			) {
				ctx, cancel := context.WithTimeout(ctx, d)
				defer cancel()
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	}
}

// Call names one API operation: the SDK's service id ("S3", "Config Service") and operation name.
type Call struct {
	Service   string
	Operation string
}

// String renders "S3:GetBucketPolicy".
func (c Call) String() string { return c.Service + ":" + c.Operation }

// CallStats counts the operations of one API: Calls made (retries not counted), how many of them
// ended in an error ("not configured" answers such as NoSuchBucketPolicy included), and how many got
// no answer from the service at all: denied, throttled, timed out, canceled or not sent.
type CallStats struct {
	Calls      int
	Errors     int
	Unanswered int
}

// callRecorder counts every operation made through a config it was installed on.
type callRecorder struct {
	mu    sync.Mutex
	calls map[Call]CallStats
}

func newCallRecorder() *callRecorder { return &callRecorder{calls: map[Call]CallStats{}} }

// middleware installs the recorder after the operation's service metadata is known.
func (r *callRecorder) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("VigilCallRecorder",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error,
		) {
			out, md, err := next.HandleInitialize(ctx, in)
			r.record(Call{Service: awsmiddleware.GetServiceID(ctx), Operation: awsmiddleware.GetOperationName(ctx)}, err)
			return out, md, err
		}), middleware.After)
}

func (r *callRecorder) record(c Call, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.calls[c]
	s.Calls++
	if err != nil {
		s.Errors++
		switch Classify(err) {
		case CodeAccessDenied, CodeThrottling, CodeTimeout, CodeCanceled, CodeOptInRequired, CodeUnknownError:
			s.Unanswered++
		}
	}
	r.calls[c] = s
}

// snapshot returns a copy of the counts.
func (r *callRecorder) snapshot() map[Call]CallStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[Call]CallStats, len(r.calls))
	for k, v := range r.calls {
		out[k] = v
	}
	return out
}

// total returns the number of operations made.
func (r *callRecorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.calls {
		n += s.Calls
	}
	return n
}
