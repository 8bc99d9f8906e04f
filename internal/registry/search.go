package registry

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/remaker-bd/remaker/internal/registry/names"
)

// SortName is the key people lists are ordered by: the Latin name when
// there is one (what most registers sort by), else the Bangla name.
func SortName(p Person) string {
	if p.NameLatin != "" {
		return names.Normalize(p.NameLatin)
	}
	return names.Normalize(p.NameBn)
}

// Identifier terms carry a prefix so a number never matches a name token.
const (
	termPhone = "#p"
	termID    = "#i"
)

// SearchTerms returns the index terms of a person: the name keys of both
// scripts (normalised words and phonetic keys shared across scripts), the
// phone numbers and every ID number.
func SearchTerms(p Person) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, n := range []string{p.NameBn, p.NameLatin} {
		for _, k := range names.SearchKeys(n) {
			add(k)
		}
	}
	for _, ph := range p.Phones {
		add(termPhone + ph)
		// The last digits are what people remember of a number.
		if len(ph) > 6 {
			add(termPhone + ph[len(ph)-6:])
		}
	}
	for _, id := range []string{p.NID, p.Passport, p.BMETReg} {
		if id != "" {
			add(termID + id)
		}
	}
	return out
}

// QueryTerms turns what was typed in the search box into groups of
// alternative terms: a person matches when, for every group, one of its
// terms is among the person's search terms. Each word typed gives a group
// (its normalised form, its spelling variants and its cross-script
// phonetic key); the last word may be unfinished, so its terms come back
// as prefixes instead. A query that looks like a phone or ID number is
// matched as one.
func QueryTerms(q string) (groups [][]string, prefixes []string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	compact := strings.TrimPrefix(asciiDigits(q), "+")
	if isDigits(compact) && len(compact) >= 6 {
		if ph := NormalizePhone(compact); strings.HasPrefix(ph, "01") && len(ph) == 11 {
			return [][]string{{termPhone + ph}}, nil
		}
		if len(compact) == 6 {
			return [][]string{{termPhone + compact}}, nil
		}
		return [][]string{{termID + compact}}, nil
	}
	if up := strings.ToUpper(compact); passportRe.MatchString(up) {
		return [][]string{{termID + up}}, nil
	}
	var words [][]string
	for _, w := range strings.Fields(q) {
		if keys := names.SearchKeys(w); len(keys) > 0 {
			words = append(words, keys)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	// A phonetic key of one consonant ("~r" from "rah") would match half
	// the register as a prefix; such keys only count as whole words.
	for _, k := range words[len(words)-1] {
		if !strings.HasPrefix(k, "~") || len([]rune(k)) >= 3 {
			prefixes = append(prefixes, k)
		}
	}
	return words[:len(words)-1], prefixes
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Diff lists the fields that differ between two versions of a person, as
// {"field": [old, new]}, for the audit trail.
func Diff(old, new Person) map[string][2]any {
	out := map[string][2]any{}
	ov, nv := structFields(old), structFields(new)
	for k, a := range ov {
		switch k {
		case "updated_at", "version", "created_at":
			continue
		}
		if b := nv[k]; !reflect.DeepEqual(a, b) {
			out[k] = [2]any{a, b}
		}
	}
	return out
}

// structFields flattens a value into its JSON fields.
func structFields(v any) map[string]any {
	b, _ := json.Marshal(v)
	m := map[string]any{}
	json.Unmarshal(b, &m)
	return m
}
