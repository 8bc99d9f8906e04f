package xform

import (
	"fmt"
	"sort"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// Forms of an itext value.
const (
	formLong     = "long" // the text itself: <value>
	formGuidance = "guidance"
)

// formOrder is the order of a text's values; media forms follow the text.
var formOrder = []string{formLong, formGuidance, "image", "big-image", "audio", "video"}

// mediaURI maps a media kind to the URI prefix clients resolve against the
// form's attachments.
var mediaURI = map[string]string{
	"image":     "jr://images/",
	"big-image": "jr://images/",
	"audio":     "jr://audio/",
	"video":     "jr://video/",
}

// itextSet collects the translations of a form, each text with values per
// language and form. Texts are written in pyxform's order: the choices
// first, then the questions in document order.
type itextSet struct {
	ids     []string
	entries map[string]*itextEntry
}

type itextEntry struct {
	rank  [3]int
	forms map[string]bool
	vals  map[string]map[string][]any // language -> form -> content
}

// Ranks of the texts of one question.
const (
	rankConstraintMsg = iota
	rankRequiredMsg
	rankLabel
	rankHint
)

func newItextSet() *itextSet { return &itextSet{entries: map[string]*itextEntry{}} }

func (s *itextSet) empty() bool { return len(s.ids) == 0 }

func (s *itextSet) entry(id string, rank [3]int) *itextEntry {
	e := s.entries[id]
	if e == nil {
		e = &itextEntry{rank: rank, forms: map[string]bool{}, vals: map[string]map[string][]any{}}
		s.entries[id] = e
		s.ids = append(s.ids, id)
	}
	return e
}

func (s *itextSet) add(id string, rank [3]int, lang, form string, content []any) {
	e := s.entry(id, rank)
	e.forms[form] = true
	if e.vals[lang] == nil {
		e.vals[lang] = map[string][]any{}
	}
	e.vals[lang][form] = content
}

// addMedia adds the media of a label. pyxform writes no value for a
// missing medium (nor for "-").
func (c *conv) addMedia(id string, rank [3]int, media map[string]xlsform.Text) {
	for _, kind := range formOrder[2:] {
		for _, lang := range c.langsOf(media[kind]) {
			file := media[kind][lang]
			if file == "" || file == "-" {
				continue
			}
			c.media[file] = true
			c.itext.add(id, rank, lang, kind, []any{text(mediaURI[kind] + file)})
		}
	}
}

// langsOf returns the languages of a text in the form's order.
func (c *conv) langsOf(t xlsform.Text) []string {
	out := make([]string, 0, len(t))
	for l := range t {
		out = append(out, l)
	}
	c.sortLangs(out)
	return out
}

func (c *conv) sortLangs(langs []string) {
	sort.Slice(langs, func(i, j int) bool {
		ri, iok := c.langRank[langs[i]]
		rj, jok := c.langRank[langs[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return langs[i] < langs[j]
	})
}

// render writes <itext>: one translation per language used by any text,
// each holding every text id, so that no language falls back to another.
// A text missing in a language is "-", as pyxform writes it.
func (s *itextSet) render(c *conv, def string) *elem {
	sort.SliceStable(s.ids, func(i, j int) bool {
		a, b := s.entries[s.ids[i]].rank, s.entries[s.ids[j]].rank
		for k := range a {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return false
	})
	seen := map[string]bool{}
	var langs []string
	for _, id := range s.ids {
		for lang := range s.entries[id].vals {
			if !seen[lang] {
				seen[lang] = true
				langs = append(langs, lang)
			}
		}
	}
	c.sortLangs(langs)
	out := el("itext")
	for _, lang := range langs {
		if !xmlChars(lang) {
			c.fail(nil, "", lang, fmt.Sprintf("The language name %q contains a control character that an XML document cannot hold.", lang))
		}
		tr := el("translation").set("lang", lang)
		if lang == def {
			tr.set("default", "true()")
		}
		for _, id := range s.ids {
			e := s.entries[id]
			t := el("text").set("id", id)
			for _, form := range formOrder {
				if !e.forms[form] {
					continue
				}
				v, ok := e.vals[lang][form]
				if !ok {
					if form != formLong && form != formGuidance {
						continue
					}
					v = []any{text("-")}
				}
				val := mixed("value", v)
				if form != formLong {
					val.set("form", form)
				}
				t.add(val)
			}
			tr.add(t)
		}
		out.add(tr)
	}
	return out
}

// choiceText adds the translations and media of one choice.
func (c *conv) choiceText(l *choiceList, li, ci int, ch *xlsform.Choice, id string) {
	rank := [3]int{0, li, ci}
	b := func(column, txt, msg string) {
		c.problems = append(c.problems, xlsform.Problem{Sheet: l.sheet, Row: ch.Row, Column: column, Text: txt,
			Message: fmt.Sprintf("Choice %q of list %q: %s", ch.Name, l.name, msg)})
	}
	for _, lang := range c.langsOf(ch.Label) {
		v := ch.Label[lang]
		if v != "" {
			c.itext.add(id, rank, lang, formLong, c.richText(b, nil, "label", v))
		}
	}
	c.addMedia(id, rank, ch.Media)
	c.itext.entry(id, rank) // a choice with neither label nor media still needs its text id
}

// labelElem is the <label> of a control or group: a reference to itext
// when the label is translated or has media, else the text itself.
func (c *conv) labelElem(it *item) *elem {
	if c.translated(it.Label) || len(it.Media) > 0 {
		id := it.path + ":label"
		rank := [3]int{1, it.order, rankLabel}
		for _, lang := range c.langsOf(it.Label) {
			v := it.Label[lang]
			if v != "" {
				c.itext.add(id, rank, lang, formLong, c.richText(c.blameItem(it), it, "label", v))
			}
		}
		c.addMedia(id, rank, it.Media)
		return el("label").set("ref", "jr:itext('"+id+"')")
	}
	if it.blankLabel {
		return el("label", text(""))
	}
	if s := c.plain(it.Label); s != "" {
		return mixed("label", c.richText(c.blameItem(it), it, "label", s))
	}
	return el("label")
}

// hintElem is the <hint> of a control, nil when it has none. A guidance
// hint always lives in itext, with the hint.
func (c *conv) hintElem(it *item) *elem {
	if c.translated(it.Hint) || !it.GuidanceHint.Empty() {
		id := it.path + ":hint"
		rank := [3]int{1, it.order, rankHint}
		for _, lang := range c.langsOf(it.Hint) {
			v := it.Hint[lang]
			if v != "" {
				c.itext.add(id, rank, lang, formLong, c.richText(c.blameItem(it), it, "hint", v))
			}
		}
		for _, lang := range c.langsOf(it.GuidanceHint) {
			v := it.GuidanceHint[lang]
			if v != "" {
				c.itext.add(id, rank, lang, formGuidance, c.richText(c.blameItem(it), it, "guidance_hint", v))
			}
		}
		return el("hint").set("ref", "jr:itext('"+id+"')")
	}
	if s := c.plain(it.Hint); s != "" {
		return mixed("hint", c.richText(c.blameItem(it), it, "hint", s))
	}
	return nil
}
