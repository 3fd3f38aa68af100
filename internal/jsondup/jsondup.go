// Package jsondup finds duplicate object keys in a JSON document. encoding/json (and every decoder vigil
// uses) keeps the last of two equal keys without a word, so `"errors": [...], "errors": []` in a saved
// inventory, report or plan would silently drop what the first one says. Documents vigil reads back are
// checked with Check before they are decoded.
package jsondup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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

// frame is an open object or array.
type frame struct {
	object bool
	index  int    // arrays: index of the next element
	key    string // objects: the member being read
	// keyRead: the member's key has been read and its value is pending.
	keyRead bool
	// keys seen so far with their offsets: a slice while small, a map beyond.
	small []keyAt
	large map[string]int64
}

type keyAt struct {
	key string
	off int64
}

// seen records key at off and returns the offset of an earlier equal key, or -1.
func (f *frame) seen(key string, off int64) int64 {
	if f.large != nil {
		if prev, ok := f.large[key]; ok {
			return prev
		}
		f.large[key] = off
		return -1
	}
	for _, k := range f.small {
		if k.key == key {
			return k.off
		}
	}
	if len(f.small) < smallObject {
		f.small = append(f.small, keyAt{key, off})
		return -1
	}
	f.large = make(map[string]int64, 2*smallObject)
	for _, k := range f.small {
		f.large[k.key] = k.off
	}
	f.small = nil
	f.large[key] = off
	return -1
}

// Check returns a *Error for the first duplicate key in data, in document order. Keys are compared
// after unescaping ("a" and "\u0061" are one key). A document that is not JSON returns no error: the
// decoder that reads it next says where it breaks.
func Check(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []*frame
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			// io.EOF: the end; anything else is not JSON, which the decoder that reads it next locates.
			return nil
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		// In an object between members, the next token is a key or the closing brace.
		if top != nil && top.object && !top.keyRead {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				finishValue(stack)
				continue
			}
			key, _ := tok.(string)
			off := skipToToken(data, before)
			if prev := top.seen(key, off); prev >= 0 {
				line, col := position(data, off)
				fline, fcol := position(data, prev)
				return &Error{Key: key, Pointer: pointer(stack) + "/" + escape(key), Line: line, Column: col, FirstLine: fline, FirstColumn: fcol}
			}
			top.key, top.keyRead = key, true
			continue
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{object: true})
			case '[':
				stack = append(stack, &frame{})
			default: // ']' ('}' is handled above)
				stack = stack[:len(stack)-1]
				finishValue(stack)
			}
		default:
			finishValue(stack)
		}
	}
}

// finishValue records that a value of the innermost container ended.
func finishValue(stack []*frame) {
	if len(stack) == 0 {
		return
	}
	top := stack[len(stack)-1]
	if top.object {
		top.key, top.keyRead = "", false
		return
	}
	top.index++
}

// pointer renders the path of the innermost container: the keys and indexes of the ones around it.
func pointer(stack []*frame) string {
	var b strings.Builder
	for i, f := range stack {
		if i == len(stack)-1 {
			break
		}
		b.WriteByte('/')
		if f.object {
			b.WriteString(escape(f.key))
		} else {
			b.WriteString(strconv.Itoa(f.index))
		}
	}
	return b.String()
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// escape escapes a key as a JSON pointer token.
func escape(key string) string { return pointerEscaper.Replace(key) }

// skipToToken returns the offset of the next token at or after off: the decoder's offset is where the
// previous token ended, before the separators.
func skipToToken(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// position converts a byte offset to a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	head := data[:off]
	line = bytes.Count(head, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(head, '\n') + 1) + 1
	return line, col
}
