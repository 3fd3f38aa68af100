package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces a secret-like value in a pack. It matches the scanners' mark for sensitive values.
const Redacted = "(redacted)"

// secretWords are the key-name words that mark a value as a secret. A whole word must match, and it must
// be the name's last word but for valueSuffixes, so "http_tokens" (an IMDS setting), "password_policy"
// and "minimum_password_length" keep their values; and only string values are ever redacted.
var secretWords = map[string]bool{
	"password": true, "passwd": true, "passphrase": true, "pwd": true, "secret": true, "token": true,
	"credential": true, "credentials": true, "apikey": true, "privatekey": true, "accesskey": true,
	"secretkey": true, "sessiontoken": true, "connectionstring": true,
}

// secretPairs are two adjacent words that together name a secret (access_key, private-key, apiKey).
var secretPairs = map[[2]string]bool{
	{"access", "key"}: true, {"secret", "key"}: true, {"private", "key"}: true, {"api", "key"}: true,
	{"auth", "token"}: true, {"connection", "string"}: true, {"master", "password"}: true,
}

// secretValues match values that are secrets whatever key holds them: AWS access key ids (long-term and
// temporary), PEM private keys, and 40-character AWS secret access keys (base64 with both cases and a
// digit, which leaves hex digests alone).
var (
	accessKeyID    = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)
	pemPrivateKey  = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)`)
	base64Secret40 = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+])`)
)

// valueSuffixes may follow a secret word in a name that still holds the secret: access_key_id,
// private_key_pem, password_value.
var valueSuffixes = map[string]bool{
	"id": true, "value": true, "pem": true, "b64": true, "base64": true, "text": true,
	"plain": true, "plaintext": true, "wo": true, "data": true,
}

// SecretKeyName reports whether a key name (an attribute, tag or evidence key) names a secret.
func SecretKeyName(name string) bool {
	if secret, ok := asciiSecretKeyName(name); ok {
		return secret
	}
	words := keyWords(name)
	end := len(words)
	for end > 1 && valueSuffixes[words[end-1]] {
		end--
	}
	if end == 0 {
		return false
	}
	last := words[end-1]
	return secretWords[last] || (end > 1 && secretPairs[[2]string{words[end-2], last}])
}

// asciiSecretKeyName is SecretKeyName for a short ASCII name (every evidence key and attribute name the
// rules write), without building its words: a report asks it for the keys of every result's evidence.
// ok is false for a name it leaves to SecretKeyName.
func asciiSecretKeyName(name string) (secret, ok bool) {
	const maxWords = 16
	if len(name) > 64 {
		return false, false
	}
	var lower [64]byte
	var starts, ends [maxWords]int
	n := 0
	start, prevLower := -1, false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			return false, false
		}
		upper, low, digit := 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9'
		if !upper && !low && !digit || upper && prevLower { // a word ends here
			if start >= 0 {
				if n == maxWords {
					return false, false
				}
				starts[n], ends[n], n = start, i, n+1
				start = -1
			}
			if !upper {
				prevLower = false
				continue
			}
		}
		if start < 0 {
			start = i
		}
		if upper {
			c += 'a' - 'A'
		}
		lower[i] = c
		prevLower = low || digit
	}
	if start >= 0 {
		if n == maxWords {
			return false, false
		}
		starts[n], ends[n], n = start, len(name), n+1
	}
	word := func(k int) []byte { return lower[starts[k]:ends[k]] }
	end := n
	for end > 1 && valueSuffixes[string(word(end-1))] {
		end--
	}
	if end == 0 {
		return false, true
	}
	if secretWords[string(word(end-1))] {
		return true, true
	}
	if end == 1 {
		return false, true
	}
	var pair [2]string // only built for a last word that ends a pair: few do
	if !pairEnds[string(word(end-1))] {
		return false, true
	}
	pair[0], pair[1] = string(word(end-2)), string(word(end-1))
	return secretPairs[pair], true
}

// pairEnds are the last words of secretPairs.
var pairEnds = func() map[string]bool {
	m := map[string]bool{}
	for p := range secretPairs {
		m[p[1]] = true
	}
	return m
}()

