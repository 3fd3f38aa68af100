// Package terraform reads a Terraform root module directory and evaluates it the way Terraform would before
// a plan: variables (defaults, tfvars files, --var-file, --var), locals, count and for_each, dynamic blocks,
// local and installed module calls, provider configurations (region, default_tags), and override files
// (override.tf, *_override.tf) merged into the blocks they name.
//
// It produces iac.Blocks, one per resource or data instance, with module-qualified addresses and source
// locations; the AWS adapters (scanners/iac/aws) join and map those blocks into inventory resources. A value
// that cannot be known before apply (a variable without a value, a computed attribute, timestamp()) stays
// unknown and is listed in Block.Unknown: it is never guessed and never defaulted to a safe value. Problems in
// the configuration (syntax errors, failed function calls, unresolvable modules) are returned as
// inventory.Issues next to the blocks, so a report can say what could not be read.
//
// Load uses every core (GOMAXPROCS): module directories are read and parsed in the background while
// evaluation goes on, and module instances are evaluated concurrently. The result does not depend on
// scheduling: it is the one a single goroutine produces.
package terraform

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/vigil-audit/vigil/internal/safefile"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// ErrNoConfig is returned by Load when the root directory holds no .tf or .tf.json file.
var ErrNoConfig = errors.New("no Terraform configuration files (.tf, .tf.json)")

// Issue codes used by this package.
const (
	CodeParse  = "parse"  // a file could not be parsed
	CodeEval   = "eval"   // an expression could not be evaluated
	CodeModule = "module" // a module call could not be resolved or read
)

// Options are the user's inputs to the root module, as given on the command line.
type Options struct {
	// VarFiles are --var-file paths, applied after terraform.tfvars and *.auto.tfvars (lexical order), in
	// the order given, like Terraform.
	VarFiles []string
	// ConfigVarFiles and ConfigVars come from vigil.hcl: applied after *.auto.tfvars and before VarFiles.
	// ConfigVars values are HCL expression text, like .tfvars entries ("\"prod\"", "2", "{a = 1}").
	ConfigVarFiles []string
	ConfigVars     map[string]string
	// Exclude reports whether a file (path relative to the root, or to Files' base, forward slashes) must
	// not be read. It may be called from several goroutines at once.
	Exclude func(rel string) bool
	// Vars are --var name=value pairs, applied last. Values are raw strings, parsed as an HCL expression
	// when the variable's declared type is not string, as Terraform does.
	Vars map[string]string
	// EnvVars are the TF_VAR_name environment variables, by name (see EnvVars()): applied first, before
	// terraform.tfvars, and ignored where the root declares no such variable, like Terraform.
	EnvVars map[string]string
	// SharedVars says Vars are given to several root modules at once: a name the root does not declare
	// is listed in Result.UndeclaredVars instead of being reported as an issue.
	SharedVars bool
	// Files, when set, shares parsed files between the loads of one scan; file names are then relative
	// to its base rather than to the root. Its loads share one count of instances (Limits.Instances).
	Files *FileCache
	// AllowOutsideFileReads lets the file functions (file, templatefile, filemd5, ..., fileexists, fileset)
	// read anywhere, and module calls read folders anywhere, for trusted runs. By default the file
	// functions read only inside the scanned folder (Files' base, or the root), the module folders read
	// outside it, and the variable files named in VarFiles and ConfigVarFiles; a path outside makes the
	// call's value unknown, with a warning (CodeOutsideScan) in Result.Warnings. Module folders and .tf
	// files are read only inside the scanned folder or the git work tree that holds it (see
	// modscope.go); a module call outside is an issue (CodeModule) and the module is not read.
	AllowOutsideFileReads bool
	// AcceptUninstalledModules records a registry or git module that terraform init has not installed
	// (no .terraform/modules/modules.json entry) in Result.Gaps instead of Result.Issues: for teams that
	// gate without init. The module is still not evaluated: its resources are absent from the result and
	// its outputs are unknown; only the run is not untrusted because of it.
	AcceptUninstalledModules bool
	// Limits bound the instances and value sizes evaluated (limits.go).
	Limits Limits
}

// Result is the evaluated configuration.
type Result struct {
	// Blocks holds every managed and data resource instance, sorted by address.
	Blocks []iac.Block
	// Issues lists parse and evaluation problems (codes "parse", "eval", "module").
	Issues []inventory.Issue
	// Gaps lists what was not evaluated by the user's choice (AcceptUninstalledModules): not errors, but
	// nothing in them was checked.
	Gaps []inventory.Issue
	// Files counts the .tf and .tf.json files read, in all modules.
	Files int
	// Modules lists every module call, sorted by address.
	Modules []ModuleCall
	// UndeclaredVars are the Vars names the root module does not declare (with SharedVars only).
	UndeclaredVars []string
	// Warnings lists what was evaluated without being an error: a file function refused a path outside
	// the scanned folder (code "file-outside-scan"), so its value is unknown.
	Warnings []inventory.Issue
	// UnattachedIgnores are the vigil:ignore directives that applied to no resource instance, each with
	// the reason (Why) and where it is; sorted by file and line.
	UnattachedIgnores []UnattachedIgnore
}

