package strategy

import (
	"regexp"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Hello", "<p>Hello</p>\n"},
		{"one\ntwo\n\nthree", "<p>one two</p>\n<p>three</p>\n"},
		{"# Findings\nText", "<h3>Findings</h3>\n<p>Text</p>\n"},
		{"## Sub ##", "<h4>Sub</h4>\n"},
		{"### Small", "<h5>Small</h5>\n"},
		{"#### too deep", "<p>#### too deep</p>\n"},
		{"#nospace", "<p>#nospace</p>\n"},
		{"- a\n- b\n  more\n\nafter", "<ul><li>a</li><li>b more</li></ul>\n<p>after</p>\n"},
		{"* a\n1. b\n2) c", "<ul><li>a</li></ul>\n<ol><li>b</li><li>c</li></ol>\n"},
		{"**bold** and *it* and _it_", "<p><strong>bold</strong> and <em>it</em> and <em>it</em></p>\n"},
		{"**bold *inner* x**", "<p><strong>bold <em>inner</em> x</strong></p>\n"},
		{"snake_case_name stays", "<p>snake_case_name stays</p>\n"},
		{`a \*not\* b`, "<p>a *not* b</p>\n"},
		{"**unclosed", "<p>**unclosed</p>\n"},
		{"*", "<p>*</p>\n"},
		{"<script>alert(1)</script> & \"q\"", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;q&#34;</p>\n"},
		{"**<b>**", "<p><strong>&lt;b&gt;</strong></p>\n"},
		{"বাংলা **গাঢ়** লেখা", "<p>বাংলা <strong>গাঢ়</strong> লেখা</p>\n"},
		{"line\r\nnext", "<p>line next</p>\n"},
	} {
		if got := string(Render(c.in)); got != c.want {
			t.Errorf("Render(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

var tagRE = regexp.MustCompile(`<(/?)([a-z0-9]+)>`)

// checkSafe fails when out holds a tag the renderer does not write, an
// unbalanced tag, or an unescaped < or >.
func checkSafe(t *testing.T, in, out string) {
	allowed := map[string]bool{"h3": true, "h4": true, "h5": true, "p": true, "ul": true, "ol": true, "li": true, "strong": true, "em": true}
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(out, -1) {
		if !allowed[m[2]] {
			t.Fatalf("input %q: tag %q in %q", in, m[0], out)
		}
		if m[1] == "" {
			stack = append(stack, m[2])
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != m[2] {
			t.Fatalf("input %q: unbalanced %q in %q", in, m[0], out)
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		t.Fatalf("input %q: unclosed %v in %q", in, stack, out)
	}
	rest := tagRE.ReplaceAllString(out, "")
	if strings.ContainsAny(rest, "<>\"'") {
		t.Fatalf("input %q: unescaped markup in %q", in, out)
	}
}

func TestRenderDeepNestingAndLongInput(t *testing.T) {
	in := strings.Repeat("**a *b _c ", 2000) + strings.Repeat("*", 5000) + strings.Repeat("_x", 3000)
	checkSafe(t, in, string(Render(in)))
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"# h\n\n- a\n- **b**", "*a **b** c*", "_a_ __b__ ***c***", "<img src=x onerror=1>", "1. x\n   y\n\n> q",
		"\\*\\_\\\\", "a_b_c *d_e* f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in, string(Render(in)))
	})
}

func TestDiff(t *testing.T) {
	d := Diff("a\nb\nc\nd", "a\nc\nx\nd")
	var got []string
	for _, l := range d {
		got = append(got, l.Op+l.Text)
	}
	if strings.Join(got, ",") != "=a,-b,=c,+x,=d" {
		t.Errorf("diff: %v", got)
	}
	if Changed(Diff("same", "same")) || !Changed(Diff("", "new")) {
		t.Error("Changed")
	}
}

func TestPickFallsBack(t *testing.T) {
	if s, fb := Pick("bn", "English", ""); s != "English" || !fb {
		t.Errorf("bn without Bangla: %q %v", s, fb)
	}
	if s, fb := Pick("bn", "English", "বাংলা"); s != "বাংলা" || fb {
		t.Errorf("bn: %q %v", s, fb)
	}
	if s, fb := Pick("en", "", "বাংলা"); s != "বাংলা" || !fb {
		t.Errorf("en without English: %q %v", s, fb)
	}
	if s, fb := Pick("en", "", ""); s != "" || fb {
		t.Errorf("neither: %q %v", s, fb)
	}
}

func TestBlockValidate(t *testing.T) {
	b := Block{Kind: BlockTable, Spec: "not json"}
	if err := b.Validate(); err == nil {
		t.Error("bad spec accepted")
	}
	b = Block{Kind: BlockQuote}
	if err := b.Validate(); err == nil {
		t.Error("quote without passage accepted")
	}
	b = Block{Kind: "video"}
	if err := b.Validate(); err == nil {
		t.Error("unknown kind accepted")
	}
	b = Block{Kind: BlockChart, Spec: `{"row":"q1"}`, SourceID: "x"}
	if err := b.Validate(); err != nil || b.SourceID != "" {
		t.Errorf("chart: %v %q", err, b.SourceID)
	}
}
