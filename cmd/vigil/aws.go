package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/internal/safefile"
	"github.com/vigil-audit/vigil/inventory"
	awscollect "github.com/vigil-audit/vigil/scanners/aws"
)

// awsFlags are the live-AWS flags `vigil collect aws` and `vigil scan --aws` share.
type awsFlags struct {
	profile        string
	roleARN        string
	externalID     string
	roleName       string
	accounts       []string
	org            bool
	regions        []string
	endpointURL    string
	concurrency    int
	callTimeout    time.Duration
	maxAttempts    int
	services       []string
	progressWriter io.Writer // set by the command: stderr when it is an interactive terminal
}

// register adds the flags; prefix starts each usage line ("with --aws: " under scan).
func (a *awsFlags) register(f *pflag.FlagSet, prefix string) {
	f.StringVar(&a.profile, "profile", "", prefix+"named profile of the AWS shared configuration (SSO profiles included); default: the standard credential chain")
	f.StringVar(&a.roleARN, "role-arn", "", prefix+"assume this role first and collect as it")
	f.StringVar(&a.externalID, "external-id", "", prefix+"external id sent with every role vigil assumes")
	f.StringVar(&a.roleName, "role-name", "", prefix+"role assumed in each account of --accounts/--org other than the caller's (default "+awscollect.DefaultAssumeRoleName+")")
	f.StringSliceVar(&a.accounts, "accounts", nil, prefix+"collect these account ids (comma-separated); default: the caller's account")
	f.BoolVar(&a.org, "org", false, prefix+"collect every ACTIVE account of the caller's organization")
	f.StringSliceVar(&a.regions, "regions", nil, prefix+"collect these regions (comma-separated); default: every region enabled in each account")
	f.StringVar(&a.endpointURL, "endpoint-url", "", prefix+"send every call to this endpoint (an emulator); AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> also work")
	f.IntVar(&a.concurrency, "concurrency", 0, prefix+fmt.Sprintf("service collections (account × region × service) run at once (default %d)", awscollect.DefaultConcurrency))
	f.DurationVar(&a.callTimeout, "call-timeout", 0, prefix+fmt.Sprintf("timeout of one attempt of one API call (default %s)", awscollect.DefaultCallTimeout))
	f.IntVar(&a.maxAttempts, "max-attempts", 0, prefix+fmt.Sprintf("attempts per API call, for throttling and transient errors (default %d)", awscollect.DefaultMaxAttempts))
	f.StringSliceVar(&a.services, "services", nil, prefix+"collect only these services: "+strings.Join(awscollect.ServiceNames(), ", "))
}

// set reports whether any AWS flag was given.
func (a *awsFlags) set() bool {
	return a.profile != "" || a.roleARN != "" || a.externalID != "" || a.roleName != "" || len(a.accounts) > 0 ||
		a.org || len(a.regions) > 0 || a.endpointURL != "" || a.concurrency != 0 || a.callTimeout != 0 ||
		a.maxAttempts != 0 || len(a.services) > 0
}

func (a *awsFlags) options() awscollect.Options {
	return awscollect.Options{
		Profile: a.profile, RoleARN: a.roleARN, ExternalID: a.externalID, AssumeRoleName: a.roleName,
		Accounts: a.accounts, Org: a.org, Regions: a.regions, EndpointURL: a.endpointURL,
		Concurrency: a.concurrency, CallTimeout: a.callTimeout, MaxAttempts: a.maxAttempts,
		Services: a.services, Progress: a.progressWriter,
	}
}

func (a *awsFlags) validate() error {
	if a.concurrency < 0 || a.callTimeout < 0 || a.maxAttempts < 0 {
		return errors.New("--concurrency, --call-timeout and --max-attempts cannot be negative")
	}
	return a.options().Validate()
}

// collectAWSOptions is everything `vigil collect aws` takes.
type collectAWSOptions struct {
	aws    awsFlags
	output string
}

func (o *collectAWSOptions) validate() error { return o.aws.validate() }

func newCollectCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Collect live configuration into an inventory file",
		Long: `Collect reads the configuration of live cloud accounts into vigil's canonical inventory
(schema vigil.inventory/v1), to evaluate now or later with vigil scan --inventory FILE.`,
	}
	cmd.AddCommand(newCollectAWSCmd())
	return cmd
}

