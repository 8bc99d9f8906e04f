package builtin_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/builtin/internal/sheets"
	"github.com/remaker-bd/remaker/internal/forms/expr"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

const (
	langEN = "English (en)"
	langBN = "Bangla (bn)"
)

// read reads a built-in form as an upload is read, failing on any problem
// or warning: a form Remaker ships must be clean.
func read(t *testing.T, f builtin.Form) *xlsform.Form {
	t.Helper()
	form, err := forms.Read(f.XLSX, f.FileName)
	if err != nil {
		t.Fatalf("%s: %v", f.FileName, err)
	}
	for _, w := range form.Warnings {
		t.Errorf("%s: warning: %s", f.FileName, w)
	}
	return form
}

func byName(t *testing.T, name string) (builtin.Form, *xlsform.Form) {
	t.Helper()
	for _, f := range builtin.All() {
		if f.Name == name {
			return f, read(t, f)
		}
	}
	t.Fatalf("no built-in form %q", name)
	return builtin.Form{}, nil
}

// nodes returns the form's questions, groups and repeats in sheet order.
func nodes(form *xlsform.Form) []*xlsform.Node {
	var out []*xlsform.Node
	form.Root.Walk(func(n *xlsform.Node) bool {
		if n != form.Root {
			out = append(out, n)
		}
		return true
	})
	return out
}

func node(t *testing.T, form *xlsform.Form, name string) *xlsform.Node {
	t.Helper()
	n := form.Find(name)
	if n == nil {
		t.Fatalf("%s has no question %q", form.ID, name)
	}
	return n
}

func TestAllInOrder(t *testing.T) {
	var names []string
	for _, f := range builtin.All() {
		names = append(names, f.Name)
		if f.FileName != f.Name+".xlsx" || f.Purpose != f.Name || len(f.XLSX) == 0 {
			t.Errorf("%+v: want file %s.xlsx, purpose %s and a workbook", f.Name, f.Name, f.Name)
		}
		if !slices.Contains(forms.Purposes, f.Purpose) {
			t.Errorf("%s: purpose %q is not one of forms.Purposes", f.Name, f.Purpose)
		}
		if f.CaseBound != (f.Name != "scoping") {
			t.Errorf("%s: case bound is %v", f.Name, f.CaseBound)
		}
	}
	if want := []string{"screening", "rss", "followup", "scoping"}; !slices.Equal(names, want) {
		t.Fatalf("All() = %q, want %q", names, want)
	}
	// Each call hands out its own bytes.
	a, b := builtin.All(), builtin.All()
	a[0].XLSX[0] ^= 0xff
	if a[0].XLSX[0] == b[0].XLSX[0] {
		t.Error("All() shares workbook bytes between calls")
	}
}

