package refdata

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// stdRead parses with encoding/csv, without the field-count check.
func stdRead(s string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

func ourRead(s string) ([][]string, error) {
	c := csvReader{s: s}
	var out [][]string
	for {
		rec, err := c.read(nil)
		if err != nil || rec == nil {
			return out, err
		}
		out = append(out, rec)
	}
}

func TestCSVReaderCases(t *testing.T) {
	cases := []string{
		"", "\n", "\r\n\r\n", "a", "a\n", "a\r\n", "a\r", "a,b\r\nc,d", "a,,b\n,\n",
		`"a,b",c` + "\n", `"a""b"` + "\r\n", `""`, `"",""` + "\n", "\"x\r\ny\"\n", "\"x\ny\",z",
		"a\rb\n", "\r\r\n", "\n\na\n\nb", `"a"` + "\r", "x,\"\"\"\"\n", `"Armed forces, other ranks",x`,
	}
	for _, in := range cases {
		want, werr := stdRead(in)
		got, gerr := ourRead(in)
		if werr != nil || gerr != nil {
			if (werr == nil) != (gerr == nil) {
				t.Errorf("%q: encoding/csv error %v, ours %v", in, werr, gerr)
			}
			continue
		}
		if !equalRecords(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{`a"b`, `"a"b`, `"abc`, "\"a\"\rb"} {
		if _, err := ourRead(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestCSVReaderEmbedded checks the reader against encoding/csv on every
// embedded file, byte for byte.
func TestCSVReaderEmbedded(t *testing.T) {
	entries, err := files.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		n++
		b, err := files.ReadFile("data/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		want, werr := stdRead(string(b))
		got, gerr := ourRead(string(b))
		if werr != nil || gerr != nil {
			t.Fatalf("%s: encoding/csv error %v, ours %v", e.Name(), werr, gerr)
		}
		if !equalRecords(got, want) {
			t.Errorf("%s: records differ from encoding/csv", e.Name())
		}
	}
	if n != 11 {
		t.Errorf("%d embedded CSV files, want 11", n)
	}
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", `"a""b",c` + "\r\n", "\"x\r\ny\"\n", "\n\n", `"a"` + "\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, gerr := ourRead(in)
		want, werr := stdRead(in)
		if werr != nil {
			return // encoding/csv refuses it; ours may be stricter or lenient
		}
		if gerr != nil {
			t.Fatalf("%q: encoding/csv reads %q, ours fails: %v", in, want, gerr)
		}
		if !equalRecords(got, want) {
			t.Fatalf("%q: got %q, want %q", in, got, want)
		}
	})
}

func equalRecords(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}
