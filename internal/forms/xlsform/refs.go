package xlsform

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// reLangCode matches a language declaration with a code: "English (en)",
// "English(en)", "Bangla (bn-BD)".
var reLangCode = regexp.MustCompile(`\(([A-Za-z]{2,3}|[A-Za-z]{2,3}-[A-Za-z0-9-]+)\)\s*$|^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$`)

// isXMLName reports whether s is a valid XML element name without a colon
// (an NCName): what XForms needs for question, group and choice-list names.
func isXMLName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == utf8.RuneError {
			return false
		}
		if i == 0 {
			if !isNameStart(c) {
				return false
			}
		} else if !isNameChar(c) {
			return false
		}
	}
	return true
}

func isNameStart(c rune) bool {
	switch {
	case c == '_', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		return true
	case 0xC0 <= c && c <= 0xD6, 0xD8 <= c && c <= 0xF6, 0xF8 <= c && c <= 0x2FF,
		0x370 <= c && c <= 0x37D, 0x37F <= c && c <= 0x1FFF, 0x200C <= c && c <= 0x200D,
		0x2070 <= c && c <= 0x218F, 0x2C00 <= c && c <= 0x2FEF, 0x3001 <= c && c <= 0xD7FF,
		0xF900 <= c && c <= 0xFDCF, 0xFDF0 <= c && c <= 0xFFFD, 0x10000 <= c && c <= 0xEFFFF:
		return true
	}
	return false
}

func isNameChar(c rune) bool {
	switch {
	case isNameStart(c), c == '-', c == '.', '0' <= c && c <= '9', c == 0xB7,
		0x300 <= c && c <= 0x36F, 0x203F <= c && c <= 0x2040:
		return true
	}
	return false
}

// ref is one ${name} reference found in a cell.
type ref struct {
	name      string
	lastSaved bool // ${last-saved#name}
	offset    int
}

// scanRefs finds the ${name} references in s. bad is the first malformed
// reference ("" when all are well formed).
func scanRefs(s string) (refs []ref, bad string) {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		start := i + j
		end := strings.IndexByte(s[start+2:], '}')
		if end < 0 {
			return refs, s[start:]
		}
		body := s[start+2 : start+2+end]
		i = start + 2 + end + 1
		rf := ref{offset: start}
		if strings.HasPrefix(body, "last-saved#") {
			rf.lastSaved = true
			body = body[len("last-saved#"):]
		}
		if !isXMLName(body) {
			return refs, s[start:i]
		}
		rf.name = body
		refs = append(refs, rf)
	}
	return refs, ""
}

// checkReferences checks every ${name} reference of the form: it must be
// well formed, and name exactly one question, group or repeat. It also runs
// the ExprChecker, when set, on every expression.
func (r *reader) checkReferences() {
	f := r.form
	if f.Root == nil {
		return
	}
	count := map[string]int{}
	f.Root.Walk(func(n *Node) bool {
		if n != f.Root {
			count[n.Name]++
		}
		return true
	})
	if f.Audit != nil {
		count[f.Audit.Name]++
	}
	// Rows refused for another reason still define their name: a second
	// error about every reference to them would only be noise.
	for name := range r.failedNames {
		if count[name] == 0 {
			count[name] = 1
		}
	}
	used := map[string]bool{}
	f.Root.Walk(func(n *Node) bool {
		if n.Choices != nil && n.Type != TypeOSM {
			used[n.Choices.Name] = true
		}
		return true
	})
	checker := r.opts.ExprChecker
	for _, s := range r.sites {
		if s.kind == siteChoiceText && !used[s.list] {
			continue
		}
		p := Problem{Sheet: s.sheet, Row: s.row, Column: s.col.header, Cell: cellRef(s.col.idx, s.row), Text: s.value}
		refs, bad := scanRefs(s.value)
		if bad != "" {
			p.Message = fmt.Sprintf("The reference %q is malformed. Write references as ${name}, where name is the name of a question.", bad)
			if s.kind == siteSyntax {
				p.Message += " (This column is not used by the form, so the form is accepted.)"
				r.warn(p)
			} else {
				r.fail(p)
			}
			continue
		}
		if s.kind == siteSyntax {
			continue
		}
		reported := map[string]bool{}
		for _, rf := range refs {
			if reported[rf.name] {
				continue
			}
			switch count[rf.name] {
			case 0:
				reported[rf.name] = true
				msg := fmt.Sprintf("${%s} refers to a question named %q, but the form has no question, group or repeat with that name.", rf.name, rf.name)
				if near := r.nearestName(rf.name, count); near != "" {
					msg += fmt.Sprintf(" Did you mean ${%s}?", near)
				} else {
					msg += " Fix the name inside ${...}."
				}
				p.Message = msg
				r.fail(p)
			case 1:
			default:
				reported[rf.name] = true
				p.Message = fmt.Sprintf("${%s} is ambiguous: %d questions, groups or repeats are named %q. Rename them so that the name is unique in the form.", rf.name, count[rf.name], rf.name)
				r.fail(p)
			}
		}
		if checker != nil && s.kind == siteExpr {
			if _, err := checker.Check(s.value); err != nil {
				var ee *ExprError
				if errors.As(err, &ee) {
					p.Message = fmt.Sprintf("The expression is not valid: %s, at character %d. Check brackets, quotes and operators.", ee.Msg, ee.Offset+1)
				} else {
					p.Message = fmt.Sprintf("The expression is not valid: %v.", err)
				}
				r.fail(p)
			}
		}
	}
	if cc, ok := checker.(CycleChecker); ok && checker != nil {
		r.checkCycles(cc, count)
	}
}

// checkCycles reports calculations that depend on themselves.
func (r *reader) checkCycles(cc CycleChecker, count map[string]int) {
	calcs := map[string]string{}
	rows := map[string]*Node{}
	r.form.Root.Walk(func(n *Node) bool {
		if n.Calculation != "" && count[n.Name] == 1 {
			calcs[n.Name] = n.Calculation
			rows[n.Name] = n
		}
		return true
	})
	if len(calcs) == 0 {
		return
	}
	for _, cycle := range cc.Cycles(calcs) {
		if len(cycle) == 0 {
			continue
		}
		n := rows[cycle[0]]
		p := Problem{Sheet: r.sheets[sheetSurvey].name, Column: "calculation", Text: strings.Join(cycle, " → "),
			Message: fmt.Sprintf("These calculations depend on each other in a circle, so none can be computed: %s. Break the circle.",
				strings.Join(append(append([]string(nil), cycle...), cycle[0]), " → "))}
		if n != nil {
			p.Row = n.Row
		}
		r.fail(p)
	}
}

// nearestName suggests the name closest to a misspelt reference.
func (r *reader) nearestName(name string, count map[string]int) string {
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	sort.Strings(names)
	best, bestD := "", 3
	if len(name) < 4 {
		bestD = 2
	}
	for _, n := range names {
		if d := levenshtein(name, n, bestD); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
