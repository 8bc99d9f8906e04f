package instance

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// MaxRepeatInstances is the most instances one repeat may have, in a
// submission or on the web.
const MaxRepeatInstances = 5000

// ScreenPrefix begins the names of a web form's own fields (buttons,
// hidden state); FromValues ignores them. No question key can begin with
// it, as question names begin with a letter or an underscore.
const ScreenPrefix = "."

// FromValues builds an instance from the fields a web form posted (see the
// package documentation for the names). It starts from base, a draft or
// the instance the form was shown with (nil for none), and replaces the
// answers of the questions the person could answer:
//
//   - every question key posted sets that answer (an empty value clears
//     it); a select_multiple may be posted once per chosen value;
//   - an answerable question under one of the within keys (a group
//     "hh", a repeat instance "hh/member[2]"; none means the whole form)
//     that is not posted is cleared, as browsers post nothing for
//     unticked boxes;
//   - a repeat's count key ("hh/member") sets its number of instances,
//     dropping later ones; without it, posting an answer in a new
//     instance adds the instance.
//
// Answers to notes, calculations, metadata and read-only questions are
// never taken from the post: they keep base's value. Answers are put in
// their canonical form where they can be (Bengali digits become ASCII,
// "10:30" becomes "10:30:00"); answers that are not of their question's
// type are kept as typed, for Validate to report beside the question.
//
// A key that names no question of the form, or several values for a
// question that takes one, is an invalid-input error naming the key.
func (s *Schema) FromValues(base *Instance, values url.Values, within ...string) (*Instance, error) {
	var in *Instance
	if base != nil {
		in = base.Clone()
	} else {
		in = &Instance{FormID: s.Form.ID, Version: s.Form.Version}
	}
	if in.Values == nil {
		in.Values = map[string]string{}
	}
	if in.Counts == nil {
		in.Counts = map[string]int{}
	}
	var bad app.Validation
	scopes := make([]string, 0, len(within))
	for _, w := range within {
		steps, ok := s.resolve(w)
		last := len(steps) - 1
		if !ok || steps[last].f.kind == kindLeaf || steps[last].f.kind == kindRepeat && steps[last].idx == 0 {
			bad.Add(w, "This form has no group or repeat instance with this name.")
			continue
		}
		scopes = append(scopes, w+"/")
	}
	if len(within) == 0 {
		scopes = append(scopes, "")
	}
	keys := make([]string, 0, len(values))
	for k, vals := range values {
		if !strings.HasPrefix(k, ScreenPrefix) && len(vals) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)

	// Counts first, so that answers land in the instances they name.
	posted := map[string]bool{}
	parsed := make(map[string][]keyStep, len(keys))
	for _, k := range keys {
		steps, ok := s.resolve(k)
		if !ok {
			bad.Add(k, "This form has no question with this name.")
			continue
		}
		last := steps[len(steps)-1]
		if last.f.kind == kindGroup || last.f.kind == kindRepeat && last.idx > 0 {
			bad.Add(k, "This form has no question with this name.")
			continue
		}
		if last.f.kind == kindLeaf {
			parsed[k] = steps
			continue
		}
		vals := values[k]
		n, err := strconv.Atoi(strings.TrimSpace(i18n.ASCIIDigits(vals[0])))
		if len(vals) != 1 || err != nil || n < 0 || n > MaxRepeatInstances {
			bad.Add(k, "The number of repeat instances is not valid.")
			continue
		}
		if !s.growFor(in, steps, posted) {
			bad.Add(k, "This repeat instance is beyond the number of instances sent.")
			continue
		}
		truncate(in, k, n)
		in.Counts[k] = n
		posted[k] = true
	}
	for _, k := range keys {
		steps := parsed[k]
		if steps == nil {
			continue
		}
		if !s.growFor(in, steps, posted) {
			bad.Add(k, "This repeat instance is beyond the number of instances sent.")
			delete(parsed, k)
		}
	}

	// Clear what the screen showed, then take what it posted.
	for k := range in.Values {
		if !inScope(k, scopes) {
			continue
		}
		if steps, ok := s.resolve(k); ok && steps[len(steps)-1].f.input {
			delete(in.Values, k)
		}
	}
	for _, k := range keys {
		steps := parsed[k]
		if steps == nil {
			continue
		}
		f := steps[len(steps)-1].f
		if !f.input {
			continue
		}
		vals := values[k]
		var v string
		switch {
		case multi(f.node):
			v = strings.Join(vals, " ")
		case len(vals) > 1:
			bad.Add(k, "This question takes one answer, but several were sent.")
			continue
		default:
			v = vals[0]
		}
		if v = webValue(f.node, v); v == "" {
			delete(in.Values, k)
		} else {
			in.Values[k] = v
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// growFor makes sure every repeat instance a key passes through exists,
// adding instances unless the repeat's count was posted.
func (s *Schema) growFor(in *Instance, steps []keyStep, posted map[string]bool) bool {
	var b strings.Builder
	for i, st := range steps {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(st.f.name)
		if st.idx == 0 {
			continue
		}
		ck := b.String()
		if st.idx > in.Counts[ck] {
			if posted[ck] || st.idx > MaxRepeatInstances {
				return false
			}
			in.Counts[ck] = st.idx
		}
		b.WriteString("[" + strconv.Itoa(st.idx) + "]")
	}
	return true
}

func inScope(key string, scopes []string) bool {
	for _, sc := range scopes {
		if strings.HasPrefix(key, sc) {
			return true
		}
	}
	return false
}

func multi(n *xlsform.Node) bool {
	switch n.Type {
	case xlsform.TypeSelectMultiple, xlsform.TypeSelectMultipleFromFile, xlsform.TypeRank:
		return true
	}
	return false
}

// webValue turns what a browser posted into an answer: line breaks as
// ODK writes them, Bengali digits in numbers, dates, times and locations
// as ASCII, and the canonical form when the answer is of its type.
func webValue(n *xlsform.Node, v string) string {
	switch n.DataType {
	case "string", "barcode", "binary", "":
		v = strings.ReplaceAll(v, "\r\n", "\n")
	default:
		v = i18n.ASCIIDigits(v)
	}
	if strings.TrimSpace(v) == "" {
		return ""
	}
	if norm, err := normalize(n, v); err == nil {
		return norm
	}
	return v
}
