package terraform

import "github.com/vigil-audit/vigil/inventory"

// renderPolicyDocument returns the json and minified_json attributes of an aws_iam_policy_document whose
// evaluated arguments (as attrsToGo returns them) are all known; ok is false otherwise, or when a source
// document cannot be read. The rendering is inventory's, shared with the adapters.
func renderPolicyDocument(attrs map[string]any, unknown []string) (pretty, minified string, ok bool) {
	if len(unknown) > 0 {
		return "", "", false
	}
	doc, err := inventory.RenderPolicyDocument(attrs, nil)
	if err != nil {
		return "", "", false
	}
	pretty, minified, err = doc.JSON()
	return pretty, minified, err == nil
}

// renderPartialPolicyDocument renders an aws_iam_policy_document some of whose arguments are unknown
// (inventory.RenderPartialPolicyDocument); nil when its structure is not known.
func renderPartialPolicyDocument(attrs map[string]any, unknown []string) *partialDoc {
	doc, parts, ok := inventory.RenderPartialPolicyDocument(attrs, unknown)
	if !ok {
		return nil
	}
	return &partialDoc{v: doc, unknown: parts}
}
