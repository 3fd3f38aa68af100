package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/vigil-audit/vigil/internal/nesting"
	"github.com/vigil-audit/vigil/internal/safefile"
)

// maxFileSize bounds what file() and templatefile() read.
const maxFileSize = 8 << 20

// functions returns Terraform's built-in functions: go-cty's stdlib where it matches Terraform, and the
// rest implemented here. Functions whose result is only known at apply time (timestamp, uuid) return
// unknown values.
func (l *loader) functions() map[string]function.Function {
	base := rootlessFuncs()
	fs := make(map[string]function.Function, len(base)+5)
	maps.Copy(fs, base)
	l.addFileFuncs(fs)
	fs["setproduct"] = boundedProduct(stdlib.SetProductFunc, func() int { return l.limits.Elements })
	return fs
}

// rootlessFuncs returns the built-in functions that do not depend on the root module, made once: a
// scan of a thousand small root modules would otherwise build them a thousand times.
var rootlessFuncs = sync.OnceValue(func() map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "log": stdlib.LogFunc,
		"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc,
		"signum": stdlib.SignumFunc,

		"chomp": stdlib.ChompFunc, "format": boundedFormat(stdlib.FormatFunc), "formatlist": boundedFormat(stdlib.FormatListFunc),
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "split": stdlib.SplitFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc,

		"chunklist": stdlib.ChunklistFunc, "coalesce": coalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"keys": stdlib.KeysFunc, "lookup": lookupFunc, "merge": stdlib.MergeFunc, "range": stdlib.RangeFunc,
		"reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setsubtract":            stdlib.SetSubtractFunc,
		"setsymmetricdifference": stdlib.SetSymmetricDifferenceFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,

		"csvdecode": stdlib.CSVDecodeFunc, "jsondecode": boundedDecode(stdlib.JSONDecodeFunc), "jsonencode": jsonencodeFunc,
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,

		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,

		"length": lengthFunc, "index": indexFunc, "replace": replaceFunc, "one": oneFunc, "sum": sumFunc,
		"alltrue": boolReduceFunc(true), "anytrue": boolReduceFunc(false),
		"startswith": strPredFunc(strings.HasPrefix), "endswith": strPredFunc(strings.HasSuffix),
		"strcontains": strPredFunc(strings.Contains),
		"tostring":    toFunc(cty.String), "tonumber": toFunc(cty.Number), "tobool": toFunc(cty.Bool),
		"tolist": toFunc(cty.List(cty.DynamicPseudoType)), "toset": toFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":     toFunc(cty.Map(cty.DynamicPseudoType)),
		"sensitive": sensitiveFunc, "nonsensitive": nonsensitiveFunc,
		iterateFuncName: iterateFunc, // see boundForExprs

		"base64encode": strFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": strFunc(func(s string) (string, error) {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return "", fmt.Errorf("invalid base64: %w", err)
			}
			if !utf8.Valid(b) {
				return "", errors.New("decoded base64 is not valid UTF-8")
			}
			return string(b), nil
		}),
		"urlencode": strFunc(func(s string) (string, error) { return url.QueryEscape(s), nil }),
		"basename":  strFunc(func(s string) (string, error) { return filepath.Base(s), nil }),
		"dirname":   strFunc(func(s string) (string, error) { return filepath.Dir(s), nil }),

		"cidrsubnet": cidrSubnetFunc, "cidrhost": cidrHostFunc, "cidrnetmask": cidrNetmaskFunc,

		"timestamp": unknownFunc(cty.String), "plantimestamp": unknownFunc(cty.String),
		"uuid": unknownFunc(cty.String), "bcrypt": unknownFunc(cty.String),
	}
	for name, d := range digests {
		fs[name] = strFunc(func(s string) (string, error) { return d.enc(d.sum([]byte(s))), nil })
	}
	maps.Copy(fs, extraFuncs())
	return fs
})

// digests are the hash functions over a string (md5, ...); each also has a file form (filemd5, ...).
var digests = map[string]struct {
	sum func([]byte) []byte
	enc func([]byte) string
}{
	"md5":          {func(b []byte) []byte { s := md5.Sum(b); return s[:] }, hex.EncodeToString},
	"sha1":         {func(b []byte) []byte { s := sha1.Sum(b); return s[:] }, hex.EncodeToString},
	"sha256":       {func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }, hex.EncodeToString},
	"sha512":       {func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }, hex.EncodeToString},
	"base64sha256": {func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }, base64.StdEncoding.EncodeToString},
	"base64sha512": {func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }, base64.StdEncoding.EncodeToString},
}

