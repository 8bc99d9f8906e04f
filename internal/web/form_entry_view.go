package web

// The screen of a form being filled in: the engine's result turned into
// sections, repeats and questions for form_fill.html, split into pages,
// and the same view as JSON for static/forms.js.

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// fillViewer is one evaluation of the answers, ready to show.
type fillViewer struct {
	s     *instance.Schema
	res   *instance.Result
	lang  string // the form language for the reader's language
	ui    string // the reader's language
	items []*fillItem
	pages [][]*fillItem // the items of each page; one page unless paged
	paged bool
	probs map[string]string // first problem message by key
	words *fillWords
	// media is where the form's pictures are served (forms_media.go).
	media string
}

// fillWords are the screen's own words, in the reader's language, which
// every item carries for the recursive template.
type fillWords struct {
	Required, Add, Remove, File, Calc string
}

// fillItem is a section, a repeat, one of its instances, or a question.
type fillItem struct {
	Key string // the instance key; the count key for a repeat
	// ID is the control's id (labels point at it), "q:" and the key.
	ID       string
	Kind     string // section, repeat, instance, note, calc, input, textarea, radio, select, checks, ack, file
	Type     string // the input's type: text, date, time
	Mode     string // the input's inputmode: numeric, decimal
	Label    string
	Hint     string
	Value    string
	Required bool
	ReadOnly bool
	Relevant bool
	Filtered bool // its choices depend on other answers
	Error    string
	Options  []fillOption
	Items    []*fillItem
	// Repeats: Count instances under Key; CanAdd/CanRemove when the form
	// leaves the number to the person (no repeat_count).
	Count     int
	CanAdd    bool
	CanRemove bool
	Index     int // an instance's 1-based number
	W         *fillWords
	// Media are the pictures, audio and video of the label (forms_media.go).
	Media []fillMedia
}

// fillOption is one choice of a select.
type fillOption struct {
	ID, Value, Label string
	Checked, Shown   bool
}

// fillView evaluates a session's answers.
func fillView(fs *fillSession, opts instance.Options) *fillViewer {
	res := fs.schema.Validate(fs.in, opts)
	fs.in = res.Instance
	v := &fillViewer{s: fs.schema, res: res, lang: fs.schema.Language(opts.Lang), ui: opts.Lang, probs: map[string]string{}, words: &fillWords{
		Required: i18n.T(opts.Lang, "form_entry.required"), Add: i18n.T(opts.Lang, "form_entry.add"),
		Remove: i18n.T(opts.Lang, "form_entry.remove"), File: i18n.T(opts.Lang, "form_entry.file_on_device"),
		Calc: i18n.T(opts.Lang, "form_entry.calculated")}}
	for _, p := range res.Problems {
		if _, ok := v.probs[p.Key]; !ok {
			v.probs[p.Key] = p.Message
		}
	}
	v.media = "/fill/" + fs.version.ID + "/media/"
	if root := fs.schema.Form.Root; root != nil {
		v.items = v.build(root, "")
	}
	v.paginate()
	return v
}

func (v *fillViewer) text(key string, t xlsform.Text) string {
	if t.Empty() {
		return ""
	}
	return v.res.Text(key, t)
}

// build makes the items below node n, whose children's keys start with prefix.
func (v *fillViewer) build(n *xlsform.Node, prefix string) []*fillItem {
	var out []*fillItem
	for _, c := range n.Children {
		if it := v.item(c, prefix); it != nil {
			out = append(out, it)
		}
	}
	return out
}