// TestWorkbooksMatchSources keeps the committed workbooks and their text
// sources in step: edit src/<form>/*.tsv, then `go generate`.
func TestWorkbooksMatchSources(t *testing.T) {
	var want []string
	for _, f := range builtin.All() {
		want = append(want, f.Name)
		src, err := sheets.Read(os.DirFS("src"), f.Name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sheets.FromXLSX(f.XLSX)
		if err != nil {
			t.Fatalf("%s: %v", f.FileName, err)
		}
		if diff := sheets.Diff(src, got, 10); diff != nil {
			t.Errorf("%s differs from src/%s (run go generate ./internal/forms/builtin):\n%s", f.FileName, f.Name, strings.Join(diff, "\n"))
		}
	}
	dirs, err := os.ReadDir("src")
	if err != nil {
		t.Fatal(err)
	}
	var srcNames []string
	for _, d := range dirs {
		srcNames = append(srcNames, d.Name())
	}
	xlsx, err := filepath.Glob("*.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range xlsx {
		xlsx[i] = strings.TrimSuffix(x, ".xlsx")
	}
	slices.Sort(want)
	if !slices.Equal(srcNames, want) || !slices.Equal(xlsx, want) {
		t.Errorf("sources %q and workbooks %q must be exactly the forms All() lists, %q", srcNames, xlsx, want)
	}
}

func TestFormsRead(t *testing.T) {
	version := regexp.MustCompile(`^20[0-9]{8}$`)
	for _, f := range builtin.All() {
		form := read(t, f)
		s := form.Settings
		switch {
		case form.ID != "remaker_"+f.Name:
			t.Errorf("%s: form_id %q, want remaker_%s", f.Name, form.ID, f.Name)
		case !version.MatchString(form.Version):
			t.Errorf("%s: version %q, want yyyymmddnn", f.Name, form.Version)
		case form.DefaultLanguage != langEN:
			t.Errorf("%s: default language %q", f.Name, form.DefaultLanguage)
		case !slices.Equal(form.Languages, []string{langEN, langBN}):
			t.Errorf("%s: languages %q", f.Name, form.Languages)
		case s.FormTitle == "" || !hasBengali(s.FormTitle) || !strings.ContainsFunc(s.FormTitle, isLatinLetter):
			t.Errorf("%s: the title %q must be in English and Bangla", f.Name, s.FormTitle)
		case s.InstanceName == "":
			t.Errorf("%s: no instance_name", f.Name)
		}
	}
}

// TestBothLanguages checks every text a person sees: labels, hints and
// messages are written in English and in Bangla (in Bengali script), in
// Unicode NFC, without stray spaces; every question and group has a label
// and every constraint says in both languages what is wrong.
func TestBothLanguages(t *testing.T) {
	for _, f := range builtin.All() {
		form := read(t, f)
		check := func(where, what string, text xlsform.Text, needed bool) {
			t.Helper()
			if text.Empty() {
				if needed {
					t.Errorf("%s %s: no %s", f.Name, where, what)
				}
				return
			}
			for lang, s := range text {
				if lang != langEN && lang != langBN {
					t.Errorf("%s %s: %s in unexpected language %q", f.Name, where, what, lang)
				}
				if s != strings.TrimSpace(s) || !norm.NFC.IsNormalString(s) {
					t.Errorf("%s %s: %s %q has stray spaces or is not NFC", f.Name, where, what, s)
				}
			}
			en, bn := text[langEN], text[langBN]
			switch {
			case en == "" || bn == "":
				t.Errorf("%s %s: %s must be in both languages: %q", f.Name, where, what, map[string]string(text))
			case !hasBengali(bn):
				t.Errorf("%s %s: Bangla %s %q is not in Bengali script", f.Name, where, what, bn)
			case hasBengali(en):
				t.Errorf("%s %s: English %s %q has Bengali script", f.Name, where, what, en)
			}
		}
		for _, n := range nodes(form) {
			where := "row " + strconv.Itoa(n.Row) + " " + n.Name
			shown := n.Type != xlsform.TypeCalculate && !n.IsMetadata()
			check(where, "label", n.Label, shown)
			check(where, "hint", n.Hint, false)
			check(where, "guidance hint", n.GuidanceHint, false)
			check(where, "required message", n.RequiredMessage, false)
			check(where, "constraint message", n.ConstraintMessage, n.Constraint != "")
		}
		for _, list := range form.ChoiceListOrder {
			for _, c := range form.Choices[list].Choices {
				check("choice "+list+"/"+c.Name, "label", c.Label, true)
			}
		}
	}
}

// TestListsAndReferences checks that every select has its list, that every
// list is used, and that every expression parses and names questions that
// exist and, for skip logic, filters and calculations, come earlier in the
// form (so the answer is there when the question is reached).
func TestListsAndReferences(t *testing.T) {
	for _, f := range builtin.All() {
		form := read(t, f)
		used := map[string]bool{}
		for _, n := range nodes(form) {
			if n.IsSelect() {
				if form.Choices[n.ListName] == nil || n.Choices == nil || len(n.Choices.Choices) == 0 {
					t.Errorf("%s %s: the list %q is missing or empty", f.Name, n.Name, n.ListName)
				}
				used[n.ListName] = true
			}
			for col, src := range map[string]string{"relevant": n.Relevant, "constraint": n.Constraint,
				"calculation": n.Calculation, "choice_filter": n.ChoiceFilter, "default": n.Default} {
				if src == "" || (col == "default" && !n.DefaultDynamic) {
					continue
				}
				e, err := expr.Parse(src)
				if err != nil {
					t.Errorf("%s %s %s: %v", f.Name, n.Name, col, err)
					continue
				}
				for _, ref := range e.Refs() {
					target := form.Find(ref)
					switch {
					case target == nil:
						t.Errorf("%s %s %s: ${%s} names no question", f.Name, n.Name, col, ref)
					case col != "constraint" && target.Row >= n.Row:
						t.Errorf("%s %s %s: ${%s} comes after the question that uses it", f.Name, n.Name, col, ref)
					}
				}
			}
		}
		for _, list := range form.ChoiceListOrder {
			if !used[list] {
				t.Errorf("%s: the choice list %q is not used by any question", f.Name, list)
			}
		}
		e, err := expr.Parse(form.Settings.InstanceName)
		if err != nil {
			t.Errorf("%s instance_name: %v", f.Name, err)
			continue
		}
		for _, ref := range e.Refs() {
			if form.Find(ref) == nil {
				t.Errorf("%s instance_name: ${%s} names no question", f.Name, ref)
			}
		}
	}
}

// TestCaseReference: the case-bound forms ask for the case they belong to,
// checked against the shape of a case reference (ORG-YYYY-NNNN).
func TestCaseReference(t *testing.T) {
	for _, f := range builtin.All() {
		form := read(t, f)
		ref := form.Find("case_ref")
		if !f.CaseBound {
			if ref != nil {
				t.Errorf("%s is not bound to a case but asks for one", f.Name)
			}
			continue
		}
		if ref == nil || ref.Type != xlsform.TypeText || ref.Required != "true()" || ref.Relevant != "" {
			t.Fatalf("%s: case_ref must be a required text question asked always", f.Name)
		}
		for value, ok := range map[string]bool{"BNSK-2026-0042": true, "warbe-2025-0001": true, "RMMRU-2026-12345": true,
			"BNSK-26-0042": false, "BNSK 2026 0042": false, "2026-0042": false, "BNSK-2026-42": false} {
			if got := evalBool(t, form, ref.Constraint, value, nil); got != ok {
				t.Errorf("%s: case_ref %q accepted = %v, want %v", f.Name, value, got, ok)
			}
		}
	}
}

// answers builds an evaluation environment in which every question of the
// form is unanswered except those given.
func answers(form *xlsform.Form, given map[string]string) *expr.MapEnv {
	env := &expr.MapEnv{Clock: time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("BST", 6*3600))}
	for _, n := range nodes(form) {
		env.Set(n.Name, "")
	}
	for k, v := range given {
		env.Set(k, v)
	}
	return env
}

