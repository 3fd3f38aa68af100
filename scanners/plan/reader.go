package plan

import (
	"bytes"
	"io"
)

// reader is the stream's view of the document. It finds where each value ends by its brackets and
// strings alone, without the full JSON state machine that json.Decoder runs over every byte (and runs
// twice to hand out a json.RawMessage): the reading is the serial part of the stream, and the value's
// decoder, on a worker, checks that it is JSON anyway.
type reader struct {
	r   io.Reader
	buf []byte // buf[pos:end] is read from r and not consumed yet
	pos int
	end int
	err error // what ended r: io.EOF at its end
}

// fill reads more of r, keeping buf[pos:end] (moved to the front, the buffer grown when it is full).
func (rd *reader) fill() error {
	if rd.err != nil {
		return rd.err
	}
	if rd.pos > 0 {
		rd.end = copy(rd.buf, rd.buf[rd.pos:rd.end])
		rd.pos = 0
	}
	if rd.end == len(rd.buf) {
		grown := make([]byte, 2*len(rd.buf))
		copy(grown, rd.buf[:rd.end])
		rd.buf = grown
	}
	for {
		n, err := rd.r.Read(rd.buf[rd.end:])
		rd.end += n
		if err != nil {
			rd.err = err
		}
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// peek skips whitespace and returns the next byte, without consuming it.
func (rd *reader) peek() (byte, error) {
	for {
		for rd.pos < rd.end {
			switch c := rd.buf[rd.pos]; c {
			case ' ', '\t', '\n', '\r':
				rd.pos++
			default:
				return c, nil
			}
		}
		if err := rd.fill(); err != nil {
			return 0, err
		}
	}
}

// value skips whitespace and returns a copy of the next value's bytes: an object or array up to its
// matching bracket, a string up to its closing quote, anything else up to the next delimiter or
// whitespace. It does not check that they are JSON.
func (rd *reader) value() ([]byte, error) {
	if _, err := rd.peek(); err != nil {
		return nil, err
	}
	n := 0 // bytes of the value scanned, from pos
	depth := 0
	inString, escaped := false, false
scan:
	for {
		data := rd.buf[rd.pos:rd.end]
		for n < len(data) {
			c := data[n]
			if inString {
				// Most of a plan is strings: jump to the next quote or backslash.
				if escaped {
					escaped = false
					n++
					continue
				}
				i := bytes.IndexAny(data[n:], `"\`)
				if i < 0 {
					n = len(data)
					break
				}
				n += i
				if data[n] == '\\' {
					escaped = true
					n++
					continue
				}
				inString = false
				n++
				if depth == 0 {
					break scan
				}
				continue
			}
			switch c {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				if depth == 0 {
					break scan // a scalar's end, or no value at all
				}
				depth--
				if depth == 0 {
					n++
					break scan
				}
			case ',', ':', ' ', '\t', '\n', '\r':
				if depth == 0 {
					break scan
				}
			}
			n++
		}
		if err := rd.fill(); err != nil {
			if err == io.EOF && depth == 0 && !inString && n > 0 {
				break // a scalar ending the input
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
	if n == 0 {
		return nil, errFallback
	}
	v := make([]byte, n)
	copy(v, rd.buf[rd.pos:rd.pos+n])
	rd.pos += n
	return v, nil
}
