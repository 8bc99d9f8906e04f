package refdata

import (
	"errors"
	"fmt"
	"strings"
)

// csvReader reads RFC 4180 CSV from one string without copying: unquoted
// fields, and quoted fields without escapes, are substrings of s. It
// follows encoding/csv with its default settings (comma separator, LF or
// CRLF line ends, CRLF inside quotes read as LF, empty lines skipped, a
// bare quote in an unquoted field is an error), which the fuzz test
// checks; it is several times faster on the embedded tables because it
// allocates only for quoted fields that contain escapes.
type csvReader struct {
	s    string
	pos  int
	line int // lines consumed so far
}

var (
	errBareQuote = errors.New(`bare " in non-quoted field`)
	errQuote     = errors.New(`extraneous or missing " in quoted field`)
)

// read appends the next record's fields to dst and returns it; it returns
// nil and no error at the end of the input.
func (c *csvReader) read(dst []string) ([]string, error) {
	s := c.s
	// Skip empty lines.
	for c.pos < len(s) {
		switch {
		case s[c.pos] == '\n':
			c.pos++
			c.line++
			continue
		case s[c.pos] == '\r' && (c.pos+1 == len(s) || s[c.pos+1] == '\n'):
			c.pos += 2
			c.line++
			continue
		}
		break
	}
	if c.pos >= len(s) {
		return nil, nil
	}
	start := c.line + 1
	for {
		if c.pos < len(s) && s[c.pos] == '"' {
			f, err := c.quoted()
			if err != nil {
				return nil, fmt.Errorf("record on line %d: %w", start, err)
			}
			dst = append(dst, f)
		} else {
			i := c.pos
			for i < len(s) && s[i] != ',' && s[i] != '\n' {
				i++
			}
			f := s[c.pos:i]
			if i < len(s) && s[i] == '\n' || i == len(s) {
				f = strings.TrimSuffix(f, "\r")
			}
			if strings.IndexByte(f, '"') >= 0 {
				return nil, fmt.Errorf("record on line %d: %w", start, errBareQuote)
			}
			dst = append(dst, f)
			c.pos = i
		}
		// c.pos is at a comma, a line end or the end of the input.
		switch {
		case c.pos >= len(s):
			c.line++
			return dst, nil
		case s[c.pos] == ',':
			c.pos++
		default: // '\n'
			c.pos++
			c.line++
			return dst, nil
		}
	}
}

// quoted reads a quoted field starting at the opening quote and leaves
// c.pos at the comma, line end or end of input after the closing quote.
func (c *csvReader) quoted() (string, error) {
	s := c.s
	i := c.pos + 1
	begin := i
	var b *strings.Builder // nil until an escape forces a copy
	for {
		j := strings.IndexAny(s[i:], "\"\n")
		if j < 0 { // input ends inside the quotes
			return "", errQuote
		}
		j += i
		if s[j] == '\n' {
			c.line++
			if s[j-1] == '\r' { // CRLF inside quotes reads as LF (s[begin-1] is the opening quote)
				if b == nil {
					b = &strings.Builder{}
					b.WriteString(s[begin : j-1])
				} else {
					b.WriteString(s[i : j-1])
				}
				b.WriteByte('\n')
			} else if b != nil {
				b.WriteString(s[i : j+1])
			}
			i = j + 1
			continue
		}
		// s[j] == '"'
		if j+1 < len(s) && s[j+1] == '"' { // escaped quote
			if b == nil {
				b = &strings.Builder{}
				b.WriteString(s[begin:j])
			} else {
				b.WriteString(s[i:j])
			}
			b.WriteByte('"')
			i = j + 2
			continue
		}
		// Closing quote: what follows must end the field.
		k := j + 1
		if k < len(s) && s[k] == '\r' && (k+1 == len(s) || s[k+1] == '\n') {
			k++
		}
		if k < len(s) && s[k] != ',' && s[k] != '\n' {
			return "", errQuote
		}
		c.pos = k
		if b == nil {
			return s[begin:j], nil
		}
		b.WriteString(s[i:j])
		return b.String(), nil
	}
}
