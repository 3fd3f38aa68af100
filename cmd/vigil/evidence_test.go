package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/reports"
	"github.com/vigil-audit/vigil/reports/evidence"
)

// newKeyPair runs vigil keygen in a temporary folder and returns the private and public key paths.
func newKeyPair(t *testing.T) (string, string) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "signer")
	code, _, stderr := runVigil(t, "keygen", "-o", name)
	require.Equal(t, exitOK, code, stderr)
	return name, name + ".pub"
}

// makePack runs vigil evidence and returns the pack's path (out, in a temporary folder).
func makePack(t *testing.T, out string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), out)
	if strings.HasSuffix(out, "/") {
		path += "/" // Join drops it, and it is what asks for a folder
	}
	code, _, stderr := runVigil(t, append([]string{"evidence", "-o", path}, args...)...)
	require.Equal(t, exitOK, code, stderr)
	return path
}

func verifyPack(t *testing.T, args ...string) (int, string) {
	t.Helper()
	code, stdout, stderr := runVigil(t, append([]string{"evidence", "verify"}, args...)...)
	return code, stdout + stderr
}

// rewriteZip writes a copy of the zip at src with its entries changed by edit (nil data drops an entry).
func rewriteZip(t *testing.T, src string, edit func(files map[string][]byte, paths []string) []string) string {
	t.Helper()
	c, err := evidence.Open(src, evidence.DefaultLimits)
	require.NoError(t, err)
	paths := edit(c.Data, slices.Clone(c.Paths))
	dst := filepath.Join(t.TempDir(), "tampered.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range paths {
		w, err := zw.Create(p)
		require.NoError(t, err)
		_, err = w.Write(c.Data[p])
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(dst, buf.Bytes(), 0o644))
	return dst
}

// TestEvidencePackOfTheExamplesVerifies: packs of both examples, as a zip and as a folder, verify with
// the signer's key and hold what the manifest says: every report format of the pack's list, the digest
// of every Terraform file of the example and of vigil.hcl, the DR posture where objectives are declared,
// and a Statement of Applicability with the 93 Annex A controls.
func TestEvidencePackOfTheExamplesVerifies(t *testing.T) {
	priv, pub := newKeyPair(t)
	for _, example := range []string{"../../examples/terraform", "../../examples/dr"} {
		for _, out := range []string{"pack.zip", "pack/"} {
			t.Run(filepath.Base(example)+" "+out, func(t *testing.T) {
				pack := makePack(t, out, example, "--framework", "iso27001-2022", "--sign-key", priv)
				code, output := verifyPack(t, pack, "--pubkey", pub)
				require.Equal(t, exitOK, code, output)
				assert.Contains(t, output, "verified: every file matches the manifest, signed by key sha256:")

				fi, err := os.Stat(pack)
				require.NoError(t, err)
				assert.Equal(t, strings.HasSuffix(out, "/"), fi.IsDir())
				c, err := evidence.Open(pack, evidence.DefaultLimits)
				require.NoError(t, err)
				m, err := evidence.ParseManifest(c.Data[evidence.ManifestFile])
				require.NoError(t, err)
				assert.True(t, m.Complete)
				assert.Equal(t, []string{"iso27001-2022"}, m.Frameworks)
				assert.False(t, m.FinishedAt.Before(m.StartedAt))
				assert.Len(t, m.RuleSet.SHA256, 64)
				assert.Positive(t, m.RuleSet.Rules)

				var formats []string
				for _, r := range m.Reports {
					formats = append(formats, r.Format)
					assert.NotEmpty(t, c.Data[r.Path], r.Path)
				}
				assert.Equal(t, evidence.ReportFormats, formats)

				var want, got []string
				require.NoError(t, filepath.WalkDir(example, func(p string, d fs.DirEntry, err error) error {
					// Every file of the example is an input (the configuration may read any with
					// file()), but vigil.hcl, which is the config.
					if err == nil && !d.IsDir() && d.Name() != "vigil.hcl" {
						want = append(want, filepath.ToSlash(p))
					}
					return err
				}))
				for _, in := range m.Inputs {
					got = append(got, in.Path)
				}
				assert.ElementsMatch(t, want, got)

				_, hasDR := c.Data[evidence.DRFile]
				if filepath.Base(example) == "dr" {
					require.NotNil(t, m.Config)
					assert.Equal(t, example+"/vigil.hcl", m.Config.Path)
					assert.True(t, hasDR)
				} else {
					assert.Nil(t, m.Config)
					assert.False(t, hasDR)
				}
				rows, err := csv.NewReader(bytes.NewReader(c.Data[evidence.SoAFile])).ReadAll()
				require.NoError(t, err)
				assert.Len(t, rows, 94)
			})
		}
	}
}