// addFileFuncs adds the functions that read files or templates, relative to the root module. Each reads
// only inside the scanned folder (see fileScope): asked for a path outside it, it returns an unknown value
// and the denial is reported as a warning where the call is.
func (l *loader) addFileFuncs(fs map[string]function.Function) {
	maps.Copy(fs, l.extraFileFuncs())
	fs["file"] = l.fileStrFunc("file", func(p string, b []byte) (string, error) {
		if !utf8.Valid(b) {
			return "", fmt.Errorf("%s is not valid UTF-8; use filebase64", p)
		}
		return string(b), nil
	})
	fs["filebase64"] = l.fileStrFunc("filebase64", func(_ string, b []byte) (string, error) {
		return base64.StdEncoding.EncodeToString(b), nil
	})
	fs["fileexists"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			real, ok := l.inScope("fileexists", args[0].AsString())
			if !ok {
				return cty.UnknownVal(cty.Bool), nil
			}
			fi, err := os.Stat(real)
			if err != nil {
				return cty.False, nil
			}
			return cty.BoolVal(fi.Mode().IsRegular()), nil
		},
	})
	fs["abspath"] = strFunc(func(p string) (string, error) { return filepath.ToSlash(l.abs(p)), nil })
	fs["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return l.templateFile(args[0].AsString(), args[1])
		},
	})
}

// fileStrFunc is a function of one path that reads the file and returns conv of its content: file,
// filebase64, filemd5, ... Outside the scope its value is an unknown string.
func (l *loader) fileStrFunc(name string, conv func(p string, b []byte) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			real, ok := l.inScope(name, p)
			if !ok {
				return cty.UnknownVal(cty.String), nil
			}
			b, err := readFile(real, p)
			if err != nil {
				return cty.NilVal, err
			}
			s, err := conv(p, b)
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

// abs resolves a path the way Terraform does, relative to the working directory: the root module.
func (l *loader) abs(p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(l.root, p)
}

// readFile reads the regular file at real, capped at maxFileSize; p is the path as the configuration gave
// it, for messages.
func readFile(real, p string) ([]byte, error) {
	b, err := safefile.Read(real, maxFileSize)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return b, nil
}

// templateFile renders a template file with vars, with every function except templatefile and templatestring.
func (l *loader) templateFile(p string, vars cty.Value) (cty.Value, error) {
	real, ok := l.inScope("templatefile", p)
	if !ok {
		return cty.DynamicVal, nil
	}
	src, err := readFile(real, p)
	if err != nil {
		return cty.NilVal, err
	}
	return l.renderTemplate(src, l.name(l.abs(p)), vars)
}

// templateStringName is how errors name templatestring's template.
const templateStringName = "<templatestring>"

// renderTemplate renders template source src (named name in errors) with vars, as templatefile and
// templatestring do.
func (l *loader) renderTemplate(src []byte, name string, vars cty.Value) (cty.Value, error) {
	if d := nesting.Check(src, nesting.Template, name, hcl.InitialPos); d != nil {
		return cty.NilVal, fmt.Errorf("parse template %s: %w", name, hcl.Diagnostics{d})
	}
	expr, diags := hclsyntax.ParseTemplate(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("parse template %s: %w", name, diags)
	}
	if !vars.IsWhollyKnown() {
		return cty.DynamicVal, nil
	}
	if vars.IsNull() || !(vars.Type().IsMapType() || vars.Type().IsObjectType()) {
		return cty.NilVal, errors.New("templatefile vars must be a map or an object")
	}
	ctxVars := map[string]cty.Value{}
	for it := vars.ElementIterator(); it.Next(); {
		k, v := it.Element()
		ctxVars[k.AsString()] = v
	}
	funcs := make(map[string]function.Function, len(l.funcs))
	for k, f := range l.funcs {
		if k != "templatefile" && k != "templatestring" {
			funcs[k] = f
		}
	}
	ctx := &hcl.EvalContext{Variables: ctxVars, Functions: funcs}
	v, diags := expr.Value(ctx)
	if l.anyDenied.Load() && (diags.HasErrors() || !v.IsWhollyKnown()) && name != templateStringName {
		// A file function called by a template file is located in it; templatestring's template
		// is a string of the configuration, whose call is located instead.
		l.locateDenied(expr, ctx)
	}
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("render template %s: %w", name, diags)
	}
	return v, nil
}

var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty == cty.DynamicPseudoType || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() {
			return cty.Number, nil
		}
		return cty.NilType, errors.New("argument must be a string, a collection or a structural value")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if v.Type() == cty.String {
			return cty.NumberIntVal(int64(utf8.RuneCountInString(v.AsString()))), nil
		}
		if v.Type().IsObjectType() {
			return cty.NumberIntVal(int64(len(v.Type().AttributeTypes()))), nil
		}
		return cty.NumberIntVal(int64(v.LengthInt())), nil
	},
})

// coalesceFunc is Terraform's coalesce: the first argument that is neither null nor an empty string.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true,
		AllowDynamicType: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		ty, _ := convert.UnifyUnsafe(types)
		if ty == cty.NilType {
			return cty.NilType, errors.New("all arguments must have the same type")
		}
		return ty, nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		for _, a := range args {
			v, err := convert.Convert(a, ret)
			if err != nil {
				return cty.NilVal, err
			}
			if !v.IsKnown() {
				return cty.UnknownVal(ret), nil
			}
			if v.IsNull() || (v.Type() == cty.String && v.AsString() == "") {
				continue
			}
			return v, nil
		}
		return cty.NilVal, errors.New("no non-null, non-empty-string arguments")
	},
})

