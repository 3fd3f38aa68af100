package evidence

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/reports"
)

func TestPackVerifies(t *testing.T) {
	key := testKey(1)
	p, c := signedPack(t, testRun(t), key)
	v := Verify(c, VerifyOptions{PublicKey: key.Public().(ed25519.PublicKey)})
	assert.Empty(t, v.Problems)
	require.NotNil(t, v.Manifest)
	assert.Equal(t, p.Manifest.Files, v.Manifest.Files)
	// Every file but the manifest and its signature is listed, with its digest.
	var listed []string
	for _, f := range v.Manifest.Files {
		listed = append(listed, f.Path)
		assert.Equal(t, SHA256Hex(c.Data[f.Path]), f.SHA256, f.Path)
	}
	want := slices.DeleteFunc(slices.Clone(c.Paths), func(s string) bool { return s == ManifestFile || s == SignatureFile })
	assert.Equal(t, want, listed)
}

func TestPackReportsFollowTheFormatList(t *testing.T) {
	p, c := signedPack(t, testRun(t), testKey(1))
	var formats []string
	for _, r := range p.Manifest.Reports {
		formats = append(formats, r.Format)
		data, ok := c.Data[r.Path]
		require.True(t, ok, r.Path)
		// Each report file is what reports.New renders for its format from the (redacted) report, which
		// carries the run's start as its time.
		run := testRun(t)
		rep, err := RedactReport(run.Report)
		require.NoError(t, err)
		require.Nil(t, rep.GeneratedAt, "the fixture has no time of its own")
		at := run.StartedAt.UTC()
		rep.GeneratedAt = &at
		rnd, err := reports.New(r.Format, reports.Options{Verbose: true})
		require.NoError(t, err)
		var want bytes.Buffer
		require.NoError(t, rnd.Render(context.Background(), &want, rep))
		assert.Equal(t, want.String(), string(data), r.Format)
	}
	assert.Equal(t, ReportFormats, formats)
}

func TestPackIsDeterministic(t *testing.T) {
	var zips [2]bytes.Buffer
	for i := range zips {
		p, _ := signedPack(t, testRun(t), testKey(1))
		require.NoError(t, WriteZip(&zips[i], p))
	}
	assert.Equal(t, zips[0].Bytes(), zips[1].Bytes())
	c, err := ReadZip(zips[0].Bytes(), "pack.zip", DefaultLimits)
	require.NoError(t, err)
	assert.True(t, slices.IsSorted(c.Paths))
}

func TestVerifyNamesEveryChangedFile(t *testing.T) {
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	_, c := signedPack(t, testRun(t), key)
	for _, path := range c.Paths {
		t.Run(path, func(t *testing.T) {
			for _, at := range []int{0, len(c.Data[path]) / 2, len(c.Data[path]) - 1} {
				tampered := cloneContents(c)
				tampered.Data[path][at] ^= 0x01
				v := Verify(tampered, VerifyOptions{PublicKey: pub})
				require.False(t, v.OK(), "byte %d", at)
				wantPath := path
				if path == SignatureFile {
					wantPath = ManifestFile // the signature check names the manifest it covers
				}
				assert.Contains(t, problemPaths(v), wantPath, "byte %d", at)
			}
		})
	}
}

func TestVerifyNamesAddedAndRemovedFiles(t *testing.T) {
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	_, c := signedPack(t, testRun(t), key)

	added := cloneContents(c)
	added.Paths = append(added.Paths, "reports/extra.txt")
	added.Data["reports/extra.txt"] = []byte("x")
	v := Verify(added, VerifyOptions{PublicKey: pub})
	assert.Equal(t, []Problem{{Kind: ProblemAdded, Path: "reports/extra.txt", Detail: "not listed in the manifest"}}, v.Problems)

	for _, path := range c.Paths {
		removed := cloneContents(c)
		removed.Paths = slices.DeleteFunc(removed.Paths, func(s string) bool { return s == path })
		delete(removed.Data, path)
		v := Verify(removed, VerifyOptions{PublicKey: pub})
		require.False(t, v.OK(), path)
		switch path {
		case SignatureFile:
			assert.Equal(t, ProblemSignature, v.Problems[0].Kind)
		case ManifestFile:
			assert.Contains(t, v.Problems, Problem{Kind: ProblemManifest, Path: ManifestFile, Detail: "missing"})
		default:
			assert.Equal(t, []Problem{{Kind: ProblemRemoved, Path: path, Detail: "listed in the manifest, absent from the pack"}}, v.Problems)
		}
	}
}

