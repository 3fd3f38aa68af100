package aws

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// policyDocument reads the IAM policy document at src: a JSON string (jsonencode, heredoc, a rendered
// aws_iam_policy_document), an object, or a reference to an aws_iam_policy_document data block that
// the reader left unrendered. A document that cannot be parsed is unknown; an empty string is absent.
// An object with unknown paths below src (a document the Terraform reader rendered partly) is known,
// with those parts unknown: their paths, relative to the document, are returned
// (inventory.NormalizePartialPolicyDocument).
func policyDocument(ix *index, b *iac.Block, src string) (map[string]any, []string, state) {
	v, st := lookup(b, src)
	if st != known {
		return nil, nil, st
	}
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return nil, nil, absent
		}
		doc, st := ix.documentString(x, 0)
		return doc, nil, st
	case map[string]any:
		var rel []string
		for _, u := range b.Unknown {
			if r, ok := strings.CutPrefix(u, src+"."); ok {
				rel = append(rel, r)
			}
		}
		doc, parts, err := inventory.NormalizePartialPolicyDocument(x, rel)
		if err != nil {
			return nil, nil, unknown
		}
		return doc, parts, known
	}
	return nil, nil, unknown
}

// maxDocumentDepth bounds the chain of aws_iam_policy_document blocks built from one another.
const maxDocumentDepth = 16

// documentString parses a policy document string, rendering it first when it refers to an
// aws_iam_policy_document data block.
func (ix *index) documentString(s string, depth int) (map[string]any, state) {
	s = strings.TrimSpace(s)
	if d := ix.policyDocumentData(s); d != nil {
		if depth >= maxDocumentDepth {
			return nil, unknown
		}
		doc, st := ix.renderPolicyDocument(d, depth+1)
		if st != known {
			return nil, st
		}
		// Round-trip through JSON so a rendered document has exactly the shape of a parsed one.
		raw, err := json.Marshal(doc)
		if err != nil {
			return nil, unknown
		}
		s = string(raw)
	}
	return parsePolicy(s)
}

func parsePolicy(s string) (map[string]any, state) {
	doc, err := inventory.ParsePolicyDocument(s)
	if err != nil {
		return nil, unknown
	}
	return doc, known
}

// policy stores the document at src as the canonical attribute dst (null when absent).
func (f *fields) policy(dst string, ix *index, b *iac.Block, src string) {
	doc, parts, st := policyDocument(ix, b, src)
	switch st {
	case known:
		f.set(dst, doc)
		// The document's own unknown parts: its value already holds null there.
		for _, p := range parts {
			f.unknown = append(f.unknown, dst+"."+p)
		}
	case unknown:
		f.setUnknown(dst)
	default:
		f.set(dst, nil)
	}
}

// policyDocumentData returns the aws_iam_policy_document data block a reference names, if any.
func (ix *index) policyDocumentData(ref string) *iac.Block {
	for _, s := range []string{".json", ".minified_json"} {
		ref = strings.TrimSuffix(ref, s)
	}
	if d, ok := ix.data[ref]; ok && d.Type == "aws_iam_policy_document" {
		return d
	}
	return nil
}

// normalizePolicy gives a decoded document the inventory's one shape; anything else is unknown.
func normalizePolicy(doc any) (map[string]any, state) {
	m, err := inventory.NormalizePolicyDocument(doc)
	if err != nil {
		return nil, unknown
	}
	return m, known
}