// TestEvidenceVerifyNamesEachTamperedFile: changing one byte of any file of a signed pack, adding a
// file or removing one makes verify exit 1 and name the file.
func TestEvidenceVerifyNamesEachTamperedFile(t *testing.T) {
	priv, pub := newKeyPair(t)
	pack := makePack(t, "pack.zip", "../../examples/dr", "--sign-key", priv)
	c, err := evidence.Open(pack, evidence.DefaultLimits)
	require.NoError(t, err)
	require.Contains(t, c.Paths, evidence.SignatureFile)
	for _, path := range c.Paths {
		t.Run("change "+path, func(t *testing.T) {
			tampered := rewriteZip(t, pack, func(files map[string][]byte, paths []string) []string {
				files[path][len(files[path])/2] ^= 0x20
				return paths
			})
			code, output := verifyPack(t, tampered, "--pubkey", pub)
			assert.Equal(t, exitGateFail, code, output)
			named := path
			if path == evidence.SignatureFile {
				named = evidence.ManifestFile // "signature: manifest.json: signature does not verify ..."
			}
			assert.Contains(t, output, ": "+named+":")
		})
		if path == evidence.ManifestFile || path == evidence.SignatureFile {
			continue
		}
		t.Run("remove "+path, func(t *testing.T) {
			tampered := rewriteZip(t, pack, func(_ map[string][]byte, paths []string) []string {
				return slices.DeleteFunc(paths, func(p string) bool { return p == path })
			})
			code, output := verifyPack(t, tampered, "--pubkey", pub)
			assert.Equal(t, exitGateFail, code, output)
			assert.Contains(t, output, "removed: "+path+":")
		})
	}
	tampered := rewriteZip(t, pack, func(files map[string][]byte, paths []string) []string {
		files["reports/notes.txt"] = []byte("added later")
		return append(paths, "reports/notes.txt")
	})
	code, output := verifyPack(t, tampered, "--pubkey", pub)
	assert.Equal(t, exitGateFail, code, output)
	assert.Contains(t, output, "added: reports/notes.txt:")

	// The same on a folder pack: one file changed, one added, one removed, all named at once.
	dir := makePack(t, "pack/", "../../examples/dr", "--sign-key", priv)
	report := filepath.Join(dir, "reports", "report.json")
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	data[10] ^= 0x20
	require.NoError(t, os.WriteFile(report, data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "extra.json"), []byte("{}"), 0o644))
	require.NoError(t, os.Remove(filepath.Join(dir, evidence.WaiversFile)))
	code, output = verifyPack(t, dir, "--pubkey", pub)
	assert.Equal(t, exitGateFail, code, output)
	for _, want := range []string{"changed: reports/report.json:", "added: extra.json:", "removed: waivers.json:"} {
		assert.Contains(t, output, want)
	}
}

func TestEvidenceVerifyWrongKey(t *testing.T) {
	priv, _ := newKeyPair(t)
	_, otherPub := newKeyPair(t)
	pack := makePack(t, "pack.zip", "../../examples/dr", "--sign-key", priv)
	code, output := verifyPack(t, pack, "--pubkey", otherPub)
	assert.Equal(t, exitGateFail, code, output)
	assert.Contains(t, output, "signature: manifest.json: signature does not verify with key")
}

