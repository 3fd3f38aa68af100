// Package jsondup finds duplicate object keys in a JSON document. encoding/json (and every decoder vigil
// uses) keeps the last of two equal keys without a word, so `"errors": [...], "errors": []` in a saved
// inventory, report or plan would silently drop what the first one says. Documents vigil reads back are
// checked with Check once they are known to be JSON.
package jsondup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Error is a duplicate key: Pointer is the JSON pointer (RFC 6901) of the object member that repeats a
// key, Line and Column (1-based, in bytes) where the repeated key starts, FirstLine/FirstColumn where
// the first one does.
type Error struct {
	Key                    string
	Pointer                string
	Line, Column           int
	FirstLine, FirstColumn int
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s: %s", e.Line, e.Column, e.Pointer, e.Message())
}

// Message says what is wrong, without the pointer and the leading position.
func (e *Error) Message() string {
	return fmt.Sprintf("duplicate key %s at line %d, column %d (the first is at line %d, column %d): a JSON decoder keeps only the last, silently",
		strconv.Quote(e.Key), e.Line, e.Column, e.FirstLine, e.FirstColumn)
}

// smallObject is how many keys an object may have before its keys go to a map: most objects are
// small, and a linear search over them costs less than a map each.
const smallObject = 16

// maxDepth is the deepest nesting encoding/json accepts: a document nested deeper is not JSON to the
// decoders, so Check stops there rather than hold a frame for each of a gigabyte of '['.
const maxDepth = 10000

// frame is an open object or array.
type frame struct {
	object bool
	index  int    // arrays: index of the next element
	key    []byte // objects: the (unescaped) key of the member being read
	// keyRead: the member's key has been read and its value is pending.
	keyRead bool
	// keys seen so far with their offsets: a slice while small, a map beyond.
	small []keyAt
	large map[string]int
}

type keyAt struct {
	key []byte
	off int
}

// seen records key at off and returns the offset of an earlier equal key, or -1.
func (f *frame) seen(key []byte, off int) int {
	if f.large != nil {
		if prev, ok := f.large[string(key)]; ok {
			return prev
		}
		f.large[string(key)] = off
		return -1
	}
	for _, k := range f.small {
		if bytes.Equal(k.key, key) {
			return k.off
		}
	}
	if len(f.small) < smallObject {
		f.small = append(f.small, keyAt{key, off})
		return -1
	}
	f.large = make(map[string]int, 2*smallObject)
	for _, k := range f.small {
		f.large[string(k.key)] = k.off
	}
	f.small = nil
	f.large[string(key)] = off
	return -1
}

// state is what a Check keeps for the next one: a plan is checked one resource at a time, and growing
// the frames and their key lists from nothing for each was a quarter of what reading a plan allocated.
type state struct {
	stack []*frame
	free  []*frame
}

var states = sync.Pool{New: func() any { return new(state) }}

// keptFrames bounds the frames a state keeps: as deep as plans and inventories nest, not a hostile
// document's thousands.
const keptFrames = 64

// release keeps up to keptFrames of the frames in use or free, holding nothing of the document checked.
func (st *state) release(stack, free []*frame) {
	free = append(free, stack...)
	if len(free) > keptFrames {
		clear(free[keptFrames:])
		free = free[:keptFrames]
	}
	for _, f := range free {
		clear(f.small[:cap(f.small)])
		*f = frame{small: f.small[:0]}
	}
	clear(free[len(free):cap(free)])
	clear(stack[:cap(stack)])
	st.stack, st.free = stack[:0], free
}

// Check returns a *Error for the first duplicate key in data, in document order. Keys are compared as
// a decoder sees them, unescaped ("a" and "\u0061" are one key). data should be JSON (check it first,
// with the decoder that reads it): on anything else Check does not fail or loop, but what it reports is
// unspecified. It reads the document once, without building it.
func Check(data []byte) error {
	st := states.Get().(*state)
	stack := st.stack[:0]
	pool := st.free // frames popped, reused: most objects are small and many
	defer func() {
		st.release(stack, pool)
		states.Put(st)
	}()
	push := func(object bool) {
		var f *frame
		if n := len(pool); n > 0 {
			f, pool = pool[n-1], pool[:n-1]
			*f = frame{small: f.small[:0]}
		} else {
			f = &frame{}
		}
		f.object = object
		stack = append(stack, f)
	}
	// endValue records that a value of the innermost container ended.
	endValue := func() {
		if len(stack) == 0 {
			return
		}
		top := stack[len(stack)-1]
		if top.object {
			top.keyRead = false
			return
		}
		top.index++
	}
	for i := 0; i < len(data); {
		switch c := data[i]; c {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
		case '{', '[':
			if len(stack) == maxDepth {
				return nil // not JSON to encoding/json, which says so; a frame per byte would take ~130 bytes each
			}
			push(c == '{')
			i++
		case '}', ']':
			if len(stack) > 0 {
				pool = append(pool, stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
			endValue()
			i++
		case '"':
			end, escaped := stringEnd(data, i)
			if n := len(stack); n > 0 && stack[n-1].object && !stack[n-1].keyRead {
				top := stack[n-1]
				key := data[i+1 : max(end-1, i+1)]
				if escaped || !utf8.Valid(key) {
					var s string
					_ = json.Unmarshal(data[i:end], &s) // as the decoder reads it: escapes, invalid UTF-8 replaced
					key = []byte(s)
				}
				if prev := top.seen(key, i); prev >= 0 {
					line, col := position(data, i)
					fline, fcol := position(data, prev)
					return &Error{Key: string(key), Pointer: pointer(stack) + "/" + escape(string(key)),
						Line: line, Column: col, FirstLine: fline, FirstColumn: fcol}
				}
				top.key, top.keyRead = key, true
			} else {
				endValue()
			}
			i = end
		default: // a number or a literal: up to the next delimiter
			for i < len(data) && !isDelimiter(data[i]) {
				i++
			}
			endValue()
		}
	}
	return nil
}

func isDelimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ':', '{', '}', '[', ']', '"':
		return true
	}
	return false
}

// stringEnd returns the offset just past the string that starts at data[start] (a quote), and whether
// it holds a backslash escape.
func stringEnd(data []byte, start int) (int, bool) {
	escaped := false
	for i := start + 1; i < len(data); {
		j := bytes.IndexAny(data[i:], `"\`)
		if j < 0 {
			return len(data), escaped
		}
		i += j
		if data[i] == '"' {
			return i + 1, escaped
		}
		escaped = true
		i += 2 // the backslash and the character it escapes
	}
	return len(data), escaped
}

// pointer renders the path of the innermost container: the keys and indexes of the ones around it.
func pointer(stack []*frame) string {
	var b strings.Builder
	for _, f := range stack[:len(stack)-1] {
		b.WriteByte('/')
		if f.object {
			b.WriteString(escape(string(f.key)))
		} else {
			b.WriteString(strconv.Itoa(f.index))
		}
	}
	return b.String()
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// escape escapes a key as a JSON pointer token.
func escape(key string) string { return pointerEscaper.Replace(key) }

// position converts a byte offset to a 1-based line and column.
func position(data []byte, off int) (line, col int) {
	off = min(off, len(data))
	head := data[:off]
	line = bytes.Count(head, []byte{'\n'}) + 1
	col = off - (bytes.LastIndexByte(head, '\n') + 1) + 1
	return line, col
}
