package refdata

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// files holds the source CSVs byte for byte as published in shared/data,
// with their README (the attribution). Nothing in them is edited: every
// correction this package makes is in Go code, documented where it is made.
//
//go:embed data/*.csv data/README.md
var files embed.FS

// FS returns the embedded source files (the CSVs with their original columns
// and the README that carries their attribution), for example to seed a
// database or to let an administrator download what the application uses.
func FS() fs.FS {
	sub, err := fs.Sub(files, "data")
	if err != nil { // cannot happen: "data" is a valid, embedded directory
		panic(err)
	}
	return sub
}

// row is one CSV record seen through the columns a loader asked for:
// row.s(i) is the field of the i-th wanted column, whatever its position
// in the file.
type row struct {
	file string
	line int
	rec  []string
	idx  []int
}

func (r *row) s(i int) string { return strings.TrimSpace(r.rec[r.idx[i]]) }

func (r *row) errorf(format string, args ...any) error {
	return fmt.Errorf("refdata: %s:%d: %s", r.file, r.line, fmt.Sprintf(format, args...))
}

// int returns the wanted column i as an integer; ok is false when the field
// is empty. A field that is neither empty nor an integer is an error.
func (r *row) int(i int) (n int, ok bool, err error) {
	v := r.s(i)
	if v == "" {
		return 0, false, nil
	}
	n, err = strconv.Atoi(v)
	if err != nil {
		return 0, false, r.errorf("column %d: %q is not an integer", r.idx[i]+1, v)
	}
	return n, true, nil
}

// float returns the wanted column i as a float; ok is false when empty.
func (r *row) float(i int) (f float64, ok bool, err error) {
	v := r.s(i)
	if v == "" {
		return 0, false, nil
	}
	f, err = strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false, r.errorf("column %d: %q is not a number", r.idx[i]+1, v)
	}
	return f, true, nil
}

// scan reads data/name, checks that its header holds every wanted column
// (by name, so a reordered file still loads and a renamed column fails
// loudly) and calls fn for each record. The record slice is reused between
// calls; the strings in it stay valid (they share the file's one string).
func scan(name string, want []string, fn func(r *row) error) error {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	cr := csvReader{s: strings.TrimPrefix(string(b), "\ufeff")}
	header, err := cr.read(nil)
	if err != nil {
		return fmt.Errorf("refdata: %s: reading header: %w", name, err)
	}
	if header == nil {
		return fmt.Errorf("refdata: %s: empty file", name)
	}
	header = slices.Clone(header)
	idx := make([]int, len(want))
	for i, w := range want {
		p := slices.IndexFunc(header, func(h string) bool { return strings.TrimSpace(h) == w })
		if p < 0 {
			return fmt.Errorf("refdata: %s: missing column %q", name, w)
		}
		idx[i] = p
	}
	r := &row{file: name, idx: idx, rec: make([]string, 0, len(header))}
	for {
		r.line = cr.line + 1
		rec, err := cr.read(r.rec[:0])
		if err != nil {
			return fmt.Errorf("refdata: %s: %w", name, err)
		}
		if rec == nil {
			return nil
		}
		if len(rec) != len(header) {
			return r.errorf("%d fields, the header has %d", len(rec), len(header))
		}
		r.rec = rec
		if err := fn(r); err != nil {
			return err
		}
	}
}

// splitList splits a ';'-separated source field, trimming blanks and
// dropping empty items. It returns nil for an empty field.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func errorf(format string, args ...any) error { return fmt.Errorf("refdata: "+format, args...) }

func itoa(n int) string { return strconv.Itoa(n) }