var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		if !(l.Type().IsListType() || l.Type().IsTupleType()) {
			return cty.NilVal, errors.New("argument must be a list or tuple")
		}
		if !l.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		i := 0
		for it := l.ElementIterator(); it.Next(); i++ {
			_, v := it.Element()
			eq := v.Equals(args[1])
			if !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, errors.New("item not found")
	},
})

// replaceFunc is Terraform's replace: a substring, or a regular expression when written /like this/.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, fmt.Errorf("invalid regular expression: %w", err)
			}
			return cty.StringVal(re.ReplaceAllString(s, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			ets := ty.TupleElementTypes()
			switch len(ets) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ets[0], nil
			}
			return cty.NilType, errors.New("must be a list, set or tuple of zero or one elements")
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, errors.New("must be a list, set or tuple")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, errors.New("must be a list, set or tuple of zero or one elements")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.CanIterateElements() || v.Type().IsMapType() || v.Type().IsObjectType() {
			return cty.NilVal, errors.New("argument must be a list or set of numbers")
		}
		if v.LengthInt() == 0 {
			return cty.NilVal, errors.New("cannot sum an empty list")
		}
		sum := cty.Zero
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n, err := convert.Convert(e, cty.Number)
			if err != nil || n.IsNull() {
				return cty.NilVal, errors.New("argument must be a list or set of numbers")
			}
			if !n.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			sum = sum.Add(n)
		}
		return sum, nil
	},
})

func boolReduceFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			result := all
			for it := args[0].ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				if e.IsNull() {
					if all {
						return cty.False, nil
					}
					continue
				}
				if all && e.False() {
					return cty.False, nil
				}
				if !all && e.True() {
					return cty.True, nil
				}
			}
			return cty.BoolVal(result), nil
		},
	})
}

func strPredFunc(pred func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(pred(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func strFunc(f func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

func unknownFunc(ty cty.Type) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
		Type:     function.StaticReturnType(ty),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.UnknownVal(ty), nil
		},
	})
}

// toFunc is Terraform's tostring, tolist, ... : a type conversion.
func toFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			v := args[0]
			if !v.IsKnown() {
				if convert.GetConversionUnsafe(v.Type(), want) == nil {
					return cty.NilType, fmt.Errorf("cannot convert %s to %s", v.Type().FriendlyName(), want.FriendlyName())
				}
				return want, nil
			}
			cv, err := convert.Convert(v, want)
			if err != nil {
				return cty.NilType, err
			}
			return cv.Type(), nil
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			return convert.Convert(args[0], ret)
		},
	})
}

func intArg(v cty.Value) (int64, error) {
	var n int64
	if err := gocty.FromCtyValue(v, &n); err != nil {
		return 0, fmt.Errorf("must be a whole number: %w", err)
	}
	return n, nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid CIDR: %w", err)
		}
		newbits, err := intArg(args[1])
		if err != nil {
			return cty.NilVal, err
		}
		netnum, err := intArg(args[2])
		if err != nil {
			return cty.NilVal, err
		}
		p = p.Masked()
		total := p.Addr().BitLen()
		newLen := int64(p.Bits()) + newbits
		if newbits < 0 || newbits > int64(total) || newLen > int64(total) {
			return cty.NilVal, fmt.Errorf("cannot extend prefix /%d by %d bits", p.Bits(), newbits)
		}
		if netnum < 0 || new(big.Int).SetInt64(netnum).Cmp(new(big.Int).Lsh(big.NewInt(1), uint(newbits))) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix extension of %d bits has no network number %d", newbits, netnum)
		}
		n := new(big.Int).SetBytes(p.Addr().AsSlice())
		n.Or(n, new(big.Int).Lsh(big.NewInt(netnum), uint(int64(total)-newLen)))
		addr := addrFromInt(n, total)
		return cty.StringVal(netip.PrefixFrom(addr, int(newLen)).String()), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid CIDR: %w", err)
		}
		host, err := intArg(args[1])
		if err != nil {
			return cty.NilVal, err
		}
		p = p.Masked()
		total := p.Addr().BitLen()
		size := new(big.Int).Lsh(big.NewInt(1), uint(total-p.Bits()))
		h := big.NewInt(host)
		if host < 0 {
			h.Add(h, size)
		}
		if h.Sign() < 0 || h.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix %s has no host number %d", p, host)
		}
		n := new(big.Int).SetBytes(p.Addr().AsSlice())
		n.Add(n, h)
		return cty.StringVal(addrFromInt(n, total).String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid CIDR: %w", err)
		}
		if !p.Addr().Is4() {
			return cty.NilVal, errors.New("only IPv4 prefixes have a netmask")
		}
		m := uint32(0xffffffff) << (32 - p.Bits())
		if p.Bits() == 0 {
			m = 0
		}
		return cty.StringVal(netip.AddrFrom4([4]byte{byte(m >> 24), byte(m >> 16), byte(m >> 8), byte(m)}).String()), nil
	},
})

func addrFromInt(n *big.Int, bits int) netip.Addr {
	b := make([]byte, bits/8)
	n.FillBytes(b)
	a, _ := netip.AddrFromSlice(b)
	return a
}