func (v *fillViewer) item(n *xlsform.Node, prefix string) *fillItem {
	if n.IsMetadata() {
		return nil
	}
	key := prefix + n.Name
	it := &fillItem{Key: key, ID: "q:" + key, Label: v.text(key, n.Label), Hint: v.text(key, n.Hint), Relevant: v.res.Relevant(key), W: v.words}
	it.Media = v.labelMedia(n)
	switch n.Type {
	case xlsform.TypeGroup:
		it.Kind, it.Items = "section", v.build(n, key+"/")
		if it.Label == "" {
			it.Kind = "plain"
		}
		return it
	case xlsform.TypeRepeat:
		it.Kind, it.Count = "repeat", v.res.Instance.Count(key)
		it.CanAdd = n.RepeatCount == "" && it.Count < instance.MaxRepeatInstances
		it.Relevant = it.Count == 0 || v.res.Relevant(key+"[1]")
		for i := 1; i <= it.Count; i++ {
			ik := key + "[" + strconv.Itoa(i) + "]"
			it.Items = append(it.Items, &fillItem{Key: ik, ID: "q:" + ik, Kind: "instance", Label: it.Label + " " + i18n.Digits(v.ui, strconv.Itoa(i)),
				Index: i, Relevant: v.res.Relevant(ik), CanRemove: n.RepeatCount == "", Items: v.build(n, ik+"/"), W: v.words})
		}
		return it
	case xlsform.TypeHidden, xlsform.TypeXMLExternal, xlsform.TypeCSVExternal:
		return nil
	}
	it.Value = v.res.Instance.Get(key)
	it.Required = n.Required != "" && n.Required != "false()"
	it.ReadOnly = n.ReadOnly != "" && n.ReadOnly != "false()"
	it.Error = v.probs[key]
	switch {
	case n.Type == xlsform.TypeNote:
		it.Kind = "note"
	case n.Type == xlsform.TypeCalculate:
		it.Kind = "calc"
		if it.Label == "" {
			it.Label = n.Name
		}
	case n.Type == xlsform.TypeAcknowledge:
		it.Kind = "ack"
	case n.Type == xlsform.TypeImage || n.Type == xlsform.TypeAudio || n.Type == xlsform.TypeVideo || n.Type == xlsform.TypeFile:
		it.Kind = "file"
	case n.IsSelect() && n.Choices != nil && (n.Type == xlsform.TypeSelectOne || n.Type == xlsform.TypeSelectMultiple || fillFromFile(n)):
		v.choices(n, it)
	case n.Type == xlsform.TypeText && strings.Contains(n.Appearance, "multiline"):
		it.Kind = "textarea"
	default:
		it.Kind, it.Type = "input", "text"
		switch n.Type {
		case xlsform.TypeInteger, xlsform.TypeRange:
			it.Mode = "numeric"
		case xlsform.TypeDecimal:
			it.Mode = "decimal"
		case xlsform.TypeDate:
			it.Type = "date"
		case xlsform.TypeTime:
			it.Type = "time"
		}
	}
	return it
}

// choices lists a select's choices, all of them, with those its
// choice_filter rules out now not shown, so that forms.js can show them
// again without building options of its own.
func (v *fillViewer) choices(n *xlsform.Node, it *fillItem) {
	switch {
	case n.Type == xlsform.TypeSelectMultiple || n.Type == xlsform.TypeSelectMultipleFromFile:
		it.Kind = "checks"
	case strings.Contains(n.Appearance, "minimal"):
		it.Kind = "select"
	default:
		it.Kind = "radio"
	}
	it.Filtered = n.ChoiceFilter != ""
	allowed := map[string]bool{}
	for _, c := range v.res.Choices(it.Key) {
		allowed[c.Name] = true
	}
	chosen := map[string]bool{}
	for _, s := range strings.Fields(it.Value) {
		chosen[s] = true
	}
	for i, c := range n.ChoiceItems() {
		it.Options = append(it.Options, fillOption{ID: it.ID + ":" + strconv.Itoa(i), Value: c.Name,
			Label: c.Label.Get(v.lang, v.s.Form.DefaultLanguage), Checked: chosen[c.Name], Shown: !it.Filtered || allowed[c.Name]})
	}
}

