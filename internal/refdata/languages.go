package refdata

import (
	"slices"
	"sync"
)

// LanguageInfo is a language the application records (a respondent's
// mother tongue, the language of an interview) or shows.
type LanguageInfo struct {
	// Code is the code the application stores: ISO 639-1 where the
	// language has one ("bn"), ISO 639-3 otherwise ("ccp").
	Code string
	// ISO6393 is the ISO 639-3 code ("ben", "ccp").
	ISO6393 string
	// NameEN and NameBN name the language in English and Bangla.
	NameEN, NameBN string
	// EthnicGroup is the EthnicGroup code of the CHT group that speaks it,
	// "" for languages that are not a CHT group's own.
	EthnicGroup string
	// Note says what is uncertain about the code or the name, "" when
	// nothing is.
	Note string
}

// Name returns the Bangla name when lang asks for Bangla and the English
// name otherwise.
func (l LanguageInfo) Name(lang string) string {
	if l.NameBN != "" && isBangla(lang) {
		return l.NameBN
	}
	return l.NameEN
}

// languages is written from ISO 639 (ISO 639-3 registration authority,
// SIL). Each code was checked against the ISO 639-3 code table; what the
// table cannot settle (which language a group speaks) is in the note.
var languages = [...]LanguageInfo{
	{Code: "bn", ISO6393: "ben", NameEN: "Bangla (Bengali)", NameBN: "বাংলা", EthnicGroup: "bengali"},
	{Code: "en", ISO6393: "eng", NameEN: "English", NameBN: "ইংরেজি"},
	{Code: "ar", ISO6393: "ara", NameEN: "Arabic", NameBN: "আরবি",
		Note: "ara is the macrolanguage; Gulf Arabic (afb) or Standard Arabic (arb) are narrower"},
	{Code: "hi", ISO6393: "hin", NameEN: "Hindi", NameBN: "হিন্দি"},
	{Code: "ur", ISO6393: "urd", NameEN: "Urdu", NameBN: "উর্দু"},
	{Code: "ms", ISO6393: "msa", NameEN: "Malay", NameBN: "মালয়",
		Note: "msa is the macrolanguage; Standard Malay as spoken in Malaysia is zsm"},
	{Code: "ccp", ISO6393: "ccp", NameEN: "Chakma", NameBN: "চাকমা", EthnicGroup: "chakma"},
	{Code: "rmz", ISO6393: "rmz", NameEN: "Marma", NameBN: "মারমা", EthnicGroup: "marma"},
	{Code: "trp", ISO6393: "trp", NameEN: "Kokborok (Tripura)", NameBN: "ককবরক", EthnicGroup: "tripura",
		Note: "some Tripura clans in Bangladesh speak Usui (usi) rather than Kokborok"},
	{Code: "tnv", ISO6393: "tnv", NameEN: "Tanchangya", NameBN: "তঞ্চঙ্গ্যা", EthnicGroup: "tanchangya"},
	{Code: "mro", ISO6393: "mro", NameEN: "Mro (Mru)", NameBN: "ম্রো", EthnicGroup: "mro",
		Note: "ISO 639-3 name is Mru; not Mro-Khimi Chin (cmr) of Myanmar"},
	{Code: "bgr", ISO6393: "bgr", NameEN: "Bawm", NameBN: "বম", EthnicGroup: "bawm"},
	{Code: "csh", ISO6393: "csh", NameEN: "Khyang (Asho Chin)", NameBN: "খিয়াং", EthnicGroup: "khyang",
		Note: "uncertain: the Khyang language is usually identified with Asho (Sho) Chin, csh"},
	{Code: "cnk", ISO6393: "cnk", NameEN: "Khumi", NameBN: "খুমী", EthnicGroup: "khumi",
		Note: "ISO 639-3 name is Khumi Chin; Eastern Khumi (cek) is spoken in Myanmar"},
	{Code: "ckh", ISO6393: "ckh", NameEN: "Chak (Sak)", NameBN: "চাক", EthnicGroup: "chak"},
	{Code: "pkh", ISO6393: "pkh", NameEN: "Pangkhua (Pankhu)", NameBN: "পাংখোয়া", EthnicGroup: "pangkhua"},
	{Code: "lus", ISO6393: "lus", NameEN: "Lushai (Mizo)", NameBN: "লুসাই", EthnicGroup: "lushai"},
	{Code: "syl", ISO6393: "syl", NameEN: "Sylheti", NameBN: "সিলেটি",
		Note: "usually recorded as Bangla; kept for interview language where it matters"},
	{Code: "ctg", ISO6393: "ctg", NameEN: "Chittagonian", NameBN: "চাটগাঁইয়া",
		Note: "usually recorded as Bangla; kept for interview language where it matters"},
}

var langT struct {
	once  sync.Once
	index map[string]int
}

func langIndex() map[string]int {
	langT.once.Do(func() {
		m := make(map[string]int, 2*len(languages))
		for i, l := range languages {
			m[l.Code] = i
			m[l.ISO6393] = i
		}
		langT.index = m
	})
	return langT.index
}

// Language returns the language with the given code: the stored Code
// ("bn", "ccp") or its ISO 639-3 code ("ben"). Codes are lower case.
func Language(code string) (LanguageInfo, bool) {
	i, ok := langIndex()[code]
	if !ok {
		return LanguageInfo{}, false
	}
	return languages[i], true
}

// ValidLanguage reports whether Language knows code.
func ValidLanguage(code string) bool {
	_, ok := langIndex()[code]
	return ok
}

// Languages returns the languages the application offers, Bangla first.
func Languages() []LanguageInfo { return slices.Clone(languages[:]) }
