package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/programme"
)

// Parts of a definition an issue may concern: Read maps each to the cells
// it came from.
const (
	partDefinition = iota
	partDimension
	partItem
	partThreshold
)

// Columns an issue may point at (survey or scoring sheet headers).
const (
	colDimension  = "score_dimension"
	colWeight     = "score_weight"
	colReverse    = "score_reverse"
	colBands      = "score_bands"
	colAssistance = "score_assistance"
	colScore      = "score"
	colKind       = "kind"
	colName       = "name"
	colValue      = "value"
)

// Kinds of rows on the scoring sheet.
const (
	kindVersion         = "version"
	kindPlaceholder     = "placeholder"
	kindNote            = "note"
	kindDimension       = "dimension"
	kindMinShare        = "min_answered_share"
	kindThreshold       = "threshold"
	kindSustainableFrom = "sustainable_from"
)

var kinds = []string{kindVersion, kindPlaceholder, kindNote, kindDimension, kindMinShare, kindThreshold, kindSustainableFrom}

// issue is one thing wrong with a definition: which part (part and its
// index), which column, the offending text and what to do.
type issue struct {
	part   int
	index  int
	kind   string // for partDefinition: the scoring sheet row kind concerned
	column string
	text   string
	msg    string
}

// Validate checks a definition, for example one decoded from JSON, with
// the same rules as Read. It returns an *xlsform.Error listing every
// problem, or nil.
func (d *Definition) Validate() error {
	issues := d.check(nil)
	if len(issues) == 0 {
		return nil
	}
	e := &xlsform.Error{}
	for _, is := range issues {
		e.Problems = append(e.Problems, xlsform.Problem{Column: is.column, Text: is.text, Message: is.msg})
	}
	return e
}

// positive reports whether w is a usable weight.
func positive(w float64) bool { return w > 0 && !math.IsInf(w, 1) }