// UnattachedIgnore is a vigil:ignore directive that waives nothing: above a block that is not a
// resource, on no block, or naming an instance key that no instance has.
type UnattachedIgnore struct {
	inventory.Ignore
	Why string
}

// ModuleCall describes one module block and whether its source could be scanned.
type ModuleCall struct {
	// Address is the call's address without instance keys: "module.a.module.b".
	Address string
	Source  string
	// Dir is the module directory relative to the scan root, forward slashes ("" when not resolved).
	Dir     string
	Scanned bool
	// Reason says why the module was not scanned.
	Reason string
	// Gap is set when the module was not scanned because it is not installed and the options accept
	// that (AcceptUninstalledModules): it is listed in Result.Gaps rather than Result.Issues.
	Gap bool
}

// Load reads the Terraform root module in directory root and evaluates it. It returns an error only when
// the root itself cannot be read, holds no Terraform file, or the user's variable inputs are invalid;
// every other problem is reported in Result.Issues.
func Load(ctx context.Context, root string, opts Options) (*Result, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("resolve root module %s: %w", root, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("read root module %s: %w", root, safefile.Bare(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("read root module %s: not a directory", root)
	}
	// The load ends early, with a LimitError as the cause, when the configuration expands too far.
	lctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	l := newLoader(lctx, abs)
	l.cancel = cancel
	l.limits = opts.Limits.withDefaults()
	l.exclude = opts.Exclude
	l.acceptUninstalled = opts.AcceptUninstalledModules
	l.budget = &instanceBudget{}
	if opts.Files != nil {
		l.cache, l.nameBase = opts.Files, opts.Files.base
		l.budget = &opts.Files.budget
	}
	l.rootName = root
	l.scope = newFileScope(opts.AllowOutsideFileReads, []string{l.nameBase},
		append(append([]string(nil), opts.VarFiles...), opts.ConfigVarFiles...))
	l.bound = newModuleBoundary(opts.AllowOutsideFileReads, l.nameBase)
	defer l.pre.close()
	defer l.evals.close()
	mod, err := l.module(abs)
	if err != nil {
		return nil, fmt.Errorf("read root module %s: %w", root, err)
	}
	if mod.files == 0 {
		return nil, fmt.Errorf("read root module %s: %w", root, ErrNoConfig)
	}
	vars, rngs, err := l.rootVariables(mod, opts)
	if err != nil {
		return nil, err
	}
	l.readModulesJSON()
	in := newInstance(l, mod, nil, nil, "", vars)
	in.validateAll(rngs)
	in.run()
	l.evals.drain()
	if err := context.Cause(lctx); err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			return nil, le
		}
		return nil, fmt.Errorf("load %s: %w", root, err)
	}
	l.warnRemaining()
	return l.result(in.flatten(make([]*iac.Block, 0, l.nblocks))), nil
}

// EnvVars returns the TF_VAR_name variables of environ (os.Environ's form) by name.
func EnvVars(environ []string) map[string]string {
	out := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if name, found := strings.CutPrefix(k, "TF_VAR_"); ok && found && name != "" {
			out[name] = v
		}
	}
	return out
}

// ParseVars turns --var flags ("name=value") into Options.Vars. A flag without '=' or with an empty name
// is an error.
func ParseVars(flags []string) (map[string]string, error) {
	out := make(map[string]string, len(flags))
	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("invalid --var %q: want name=value", f)
		}
		out[name] = value
	}
	return out, nil
}

// loader holds the state of one Load call: parsed modules (shared by every call of the same directory),
// the blocks produced and the issues met.
//
// Module instances are evaluated concurrently (see instance.run), so the state shared between them is
// guarded by mu: mods, files, issues, seen, calls, comments and nblocks. The rest is set before evaluation
// starts and only read afterwards.
type loader struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc // ends the load early, with the cause Load returns
	limits  Limits
	budget  *instanceBudget
	root    string // absolute
	funcs   map[string]function.Function
	modJSON map[string]string // modules.json key -> absolute dir
	pathCwd string
	exclude func(rel string) bool

	// rootName is the root as the caller gave it, for messages: never the machine's absolute path when
	// the user gave a relative one.
	rootName string
	// scope is what the file functions may read; denied holds the paths they were refused (guarded by
	// mu; anyDenied is set with the first), and warnings the warnings that name them.
	scope *fileScope
	// bound is where configuration files may be read from: the module boundary (see modscope.go).
	bound     *fileScope
	denied    map[string]*denial
	anyDenied atomic.Bool
	warnings  []inventory.Issue

	// acceptUninstalled is Options.AcceptUninstalledModules.
	acceptUninstalled bool
	// nameBase is the folder file names are relative to: the root, or the cache's base.
	nameBase string
	cache    *FileCache

	mu    sync.Mutex
	mods  map[string]*modEntry
	files int
	// nblocks counts the blocks emitted by every instance.
	nblocks int
	issues  []inventory.Issue
	gaps    []inventory.Issue
	seen    map[inventory.Issue]bool
	calls   map[string]*ModuleCall
	// comments holds the vigil:ignore directives per file (relative name); files without any are absent.
	comments map[string]*fileComments
	// usedIgnores are the directives that applied to a resource instance (see instanceIgnores).
	usedIgnores map[directiveKey]bool
	// undeclared collects the --var names the root does not declare (Options.SharedVars).
	undeclared []string

	// pre parses module directories in the background, ahead of evaluation; evals runs module instances.
	pre   *prefetcher
	evals *pool
	// relMu guards the done and released flags of instances.
	relMu sync.Mutex
}

