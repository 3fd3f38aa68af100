package scanners

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/vigil-audit/vigil/internal/gcpace"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/terraform"
)

// ScanTerraformPaths scans every root module under each of paths (see terraform.FindRoots: folders of
// Terraform files that no other folder calls as a module) and merges them into one inventory.
// opts.Exclude is given paths relative to the path being scanned, and so are file names. Each file is
// parsed once per path, however many roots use it.
//
// Resource ids stay Terraform addresses when a scan has one root, the path itself. Otherwise each root's
// ids, and the references to them in attributes, are qualified with the root's folder and a colon
// ("envs/prod:aws_s3_bucket.logs"): relative to the path when one path is given, the folder as given
// otherwise. Source locations always keep the plain Terraform address.
//
// Roots are evaluated concurrently. A --var is given to every root; it is an error only when no root
// declares it.
func ScanTerraformPaths(ctx context.Context, paths []string, opts TerraformOptions) (*inventory.Inventory, error) {
	// Parsing and evaluation allocate mostly short-lived values around a small live heap: see gcpace.
	defer gcpace.Relax()()
	type job struct {
		dir, base, prefix string
		opts              TerraformOptions
	}
	var jobs []job
	for _, p := range paths {
		files, err := terraform.NewFileCache(p)
		if err != nil {
			return nil, fmt.Errorf("scan terraform %s: %w", p, err)
		}
		roots, err := terraform.FindRoots(p, opts.Exclude, files)
		if err != nil {
			return nil, fmt.Errorf("scan terraform %s: %w", p, err)
		}
		if len(roots) == 0 {
			return nil, fmt.Errorf("scan terraform %s: %w in it or its subfolders", p, terraform.ErrNoConfig)
		}
		for _, rel := range roots {
			j := job{dir: filepath.Join(p, filepath.FromSlash(rel)), base: p, opts: opts}
			j.opts.Files = files
			switch {
			case len(paths) > 1:
				j.prefix = path.Join(filepath.ToSlash(filepath.Clean(p)), rel)
			case rel != ".":
				j.prefix = rel
			}
			jobs = append(jobs, j)
		}
	}
	shared := len(jobs) > 1
	invs := make([]*inventory.Inventory, len(jobs))
	undeclared := make([][]string, len(jobs))
	errs := make([]error, len(jobs))
	// The first failure cancels the other roots' scans.
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return err
			}
			j.opts.SharedVars = shared
			inv, undecl, err := scanRoot(ctx, j.dir, j.base, j.opts)
			if err != nil {
				errs[i] = err
				return err
			}
			qualifyIDs(inv, j.prefix)
			invs[i], undeclared[i] = inv, undecl
			return nil
		})
	}
	_ = g.Wait() // errs says which failed
	// The first failure in path order, rather than one caused by the cancellation that followed it.
	var first error
	for _, err := range errs {
		if err != nil && (first == nil || errors.Is(first, context.Canceled) && !errors.Is(err, context.Canceled)) {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	if shared {
		if err := checkVarsDeclared(opts.Vars, undeclared, paths); err != nil {
			return nil, err
		}
	}
	return Merge(invs...), nil
}

// checkVarsDeclared reports the --var names that no root declares: undeclared holds, per root, the
// names it does not declare.
func checkVarsDeclared(vars map[string]string, undeclared [][]string, paths []string) error {
	missing := map[string]int{}
	for _, names := range undeclared {
		for _, n := range names {
			missing[n]++
		}
	}
	var nowhere []string
	for n := range vars {
		if missing[n] == len(undeclared) {
			nowhere = append(nowhere, n)
		}
	}
	if len(nowhere) == 0 {
		return nil
	}
	sort.Strings(nowhere)
	return fmt.Errorf("--var %s: no root module under %s declares it", strings.Join(nowhere, ", --var "), strings.Join(paths, ", "))
}

// qualifyIDs prefixes the resource ids of one root with "prefix:", and every attribute string equal to one
// of them or starting with one and a slash: adapters write a reference to another resource of the root
// (an attached policy, a security group, a bucket ARN in a policy) as that resource's id, and the joins
// must keep pointing at it.
func qualifyIDs(inv *inventory.Inventory, prefix string) {
	if prefix == "" {
		return
	}
	ids := make(map[string]string, len(inv.Resources))
	for _, r := range inv.Resources {
		ids[r.ID] = prefix + ":" + r.ID
	}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		r.ID = ids[r.ID]
		requalify(reflect.ValueOf(r.Attributes), ids)
	}
}

// requalify returns v with every string that is a key of ids replaced by its value, changing maps and
// slices in place. Attribute values are JSON-like, but adapters also use typed maps and slices
// (map[string]string, []map[string]any), hence reflection.
func requalify(v reflect.Value, ids map[string]string) reflect.Value {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		return requalify(v.Elem(), ids)
	case reflect.String:
		// An id, or an id with a path after it: "${aws_s3_bucket.b.arn}/*" evaluates to "aws_s3_bucket.b/*".
		s := v.String()
		id, rest, _ := strings.Cut(s, "/")
		if q, ok := ids[id]; ok {
			if rest != "" || strings.HasSuffix(s, "/") {
				q += "/" + rest
			}
			return reflect.ValueOf(q).Convert(v.Type())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			e := v.Index(i)
			e.Set(requalify(e, ids))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			v.SetMapIndex(k, requalify(v.MapIndex(k), ids))
		}
	}
	return v
}