// keyWords splits snake_case, kebab-case, dotted and camelCase names into lower-case words.
func keyWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return words
}

// RedactString removes secret-like values (access key ids, private keys, secret access keys) from s.
func RedactString(s string) string {
	if len(s) < 20 {
		return s // shorter than any pattern
	}
	if !mayHoldSecret(s) {
		return s // the common case, without running three expressions
	}
	return redactPatterns(s)
}

// redactPatterns is RedactString without its quick tests.
func redactPatterns(s string) string {
	s = pemPrivateKey.ReplaceAllStringFunc(s, RedactedMark)
	s = accessKeyID.ReplaceAllStringFunc(s, RedactedMark)
	return base64Secret40.ReplaceAllStringFunc(s, func(m string) string {
		sub := base64Secret40.FindStringSubmatchIndex(m)
		cand := m[sub[2]:sub[3]]
		if !mixedBase64(cand) {
			return m
		}
		return m[:sub[2]] + RedactedMark(cand) + m[sub[3]:]
	})
}

// RedactedMark is what replaces a secret found by its shape: "(redacted:" and the first 12 hex digits
// of the secret's SHA-256. The same secret always gives the same mark and two secrets two marks (but
// for one pair in 2^48), so two resources whose ids differ only by an access key id (IAM users named
// after their keys) stay two resources in a report, and keep their ids from one run to the next for a
// baseline or a diff. 48 bits of a digest cannot give back an 80-bit key id, let alone a private key.
func RedactedMark(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "(redacted:" + hex.EncodeToString(sum[:6]) + ")"
}

// mayHoldSecret is a quick test that RedactString's patterns cannot change s: false only when no run of
// base64 characters can be an access key id or a secret access key and s has no PEM private key header.
func mayHoldSecret(s string) bool {
	if strings.Contains(s, "PRIVATE KEY-----") {
		return true
	}
	// Each maximal run of base64 characters: an access key id lies in a run of 20 or more that holds
	// AKIA or ASIA; a secret access key is a run of exactly 40 (the expression's boundaries) with both
	// cases and a digit. Resource ids, fingerprints (hex) and words are neither.
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			if c := s[i]; 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '+' {
				if start < 0 {
					start = i
				}
				continue
			}
		}
		if start < 0 {
			continue
		}
		run := s[start:i]
		start = -1
		if len(run) >= 20 && (strings.Contains(run, "AKIA") || strings.Contains(run, "ASIA")) {
			return true
		}
		if len(run) == 40 && mixedBase64(run) {
			return true
		}
	}
	return false
}

// mixedBase64 tells a generated secret from a word or a hex digest: upper and lower case and a digit.
func mixedBase64(s string) bool {
	var upper, lower, digit bool
	for _, c := range s {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		case '0' <= c && c <= '9':
			digit = true
		}
	}
	return upper && lower && digit
}

// Redact walks a decoded JSON value (maps, slices, strings, numbers, booleans, nil) and returns it with
// every string under a secret-like key replaced by Redacted and every secret-like string value cleaned
// with RedactString. Map keys are cleaned too, since tag keys and evidence keys are data.
func Redact(v any) any {
	out, _ := redact(v, false)
	return out
}

// redact is Redact that also tells whether anything was redacted.
func redact(v any, secretKey bool) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		changed := false
		for k, val := range x {
			rk := RedactString(k)
			rv, c := redact(val, SecretKeyName(k))
			out[rk] = rv
			changed = changed || c || rk != k
		}
		// A {key, value} pair (tag lists in some inputs) takes the secrecy of its key.
		if k, ok := x["key"].(string); ok && SecretKeyName(k) {
			if v, ok := x["value"].(string); ok && v != Redacted {
				out["value"] = Redacted
				changed = true
			}
		}
		return out, changed
	case []any:
		out := make([]any, len(x))
		changed := false
		for i, val := range x {
			var c bool
			out[i], c = redact(val, secretKey)
			changed = changed || c
		}
		return out, changed
	case string:
		if secretKey && x != "" && x != Redacted {
			return Redacted, true
		}
		r := RedactString(x)
		return r, r != x
	default:
		return v, false
	}
}