func TestEvidenceChain(t *testing.T) {
	priv, pub := newKeyPair(t)
	first := makePack(t, "q3.zip", "../../examples/dr", "--sign-key", priv)
	second := makePack(t, "q4/", "../../examples/dr", "--sign-key", priv, "--previous", first)
	unrelated := makePack(t, "other.zip", "../../examples/terraform", "--sign-key", priv)

	code, output := verifyPack(t, second, "--pubkey", pub, "--previous", first)
	assert.Equal(t, exitOK, code, output)
	assert.Contains(t, output, "chained to the previous pack")

	code, output = verifyPack(t, second, "--pubkey", pub)
	assert.Equal(t, exitOK, code, output)
	assert.Contains(t, output, "note: chained to a previous manifest with sha256 ")

	code, output = verifyPack(t, second, "--pubkey", pub, "--previous", unrelated)
	assert.Equal(t, exitGateFail, code, output)
	assert.Contains(t, output, "chain: previous/manifest.json: sha256 ")

	// The previous pack changed after the new one was chained to it.
	changed := rewriteZip(t, first, func(files map[string][]byte, paths []string) []string {
		files[evidence.InventoryFile][5] ^= 0x20
		return paths
	})
	code, output = verifyPack(t, second, "--pubkey", pub, "--previous", changed)
	assert.Equal(t, exitGateFail, code, output)
	assert.Contains(t, output, "chain: previous/inventory.json:")

	// A pack cannot be chained to one that does not verify.
	code, _, stderr := runVigil(t, "evidence", "../../examples/dr", "-o", filepath.Join(t.TempDir(), "p.zip"), "--previous", changed)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "the previous pack does not verify: changed: inventory.json")
}

// TestEvidenceChainChecksThePreviousSignature: a signed pack vouches for the pack it follows by naming its
// manifest, so the previous pack's signature is checked first: a previous pack whose manifest was edited
// and rehashed (its files consistent again, its signature not) is refused, with the signing key or, after a
// key rotation, with --previous-pubkey; verify takes --previous-pubkey for such a chain too.
func TestEvidenceChainChecksThePreviousSignature(t *testing.T) {
	oldPriv, oldPub := newKeyPair(t)
	newPriv, newPub := newKeyPair(t)
	first := makePack(t, "q3.zip", "../../examples/dr", "--framework", "iso27001-2022", "--sign-key", oldPriv)

	// Edit a report of the previous pack and its digest in the manifest: every file matches the
	// manifest again, only the signature tells.
	edited := rewriteZip(t, first, func(files map[string][]byte, paths []string) []string {
		report := append(slices.Clone(files["reports/report.md"]), "\nall controls pass\n"...)
		files["reports/report.md"] = report
		m, err := evidence.ParseManifest(files[evidence.ManifestFile])
		require.NoError(t, err)
		for i, f := range m.Files {
			if f.Path == "reports/report.md" {
				m.Files[i].SHA256, m.Files[i].Size = evidence.SHA256Hex(report), int64(len(report))
			}
		}
		files[evidence.ManifestFile], err = json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		return paths
	})
	code, out := verifyPack(t, edited)
	require.Equal(t, exitOK, code, "without a key the edit does not show: %s", out)

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"edited, same key", []string{"--sign-key", oldPriv, "--previous", edited}, "signature does not verify"},
		{"edited, rotated key", []string{"--sign-key", newPriv, "--previous", edited, "--previous-pubkey", oldPub}, "signature does not verify"},
		{"rotated key not named", []string{"--sign-key", newPriv, "--previous", first}, "give its public key with --previous-pubkey"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"evidence", "../../examples/dr", "--framework", "iso27001-2022", "-o", filepath.Join(t.TempDir(), "q4.zip")}, tt.args...)
			code, _, stderr := runVigil(t, args...)
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, tt.want)
		})
	}

	rotated := makePack(t, "q4.zip", "../../examples/dr", "--framework", "iso27001-2022", "--sign-key", newPriv,
		"--previous", first, "--previous-pubkey", oldPub)
	code, out = verifyPack(t, rotated, "--pubkey", newPub, "--previous", first, "--previous-pubkey", oldPub)
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "chained to the previous pack")
	code, out = verifyPack(t, rotated, "--pubkey", newPub, "--previous", first)
	assert.Equal(t, exitGateFail, code, out)
	assert.Contains(t, out, "chain: previous/manifest.json: signature does not verify")
}

