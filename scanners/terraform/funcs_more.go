package terraform

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/uuid"
	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"golang.org/x/text/encoding/ianaindex"
)

// extraFuncs are the Terraform built-ins that functions() does not define inline and that read no file:
// YAML, text encodings, cidrsubnets, matchkeys, transpose, timecmp, uuidv5, pathexpand, and the AWS
// provider's functions (provider::aws::...). Terraform accepts any of them in a plan, so a configuration
// that calls one must evaluate rather than report an error.
func extraFuncs() map[string]function.Function {
	return map[string]function.Function{
		"yamldecode": boundedDecode(ctyyaml.YAMLDecodeFunc), "yamlencode": ctyyaml.YAMLEncodeFunc,
		"pathexpand": strFunc(pathExpand),
		"base64gzip": strFunc(func(s string) (string, error) {
			var b bytes.Buffer
			gz := gzip.NewWriter(&b)
			if _, err := gz.Write([]byte(s)); err != nil {
				return "", fmt.Errorf("gzip: %w", err)
			}
			if err := gz.Close(); err != nil {
				return "", fmt.Errorf("gzip: %w", err)
			}
			return base64.StdEncoding.EncodeToString(b.Bytes()), nil
		}),
		"textencodebase64": textEncodeBase64Func, "textdecodebase64": textDecodeBase64Func,
		"cidrsubnets": cidrSubnetsFunc, "matchkeys": matchKeysFunc, "transpose": transposeFunc,
		"timecmp": timeCmpFunc, "uuidv5": uuidV5Func,
		// A value vigil cannot compute: a decryption with a private key.
		"issensitive": issensitiveFunc, "rsadecrypt": unknownFunc(cty.String),

		"provider::aws::arn_parse": arnParseFunc, "provider::aws::arn_build": arnBuildFunc,
		"provider::aws::trim_iam_role_path": trimIAMRolePathFunc,
	}
}

// extraFileFuncs are the further built-ins that read files relative to the root module: the file forms
// of the digests (filemd5, filebase64sha256, ...), fileset, and templatestring (its template may call
// them).
func (l *loader) extraFileFuncs() map[string]function.Function {
	fs := map[string]function.Function{
		"fileset": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
			Type:   function.StaticReturnType(cty.Set(cty.String)),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return l.fileset(args[0].AsString(), args[1].AsString())
			},
		}),
		"templatestring": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "template", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
			Type:   function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return l.renderTemplate([]byte(args[0].AsString()), templateStringName, args[1])
			},
		}),
	}
	for name, d := range digests {
		fs["file"+name] = l.fileStrFunc("file"+name, func(_ string, b []byte) (string, error) {
			return d.enc(d.sum(b)), nil
		})
	}
	return fs
}

// fileset is Terraform's fileset: the regular files under dir (relative to the root module) whose path
// relative to dir matches pattern (doublestar syntax: *, ?, [class], {a,b}, **), forward slashes. It
// lists names only, inside the scope: a folder or link that leads outside it makes the value unknown
// (with a warning, as for file), and a walk of more than maxFilesetEntries entries or a result of more
// than maxFilesetMatches names is an error.
func (l *loader) fileset(dir, pattern string) (cty.Value, error) {
	unknown := cty.UnknownVal(cty.Set(cty.String))
	pattern = path.Clean(filepath.ToSlash(pattern))
	if !doublestar.ValidatePattern(pattern) {
		return cty.NilVal, fmt.Errorf("invalid fileset pattern %q", pattern)
	}
	if _, ok := l.inScope("fileset", dir); !ok {
		return unknown, nil
	}
	fsys := &scopedFS{l: l, base: l.abs(dir)}
	var out []cty.Value
	err := doublestar.GlobWalk(fsys, pattern, func(p string, _ fs.DirEntry) error {
		// Links are not followed by the walk: Stat follows this one, inside the scope only.
		fi, err := fsys.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			return nil
		}
		if len(out) == maxFilesetMatches {
			return fmt.Errorf("fileset(%q, %q) matches more than %d files; narrow the pattern", dir, pattern, maxFilesetMatches)
		}
		out = append(out, cty.StringVal(p))
		return nil
	}, doublestar.WithFilesOnly(), doublestar.WithNoFollow())
	switch {
	case err != nil && !errors.Is(err, errFilesetOutside) && !errors.Is(err, errFilesetTooMany):
		return cty.NilVal, err
	case fsys.tooMany:
		return cty.NilVal, fmt.Errorf("fileset(%q, %q) reads more than %d directory entries; narrow the pattern",
			dir, pattern, maxFilesetEntries)
	case fsys.outside != "":
		l.deny("fileset", dir)
		return unknown, nil
	case len(out) == 0:
		return cty.SetValEmpty(cty.String), nil
	}
	return cty.SetVal(out), nil
}

