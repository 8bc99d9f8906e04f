package collect

// A form version and its answers as people read them: the questions of a
// version in the reader's language, and a submission's answers beside
// their questions. Both work from the version's answers schema
// (Library.Schema).

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// formIndex finds a version's nodes by their path below the root
// ("hh/member/age"), and by name when the name is unique (the flat
// setting dissolves groups, so paths may lack them), and knows their order.
type formIndex struct {
	byPath map[string]*xlsform.Node
	byName map[string]*xlsform.Node
	order  map[string]int
	lang   string // the form's language key for the reader's language
	def    string
}

func formIndexOf(s *instance.Schema, lang string) *formIndex {
	ix := &formIndex{byPath: map[string]*xlsform.Node{}, byName: map[string]*xlsform.Node{}, order: map[string]int{}}
	if s == nil || s.Form == nil || s.Form.Root == nil {
		return ix
	}
	ix.lang, ix.def = s.Language(lang), s.Form.DefaultLanguage
	root := s.Form.Root.Path + "/"
	dup := map[string]bool{}
	s.Form.Root.Walk(func(n *xlsform.Node) bool {
		if n == s.Form.Root || n.Name == "" {
			return true
		}
		p := strings.TrimPrefix(n.Path, root)
		ix.order[p] = len(ix.order)
		ix.byPath[p] = n
		if _, seen := ix.byName[n.Name]; seen {
			dup[n.Name] = true
		}
		ix.byName[n.Name] = n
		return true
	})
	for name := range dup {
		delete(ix.byName, name)
	}
	return ix
}

// node returns the question at a path without repeat indices.
func (ix *formIndex) node(path string) *xlsform.Node {
	if n := ix.byPath[path]; n != nil {
		return n
	}
	return ix.byName[path[strings.LastIndexByte(path, '/')+1:]]
}

func (ix *formIndex) text(t xlsform.Text) string { return t.Get(ix.lang, ix.def) }

// label is a question's label, or its name when it has none.
func (ix *formIndex) label(path string) string {
	if n := ix.node(path); n != nil {
		if l := strings.TrimSpace(ix.text(n.Label)); l != "" {
			return l
		}
		return n.Name
	}
	return path
}

// shown is an answer as a person reads it: the labels of the chosen
// choices for a selection, the answer itself otherwise.
func (ix *formIndex) shown(path, value string) string {
	n := ix.node(path)
	if n == nil || !n.IsSelect() || n.Choices == nil {
		return value
	}
	items := n.ChoiceItems()
	var out []string
	for _, v := range strings.Fields(value) {
		label := v
		for _, c := range items {
			if c.Name == v {
				if l := strings.TrimSpace(ix.text(c.Label)); l != "" {
					label = l
				}
				break
			}
		}
		out = append(out, label)
	}
	return strings.Join(out, ", ")
}

// FormQuestion is a line of a version's table of questions.
type FormQuestion struct {
	Path  string // below the root element: hh/member/age
	Name  string
	Type  string // as the author wrote it: "select_one yes_no"
	Label string // in the reader's language
	// Required is "yes", or the expression that decides it; "" when the
	// question is optional.
	Required string
	Relevant string
	Depth    int  // the groups and repeats around it
	Group    bool // a group or a repeat, whose questions follow
}

// FormQuestions lists a version's questions, groups and repeats in form
// order, with labels in lang ("en", "bn" or a language of the form).
func FormQuestions(s *instance.Schema, lang string) []FormQuestion {
	ix := formIndexOf(s, lang)
	if s == nil || s.Form == nil || s.Form.Root == nil {
		return nil
	}
	root := s.Form.Root.Path + "/"
	var out []FormQuestion
	var walk func(n *xlsform.Node, depth int)
	walk = func(n *xlsform.Node, depth int) {
		for _, c := range n.Children {
			q := FormQuestion{Path: strings.TrimPrefix(c.Path, root), Name: c.Name, Type: cmp.Or(c.TypeText, c.Type),
				Label: strings.TrimSpace(ix.text(c.Label)), Relevant: c.Relevant, Depth: depth,
				Group: c.Type == xlsform.TypeGroup || c.Type == xlsform.TypeRepeat}
			switch c.Required {
			case "", "false()":
			case "true()":
				q.Required = "yes"
			default:
				q.Required = c.Required
			}
			out = append(out, q)
			if q.Group {
				walk(c, depth+1)
			}
		}
	}
	walk(s.Form.Root, 0)
	return out
}

// FormAnswer is one answer of a submission beside its question.
type FormAnswer struct {
	Key   string // the answer's key: hh/member[2]/age
	Label string // the question, in the reader's language; the key when the version has no such question
	Value string // as stored
	Shown string // as a person reads it: choice labels for selections
	Known bool   // the version has this question
}

// FormAnswers lists the answers stored in a submission's Data, in form
// order (repeat instances in turn), labelled in lang. s may be nil, when
// the version no longer reads: the answers are then listed by key.
func FormAnswers(s *instance.Schema, data, lang string) ([]FormAnswer, error) {
	values, err := FormValues(data)
	if err != nil {
		return nil, err
	}
	ix := formIndexOf(s, lang)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, ix.compareKeys)
	out := make([]FormAnswer, 0, len(keys))
	for _, k := range keys {
		path := formPlainPath(k)
		_, known := ix.byPath[path]
		a := FormAnswer{Key: k, Label: k, Value: values[k], Shown: values[k], Known: known || ix.node(path) != nil}
		if a.Known {
			a.Label, a.Shown = ix.label(path), ix.shown(path, values[k])
		}
		out = append(out, a)
	}
	return out, nil
}