func TestEvidenceVerifyUnreadableInput(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "not.zip")
	require.NoError(t, os.WriteFile(notZip, []byte("hello"), 0o644))
	var slip bytes.Buffer
	zw := zip.NewWriter(&slip)
	_, err := zw.Create("../../escape.json")
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	slipZip := filepath.Join(dir, "slip.zip")
	require.NoError(t, os.WriteFile(slipZip, slip.Bytes(), 0o644))
	priv, _ := newKeyPair(t)
	pack := makePack(t, "pack.zip", "../../examples/dr", "--sign-key", priv)

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"missing pack", []string{filepath.Join(dir, "missing.zip")}, "no such file"},
		{"not a zip", []string{notZip}, "not a zip archive"},
		{"zip slip", []string{slipZip}, `entry "../../escape.json": not a clean relative path`},
		{"bad public key", []string{pack, "--pubkey", priv}, `not a PEM "PUBLIC KEY" block`},
		{"unreadable previous", []string{pack, "--previous", notZip}, "--previous: unreadable evidence pack"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, output := verifyPack(t, tt.args...)
			assert.Equal(t, exitUntrusted, code, output)
			assert.Contains(t, output, tt.want)
		})
	}
}

// plantedSecrets are the secrets of testdata/evidence_secrets.
var plantedSecrets = []string{
	"Pl4nted-DB-Passw0rd-sensitive", "planted-api-token-93jd", "AKIAPLANTEDKEY12345X",
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY", "Literal-Attr-Passw0rd-planted", "Literal-Tag-Passw0rd-planted",
	"AKIAPLANTEDCOND0042X", "planted-cond-token-61ab",
}

// TestEvidencePackHoldsNoSecret plants secrets in a sensitive variable, in non-sensitive variables set
// from terraform.tfvars (under a tag named like a secret: ApiToken; by shape: an access key id, a secret
// access key), and literally in resource attributes, tags and policy conditions, then reads every file of
// the pack, zip and folder, decompressed, for each of them.
func TestEvidencePackHoldsNoSecret(t *testing.T) {
	planted := plantedSecrets
	priv, _ := newKeyPair(t)
	for _, out := range []string{"pack.zip", "pack/"} {
		t.Run(out, func(t *testing.T) {
			pack := makePack(t, out, "testdata/evidence_secrets", "--sign-key", priv)
			c, err := evidence.Open(pack, evidence.DefaultLimits)
			require.NoError(t, err)
			require.NotEmpty(t, c.Paths)
			var all strings.Builder
			for _, p := range c.Paths {
				for _, secret := range planted {
					assert.NotContains(t, string(c.Data[p]), secret, p)
				}
				all.Write(c.Data[p])
			}
			// The tags the secrets sat in are in the pack, so the test reads where they would be.
			assert.Contains(t, all.String(), "visible-marker-7f3a")
			assert.Contains(t, all.String(), `"ApiToken": "(redacted)"`)
		})
	}
}

func TestKeygen(t *testing.T) {
	name := filepath.Join(t.TempDir(), "k")
	code, _, stderr := runVigil(t, "keygen", "-o", name)
	require.Equal(t, exitOK, code, stderr)
	fi, err := os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	privPEM, err := os.ReadFile(name)
	require.NoError(t, err)
	pubPEM, err := os.ReadFile(name + ".pub")
	require.NoError(t, err)
	priv, err := evidence.ParsePrivateKey(privPEM)
	require.NoError(t, err)
	pub, err := evidence.ParsePublicKey(pubPEM)
	require.NoError(t, err)
	assert.Equal(t, priv.Public(), pub)

	code, _, stderr = runVigil(t, "keygen", "-o", name)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "file exists")
	after, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, privPEM, after, "keygen never overwrites a key")
}