// pathExpand replaces a leading ~ with the home directory, like Terraform's pathexpand.
func pathExpand(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") && !strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		if strings.HasPrefix(p, "~") {
			return "", errors.New("cannot expand user-specific home dir")
		}
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("pathexpand: %w", err)
	}
	return filepath.Join(home, p[1:]), nil
}

var textEncodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, err := ianaindex.IANA.Encoding(args[1].AsString())
		if err != nil || enc == nil {
			return cty.NilVal, fmt.Errorf("%q is not a supported IANA encoding name or alias", args[1].AsString())
		}
		b, err := enc.NewEncoder().Bytes([]byte(args[0].AsString()))
		if err != nil {
			return cty.NilVal, fmt.Errorf("the string has characters that cannot be represented in %s", args[1].AsString())
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	},
})

var textDecodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "source", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, err := ianaindex.IANA.Encoding(args[1].AsString())
		if err != nil || enc == nil {
			return cty.NilVal, fmt.Errorf("%q is not a supported IANA encoding name or alias", args[1].AsString())
		}
		raw, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid base64: %w", err)
		}
		b, err := enc.NewDecoder().Bytes(raw)
		if err != nil || !utf8.Valid(b) {
			return cty.NilVal, fmt.Errorf("the source is not valid %s", args[1].AsString())
		}
		return cty.StringVal(string(b)), nil
	},
})

// cidrSubnetsFunc allocates consecutive subnets of prefix, each newbits[i] bits longer, as Terraform's
// cidrsubnets does (each subnet starts after the previous one, aligned to its own size).
var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid CIDR: %w", err)
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		p = p.Masked()
		total, start := p.Addr().BitLen(), p.Bits()
		space := new(big.Int).Lsh(big.NewInt(1), uint(total))
		base := new(big.Int).SetBytes(p.Addr().AsSlice())
		mask := func(n *big.Int, bits int) *big.Int { // n with its low total-bits bits cleared
			host := uint(total - bits)
			return new(big.Int).Lsh(new(big.Int).Rsh(n, host), host)
		}
		last := func(n *big.Int, bits int) *big.Int { // the last address of n's /bits subnet
			ones := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(total-bits)), big.NewInt(1))
			return new(big.Int).Or(mask(n, bits), ones)
		}
		lens := make([]int, len(args)-1)
		for i, a := range args[1:] {
			n, err := intArg(a)
			if err != nil {
				return cty.NilVal, err
			}
			if n < 1 {
				return cty.NilVal, errors.New("must extend prefix by at least one bit")
			}
			if n > 32 {
				return cty.NilVal, errors.New("may not extend prefix by more than 32 bits")
			}
			if int(n)+start > total {
				return cty.NilVal, fmt.Errorf("would extend prefix to %d bits, which is too long for an IPv%d address",
					int(n)+start, map[int]int{32: 4, 128: 6}[total])
			}
			lens[i] = int(n) + start
		}
		// The subnet before the first: the one holding the address just below the prefix.
		cur := new(big.Int).Sub(base, big.NewInt(1))
		cur.Mod(cur, space)
		cur, curLen := mask(cur, lens[0]), lens[0]
		out := make([]cty.Value, len(lens))
		for i, bits := range lens {
			next := new(big.Int).Add(last(last(cur, curLen), bits), big.NewInt(1))
			if next.Cmp(space) >= 0 || mask(next, start).Cmp(base) != 0 {
				return cty.NilVal, fmt.Errorf("not enough remaining address space for a subnet with a prefix of %d bits after %s",
					bits, netip.PrefixFrom(addrFromInt(cur, total), curLen))
			}
			cur, curLen = next, bits
			out[i] = cty.StringVal(netip.PrefixFrom(addrFromInt(cur, total), bits).String())
		}
		return cty.ListVal(out), nil
	},
})

var matchKeysFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "values", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "keys", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "searchset", Type: cty.List(cty.DynamicPseudoType)},
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		if ty, _ := convert.UnifyUnsafe([]cty.Type{args[1].Type(), args[2].Type()}); ty == cty.NilType {
			return cty.NilType, errors.New("keys and searchset must be of the same type")
		}
		return args[0].Type(), nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		values := args[0]
		if !values.IsKnown() {
			return cty.UnknownVal(ret), nil
		}
		if values.LengthInt() != args[1].LengthInt() {
			return cty.NilVal, errors.New("length of keys and values should be equal")
		}
		ty, _ := convert.UnifyUnsafe([]cty.Type{args[1].Type(), args[2].Type()})
		keys, _ := convert.Convert(args[1], ty)
		search, _ := convert.Convert(args[2], ty)
		if search.LengthInt() == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		if !values.IsWhollyKnown() || !keys.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		var out []cty.Value
		i := 0
		for it := keys.ElementIterator(); it.Next(); i++ {
			_, k := it.Element()
			for st := search.ElementIterator(); st.Next(); {
				_, s := st.Element()
				eq, err := stdlib.Equal(k, s)
				if err != nil {
					return cty.NilVal, err
				}
				if !eq.IsKnown() {
					return cty.ListValEmpty(ret.ElementType()), nil
				}
				if eq.True() {
					out = append(out, values.Index(cty.NumberIntVal(int64(i))))
					break
				}
			}
		}
		if len(out) == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		return cty.ListVal(out), nil
	},
})

var transposeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "values", Type: cty.Map(cty.List(cty.String))}},
	Type:   function.StaticReturnType(cty.Map(cty.List(cty.String))),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		in := args[0]
		if !in.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		tmp := map[string][]string{}
		for it := in.ElementIterator(); it.Next(); {
			k, list := it.Element()
			for lt := list.ElementIterator(); lt.Next(); {
				_, v := lt.Element()
				if v.IsNull() {
					return cty.NilVal, errors.New("input must not contain null values")
				}
				tmp[v.AsString()] = append(tmp[v.AsString()], k.AsString())
			}
		}
		if len(tmp) == 0 {
			return cty.MapValEmpty(cty.List(cty.String)), nil
		}
		out := make(map[string]cty.Value, len(tmp))
		for k, ks := range tmp {
			sort.Strings(ks)
			vs := make([]cty.Value, len(ks))
			for i, s := range ks {
				vs[i] = cty.StringVal(s)
			}
			out[k] = cty.ListVal(vs)
		}
		return cty.MapVal(out), nil
	},
})

var timeCmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "timestamp_a", Type: cty.String}, {Name: "timestamp_b", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var ts [2]time.Time
		for i, a := range args {
			t, err := time.Parse(time.RFC3339, a.AsString())
			if err != nil {
				return cty.NilVal, fmt.Errorf("not a valid RFC3339 timestamp: %w", err)
			}
			ts[i] = t
		}
		return cty.NumberIntVal(int64(ts[0].Compare(ts[1]))), nil
	},
})

var uuidV5Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "namespace", Type: cty.String}, {Name: "name", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		spaces := map[string]uuid.UUID{"dns": uuid.NameSpaceDNS, "url": uuid.NameSpaceURL, "oid": uuid.NameSpaceOID,
			"x500": uuid.NameSpaceX500}
		ns, ok := spaces[args[0].AsString()]
		if !ok {
			var err error
			if ns, err = uuid.Parse(args[0].AsString()); err != nil {
				return cty.NilVal, fmt.Errorf("uuidv5() doesn't support namespace %s (%w)", args[0].AsString(), err)
			}
		}
		return cty.StringVal(uuid.NewSHA1(ns, []byte(args[1].AsString())).String()), nil
	},
})

// arnType is what provider::aws::arn_parse returns.
var arnType = cty.Object(map[string]cty.Type{"partition": cty.String, "service": cty.String, "region": cty.String,
	"account_id": cty.String, "resource": cty.String})

func parseARN(s string) (map[string]cty.Value, error) {
	a, err := arn.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid ARN", s)
	}
	return map[string]cty.Value{"partition": cty.StringVal(a.Partition), "service": cty.StringVal(a.Service),
		"region": cty.StringVal(a.Region), "account_id": cty.StringVal(a.AccountID), "resource": cty.StringVal(a.Resource)}, nil
}

var arnParseFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "arn", Type: cty.String}},
	Type:   function.StaticReturnType(arnType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		m, err := parseARN(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		return cty.ObjectVal(m), nil
	},
})

var arnBuildFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "partition", Type: cty.String}, {Name: "service", Type: cty.String},
		{Name: "region", Type: cty.String}, {Name: "account_id", Type: cty.String}, {Name: "resource", Type: cty.String}},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s := make([]string, len(args))
		for i, a := range args {
			s[i] = a.AsString()
		}
		return cty.StringVal("arn:" + strings.Join(s, ":")), nil
	},
})

// trimIAMRolePathFunc drops the path from an IAM role ARN (role/a/b/name becomes role/name).
var trimIAMRolePathFunc = strFunc(func(s string) (string, error) {
	m, err := parseARN(s)
	if err != nil {
		return "", err
	}
	res := m["resource"].AsString()
	if m["service"].AsString() != "iam" || !strings.HasPrefix(res, "role/") {
		return "", fmt.Errorf("%q is not an IAM role ARN", s)
	}
	return strings.TrimSuffix(s, res) + "role/" + res[strings.LastIndexByte(res, '/')+1:], nil
})
