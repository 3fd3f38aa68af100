package aws

import (
	"errors"
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
		return ix.renderPolicyDocument(d, depth+1)
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

// renderPolicyDocument renders an aws_iam_policy_document data block the way the provider does
// (inventory.RenderPolicyDocument), following a source or override document that refers to another such
// block. It is unknown when any argument, or a document it merges, is.
func (ix *index) renderPolicyDocument(d *iac.Block, depth int) (map[string]any, state) {
	for _, p := range []string{"statement", "version", "policy_id", "source_policy_documents",
		"override_policy_documents", "source_json", "override_json"} {
		if unknownWithin(d, p) {
			return nil, unknown
		}
	}
	doc, err := inventory.RenderPolicyDocument(d.Attrs, func(s string) (map[string]any, error) {
		doc, st := ix.documentString(s, depth)
		if st != known {
			return nil, errUnknownDocument
		}
		return doc, nil
	})
	if err != nil {
		return nil, unknown
	}
	_, minified, err := doc.JSON()
	if err != nil {
		return nil, unknown
	}
	return parsePolicy(minified)
}

// errUnknownDocument stops a rendering whose source or override document is unknown.
var errUnknownDocument = errors.New("policy document unknown")