func TestVerifySignature(t *testing.T) {
	_, c := signedPack(t, testRun(t), testKey(1))
	v := Verify(c, VerifyOptions{PublicKey: testKey(2).Public().(ed25519.PublicKey)})
	require.Len(t, v.Problems, 1)
	assert.Equal(t, ProblemSignature, v.Problems[0].Kind)

	v = Verify(c, VerifyOptions{})
	assert.True(t, v.OK())
	assert.Contains(t, v.Notes, "signature not checked: give the signer's public key with --pubkey")

	unsigned, err := Build(context.Background(), testRun(t))
	require.NoError(t, err)
	v = Verify(contentsOf(unsigned), VerifyOptions{PublicKey: testKey(1).Public().(ed25519.PublicKey)})
	assert.Equal(t, []Problem{{Kind: ProblemSignature, Path: SignatureFile, Detail: "missing: the pack is not signed"}}, v.Problems)
}

func TestChain(t *testing.T) {
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	_, first := signedPack(t, testRun(t), key)
	prev, err := PreviousOf(first, pub)
	require.NoError(t, err)
	run := testRun(t)
	run.Previous = prev
	_, second := signedPack(t, run, key)

	v := Verify(second, VerifyOptions{PublicKey: pub, Previous: first})
	assert.True(t, v.OK(), "%v", v.Problems)

	// Without --previous the link is reported, not checked.
	v = Verify(second, VerifyOptions{PublicKey: pub})
	assert.True(t, v.OK())
	assert.Contains(t, strings.Join(v.Notes, "\n"), prev.ManifestSHA256)

	// Another pack as the previous one: broken chain.
	other := testRun(t)
	other.VigilVersion = "other"
	_, otherPack := signedPack(t, other, key)
	v = Verify(second, VerifyOptions{PublicKey: pub, Previous: otherPack})
	require.Len(t, v.Problems, 1)
	assert.Equal(t, ProblemChain, v.Problems[0].Kind)
	assert.Equal(t, "previous/manifest.json", v.Problems[0].Path)

	// The right previous pack, with a file changed since: the chain names it.
	tampered := cloneContents(first)
	tampered.Data[WaiversFile][0] ^= 1
	v = Verify(second, VerifyOptions{PublicKey: pub, Previous: tampered})
	assert.Equal(t, []string{"previous/" + WaiversFile}, problemPaths(v))

	// A pack that names no previous one, given one.
	v = Verify(first, VerifyOptions{PublicKey: pub, Previous: first})
	assert.Equal(t, ProblemChain, v.Problems[0].Kind)

	// A pack cannot follow one that does not verify.
	_, err = PreviousOf(tampered, pub)
	assert.ErrorContains(t, err, "does not verify")
}

func TestControlsAndStatementOfApplicability(t *testing.T) {
	_, c := signedPack(t, testRun(t), testKey(1))
	var fe FrameworkEvidence
	require.NoError(t, json.Unmarshal(c.Data["controls/iso27001-2022.json"], &fe))
	cats, err := engine.LoadCatalogs()
	require.NoError(t, err)
	iso := cats[engine.FrameworkISO27001]
	require.Len(t, fe.Controls, len(iso.Controls))
	for _, ctl := range fe.Controls {
		if ctl.ID == "8.13" {
			assert.Equal(t, engine.ControlFailing, ctl.State)
			assert.Equal(t, []string{"S3.1"}, ctl.Rules)
			require.Len(t, ctl.Results, 2)
			assert.Equal(t, "Suspended", ctl.Results[1].Evidence["versioning"])
			assert.Nil(t, ctl.ManualEvidence)
			continue
		}
		require.NotNil(t, ctl.ManualEvidence, ctl.ID)
		assert.Equal(t, engine.ControlManual, ctl.State)
		assert.Equal(t, ManualEvidence{Required: true, Title: ctl.Title}, *ctl.ManualEvidence)
	}

	rows, err := csv.NewReader(bytes.NewReader(c.Data[SoAFile])).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+93, "header and the 93 Annex A controls")
	assert.Equal(t, reports.SoAHeader, rows[0])
	for i, ctl := range iso.Controls {
		row := rows[i+1]
		assert.Equal(t, []string{ctl.ID, ctl.Title, ctl.Group}, row[:3])
		if ctl.ID == "8.13" {
			assert.Equal(t, []string{"yes", "failing", "partly automated", "S3.1", "1", "1", "0", "0", "", ""}, row[3:])
		} else {
			assert.Equal(t, []string{"", "manual evidence required", "manual only", "", "0", "0", "0", "0", "", ""}, row[3:])
		}
	}
}

func TestWaiversInPack(t *testing.T) {
	_, c := signedPack(t, testRun(t), testKey(1))
	var ws []engine.WaiverStatus
	require.NoError(t, json.Unmarshal(c.Data[WaiversFile], &ws))
	require.Len(t, ws, 1)
	assert.Equal(t, "ciso@example.com", ws[0].ApprovedBy)
	assert.Equal(t, "SEC-42", ws[0].Ticket)
	assert.Equal(t, "2027-01-31", ws[0].Expires.Format("2006-01-02"))
}