// evalBool evaluates src with "." holding dot and the given answers.
func evalBool(t *testing.T, form *xlsform.Form, src, dot string, given map[string]string) bool {
	t.Helper()
	env := answers(form, given)
	env.Dot = expr.NewElement("value", dot)
	ok, err := expr.MustParse(src).EvalBool(env)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return ok
}

// offered returns the choices a select offers after its choice_filter,
// evaluated as a client does: once per choice, with the choice as ".".
func offered(t *testing.T, form *xlsform.Form, question string, given map[string]string) []string {
	t.Helper()
	n := node(t, form, question)
	if n.ChoiceFilter == "" {
		t.Fatalf("%s has no choice filter", question)
	}
	filter := expr.MustParse(n.ChoiceFilter)
	env := answers(form, given)
	var out []string
	for _, c := range n.Choices.Choices {
		item := expr.NewElement("item", "", expr.NewElement("name", c.Name))
		for k, v := range c.Extra {
			item.Append(expr.NewElement(k, v))
		}
		env.Dot = item
		ok, err := filter.EvalBool(env)
		if err != nil {
			t.Fatalf("%s filter on %s: %v", question, c.Name, err)
		}
		if ok {
			out = append(out, c.Name)
		}
	}
	return out
}

func choiceNames(form *xlsform.Form, list string) []string {
	var out []string
	if l := form.Choices[list]; l != nil {
		for _, c := range l.Choices {
			out = append(out, c.Name)
		}
	}
	return out
}

func hasBengali(s string) bool { return strings.ContainsFunc(s, isBengali) }

func isBengali(r rune) bool { return unicode.Is(unicode.Bengali, r) }

func isLatinLetter(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }
