package strategy

import (
	"html/template"
	"strings"
	"unicode"
)

// The text of a section is written in a small markup, a subset of
// Markdown, and turned into HTML here. Everything written is escaped; the
// only tags that come out are the ones this code writes:
//
//	# Heading, ## Smaller heading, ### Smallest heading  (one line each)
//	- item or * item                                    (a bulleted list)
//	1. item                                              (a numbered list)
//	**bold**, *italic* or _italic_, \* for a literal star
//
// Paragraphs are separated by a blank line; lines of one paragraph run
// together. A line indented under a list item continues the item. Section
// headings are h2 in the document, so # is h3, ## h4 and ### h5.

// maxInlineDepth bounds nesting of bold and italic: deeper markers are
// shown as written.
const maxInlineDepth = 6

type mdBlock struct {
	kind  string // h3, h4, h5, p, ul, ol
	lines []string
	items [][]string // list items, each its lines
}

// Render turns a section's text into safe HTML.
func Render(src string) template.HTML {
	var b strings.Builder
	for _, blk := range parseBlocks(src) {
		switch blk.kind {
		case "ul", "ol":
			b.WriteString("<" + blk.kind + ">")
			for _, it := range blk.items {
				b.WriteString("<li>")
				b.WriteString(renderInline([]rune(strings.Join(it, " ")), 0))
				b.WriteString("</li>")
			}
			b.WriteString("</" + blk.kind + ">\n")
		default:
			b.WriteString("<" + blk.kind + ">")
			b.WriteString(renderInline([]rune(strings.Join(blk.lines, " ")), 0))
			b.WriteString("</" + blk.kind + ">\n")
		}
	}
	return template.HTML(b.String()) //nolint:gosec // built only from escaped text and fixed tags
}

// listItem reports whether a line starts a list item, returning the list's
// kind and the item's text.
func listItem(line string) (kind, text string, ok bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return "", "", false
	}
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return "ul", strings.TrimSpace(t[2:]), true
	}
	i := 0
	for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' ' {
		return "ol", strings.TrimSpace(t[i+2:]), true
	}
	return "", "", false
}

// heading reports whether a line is a heading, returning its tag and text.
func heading(line string) (tag, text string, ok bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 3 || n >= len(line) || line[n] != ' ' {
		return "", "", false
	}
	text = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[n:]), "#"))
	if text == "" {
		return "", "", false
	}
	return []string{"h3", "h4", "h5"}[n-1], text, true
}

func parseBlocks(src string) []mdBlock {
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	var out []mdBlock
	var cur *mdBlock
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for line := range strings.SplitSeq(src, "\n") {
		line = strings.ReplaceAll(line, "\t", "    ")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if tag, text, ok := heading(line); ok {
			flush()
			out = append(out, mdBlock{kind: tag, lines: []string{text}})
			continue
		}
		if kind, text, ok := listItem(line); ok {
			if cur == nil || cur.kind != kind {
				flush()
				cur = &mdBlock{kind: kind}
			}
			cur.items = append(cur.items, []string{text})
			continue
		}
		if cur != nil && (cur.kind == "ul" || cur.kind == "ol") {
			if strings.HasPrefix(line, "  ") {
				last := len(cur.items) - 1
				cur.items[last] = append(cur.items[last], strings.TrimSpace(line))
				continue
			}
			flush()
		}
		if cur == nil {
			cur = &mdBlock{kind: "p"}
		}
		cur.lines = append(cur.lines, strings.TrimSpace(line))
	}
	flush()
	return out
}

// isWord reports whether r is part of a word, for _ inside snake_case.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// renderInline writes text with bold and italic, escaping everything else.
func renderInline(s []rune, depth int) string {
	var b strings.Builder
	var lit []rune
	emit := func() {
		if len(lit) > 0 {
			b.WriteString(template.HTMLEscapeString(string(lit)))
			lit = lit[:0]
		}
	}
	// Positions after which no closer of a kind exists (a failed search).
	noBold, noStar, noUnder := -1, -1, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && strings.ContainsRune(`\*_#-+.`, s[i+1]) {
			lit = append(lit, s[i+1])
			i++
			continue
		}
		if depth >= maxInlineDepth || (c != '*' && c != '_') {
			lit = append(lit, c)
			continue
		}
		if c == '*' && i+1 < len(s) && s[i+1] == '*' {
			if noBold < 0 || i < noBold {
				if j := findBold(s, i+2); j > i+2 {
					emit()
					b.WriteString("<strong>" + renderInline(s[i+2:j], depth+1) + "</strong>")
					i = j + 1
					continue
				}
				noBold = i
			}
			lit = append(lit, '*', '*')
			i++
			continue
		}
		if c == '_' && i > 0 && isWord(s[i-1]) {
			lit = append(lit, c)
			continue
		}
		no := &noStar
		if c == '_' {
			no = &noUnder
		}
		if *no < 0 || i < *no {
			if j := findSingle(s, i+1, c); j > i+1 {
				emit()
				b.WriteString("<em>" + renderInline(s[i+1:j], depth+1) + "</em>")
				i = j
				continue
			}
			*no = i
		}
		lit = append(lit, c)
	}
	emit()
	return b.String()
}

// findBold finds the ** that closes bold text starting at from.
func findBold(s []rune, from int) int {
	for j := from; j+1 < len(s); j++ {
		if s[j] == '\\' {
			j++
			continue
		}
		if s[j] == '*' && s[j+1] == '*' {
			return j
		}
	}
	return -1
}

// findSingle finds the lone c (not part of **, and for _ not inside a
// word) closing italic text starting at from.
func findSingle(s []rune, from int, c rune) int {
	for j := from; j < len(s); j++ {
		if s[j] == '\\' {
			j++
			continue
		}
		if s[j] != c {
			continue
		}
		if c == '*' {
			if j+1 < len(s) && s[j+1] == '*' {
				j++ // skip a bold marker
				continue
			}
			return j
		}
		if j+1 >= len(s) || !isWord(s[j+1]) {
			return j
		}
	}
	return -1
}
