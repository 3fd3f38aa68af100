package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Named is an inventory with the name of the file it was read from, for Merge's errors.
type Named struct {
	Name      string
	Inventory *Inventory
}

// Merge combines inventories read from several files (the shards of an organisation collected on
// several machines) into one: their sources concatenated in order (a source listed identically by two
// files once), their resources together. Live resource ids are account- and region-qualified ARNs, so
// shards should not share one; when two files do hold the same id, the resource is kept once if both
// hold the same resource (the same JSON encoding), and otherwise Merge fails naming both files: picking
// one would judge a resource by a collection the user did not choose. GeneratedAt is the latest of the
// files' (a saved collection is judged as of its newest part: an older shard's recovery points are then
// judged older, never fresher, than they were). An incomplete shard leaves a source with errors, so the
// merged inventory is incomplete too.
func Merge(parts []Named) (*Inventory, error) {
	if len(parts) == 1 {
		return parts[0].Inventory, nil
	}
	out := New()
	byID := map[string]*merged{}
	var sourceKeys [][]byte
	for _, p := range parts {
		inv := p.Inventory
		if inv.GeneratedAt != nil && (out.GeneratedAt == nil || inv.GeneratedAt.After(*out.GeneratedAt)) {
			out.GeneratedAt = inv.GeneratedAt
		}
		for _, s := range inv.Sources {
			key, err := json.Marshal(s)
			if err != nil {
				return nil, fmt.Errorf("%s: source %s: %w", p.Name, s.Path, err)
			}
			if slices.ContainsFunc(sourceKeys, func(k []byte) bool { return bytes.Equal(k, key) }) {
				continue
			}
			sourceKeys = append(sourceKeys, key)
			out.Sources = append(out.Sources, s)
		}
		for _, r := range inv.Resources {
			prev, dup := byID[r.ID]
			if !dup {
				byID[r.ID] = &merged{file: p.Name, index: len(out.Resources)}
				out.Resources = append(out.Resources, r)
				continue
			}
			if err := prev.differs(out.Resources[prev.index], r); err != nil {
				return nil, fmt.Errorf("resource id %q is in %s and in %s %w: collect each account and region into one file only, or remove one of them",
					r.ID, prev.file, p.Name, err)
			}
		}
	}
	out.Normalize()
	return out, nil
}

// merged is a resource already merged: the file it came from, its index, and its JSON encoding, computed
// only when its id repeats.
type merged struct {
	file    string
	index   int
	encoded []byte
}

// differs returns an error saying how r differs from the merged resource m, nil when it does not.
func (m *merged) differs(kept, r Resource) error {
	if m.encoded == nil {
		enc, err := json.Marshal(kept)
		if err != nil {
			return fmt.Errorf("(which cannot be compared: %w)", err)
		}
		m.encoded = enc
	}
	enc, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("(which cannot be compared: %w)", err)
	}
	if bytes.Equal(m.encoded, enc) {
		return nil
	}
	if kept.Type != r.Type {
		return fmt.Errorf("with different contents (type %s and %s)", kept.Type, r.Type)
	}
	return errors.New("with different contents")
}