func TestEvidenceSignKeyFromEnvironment(t *testing.T) {
	priv, pub := newKeyPair(t)
	key, err := os.ReadFile(priv)
	require.NoError(t, err)
	t.Setenv(signKeyEnv, string(key))
	pack := makePack(t, "pack.zip", "../../examples/dr")
	code, output := verifyPack(t, pack, "--pubkey", pub)
	assert.Equal(t, exitOK, code, output)

	t.Setenv(signKeyEnv, "not a key")
	code, _, stderr := runVigil(t, "evidence", "../../examples/dr", "-o", filepath.Join(t.TempDir(), "p.zip"))
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "$VIGIL_SIGN_KEY: not a PEM")
	assert.NotContains(t, stderr, "not a key")
}

// TestEvidenceInputsAndRuleSet: the manifest names each input with its digest, whatever the source (a
// Terraform tree with a custom policy folder, a plan, a saved inventory), and its rule-set digest
// covers the custom policies loaded and changes with them.
func TestEvidenceInputsAndRuleSet(t *testing.T) {
	manifestOf := func(t *testing.T, args ...string) *evidence.Manifest {
		t.Helper()
		pack := makePack(t, "pack.zip", args...)
		c, err := evidence.Open(pack, evidence.DefaultLimits)
		require.NoError(t, err)
		m, err := evidence.ParseManifest(c.Data[evidence.ManifestFile])
		require.NoError(t, err)
		return m
	}
	digest := func(t *testing.T, path string) string {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		return evidence.SHA256Hex(data)
	}
	builtin := manifestOf(t, "testdata/evidence_secrets")
	custom := manifestOf(t, "testdata/evidence_secrets", "--policy", "testdata/evidence_policy")
	assert.NotEqual(t, builtin.RuleSet.SHA256, custom.RuleSet.SHA256)
	assert.Equal(t, builtin.RuleSet.Rules+1, custom.RuleSet.Rules)
	assert.Equal(t, []string{"testdata/evidence_policy"}, custom.RuleSet.PolicyDirs)
	assert.Contains(t, custom.RuleSet.Files, evidence.FileDigest{Path: "testdata/evidence_policy/owner_tag.rego",
		SHA256: digest(t, "testdata/evidence_policy/owner_tag.rego"), Size: fileSize(t, "testdata/evidence_policy/owner_tag.rego")})
	assert.Equal(t, []evidence.Input{
		{Kind: "terraform", Path: "testdata/evidence_secrets/main.tf", SHA256: digest(t, "testdata/evidence_secrets/main.tf"), Size: fileSize(t, "testdata/evidence_secrets/main.tf")},
		{Kind: "tfvars", Path: "testdata/evidence_secrets/terraform.tfvars", SHA256: digest(t, "testdata/evidence_secrets/terraform.tfvars"), Size: fileSize(t, "testdata/evidence_secrets/terraform.tfvars")},
	}, custom.Inputs)

	const plan = "../../scanners/plan/testdata/equiv/plan.json"
	m := manifestOf(t, "--plan", plan)
	assert.Equal(t, []evidence.Input{{Kind: "plan", Path: plan, SHA256: digest(t, plan), Size: fileSize(t, plan)}}, m.Inputs)

	const inv = "testdata/custom_rules/trail.inventory.json"
	m = manifestOf(t, "--inventory", inv)
	assert.Equal(t, []evidence.Input{{Kind: "inventory", Path: inv, SHA256: digest(t, inv), Size: fileSize(t, inv)}}, m.Inputs)

	// Shards of one collection (--inventory repeated): each file is an input.
	const shard = "testdata/dr_live/inventory.json"
	m = manifestOf(t, "--inventory", inv, "--inventory", shard)
	assert.Equal(t, []evidence.Input{
		{Kind: "inventory", Path: inv, SHA256: digest(t, inv), Size: fileSize(t, inv)},
		{Kind: "inventory", Path: shard, SHA256: digest(t, shard), Size: fileSize(t, shard)},
	}, m.Inputs)
	assert.Empty(t, builtin.Variables, "no variable set outside the files")
}

