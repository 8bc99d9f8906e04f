package registry

import (
	"encoding/json"
	"reflect"
	"sort"
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

// QueryPart is one word of a search: a person matches it when one of its
// Terms (or, for the unfinished last word, a term starting with one of
// them) is among the person's search terms. Weight estimates how few
// people share the word (see names.Weight), so the search can start from
// the most telling part and only check the others.
type QueryPart struct {
	Terms  []string
	Prefix bool
	Weight float64
}

// QueryParts turns what was typed in the search box into parts, the most
// telling first. Each word gives its normalised form, its spelling
// variants and its cross-script phonetic key; the last word may be
// unfinished, so its terms are prefixes. A query that looks like a phone
// or ID number is one exact part.
func QueryParts(q string) []QueryPart {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	compact := strings.TrimPrefix(asciiDigits(q), "+")
	if isDigits(compact) && len(compact) >= 6 {
		if ph := NormalizePhone(compact); strings.HasPrefix(ph, "01") && len(ph) == 11 {
			return []QueryPart{{Terms: []string{termPhone + ph}, Weight: 2}}
		}
		if len(compact) == 6 {
			return []QueryPart{{Terms: []string{termPhone + compact}, Weight: 2}}
		}
		return []QueryPart{{Terms: []string{termID + compact}, Weight: 2}}
	}
	if up := strings.ToUpper(compact); passportRe.MatchString(up) || bmetRe.MatchString(up) && strings.ContainsAny(up, "0123456789") {
		// A passport or BMET number: names never hold digits.
		return []QueryPart{{Terms: []string{termID + up}, Weight: 2}}
	}
	var parts []QueryPart
	words := strings.Fields(q)
	for i, w := range words {
		keys := names.SearchKeys(w)
		if len(keys) == 0 {
			continue
		}
		part := QueryPart{Terms: keys, Weight: names.Weight(w)}
		if i == len(words)-1 {
			// A phonetic key of one consonant ("~r" from "rah") would match
			// half the register as a prefix; such keys only count as whole words.
			part = QueryPart{Prefix: true, Weight: part.Weight}
			for _, k := range keys {
				if !strings.HasPrefix(k, "~") || len([]rune(k)) >= 3 {
					part.Terms = append(part.Terms, k)
				}
			}
			// A short beginning matches many words.
			if n := len([]rune(w)); n < 4 {
				part.Weight *= float64(n) / 4
			}
		}
		if len(part.Terms) > 0 {
			parts = append(parts, part)
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].Weight > parts[j].Weight })
	return parts
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