// formStep is one name of a key with its repeat index (0 outside repeats).
type formStep struct {
	name  string
	index int
}

func formSteps(key string) []formStep {
	parts := strings.Split(key, "/")
	out := make([]formStep, len(parts))
	for i, p := range parts {
		out[i].name = p
		if open := strings.IndexByte(p, '['); open > 0 && strings.HasSuffix(p, "]") {
			if n, err := strconv.Atoi(p[open+1 : len(p)-1]); err == nil && n > 0 {
				out[i] = formStep{name: p[:open], index: n}
			}
		}
	}
	return out
}

// formPlainPath drops the repeat indices of a key: hh/member[2]/age is
// the answer to hh/member/age.
func formPlainPath(key string) string {
	steps := formSteps(key)
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.name
	}
	return strings.Join(names, "/")
}

// compareKeys orders keys as the form orders its questions, each repeat
// instance whole before the next; keys the form does not know come last,
// alphabetically.
func (ix *formIndex) compareKeys(a, b string) int {
	sa, sb := formSteps(a), formSteps(b)
	pa, pb := "", ""
	for i := 0; i < len(sa) && i < len(sb); i++ {
		if i > 0 {
			pa, pb = pa+"/", pb+"/"
		}
		pa, pb = pa+sa[i].name, pb+sb[i].name
		oa, okA := ix.order[pa]
		ob, okB := ix.order[pb]
		switch {
		case okA && okB && oa != ob:
			return cmp.Compare(oa, ob)
		case okA != okB:
			if okA {
				return -1
			}
			return 1
		case !okA && sa[i].name != sb[i].name:
			return strings.Compare(sa[i].name, sb[i].name)
		}
		if c := cmp.Compare(sa[i].index, sb[i].index); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(sa), len(sb))
}

// FormValues reads a submission's stored answers (its Data) as answers by
// instance key (see internal/forms/instance: "hh/member[2]/age"). It
// accepts the shapes the answers may be kept in: an object of answers by
// key; an instance.Instance; the tables of instance.Flatten; or nested
// objects, with arrays of objects for repeats. Numbers and booleans are
// written as text, lists of values joined by spaces (as a select_multiple
// answer is written), and empty answers left out.
func FormValues(data string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(data) == "" {
		return out, nil
	}
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("collect: the stored answers are not a JSON object: %w", err)
	}
	if values, ok := top["values"].(map[string]any); ok {
		if _, ok := top["meta"]; ok {
			top = values
		}
	}
	if _, ok := top[""].([]any); ok {
		formFromTables(top, out)
		return out, nil
	}
	formFlattenJSON("", top, out)
	return out, nil
}

// formFromTables reads the tables of instance.Flatten back into keys: a
// repeat row's KEY ends with its instance's key ("uuid:.../hh/member[2]").
func formFromTables(tables map[string]any, out map[string]string) {
	mainKey := ""
	for name, rowsAny := range tables {
		rows, _ := rowsAny.([]any)
		for _, rowAny := range rows {
			row, _ := rowAny.(map[string]any)
			if name == "" {
				mainKey = formScalar(row[instance.ColKey])
			}
		}
	}
	for name, rowsAny := range tables {
		rows, _ := rowsAny.([]any)
		for _, rowAny := range rows {
			row, _ := rowAny.(map[string]any)
			prefix := ""
			if name != "" {
				key := formScalar(row[instance.ColKey])
				if mainKey == "" {
					_, prefix, _ = strings.Cut(key, "/")
				} else {
					prefix = strings.TrimPrefix(key, mainKey+"/")
				}
				if prefix == key || prefix == "" {
					continue // not a row of this submission's repeats
				}
			}
			for col, v := range row {
				if col == instance.ColKey || col == instance.ColParentKey || strings.HasPrefix(col, "meta/") {
					continue
				}
				key := col
				if name != "" {
					key = prefix + "/" + strings.TrimPrefix(col, name+"/")
				}
				if s := formScalar(v); s != "" {
					out[key] = s
				}
			}
		}
	}
}

func formFlattenJSON(prefix string, v any, out map[string]string) {
	join := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "/" + name
	}
	switch x := v.(type) {
	case map[string]any:
		for k, el := range x {
			formFlattenJSON(join(k), el, out)
		}
	case []any:
		objects := len(x) > 0
		for _, el := range x {
			if _, ok := el.(map[string]any); !ok {
				objects = false
			}
		}
		if objects && prefix != "" {
			for i, el := range x {
				formFlattenJSON(prefix+"["+strconv.Itoa(i+1)+"]", el, out)
			}
			return
		}
		var words []string
		for _, el := range x {
			if s := formScalar(el); s != "" {
				words = append(words, s)
			}
		}
		if len(words) > 0 && prefix != "" {
			out[prefix] = strings.Join(words, " ")
		}
	default:
		if s := formScalar(x); s != "" && prefix != "" {
			out[prefix] = s
		}
	}
}

func formScalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// formCounts works out the number of instances of each repeat from the
// indices in the keys, as instance.Instance.Counts holds them.
func formCounts(values map[string]string) map[string]int {
	counts := map[string]int{}
	for k := range values {
		prefix := ""
		for _, s := range formSteps(k) {
			if s.index > 0 {
				ck := prefix + s.name
				counts[ck] = max(counts[ck], s.index)
				prefix += s.name + "[" + strconv.Itoa(s.index) + "]/"
			} else {
				prefix += s.name + "/"
			}
		}
	}
	return counts
}
