package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/safefile"
	"github.com/vigil-audit/vigil/reports"
	"github.com/vigil-audit/vigil/reports/evidence"
)

// signKeyEnv holds a PEM private key for `vigil evidence` when --sign-key is not given, so a CI secret
// never has to be written to disk.
const signKeyEnv = "VIGIL_SIGN_KEY"

// evidenceOptions is everything `vigil evidence` takes besides the scan's own flags.
type evidenceOptions struct {
	scan     scanOptions
	output   string
	signKey  string
	previous string
	// previousPubKey is the key that signed the previous pack, when it is not this run's (a rotation).
	previousPubKey string
}

func (o *evidenceOptions) validate() error {
	if o.output == "" {
		return errors.New("--output is required: a .zip file, or a folder (ending in /)")
	}
	return checkPackTarget(o.output)
}

// checkPackTarget refuses, before anything is scanned, an output that would replace evidence: an existing
// zip file (last quarter's pack, or the --previous pack this one is to follow) or a folder that is not
// empty. The writers check again when they write.
func checkPackTarget(output string) error {
	fi, err := os.Stat(output)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !packFolder(output):
		// Fail now, not after a scan (a live collection can take minutes): the zip's folder must exist.
		if dir, err := os.Stat(filepath.Dir(output)); err != nil || !dir.IsDir() {
			return fmt.Errorf("--output %s: the folder %s does not exist", output, filepath.Dir(output))
		}
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--output %s: %w", output, err)
	case fi.IsDir():
		entries, err := os.ReadDir(output)
		if err != nil {
			return fmt.Errorf("--output %s: %w", output, err)
		}
		if len(entries) > 0 {
			return fmt.Errorf("--output %s: the folder is not empty; a pack is written to a new or empty folder", output)
		}
		return nil
	default:
		return fmt.Errorf("--output %s: the file exists; vigil never overwrites an evidence pack: remove it or choose another name", output)
	}
}

// packFolder tells whether output asks for a folder (it ends in a separator).
func packFolder(output string) bool {
	return strings.HasSuffix(output, "/") || strings.HasSuffix(output, string(filepath.Separator))
}