// TestEvidenceNamesVariablesSetOutsideFiles: --var and TF_VAR_ values change what the Terraform files
// mean but are no file to digest, so the manifest names them and where they came from, never their values.
func TestEvidenceNamesVariablesSetOutsideFiles(t *testing.T) {
	t.Setenv("TF_VAR_note", "env-value-5d1c")
	pack := makePack(t, "pack/", "testdata/evidence_secrets", "--var", "api_token=flag-value-0e7b")
	raw, err := os.ReadFile(filepath.Join(pack, evidence.ManifestFile))
	require.NoError(t, err)
	m, err := evidence.ParseManifest(raw)
	require.NoError(t, err)
	assert.Equal(t, []evidence.Variable{
		{Name: "api_token", Source: evidence.VariableFromFlag},
		{Name: "note", Source: evidence.VariableFromEnvironment},
	}, m.Variables)
	assert.NotContains(t, string(raw), "flag-value-0e7b")
	assert.NotContains(t, string(raw), "env-value-5d1c")
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Size()
}

// TestEvidenceIncompleteInput: a file that does not parse still gives a pack, which says it is
// incomplete and why, and the run exits 2.
func TestEvidenceIncompleteInput(t *testing.T) {
	pack := filepath.Join(t.TempDir(), "pack.zip")
	code, _, stderr := runVigil(t, "evidence", "testdata/syntax_error", "-o", pack)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "bad.tf:")
	assert.Contains(t, stderr, "the pack says it is incomplete")
	code, output := verifyPack(t, pack)
	assert.Equal(t, exitOK, code, output)
	assert.Contains(t, output, "note: the scan was incomplete")
	c, err := evidence.Open(pack, evidence.DefaultLimits)
	require.NoError(t, err)
	m, err := evidence.ParseManifest(c.Data[evidence.ManifestFile])
	require.NoError(t, err)
	assert.False(t, m.Complete)
	assert.NotEmpty(t, m.Incomplete)
}

func TestEvidenceFlags(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{"evidence", "../../examples/dr"}, "--output is required"},
		{"bad framework", []string{"evidence", "../../examples/dr", "-o", "x.zip", "--framework", "sox"}, `invalid --framework "sox"`},
		{"missing key", []string{"evidence", "../../examples/dr", "-o", "x.zip", "--sign-key", "nope.pem"}, "read --sign-key nope.pem"},
		{"keygen without name", []string{"keygen"}, "--output NAME is required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runVigil(t, tt.args...)
			assert.Equal(t, exitUntrusted, code)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

// TestEvidenceNeverOverwritesAPack: an existing zip is never replaced, above all the --previous pack the new
// one is to follow (the chain would name a manifest that no longer exists), and a folder must be empty; each
// refused before anything is scanned, with exit 2, the existing pack left byte for byte. So is a zip whose
// folder does not exist.
func TestEvidenceNeverOverwritesAPack(t *testing.T) {
	pack := makePack(t, "q3.zip", "../../examples/dr", "--framework", "iso27001-2022")
	before, err := os.ReadFile(pack)
	require.NoError(t, err)
	folder := makePack(t, "q3/", "../../examples/dr", "--framework", "iso27001-2022")

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"the same name again", []string{"-o", pack}, "the file exists; vigil never overwrites an evidence pack"},
		{"over the pack it chains to", []string{"-o", pack, "--previous", pack}, "the file exists"},
		{"a folder that holds a pack", []string{"-o", folder}, "the folder is not empty"},
		{"a zip in no folder", []string{"-o", filepath.Join(t.TempDir(), "missing", "q4.zip")}, "does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runVigil(t, append([]string{"evidence", "../../examples/dr", "--framework", "iso27001-2022"}, tt.args...)...)
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, tt.want)
			assert.NotContains(t, stderr, "evidence pack written")
			after, err := os.ReadFile(pack)
			require.NoError(t, err)
			assert.Equal(t, before, after, "the existing pack is untouched")
		})
	}
	code, out := verifyPack(t, folder)
	assert.Equal(t, exitOK, code, out)
}