// check returns every issue of d. skip marks items whose cells Read has
// already reported (so one mistake is not reported twice).
func (d *Definition) check(skip map[int]bool) []issue {
	var out []issue
	def := func(kind, column, text, msg string, args ...any) {
		out = append(out, issue{part: partDefinition, kind: kind, column: column, text: text, msg: fmt.Sprintf(msg, args...)})
	}
	if strings.TrimSpace(d.Label) == "" {
		def(kindVersion, colName, "", "The scoring has no version name. Add a row of kind version to the scoring sheet and write its name (for example \"official weights 2027-01\") in the name column.")
	}
	if !(d.MinAnsweredShare > 0 && d.MinAnsweredShare <= 1) {
		def(kindMinShare, colValue, fmt.Sprint(d.MinAnsweredShare), "The minimum answered share must be more than 0 and at most 1 (for example 0.6). Add or correct the row of kind min_answered_share on the scoring sheet.")
	}
	if !(d.SustainableFrom >= 0 && d.SustainableFrom <= 1) {
		def(kindSustainableFrom, colValue, fmt.Sprint(d.SustainableFrom), "The score from which reintegration counts as sustainable must be from 0 to 1. Add or correct the row of kind sustainable_from on the scoring sheet.")
	}

	// Dimensions.
	if len(d.Dimensions) == 0 {
		def(kindDimension, colKind, "", "The scoring names no dimension. Add a row of kind dimension to the scoring sheet for each dimension (for example economic, social, psychosocial) with its weight in the value column.")
	}
	dims := map[string]int{}
	for i, dim := range d.Dimensions {
		at := func(column, text, msg string, args ...any) {
			out = append(out, issue{part: partDimension, index: i, column: column, text: text, msg: fmt.Sprintf(msg, args...)})
		}
		switch _, dup := dims[dim.Name]; {
		case dim.Name == "":
			at(colName, "", "This dimension has no name. Write its name (for example economic) in the name column.")
		case dup:
			at(colName, dim.Name, "The dimension %q is named twice. Each dimension needs one row.", dim.Name)
		default:
			dims[dim.Name] = i
		}
		if !positive(dim.Weight) {
			at(colValue, fmt.Sprint(dim.Weight), "The weight of dimension %q must be a positive number.", dim.Name)
		}
	}

	// Items.
	perDim := map[string]int{}
	seen := map[string]bool{}
	for i, it := range d.Items {
		if _, ok := dims[it.Dimension]; ok {
			perDim[it.Dimension]++
		}
		if skip[i] {
			continue
		}
		at := func(column, text, msg string, args ...any) {
			out = append(out, issue{part: partItem, index: i, column: column, text: text, msg: fmt.Sprintf(msg, args...)})
		}
		if it.Question == "" || it.Key == "" {
			at(colName, it.Question, "A scored question needs its name and its key (its path in the answers).")
		}
		if seen[it.Question] {
			at(colName, it.Question, "The question %q is scored twice. Score each question once.", it.Question)
		}
		seen[it.Question] = true
		if _, ok := dims[it.Dimension]; !ok && len(d.Dimensions) > 0 {
			at(colDimension, it.Dimension, "The question %q names the dimension %q, which the scoring sheet does not define. Use one of %s, or add a row of kind dimension.",
				it.Question, it.Dimension, quoted(dimNames(d)))
		}
		if !positive(it.Weight) {
			at(colWeight, fmt.Sprint(it.Weight), "The weight of question %q must be a positive number.", it.Question)
		}
		switch {
		case len(it.Options) > 0 && len(it.Bands) > 0:
			at(colBands, "", "The question %q has both option scores and bands. Options score a select_one, bands a number: keep one.", it.Question)
		case len(it.Bands) > 0:
			for _, msg := range checkBands(it.Bands) {
				at(colBands, bandsText(it.Bands), "The score bands of question %q are not right: %s. Bands must cover, without gaps or overlaps, every value from the lowest bound to the highest.", it.Question, msg)
			}
		case len(it.Options) == 0:
			at(colDimension, it.Dimension, "The question %q has no scored answer: give its options a score on the choices sheet, or a number question score bands.", it.Question)
		}
		for _, name := range sortedKeys(it.Options) {
			if s := it.Options[name]; !(s >= 0 && s <= 1) {
				at(colScore, fmt.Sprint(s), "The option %q of question %q has the score %v. Scores go from 0 (worst) to 1 (best).", name, it.Question, s)
			}
			if slices.Contains(it.Missing, name) {
				at(colScore, name, "The option %q of question %q is both scored and missing. Give it a score or the word missing, not both.", name, it.Question)
			}
		}
		for _, code := range it.Assistance {
			if !slices.Contains(programme.AssistanceTypes, code) {
				at(colAssistance, code, "The question %q suggests the assistance type %q, which is not one of %s.", it.Question, code, quoted(programme.AssistanceTypes))
			}
		}
	}
	for i, dim := range d.Dimensions {
		if i == dims[dim.Name] && dim.Name != "" && perDim[dim.Name] == 0 {
			out = append(out, issue{part: partDimension, index: i, column: colName, text: dim.Name,
				msg: fmt.Sprintf("The dimension %q has no scored question. Write %q in the score_dimension column of its questions on the survey sheet, or remove the dimension.", dim.Name, dim.Name)})
		}
	}

	// Thresholds.
	if len(d.Thresholds) == 0 {
		def(kindThreshold, colKind, "", "The scoring has no thresholds. Add rows of kind threshold to the scoring sheet, each with a name and a range min..max, covering 0 to 1.")
	}
	names := map[string]bool{}
	for i, t := range d.Thresholds {
		at := func(column, text, msg string, args ...any) {
			out = append(out, issue{part: partThreshold, index: i, column: column, text: text, msg: fmt.Sprintf(msg, args...)})
		}
		rng := fmt.Sprintf("%v..%v", t.Min, t.Max)
		switch {
		case t.Name == "":
			at(colName, "", "This threshold has no name. Write a short name (for example priority) in the name column.")
		case names[t.Name]:
			at(colName, t.Name, "The threshold %q is named twice.", t.Name)
		}
		names[t.Name] = true
		if !(t.Min >= 0 && t.Max <= 1 && t.Min < t.Max) {
			at(colValue, rng, "The threshold %q covers %s: a range must lie within 0..1 and its lower bound be below its upper bound.", t.Name, rng)
			continue
		}
		switch {
		case i == 0 && t.Min != 0:
			at(colValue, rng, "The first threshold (%q) starts at %v: the thresholds must start at 0.", t.Name, t.Min)
		case i > 0 && d.Thresholds[i-1].Max > t.Min:
			at(colValue, rng, "The thresholds %q and %q overlap. Write them in ascending order, each starting where the one before ends.", d.Thresholds[i-1].Name, t.Name)
		case i > 0 && d.Thresholds[i-1].Max < t.Min:
			at(colValue, rng, "There is a gap between the thresholds %q and %q: scores from %v up to %v have no threshold.", d.Thresholds[i-1].Name, t.Name, d.Thresholds[i-1].Max, t.Min)
		}
		if i == len(d.Thresholds)-1 && t.Max != 1 {
			at(colValue, rng, "The last threshold (%q) ends at %v: the thresholds must end at 1.", t.Name, t.Max)
		}
	}
	return out
}

func dimNames(d *Definition) []string {
	out := make([]string, 0, len(d.Dimensions))
	for _, dim := range d.Dimensions {
		out = append(out, dim.Name)
	}
	return out
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return strings.Join(q, ", ")
}

func bandsText(bands []Band) string {
	parts := make([]string, len(bands))
	for i, b := range bands {
		parts[i] = b.String()
	}
	return strings.Join(parts, "; ")
}

func sortedKeys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