// paginate splits the form into pages when its style is "pages" or a
// top-level group asks for a screen of its own (field-list): each
// top-level group or repeat is a page, and the questions between them
// another. Otherwise the whole form is one page of sections.
func (v *fillViewer) paginate() {
	root := v.s.Form.Root
	v.paged = strings.Contains(v.s.Form.Settings.Style, "pages")
	if root != nil && !v.paged {
		for _, c := range root.Children {
			if c.IsGroup() && strings.Contains(c.Appearance, "field-list") {
				v.paged = true
			}
		}
	}
	if !v.paged {
		v.pages = [][]*fillItem{v.items}
		return
	}
	var loose []*fillItem
	for _, it := range v.items {
		if it.Kind == "section" || it.Kind == "plain" || it.Kind == "repeat" {
			if len(loose) > 0 {
				v.pages = append(v.pages, loose)
				loose = nil
			}
			v.pages = append(v.pages, []*fillItem{it})
			continue
		}
		loose = append(loose, it)
	}
	if len(loose) > 0 || len(v.pages) == 0 {
		v.pages = append(v.pages, loose)
	}
}

// onPage reports which page holds the answer at key.
func (v *fillViewer) onPage(key string) int {
	top, _, _ := strings.Cut(key, "/")
	top, _, _ = strings.Cut(top, "[")
	for i, page := range v.pages {
		for _, it := range page {
			if it.Key == top {
				return i
			}
		}
	}
	return 0
}

func (v *fillViewer) clamp(page int) int {
	return max(0, min(page, len(v.pages)-1))
}

// pageShown reports whether a page has anything relevant to show.
func (v *fillViewer) pageShown(page int) bool {
	for _, it := range v.pages[page] {
		if it.Relevant && it.Kind != "calc" {
			return true
		}
	}
	return false
}

// step moves dir pages from page, over pages with nothing relevant.
func (v *fillViewer) step(page, dir int) int {
	page = v.clamp(page)
	for p := page + dir; p >= 0 && p < len(v.pages); p += dir {
		if v.pageShown(p) {
			return p
		}
	}
	return page
}

// pageProblems reports whether the page has problems to correct before
// moving on.
func (v *fillViewer) pageProblems(page int) bool {
	page = v.clamp(page)
	for k := range v.probs {
		if v.onPage(k) == page {
			return true
		}
	}
	return false
}

func (v *fillViewer) firstProblemPage() int {
	if len(v.res.Problems) == 0 {
		return 0
	}
	return v.onPage(v.res.Problems[0].Key)
}

// fillData is what form_fill.html shows.
type fillData struct {
	Title, VersionID, State string
	CaseID, CaseRef         string
	DraftID                 string
	DraftVersion            int
	Page, Pages             int
	First, Last, Paged      bool
	PageLabel               string // "Page 2 of 5"
	Items                   []*fillItem
	Hidden                  []fillHidden
	Problems                []fillProblem
	// ShowProblems puts the engine's messages beside the questions: after
	// a submit or a move to the next page, not while someone starts.
	ShowProblems bool
}

// fillHidden is an answer on another page, posted back unchanged.
type fillHidden struct{ Name, Value string }

// fillProblem is a line of the summary above the form, linking to its question.
type fillProblem struct{ ID, Label, Message string }

// screen is the page to render.
func (v *fillViewer) screen(fs *fillSession, p *Page, problems bool) (fillData, error) {
	state, err := json.Marshal(fs.in)
	if err != nil {
		return fillData{}, err
	}
	page := v.clamp(fs.page)
	fs.page = page
	d := fillData{Title: v.formTitle(), VersionID: fs.version.ID, State: string(state), DraftID: fs.draftID, DraftVersion: fs.draftV,
		Page: page, Pages: len(v.pages), Paged: v.paged, Items: v.pages[page], ShowProblems: problems}
	d.First, d.Last = v.step(page, -1) == page, v.step(page, 1) == page
	d.PageLabel = p.T("form_entry.page_of", p.Num(page+1), p.Num(len(v.pages)))
	if fs.caseRef != nil {
		d.CaseID, d.CaseRef = fs.caseRef.ID, fs.caseRef.Reference
	}
	if v.paged {
		d.Hidden = v.hiddenAnswers(page)
	}
	for k, m := range p.Errors {
		d.Problems = append(d.Problems, fillProblem{ID: "q:" + k, Label: k, Message: m})
	}
	if problems {
		for _, pr := range v.res.Problems {
			if v.paged && v.onPage(pr.Key) != page {
				continue
			}
			d.Problems = append(d.Problems, fillProblem{ID: "q:" + pr.Key, Label: pr.Label, Message: pr.Message})
		}
	} else {
		fillClearErrors(d.Items)
	}
	for _, it := range d.Items {
		fillPostErrors(it, p.Errors)
	}
	return d, nil
}

// fillClearErrors drops the engine's messages: nothing has been asked yet.
func fillClearErrors(items []*fillItem) {
	for _, it := range items {
		it.Error = ""
		fillClearErrors(it.Items)
	}
}

// fillPostErrors puts messages about the post itself beside their fields.
func fillPostErrors(it *fillItem, errs map[string]string) {
	if m, ok := errs[it.Key]; ok {
		it.Error = m
	}
	for _, c := range it.Items {
		fillPostErrors(c, errs)
	}
}

func (v *fillViewer) formTitle() string {
	if t := v.s.Form.Title; t != "" {
		return t
	}
	return v.s.Form.ID
}

// hiddenAnswers are the answers outside the page, so that the post
// carries the whole form (instance.Schema.FromValues clears what a form
// posting everything leaves out).
func (v *fillViewer) hiddenAnswers(page int) []fillHidden {
	var out []fillHidden
	for k, val := range v.res.Instance.Values {
		if v.onPage(k) == page {
			continue
		}
		for _, part := range fillSplit(v.s, k, val) {
			out = append(out, fillHidden{Name: k, Value: part})
		}
	}
	for k, n := range v.res.Instance.Counts {
		if v.onPage(k) != page {
			out = append(out, fillHidden{Name: k, Value: strconv.Itoa(n)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// fillSplit returns the values to post for an answer: one per chosen value
// of a select_multiple.
func fillSplit(s *instance.Schema, key, val string) []string {
	name := key
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		name = key[i+1:]
	}
	if n := s.Form.Find(name); n != nil && n.Type == xlsform.TypeSelectMultiple {
		return strings.Fields(val)
	}
	return []string{val}
}

// fillCheckResult is what forms.js is told after a change.
type fillCheckResult struct {
	// Relevant says, for every section, repeat instance and question on
	// the screen, whether it is shown.
	Relevant map[string]bool `json:"relevant"`
	// Text holds the labels of notes (they may show answers, ${name}).
	Text map[string]string `json:"text"`
	// Values holds the calculated answers.
	Values map[string]string `json:"values"`
	// Choices holds the choices to offer now, for selects with a
	// choice_filter.
	Choices map[string][]string `json:"choices"`
	// Problems holds the messages to show now, by key: all but answers
	// still missing, which wait for the submit.
	Problems map[string]string `json:"problems"`
}

func (v *fillViewer) check() fillCheckResult {
	out := fillCheckResult{Relevant: map[string]bool{}, Text: map[string]string{}, Values: map[string]string{},
		Choices: map[string][]string{}, Problems: map[string]string{}}
	var walk func([]*fillItem)
	walk = func(items []*fillItem) {
		for _, it := range items {
			out.Relevant[it.Key] = it.Relevant
			switch it.Kind {
			case "note":
				out.Text[it.Key] = it.Label
			case "calc":
				out.Values[it.Key] = it.Value
			}
			if it.Filtered {
				shown := []string{}
				for _, o := range it.Options {
					if o.Shown {
						shown = append(shown, o.Value)
					}
				}
				out.Choices[it.Key] = shown
			}
			walk(it.Items)
		}
	}
	walk(v.items)
	for _, p := range v.res.Problems {
		if p.Code != instance.CodeRequired {
			if _, ok := out.Problems[p.Key]; !ok {
				out.Problems[p.Key] = p.Message
			}
		}
	}
	return out
}