// renderPolicyDocument renders an aws_iam_policy_document data block the way the provider does: the
// statements of source_policy_documents (and source_json), then its own statements, then those of
// override_policy_documents (and override_json); a statement replaces an earlier one with the same sid.
func (ix *index) renderPolicyDocument(d *iac.Block, depth int) (map[string]any, state) {
	for _, p := range []string{"statement", "version", "policy_id", "source_policy_documents",
		"override_policy_documents", "source_json", "override_json"} {
		if unknownWithin(d, p) {
			return nil, unknown
		}
	}
	var stmts []any
	merge := func(add []any) {
	next:
		for _, s := range add {
			if sid, _ := s.(map[string]any)["Sid"].(string); sid != "" {
				for i, old := range stmts {
					if old.(map[string]any)["Sid"] == sid {
						stmts[i] = s
						continue next
					}
				}
			}
			stmts = append(stmts, s)
		}
	}
	mergeDocs := func(attrs ...string) bool {
		for _, a := range attrs {
			docs, _ := getStrings(d, a, false)
			for _, raw := range docs {
				if strings.TrimSpace(raw) == "" {
					continue
				}
				doc, st := ix.documentString(raw, depth)
				if st != known {
					return false
				}
				l, _ := doc["Statement"].([]any)
				merge(l)
			}
		}
		return true
	}

	if !mergeDocs("source_json", "source_policy_documents") {
		return nil, unknown
	}
	merge(renderStatements(d))
	if !mergeDocs("override_json", "override_policy_documents") {
		return nil, unknown
	}
	doc := map[string]any{"Version": "2012-10-17"}
	if v, st := getString(d, "version"); st == known && v != "" {
		doc["Version"] = v
	}
	if v, st := getString(d, "policy_id"); st == known && v != "" {
		doc["Id"] = v
	}
	if stmts == nil {
		stmts = []any{}
	}
	doc["Statement"] = stmts
	return doc, known
}

// renderStatements renders the block's own statement blocks.
func renderStatements(d *iac.Block) []any {
	n, _ := count(d, "statement")
	stmts := make([]any, 0, n)
	for i := 0; i < n; i++ {
		p := "statement." + strconv.Itoa(i) + "."
		s := map[string]any{"Effect": "Allow"}
		if v, st := getString(d, p+"sid"); st == known && v != "" {
			s["Sid"] = v
		}
		if v, st := getString(d, p+"effect"); st == known && v != "" {
			s["Effect"] = v
		}
		for src, dst := range map[string]string{"actions": "Action", "not_actions": "NotAction",
			"resources": "Resource", "not_resources": "NotResource"} {
			if v, st := getStrings(d, p+src, true); st == known && len(v) > 0 {
				s[dst] = v
			}
		}
		for src, dst := range map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"} {
			if pr := renderPrincipals(d, p+src); pr != nil {
				s[dst] = pr
			}
		}
		if c := renderConditions(d, p+"condition"); len(c) > 0 {
			s["Condition"] = c
		}
		stmts = append(stmts, s)
	}
	return stmts
}

// renderPrincipals renders principals blocks: {"AWS": "arn"} or {"AWS": [...]}, and "*" for type "*".
func renderPrincipals(d *iac.Block, path string) any {
	n, _ := count(d, path)
	if n == 0 {
		return nil
	}
	byType := map[string][]string{}
	for i := 0; i < n; i++ {
		p := path + "." + strconv.Itoa(i) + "."
		t, _ := getString(d, p+"type")
		ids, _ := getStrings(d, p+"identifiers", false)
		byType[t] = append(byType[t], ids...)
	}
	if ids, ok := byType["*"]; ok && len(byType) == 1 && len(ids) == 1 && ids[0] == "*" {
		return "*"
	}
	out := map[string]any{}
	for t, ids := range byType {
		out[t] = oneOrList(ids)
	}
	return out
}

// renderConditions renders condition blocks as {test: {variable: values}}.
func renderConditions(d *iac.Block, path string) map[string]any {
	n, _ := count(d, path)
	vals := map[string]map[string][]string{}
	for i := 0; i < n; i++ {
		p := path + "." + strconv.Itoa(i) + "."
		test, _ := getString(d, p+"test")
		variable, _ := getString(d, p+"variable")
		v, _ := getStrings(d, p+"values", false)
		if vals[test] == nil {
			vals[test] = map[string][]string{}
		}
		vals[test][variable] = append(vals[test][variable], v...)
	}
	out := map[string]any{}
	for test, byVar := range vals {
		m := map[string]any{}
		for variable, v := range byVar {
			m[variable] = oneOrList(v)
		}
		out[test] = m
	}
	return out
}

// oneOrList renders one value as a string and several as a sorted list, as the provider does.
func oneOrList(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	out := append([]string{}, v...)
	sort.Strings(out)
	return out
}