const awsHelp = `Credentials come from the standard AWS chain: environment variables, the shared configuration
and credentials files (--profile, SSO profiles included), web identity, container and instance roles.
--role-arn assumes a role first. With --accounts or --org, vigil assumes --role-name in every
account other than the caller's own (which it reads with the caller's credentials). The read-only
permissions vigil needs are in docs/aws-readonly-policy.json (see docs/aws-permissions.md).

Regions: --regions, or every region enabled in each account. Account-wide services (IAM, S3's
bucket list, Organizations) are read once per account, in its home region: the configured region
when it is collected, else the first collected region.

A call that fails (AccessDenied, throttled past --max-attempts, timed out) is recorded in its
account × region's source: the attributes it would have read are unknown (rules report them as
unknown, never as a pass) and the inventory is marked incomplete. Ctrl-C stops the collection: what
was collected is kept, and every unfinished account × region × service is marked incomplete.`

func newCollectAWSCmd() *cobra.Command {
	o := &collectAWSOptions{}
	cmd := &cobra.Command{
		Use:   "aws",
		Short: "Collect live AWS accounts into an inventory file",
		Long: `Collect aws reads the configuration of live AWS accounts (S3, IAM, Access Analyzer, KMS, CloudTrail,
Config, Security Hub, GuardDuty, CloudWatch and CloudWatch Logs, EC2, ELB, CloudFront, API Gateway, RDS,
DynamoDB, EFS, ElastiCache, Redshift, OpenSearch, SNS, SQS, Secrets Manager, Lambda, ECR, EKS, ECS, DLM,
Backup, Organizations) through read-only API calls, and writes the inventory
(with its generation time and each resource's collection time) to --output or stdout.

` + awsHelp + `

A summary goes to stderr: resources per type, and every failed call with its error code. A live
progress line is shown when stderr is a terminal (not in CI).

Exit codes: 0 the inventory was written (incomplete or not: the summary lists what failed);
2 nothing could be collected (no credentials, no call succeeded, bad flags) or the collection
was interrupted (the partial inventory is still written).`,
		Example: `  # One account, two regions, with an SSO profile
  vigil collect aws --profile audit --regions eu-west-1,eu-central-1 -o inventory.json

  # Every account of the organization, from the management account
  vigil collect aws --org --role-name VigilAuditReadOnly -o org-$(date +%F).json

  # Through a role in a security account, two member accounts
  vigil collect aws --role-arn arn:aws:iam::111122223333:role/Auditor --external-id X \
    --accounts 222233334444,333344445555 -o inventory.json

  # Evaluate it now or later
  vigil scan --inventory inventory.json --fail-on high`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCollectAWS(cmd.Context(), cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "write the inventory to this file instead of stdout")
	o.aws.register(f, "")
	return cmd
}

func runCollectAWS(ctx context.Context, cmd *cobra.Command, o *collectAWSOptions) error {
	if err := o.validate(); err != nil {
		return untrusted(err)
	}
	stderr := cmd.ErrOrStderr()
	inv, sum, err := collectAWS(ctx, stderr, &o.aws)
	if inv == nil {
		return untrusted(err)
	}
	where := "stdout"
	if o.output == "" {
		if werr := inv.Write(cmd.OutOrStdout()); werr != nil {
			return untrusted(werr)
		}
	} else {
		if werr := writeInventoryFile(o.output, inv); werr != nil {
			return untrusted(werr)
		}
		where = o.output
	}
	_ = sum.Write(stderr)
	switch {
	case err != nil:
		return untrusted(fmt.Errorf("%w; the partial inventory was written to %s", err, where))
	case !sum.Collected():
		return untrusted(fmt.Errorf("no AWS API call succeeded: check the credentials and the permissions (docs/aws-permissions.md)"))
	case !inv.Complete():
		fmt.Fprintf(stderr, "vigil: inventory written to %s; it is incomplete: rules that need what failed will report unknown\n", where)
	default:
		fmt.Fprintf(stderr, "vigil: inventory written to %s\n", where)
	}
	return nil
}

// collectAWS runs a collection that Ctrl-C and SIGTERM interrupt (a second Ctrl-C ends the process),
// with a progress line on stderr when it is an interactive terminal outside CI.
func collectAWS(ctx context.Context, stderr io.Writer, a *awsFlags) (*inventory.Inventory, awscollect.Summary, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	if showProgress(stderr) {
		a.progressWriter = stderr
	}
	return awscollect.Collect(ctx, a.options())
}

// showProgress reports whether w is an interactive terminal and the run is not in CI.
func showProgress(w io.Writer) bool {
	if os.Getenv("CI") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// validateLive checks the live sources of `vigil scan`: --aws or --inventory, alone.
func (o *scanOptions) validateLive() error {
	if !o.awsLive && len(o.inventoryPaths) == 0 {
		if o.aws.set() {
			return errors.New("the AWS flags (--profile, --regions, ...) need --aws")
		}
		return nil
	}
	switch {
	case o.awsLive && len(o.inventoryPaths) > 0:
		return errors.New("choose either --aws or --inventory")
	case len(o.paths) > 0:
		return errors.New("--aws and --inventory take no PATH")
	case o.planPath != "":
		return errors.New("--plan cannot be combined with --aws or --inventory")
	case len(o.inventoryPaths) > 0 && o.aws.set():
		return errors.New("the AWS flags (--profile, --regions, ...) need --aws")
	case o.awsLive:
		return o.aws.validate()
	}
	return nil
}

// liveInventory collects live AWS (scan --aws) or reads a saved inventory (scan --inventory);
// ok is false when the scan has neither.
func (s *scanSetup) liveInventory(ctx context.Context) (inv *inventory.Inventory, ok bool, err error) {
	switch {
	case len(s.inventoryPaths) > 0:
		inv, err = readInventoryFiles(s.inventoryPaths)
		return inv, true, err
	case s.aws != nil:
		inv, err = collectForScan(ctx, s.stderr, s.aws)
		return inv, true, err
	}
	return nil, false, nil
}

// collectForScan collects for `vigil scan --aws`: one summary line here, and runScan lists the failed
// calls of every incomplete source.
func collectForScan(ctx context.Context, stderr io.Writer, a *awsFlags) (*inventory.Inventory, error) {
	inv, sum, err := collectAWS(ctx, stderr, a)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "vigil: AWS: %d resources from %d account(s) × %d region(s) in %s (%d API calls, %d failed)\n",
		sum.TotalResources(), len(sum.Accounts), len(sum.Regions), sum.Duration.Round(100*time.Millisecond),
		sum.TotalCalls(), len(sum.Failed))
	if !sum.Collected() {
		_ = sum.Write(stderr)
		return nil, errors.New("no AWS API call succeeded: check the credentials and the permissions (docs/aws-permissions.md)")
	}
	return inv, nil
}

// registerInventoryFlag adds --inventory FILE, repeatable: several files are merged (readInventoryFiles).
func registerInventoryFlag(f *pflag.FlagSet, paths *[]string, usage string) {
	f.StringArrayVar(paths, "inventory", nil, usage+"; repeatable: the files (shards of one collection) are merged, see docs/aws.md")
}

// readInventoryFiles reads the saved inventories of --inventory and merges them (inventory.Merge): one
// run over an organisation's shards, incomplete when any shard is.
func readInventoryFiles(paths []string) (*inventory.Inventory, error) {
	parts := make([]inventory.Named, 0, len(paths))
	for _, p := range paths {
		inv, err := readInventoryFile(p)
		if err != nil {
			return nil, err
		}
		parts = append(parts, inventory.Named{Name: p, Inventory: inv})
	}
	inv, err := inventory.Merge(parts)
	if err != nil {
		return nil, fmt.Errorf("--inventory: %w", err)
	}
	return inv, nil
}

// readInventoryFile reads a saved inventory (vigil collect aws -o FILE).
func readInventoryFile(path string) (*inventory.Inventory, error) {
	src, err := safefile.Read(path, safefile.MaxDocument)
	if err != nil {
		return nil, fmt.Errorf("--inventory %s: %w", path, err)
	}
	inv, err := inventory.ReadBytes(src, path)
	var invalid *docschema.Error
	if errors.As(err, &invalid) {
		return nil, fmt.Errorf("--inventory %s is not a valid inventory (docs/schemas/inventory.schema.json):\n%w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("--inventory %s: %w (expected a file written by vigil collect)", path, err)
	}
	return inv, nil
}

// writeInventoryFile writes the inventory to a temporary file beside path and renames it, so an
// interrupted write never leaves a truncated inventory behind. The file is readable by its owner only:
// an inventory describes the accounts' security configuration.
func writeInventoryFile(path string, inv *inventory.Inventory) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write inventory %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := inv.Write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write inventory %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write inventory %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write inventory %s: %w", path, err)
	}
	return nil
}
