package evidence

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"testing"
)

// FuzzReadZip feeds arbitrary bytes to the pack reader and, when they read, to the verifier: neither may
// panic, and whatever reads holds only clean relative names within the caps.
func FuzzReadZip(f *testing.F) {
	p, err := Build(context.Background(), testRun(f))
	if err != nil {
		f.Fatal(err)
	}
	if err := p.Sign(testKey(1)); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteZip(&buf, p); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	lim := Limits{Entries: 64, FileBytes: 1 << 20, TotalBytes: 4 << 20}
	pub := testKey(1).Public().(ed25519.PublicKey)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadZip(data, "fuzz.zip", lim)
		if err != nil {
			return
		}
		var total int
		for _, name := range c.Paths {
			if checkName(name) != nil {
				t.Fatalf("read an unclean name %q", name)
			}
			total += len(c.Data[name])
		}
		if len(c.Paths) > lim.Entries || int64(total) > lim.TotalBytes {
			t.Fatalf("caps exceeded: %d entries, %d bytes", len(c.Paths), total)
		}
		Verify(c, VerifyOptions{PublicKey: pub, Previous: c})
	})
}

// FuzzParseManifest: any bytes either parse into a manifest whose file paths are clean, or are refused.
func FuzzParseManifest(f *testing.F) {
	p, err := Build(context.Background(), testRun(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(p.ManifestBytes())
	f.Add([]byte(`{"schema":"vigil.evidence/v1","files":[{"path":"a/b","sha256":"` + SHA256Hex(nil) + `"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data)
		if err != nil {
			return
		}
		for _, fd := range m.Files {
			if checkName(fd.Path) != nil || !isSHA256Hex(fd.SHA256) {
				t.Fatalf("accepted file %q with digest %q", fd.Path, fd.SHA256)
			}
		}
	})
}