func TestBuildRedactsEveryFile(t *testing.T) {
	_, c := signedPack(t, testRun(t), testKey(1))
	for _, path := range c.Paths {
		for _, secret := range []string{"AKIAIOSFODNN7PLANTED", "tok-planted-1", "hunter2-planted"} {
			assert.NotContains(t, string(c.Data[path]), secret, path)
		}
	}
	// What is not secret stays: the test would pass on an empty pack otherwise.
	assert.Contains(t, string(c.Data[InventoryFile]), "team-a")
	assert.Contains(t, string(c.Data["reports/report.json"]), "Suspended")
}

func cloneContents(c *Contents) *Contents {
	out := &Contents{Paths: slices.Clone(c.Paths), Data: map[string][]byte{}}
	for k, v := range c.Data {
		out.Data[k] = bytes.Clone(v)
	}
	return out
}

func problemPaths(v *Verification) []string {
	var out []string
	for _, p := range v.Problems {
		out = append(out, p.Path)
	}
	return out
}

// TestWriteZipFileNeverOverwrites: the writer itself refuses to replace a file, whatever its caller checked
// before, and leaves no temporary file behind.
func TestWriteZipFileNeverOverwrites(t *testing.T) {
	p, _ := signedPack(t, testRun(t), testKey(1))
	dir := t.TempDir()
	path := filepath.Join(dir, "pack.zip")
	require.NoError(t, os.WriteFile(path, []byte("last quarter"), 0o644))
	err := WriteZipFile(path, p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "never overwritten")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "last quarter", string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	fresh := filepath.Join(dir, "new.zip")
	require.NoError(t, WriteZipFile(fresh, p))
	c, err := Open(fresh, DefaultLimits)
	require.NoError(t, err)
	assert.True(t, Verify(c, VerifyOptions{}).OK())
}

// TestChainAcrossAKeyRotation: a pack signed with a new key follows one signed with the old key; the chain
// verifies with PreviousPublicKey, and not with the new key alone.
func TestChainAcrossAKeyRotation(t *testing.T) {
	oldKey, newKey := testKey(1), testKey(2)
	oldPub, newPub := oldKey.Public().(ed25519.PublicKey), newKey.Public().(ed25519.PublicKey)
	_, first := signedPack(t, testRun(t), oldKey)
	prev, err := PreviousOf(first, oldPub)
	require.NoError(t, err)
	_, err = PreviousOf(first, newPub)
	require.ErrorContains(t, err, "signature does not verify", "the new key does not vouch for the old pack")
	run := testRun(t)
	run.Previous = prev
	_, second := signedPack(t, run, newKey)

	v := Verify(second, VerifyOptions{PublicKey: newPub, Previous: first, PreviousPublicKey: oldPub})
	assert.True(t, v.OK(), "%v", v.Problems)
	v = Verify(second, VerifyOptions{PublicKey: newPub, Previous: first})
	assert.Equal(t, []string{"previous/" + ManifestFile}, problemPaths(v))
}

// TestRedactReport: a report with nothing secret-like comes back as it is (no copy: the scan's hot path);
// one with a secret in a result's evidence and message comes back as a copy without it, the original
// untouched.
func TestRedactReport(t *testing.T) {
	clean := &engine.Report{Tool: "vigil", Results: []engine.Result{{RuleID: "S3.1", ResourceID: "aws_s3_bucket.a",
		Message: "versioning is off", Evidence: map[string]any{"versioning": map[string]any{"enabled": false}}}}}
	got, err := RedactReport(clean)
	require.NoError(t, err)
	assert.Same(t, clean, got)

	secret := &engine.Report{Tool: "vigil", Results: []engine.Result{{RuleID: "IAM.1", ResourceID: "aws_iam_policy.p",
		Message:  "key AKIAPLANTEDKEY12345X in use",
		Evidence: map[string]any{"condition": map[string]any{"aws:PrincipalTag/api_token": "planted-9f"}}}}}
	got, err = RedactReport(secret)
	require.NoError(t, err)
	require.NotSame(t, secret, got)
	assert.Equal(t, "key "+RedactedMark("AKIAPLANTEDKEY12345X")+" in use", got.Results[0].Message)
	assert.Equal(t, map[string]any{"condition": map[string]any{"aws:PrincipalTag/api_token": Redacted}}, got.Results[0].Evidence)
	assert.Equal(t, "key AKIAPLANTEDKEY12345X in use", secret.Results[0].Message, "the original is not changed")
}
