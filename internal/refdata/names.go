package refdata

import (
	"slices"
	"strings"
	"sync"
)

var unitNames struct {
	once  sync.Once
	index map[string][]int32 // level byte + nameKey -> units
}

// FindUnit finds the unit of the given level whose name is name, among the
// units inside within (a P-code; "" or "BD" for the whole country). The
// name may be the current English spelling, the OCHA spelling, the
// source's alternative spelling or the Bangla name, in any case, with or
// without spaces, hyphens and apostrophes ("Coxs bazar", "কক্সবাজার").
// ok is false when no unit or more than one matches: upazila names such as
// "Kotwali" or "Sherpur" repeat across districts, so give within for
// levels below district. It is meant for importing free text, not for hot
// paths: it costs one map look-up plus a pass over the units that share
// the name.
func FindUnit(level Level, within, name string) (Unit, bool) {
	t := adminData()
	unitNames.once.Do(func() { unitNames.index = buildUnitNames(t) })
	if within == "BD" {
		within = ""
	}
	key := nameKey(name)
	if key == "" {
		return Unit{}, false
	}
	found := int32(-1)
	for _, i := range unitNames.index[string(rune('0'+level))+key] {
		if !strings.HasPrefix(t.units[i].Pcode, within) || i == found {
			continue
		}
		if found >= 0 {
			return Unit{}, false // ambiguous
		}
		found = i
	}
	if found < 0 {
		return Unit{}, false
	}
	return t.units[found], true
}

func buildUnitNames(t *adminTables) map[string][]int32 {
	idx := make(map[string][]int32, len(t.units)+1500)
	var keys [5]string
	for i, u := range t.units {
		prefix := string(rune('0' + u.Level))
		names := [5]string{u.NameEN, u.NameOCHA, stripParen(u.NameOCHA), t.alt[u.Pcode], u.NameBN}
		for j, n := range names {
			keys[j] = ""
			if n == "" || slices.Contains(names[:j], n) {
				continue
			}
			k := nameKey(n)
			if k == "" || slices.Contains(keys[:j], k) {
				continue
			}
			keys[j] = k
			idx[prefix+k] = append(idx[prefix+k], int32(i))
		}
	}
	return idx
}

// stripParen removes a trailing parenthesised part: "Noakhali Sadar
// (Sudharam)" gives "Noakhali Sadar".
func stripParen(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}