// TestScanReportsHoldNoSecret: the reports vigil scan and vigil report write, in every format, hold none of
// the planted secrets either, though a rule's evidence quotes the policy conditions that carry two of them.
func TestScanReportsHoldNoSecret(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "saved.json")
	code, _, stderr := runVigil(t, "scan", "testdata/evidence_secrets", "--format", "json", "-o", saved)
	require.Equal(t, exitOK, code, stderr)
	for _, format := range reports.Formats() {
		for _, cmd := range [][]string{
			{"scan", "testdata/evidence_secrets"},
			{"report", saved},
		} {
			t.Run(cmd[0]+"/"+format, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "report."+format)
				code, _, stderr := runVigil(t, append(cmd, "--format", format, "-o", out)...)
				require.Equal(t, exitOK, code, stderr)
				data, err := os.ReadFile(out)
				require.NoError(t, err)
				for _, secret := range plantedSecrets {
					assert.NotContains(t, string(data), secret)
				}
			})
		}
	}
	// The conditions are in the report, so the test reads where the secrets would be.
	data, err := os.ReadFile(saved)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"sts:ExternalId": "`+evidence.RedactedMark("AKIAPLANTEDCOND0042X")+`"`, "found by its shape")
	assert.Contains(t, string(data), `"aws:PrincipalTag/api_token": "(redacted)"`)
}

// TestEvidenceListsFilesTheConfigurationReads: a policy document read with file() decides a result (IAM.1
// fails on it), so the manifest lists its digest among the inputs, as a file.
func TestEvidenceListsFilesTheConfigurationReads(t *testing.T) {
	const root = "testdata/evidence_file_read"
	pack := makePack(t, "pack/", root)
	raw, err := os.ReadFile(filepath.Join(pack, evidence.ManifestFile))
	require.NoError(t, err)
	m, err := evidence.ParseManifest(raw)
	require.NoError(t, err)
	doc := root + "/policies/admin.json"
	data, err := os.ReadFile(doc)
	require.NoError(t, err)
	assert.Contains(t, m.Inputs, evidence.Input{Kind: evidence.KindFile, Path: doc, SHA256: evidence.SHA256Hex(data), Size: int64(len(data))})
	report, err := os.ReadFile(filepath.Join(pack, "reports", "report.csv"))
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^IAM\.1,[^,]*,critical,fail,`, string(report), "the document decides a result")
}

// TestReportOfASavedReportIsTheSame: a report whose resource ids redaction changes is ordered by the ids
// it shows, so that `vigil report` of it writes the same bytes again (the json format otherwise redacts
// the results as it writes them, ordered before: "user/AKIA…" sorts after "user/1plain", its redaction
// "user/(redacted:…)" before). Two users named after two access keys stay two users: with one mark for
// every secret, the saved report held two results of a rule for "user/(redacted)", which `vigil report`
// refused.
func TestReportOfASavedReportIsTheSame(t *testing.T) {
	dir := t.TempDir()
	saved, again := filepath.Join(dir, "saved.json"), filepath.Join(dir, "again.json")
	code, _, stderr := runVigil(t, "scan", "--inventory", "testdata/secret_ids/inventory.json", "--format", "json", "-o", saved)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = runVigil(t, "report", saved, "--format", "json", "-o", again)
	require.Equal(t, exitOK, code, stderr)
	first, err := os.ReadFile(saved)
	require.NoError(t, err)
	second, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.NotContains(t, string(first), "AKIA")
	for _, key := range []string{"AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"} {
		assert.Contains(t, string(first), `"resource_id": "arn:aws:iam::123456789012:user/`+evidence.RedactedMark(key)+`"`)
	}
	assert.Equal(t, string(first), string(second))
}