// modEntry is a module directory being decoded or decoded: done is closed when m and err are set.
type modEntry struct {
	done chan struct{}
	m    *module
	err  error
}

func newLoader(ctx context.Context, root string) *loader {
	l := &loader{
		ctx:      ctx,
		root:     root,
		rootName: root,
		scope:    newFileScope(false, []string{root}, nil),
		bound:    newModuleBoundary(false, root),
		nameBase: root,
		mods:     map[string]*modEntry{},
		seen:     map[inventory.Issue]bool{},
		calls:    map[string]*ModuleCall{},
		pathCwd:  filepath.ToSlash(root),

		comments:    map[string]*fileComments{},
		usedIgnores: map[directiveKey]bool{},
	}
	// Load sets its own; these serve the tests that make a loader alone.
	l.limits, l.budget, l.cancel = Limits{}.withDefaults(), &instanceBudget{}, func(error) {}
	l.funcs = l.functions()
	l.pre = newPrefetcher(l)
	l.evals = newPool()
	return l
}

// rel returns path relative to the root module with forward slashes: what path.module says.
func (l *loader) rel(path string) string { return relTo(l.root, path) }

// name returns how locations and issues name the file at path.
func (l *loader) name(path string) string { return relTo(l.nameBase, path) }

func (l *loader) addIssue(is inventory.Issue) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[is] {
		return
	}
	l.seen[is] = true
	l.issues = append(l.issues, is)
}

// issue records a problem at rng.
func (l *loader) issue(code string, rng *hcl.Range, format string, args ...any) {
	is := inventory.Issue{Code: code, Message: fmt.Sprintf(format, args...)}
	if rng != nil {
		is.File, is.Line, is.Column = rng.Filename, rng.Start.Line, rng.Start.Column
	}
	l.addIssue(is)
}

// gap records a part of the configuration that is not evaluated by the user's choice.
func (l *loader) gap(code string, rng *hcl.Range, format string, args ...any) {
	is := inventory.Issue{Code: code, Message: fmt.Sprintf(format, args...)}
	if rng != nil {
		is.File, is.Line, is.Column = rng.Filename, rng.Start.Line, rng.Start.Column
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gaps = append(l.gaps, is)
}

// diags records every error diagnostic as an issue of the given code.
func (l *loader) diags(code string, diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		is := inventory.Issue{Code: code, Message: msg}
		if d.Subject != nil {
			is.File, is.Line, is.Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		l.addIssue(is)
	}
}

// result assembles the result from the blocks of every instance, in evaluation order.
func (l *loader) result(blocks []*iac.Block) *Result {
	// Sort pointers rather than the blocks themselves: a stable sort moves elements many times.
	sort.SliceStable(blocks, func(i, j int) bool { return naturalLess(blocks[i].Address, blocks[j].Address) })
	res := &Result{Issues: l.issues, Gaps: l.gaps, Files: l.files, UndeclaredVars: l.undeclared, Warnings: l.warnings,
		UnattachedIgnores: l.unattachedIgnores()}
	sortIssues(res.Warnings)
	if len(blocks) > 0 {
		res.Blocks = make([]iac.Block, len(blocks))
		for i, b := range blocks {
			res.Blocks[i] = *b
		}
	}
	sortIssues(res.Issues)
	sortIssues(res.Gaps)
	for _, c := range l.calls {
		res.Modules = append(res.Modules, *c)
	}
	sort.Slice(res.Modules, func(i, j int) bool { return naturalLess(res.Modules[i].Address, res.Modules[j].Address) })
	return res
}

// sortIssues sorts issues by file, line, column, message and code: they are met in an order that depends
// on scheduling.
func sortIssues(issues []inventory.Issue) {
	sort.SliceStable(issues, func(i, j int) bool { return issueLess(issues[i], issues[j]) })
}

// issueLess orders issues by file, position, message and code: they are met in an order that depends on
// scheduling.
func issueLess(a, b inventory.Issue) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Column != b.Column {
		return a.Column < b.Column
	}
	if a.Message != b.Message {
		return a.Message < b.Message
	}
	return a.Code < b.Code
}

// naturalLess orders strings with their runs of digits compared as numbers, so aws_x.y[2] sorts before
// aws_x.y[10].
func naturalLess(a, b string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na := strings.TrimLeft(a[si:i], "0")
			nb := strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			continue
		}
		if ca != cb {
			return ca < cb
		}
		i++
		j++
	}
	if len(a)-i != len(b)-j {
		return len(a)-i < len(b)-j
	}
	return a < b
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
