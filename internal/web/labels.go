package web

import (
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Labels for codes stored in records, in the page's language. Code lists
// of the domain (sex, religion, case status...) are catalog keys
// "<list>.<code>"; reference data (places, countries, occupations, ethnic
// groups, languages) carries its own names.

// Label returns the name of a code from a domain list, e.g. Label "sex" "female".
func (p *Page) Label(list, code string) string {
	if code == "" {
		return ""
	}
	return p.T(list + "." + code)
}

// Place returns a P-code's name; unknown codes show as they are.
func (p *Page) Place(code string) string {
	if u, ok := refdata.Admin(code); ok {
		return u.Name(p.Lang)
	}
	return code
}

// Country returns an ISO 3166 country's name.
func (p *Page) Country(code string) string {
	if c, ok := refdata.Country(code); ok {
		return c.Name(p.Lang)
	}
	return code
}

// Occupation returns an ISCO-08 code with its title (ESCO titles are English only).
func (p *Page) Occupation(code string) string {
	if o, ok := refdata.ISCO(code); ok {
		return p.Digits(code) + " " + o.Title
	}
	return code
}

// Ethnicity returns an ethnic group's name.
func (p *Page) Ethnicity(code string) string {
	if e, ok := refdata.EthnicGroup(code); ok {
		return e.Name(p.Lang)
	}
	return code
}

// Language returns a language's name.
func (p *Page) Language(code string) string {
	if l, ok := refdata.Language(code); ok {
		return l.Name(p.Lang)
	}
	return code
}

// SkillCategory returns a BMET skill category's name.
func (p *Page) SkillCategory(code string) string {
	if s, ok := refdata.Skill(code); ok {
		return s.Name(p.Lang)
	}
	return code
}

// PersonName returns a person's name in the page's script, falling back to the other.
func (p *Page) PersonName(person registry.Person) string { return person.DisplayName(p.Lang) }
