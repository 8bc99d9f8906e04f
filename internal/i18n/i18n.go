// Package i18n holds the interface's words in English and Bangla, and the
// formatting of numbers and dates people expect in each: Bengali digits and
// Asia/Dhaka time for Bangla, Latin digits for English.
//
// Every string shown to a person lives in a catalog (catalog/en.json,
// catalog/bn.json and per-area files such as catalog/registry.en.json); a
// test fails when a key is missing from either language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

//go:embed catalog/*.json
var files embed.FS

// messagesBn translates the domain's English messages (validation and
// error texts written in the code) into Bangla.
var messagesBn map[string]string

// Langs are the interface languages, default first.
var Langs = []string{"bn", "en"}

// Default is the language used before a person chooses.
const Default = "bn"

var catalogs = map[string]map[string]string{}

// Catalogs may be split by area so that each part of the program keeps its
// own words: catalog/en.json and catalog/<area>.en.json are merged (likewise
// for bn and for messages.bn.json / messages.<area>.bn.json). A key defined
// twice is a mistake and stops the program at start.
func init() {
	for _, l := range Langs {
		catalogs[l] = loadMerged("catalog/*"+l+".json", "messages.")
	}
	messagesBn = loadMerged("catalog/messages*.bn.json", "")
	app.Translate = func(lang, msg string) string {
		if lang == "bn" {
			if t, ok := messagesBn[msg]; ok {
				return t
			}
		}
		return msg
	}
}

// loadMerged reads every catalog file matching pattern (skipping names
// starting with skip) into one map.
func loadMerged(pattern, skip string) map[string]string {
	names, err := fs.Glob(files, pattern)
	if err != nil {
		panic(err)
	}
	out := map[string]string{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "catalog/")
		if skip != "" && strings.HasPrefix(base, skip) {
			continue
		}
		b, err := files.ReadFile(n)
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("catalog %s: %v", n, err))
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				panic(fmt.Sprintf("catalog %s: key %q is already defined in another file", n, k))
			}
			out[k] = v
		}
	}
	return out
}

// Keys returns every key of a language's catalog (for the parity test).
func Keys(lang string) map[string]string { return catalogs[lang] }

// Supported reports whether lang is an interface language.
func Supported(lang string) bool { _, ok := catalogs[lang]; return ok }

// T translates key into lang, formatting args with fmt verbs in the
// message. A missing key shows itself, so it is noticed, never a blank.
func T(lang, key string, args ...any) string {
	msg, ok := catalogs[lang][key]
	if !ok {
		msg, ok = catalogs["en"][key]
		if !ok {
			return key
		}
	}
	if len(args) > 0 {
		msg = fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists.
func Has(key string) bool { _, ok := catalogs["en"][key]; return ok }

const bengaliZero = '০'

// Digits writes ASCII digits in s as Bengali digits when lang is bn.
func Digits(lang, s string) string {
	if lang != "bn" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * 3)
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = bengaliZero + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ASCIIDigits turns Bengali digits typed by a person into ASCII digits, so
// that "২০২৪" is read as 2024.
func ASCIIDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= bengaliZero && r <= bengaliZero+9 }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= bengaliZero && r <= bengaliZero+9 {
			return '0' + (r - bengaliZero)
		}
		return r
	}, s)
}

// Dhaka is Bangladesh Standard Time. Bangladesh has kept UTC+6 without
// daylight saving since 2009, so a fixed zone needs no tz database.
var Dhaka = time.FixedZone("BST", 6*60*60)

var monthsBn = [...]string{"জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"}

// Date formats a date as "5 March 2024" / "৫ মার্চ ২০২৪".
func Date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == "bn" {
		return Digits(lang, fmt.Sprintf("%d %s %d", t.Day(), monthsBn[t.Month()-1], t.Year()))
	}
	return t.Format("2 January 2006")
}

// DateTime formats an instant in Dhaka time.
func DateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Dhaka)
	return Date(lang, t) + " " + Digits(lang, t.Format("15:04"))
}

// Number formats an integer with thousands separators; Bangla uses the
// South Asian grouping (12,34,567).
func Number(lang string, n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprint(n)
	var out string
	if lang == "bn" && len(s) > 3 {
		head, tail := s[:len(s)-3], s[len(s)-3:]
		var parts []string
		for len(head) > 2 {
			parts = append([]string{head[len(head)-2:]}, parts...)
			head = head[:len(head)-2]
		}
		parts = append([]string{head}, parts...)
		out = strings.Join(parts, ",") + "," + tail
	} else {
		for len(s) > 3 {
			out = "," + s[len(s)-3:] + out
			s = s[:len(s)-3]
		}
		out = s + out
	}
	if neg {
		out = "-" + out
	}
	return Digits(lang, out)
}