func newEvidenceCmd() *cobra.Command {
	o := &evidenceOptions{}
	cmd := &cobra.Command{
		Use:   "evidence [PATH...] --framework FRAMEWORK -o PACK",
		Short: "Build a signed, verifiable evidence pack for an audit",
		Long: `Evidence scans like vigil scan (the same sources: Terraform in PATH, --plan, --aws, --inventory, and
the same vigil.hcl), evaluates every rule of the chosen frameworks and writes an evidence pack: a zip
file, or a folder when --output ends in / or is an existing folder. The pack holds:

  manifest.json     vigil version, rule-set and config digests, start and end time, the digest of every
                    input (Terraform and variable files, plan, saved inventory) and of every other file
  manifest.sig      the detached Ed25519 signature over manifest.json (with --sign-key or $` + signKeyEnv + `)
  inventory.json    the inventory snapshot the rules judged
  waivers.json      every waiver with its approver, ticket, expiry and state
  dr-posture.json   the DR posture, when vigil.hcl declares objectives
  controls/F.json   per control: state, the rules that evidence it, every result with its evidence
                    values; controls no rule covers say "manual evidence required"
  statement-of-applicability-iso27001-2022.csv
                    the 93 Annex A controls, with columns to fill (applicability, justification, evidence)
  reports/          the report in every format the pack carries (see manifest.json "reports")

Secret-like values (sensitive Terraform values, attributes and tags named like passwords, tokens and
keys, access key ids and private keys) are redacted from every file. --previous chains the pack to the
one before it by the digest of its manifest, once that pack verifies (its signature too, when signing:
with --sign-key's public key, or --previous-pubkey after a key rotation). An existing file is never
overwritten. Check a pack with vigil evidence verify.

Exit codes: 0 the pack was written; 2 bad flags, config or input, or the input was incomplete (the pack
is still written, and its manifest says it is incomplete and why).`,
		Example: `  vigil keygen -o vigil-evidence
  vigil evidence infra/ --framework iso27001-2022 --sign-key vigil-evidence -o evidence-2026Q4.zip
  vigil evidence verify evidence-2026Q4.zip --pubkey vigil-evidence.pub

  # Chain the quarter's pack to the previous one; write a folder
  vigil evidence infra/ --framework iso27001-2022 --previous evidence-2026Q3.zip -o evidence-2026Q4/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.scan.paths = args
			return runEvidence(cmd.Context(), cmd, o)
		},
	}
	f := cmd.Flags()
	s := &o.scan
	f.StringVarP(&o.output, "output", "o", "", "write the pack to this .zip file, or to this folder when it ends in / (required)")
	f.StringVar(&o.signKey, "sign-key", "", "sign the manifest with this Ed25519 private key (PEM, vigil keygen); default: $"+signKeyEnv+" when set")
	f.StringVar(&o.previous, "previous", "", "chain the pack to this previous pack (zip or folder) by the digest of its manifest")
	f.StringVar(&o.previousPubKey, "previous-pubkey", "", "the public key that signed the --previous pack, when another key than --sign-key's did (after a rotation)")
	f.StringSliceVar(&s.frameworks, "framework", nil, "frameworks to evidence: "+strings.Join(engine.Frameworks, ", ")+" (default: vigil.hcl's, else all)")
	f.StringArrayVar(&s.policyDirs, "policy", nil, "load custom Rego policies from this folder (repeatable)")
	registerPolicyTimeout(f, s)
	f.StringArrayVar(&s.vars, "var", nil, "set a Terraform variable, NAME=VALUE (repeatable)")
	f.StringArrayVar(&s.varFiles, "var-file", nil, "load Terraform variables from a .tfvars file (repeatable)")
	f.StringArrayVar(&s.limits, "limit", nil, "raise or lower a limit on what a scan evaluates, NAME=N (see vigil scan --help)")
	f.StringArrayVar(&s.excludes, "exclude", nil, "skip files and folders matching this pattern, relative to PATH (repeatable)")
	f.StringVar(&s.planPath, "plan", "", "scan a Terraform plan (terraform show -json PLANFILE > plan.json); PATH, if given, is the root it came from")
	f.StringVar(&s.configPath, "config", "", "config file (default: vigil.hcl in the scanned folder, if any)")
	f.BoolVar(&s.allowOutsideReads, "allow-outside-file-reads", false, "trusted runs only (see vigil scan --help)")
	f.BoolVar(&s.awsLive, "aws", false, "collect live AWS accounts instead of scanning Terraform (see vigil collect aws --help)")
	registerInventoryFlag(f, &s.inventoryPaths, "evaluate a saved inventory (vigil collect aws -o FILE) instead of scanning Terraform")
	s.aws.register(f, "with --aws: ")
	cmd.AddCommand(newEvidenceVerifyCmd())
	return cmd
}

func runEvidence(ctx context.Context, cmd *cobra.Command, o *evidenceOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	stderr := cmd.ErrOrStderr()
	if err := o.validate(); err != nil {
		return untrusted(err)
	}
	o.scan.format, o.scan.failOn = "json", "none"
	key, err := o.signingKey()
	if err != nil {
		return untrusted(err)
	}
	var previous *evidence.Previous
	var previousReport *engine.Report
	if o.previous != "" {
		prev, err := evidence.Open(o.previous, evidence.DefaultLimits)
		if err != nil {
			return untrusted(fmt.Errorf("--previous: %w", err))
		}
		prevKey, err := o.previousKey(key, prev)
		if err != nil {
			return untrusted(err)
		}
		if previous, err = evidence.PreviousOf(prev, prevKey); err != nil {
			hint := ""
			if prevKey != nil && o.previousPubKey == "" {
				hint = " (signed by another key than --sign-key's? give its public key with --previous-pubkey)"
			}
			return untrusted(fmt.Errorf("--previous %s: %w%s", o.previous, err, hint))
		}
		if data, ok := prev.Data[evidence.JSONReportFile]; ok {
			if previousReport, err = reports.ReadJSONNamed(bytes.NewReader(data), o.previous+": "+evidence.JSONReportFile); err != nil {
				return untrusted(fmt.Errorf("--previous: %w", err))
			}
		}
	}
	setup, err := prepareScan(ctx, cmd.Flags(), &o.scan)
	if err != nil {
		return untrusted(err)
	}
	setup.stderr = stderr
	start := time.Now().UTC()
	inputs, cfgDigest, err := hashInputs(setup, &o.scan)
	if err != nil {
		return untrusted(err)
	}
	inv, err := setup.inventory(ctx)
	if err != nil {
		return untrusted(err)
	}
	drDiags := setup.addDRPosture(inv, start)
	rep, err := setup.eng.Evaluate(ctx, inv, setup.eval)
	if err != nil {
		return untrusted(err)
	}
	rep.Version = vigilVersion()
	// A pack is evidence as of when it was made: every report in it (OSCAL needs a time) carries the start.
	if rep.GeneratedAt == nil {
		rep.GeneratedAt = &start
	}
	finished := time.Now().UTC()
	ruleSet, err := evidence.HashRuleSet(append(append([]string(nil), setup.cfg.Policies...), o.scan.policyDirs...), len(setup.eng.Rules()))
	if err != nil {
		return untrusted(err)
	}
	run := evidence.Run{
		Report: rep, Inventory: inv, Catalogs: setup.eng.Catalogs(), VigilVersion: vigilVersion(),
		StartedAt: start, FinishedAt: finished, RuleSet: ruleSet, Config: cfgDigest, Inputs: inputs,
		Variables: outsideVariables(setup), Previous: previous, PreviousReport: previousReport,
	}
	if posture, ok := setup.eval.DR.(dr.Posture); ok {
		run.DR = &posture
	}
	if !rep.Complete {
		run.Incomplete = append(run.Incomplete, "some input could not be read (see the sources of reports/report.json)")
	}
	if len(drDiags) > 0 {
		run.Incomplete = append(run.Incomplete, fmt.Sprintf("%d DR declaration problem(s) in vigil.hcl", len(drDiags)))
	}
	pack, err := evidence.Build(ctx, run)
	if err != nil {
		return untrusted(err)
	}
	if key != nil {
		if err := pack.Sign(key); err != nil {
			return untrusted(err)
		}
	} else {
		fmt.Fprintf(stderr, "vigil: warning: the pack is not signed (give --sign-key or $%s): its manifest is not protected\n", signKeyEnv)
	}
	if err := writePack(o.output, pack); err != nil {
		return untrusted(err)
	}
	fmt.Fprintf(stderr, "vigil: evidence pack written to %s: %d files, %d results over %d resources, manifest sha256 %s\n",
		o.output, len(pack.Files), len(rep.Results), rep.Summary.Resources, evidence.SHA256Hex(pack.ManifestBytes()))
	warnGaps(stderr, rep.Sources)
	if !rep.Complete {
		printSourceErrors(stderr, rep.Sources, "")
		return &exitError{code: exitUntrusted, err: errors.New("some input could not be read; the pack says it is incomplete")}
	}
	return drDiagnosticsError(stderr, drDiags)
}

// previousKey is the key the previous pack's signature is checked with before the new pack, signed,
// vouches for it by naming its manifest: --previous-pubkey, else the public half of the signing key. An
// unsigned run checks no signature, and neither does a signed one whose previous pack was not signed
// (the first signed pack of a chain); a --previous-pubkey given for an unsigned pack is an error.
func (o *evidenceOptions) previousKey(signing ed25519.PrivateKey, prev *evidence.Contents) (ed25519.PublicKey, error) {
	if o.previousPubKey != "" {
		return readPublicKey("--previous-pubkey", o.previousPubKey)
	}
	if _, signed := prev.Data[evidence.SignatureFile]; !signed || signing == nil {
		return nil, nil
	}
	return signing.Public().(ed25519.PublicKey), nil
}

// signingKey reads --sign-key, or the PEM in $VIGIL_SIGN_KEY; nil when neither is given.
func (o *evidenceOptions) signingKey() (ed25519.PrivateKey, error) {
	var pemData []byte
	source := "--sign-key " + o.signKey
	switch {
	case o.signKey != "":
		data, err := safefile.Read(o.signKey, 1<<20)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", source, err)
		}
		pemData = data
	case os.Getenv(signKeyEnv) != "":
		pemData, source = []byte(os.Getenv(signKeyEnv)), "$"+signKeyEnv
	default:
		return nil, nil
	}
	key, err := evidence.ParsePrivateKey(pemData)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return key, nil
}

// hashInputs digests every file the scan reads: the files under each PATH (those --exclude and
// vigil.hcl's exclude keep: Terraform and variable files, and any other file the configuration may read
// with a file function), the variable files named outside them, the plan, the saved inventory, and
// vigil.hcl.
func hashInputs(s *scanSetup, o *scanOptions) ([]evidence.Input, *evidence.Input, error) {
	var inputs []evidence.Input
	if s.aws == nil && len(s.inventoryPaths) == 0 {
		for _, p := range s.paths {
			tree, err := evidence.HashTerraformTree(p, s.tf.Exclude)
			if err != nil {
				return nil, nil, err
			}
			inputs = append(inputs, tree...)
		}
	}
	named := []struct{ kind, path string }{{"plan", s.planPath}}
	for _, p := range s.inventoryPaths {
		named = append(named, struct{ kind, path string }{"inventory", p})
	}
	for _, vf := range append(append([]string(nil), o.varFiles...), s.cfg.VarFiles...) {
		named = append(named, struct{ kind, path string }{"tfvars", vf})
	}
	for _, n := range named {
		if n.path == "" {
			continue
		}
		in, err := evidence.HashFile(n.kind, n.path)
		if err != nil {
			return nil, nil, err
		}
		inputs = append(inputs, in)
	}
	var cfg *evidence.Input
	if s.cfg.Path != "" {
		in, err := evidence.HashFile("config", s.cfg.Path)
		if err != nil {
			return nil, nil, err
		}
		cfg = &in
		// vigil.hcl in the scanned folder is the config, listed as such, not a file input too.
		inputs = slices.DeleteFunc(inputs, func(in evidence.Input) bool { return samePath(in.Path, s.cfg.Path) })
	}
	return evidence.SortInputs(inputs), cfg, nil
}

// outsideVariables names the Terraform variables a Terraform scan took from outside its files: --var
// flags and TF_VAR_ environment variables. Files are digested; these are not files, yet they change the
// results, so the manifest names them (not their values, which may be secrets).
func outsideVariables(s *scanSetup) []evidence.Variable {
	if s.aws != nil || len(s.inventoryPaths) > 0 || s.planPath != "" {
		return nil // a plan or an inventory holds its values
	}
	var vs []evidence.Variable
	for name := range s.tf.Vars {
		vs = append(vs, evidence.Variable{Name: name, Source: evidence.VariableFromFlag})
	}
	for name := range s.tf.EnvVars {
		vs = append(vs, evidence.Variable{Name: name, Source: evidence.VariableFromEnvironment})
	}
	return evidence.SortVariables(vs)
}

// samePath tells whether two paths name the same file, however each is written.
func samePath(a, b string) bool {
	absA, errA := filepath.Abs(filepath.FromSlash(a))
	absB, errB := filepath.Abs(filepath.FromSlash(b))
	return errA == nil && errB == nil && absA == absB
}

// writePack writes a folder when output ends in a separator or is a folder, a zip file otherwise.
func writePack(output string, pack *evidence.Pack) error {
	if packFolder(output) {
		return evidence.WriteDir(output, pack)
	}
	if fi, err := os.Stat(output); err == nil && fi.IsDir() {
		return evidence.WriteDir(output, pack)
	}
	return evidence.WriteZipFile(output, pack)
}

func newEvidenceVerifyCmd() *cobra.Command {
	var pubKeyPath, previous, previousPubKeyPath string
	cmd := &cobra.Command{
		Use:   "verify PACK",
		Short: "Verify an evidence pack: every file's digest, the signature and the chain",
		Long: `Verify reads an evidence pack (a zip file or a folder) and checks, with --pubkey, the Ed25519
signature over manifest.json, then every file against the SHA-256 the manifest gives it, naming each
file that was changed, added or removed; with --previous, it checks that the pack follows that one
(the digest of its manifest) and that the previous pack verifies too, with the same key.

The pack is untrusted input: an entry with an absolute path or "..", a duplicate name, a symbolic
link or special file, too many entries or more bytes than the caps is an error, never followed.

Exit codes: 0 the pack verifies; 1 something does not verify (each problem is listed); 2 the pack,
the key or the previous pack cannot be read.`,
		Example: `  vigil evidence verify evidence-2026Q4.zip --pubkey vigil-evidence.pub
  vigil evidence verify evidence-2026Q4.zip --pubkey vigil-evidence.pub --previous evidence-2026Q3.zip`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEvidenceVerify(cmd.OutOrStdout(), args[0], pubKeyPath, previous, previousPubKeyPath)
		},
	}
	cmd.Flags().StringVar(&pubKeyPath, "pubkey", "", "the signer's Ed25519 public key (PEM, vigil keygen's NAME.pub)")
	cmd.Flags().StringVar(&previous, "previous", "", "the previous pack this one should be chained to")
	cmd.Flags().StringVar(&previousPubKeyPath, "previous-pubkey", "", "the key that signed the --previous pack, when another than --pubkey (after a rotation)")
	return cmd
}

func runEvidenceVerify(out io.Writer, packPath, pubKeyPath, previousPath, previousPubKeyPath string) error {
	var opts evidence.VerifyOptions
	var err error
	if opts.PublicKey, err = readPublicKey("--pubkey", pubKeyPath); err != nil {
		return untrusted(err)
	}
	if opts.PreviousPublicKey, err = readPublicKey("--previous-pubkey", previousPubKeyPath); err != nil {
		return untrusted(err)
	}
	pack, err := evidence.Open(packPath, evidence.DefaultLimits)
	if err != nil {
		return untrusted(err)
	}
	if previousPath != "" {
		if opts.Previous, err = evidence.Open(previousPath, evidence.DefaultLimits); err != nil {
			return untrusted(fmt.Errorf("--previous: %w", err))
		}
	}
	v := evidence.Verify(pack, opts)
	if m := v.Manifest; m != nil {
		fmt.Fprintf(out, "pack %s: vigil %s, %s to %s, frameworks %s, %d files, %d inputs, rule set sha256 %s\n",
			reports.PrintableLine(packPath), reports.PrintableLine(m.VigilVersion), m.StartedAt.Format(time.RFC3339), m.FinishedAt.Format(time.RFC3339),
			reports.PrintableLine(strings.Join(m.Frameworks, ", ")), len(m.Files), len(m.Inputs), m.RuleSet.SHA256)
	}
	for _, n := range v.Notes {
		fmt.Fprintln(out, "note: "+n)
	}
	for _, p := range v.Problems {
		fmt.Fprintln(out, reports.PrintableLine(p.String()))
	}
	if !v.OK() {
		return &exitError{code: exitGateFail, err: fmt.Errorf("the pack does not verify: %d problem(s)", len(v.Problems))}
	}
	what := "every file matches the manifest"
	if opts.PublicKey != nil {
		what += ", signed by key " + evidence.KeyID(opts.PublicKey)
	}
	if opts.Previous != nil {
		what += ", chained to the previous pack"
	}
	fmt.Fprintln(out, "verified: "+what)
	return nil
}

// readPublicKey reads the PEM public key at path given with flag; nil when path is empty.
func readPublicKey(flag, path string) (ed25519.PublicKey, error) {
	if path == "" {
		return nil, nil
	}
	data, err := safefile.Read(path, 1<<20)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", flag, path, err)
	}
	pub, err := evidence.ParsePublicKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return pub, nil
}

func newKeygenCmd() *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "keygen -o NAME",
		Short: "Create an Ed25519 key pair to sign evidence packs",
		Long: `Keygen writes a new Ed25519 private key to NAME (PEM, PKCS #8, mode 0600) and its public key to
NAME.pub (PEM, PKIX): the encodings openssl reads, so an auditor can check a pack's signature without
vigil. It never overwrites a file. Keep the private key out of the repository (a CI secret, given to
vigil evidence through $` + signKeyEnv + `); hand the public key to the auditor.`,
		Example: `  vigil keygen -o vigil-evidence
  VIGIL_SIGN_KEY="$(cat vigil-evidence)" vigil evidence infra/ -o pack.zip`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" {
				return untrusted(errors.New("--output NAME is required"))
			}
			priv, pub, err := evidence.GenerateKey()
			if err != nil {
				return untrusted(err)
			}
			if err := writeNewFile(name, priv, 0o600); err != nil {
				return untrusted(err)
			}
			if err := writeNewFile(name+".pub", pub, 0o644); err != nil {
				os.Remove(name)
				return untrusted(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "vigil: private key written to %s, public key to %s.pub\n", name, name)
			return nil
		},
	}
	cmd.Flags().StringVarP(&name, "output", "o", "", "write the private key to NAME and the public key to NAME.pub (required)")
	return cmd
}

// writeNewFile creates path with the given mode and fails if it exists.
func writeNewFile(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
