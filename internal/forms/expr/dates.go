package expr

import (
	"math"
	"strings"
	"time"
)

// Dates follow ODK: a date or dateTime used as a number is a count of days
// since 1970-01-01. Counting is done on the wall clock of the evaluation
// location (Env.Now().Location()), so a date is a whole number of days,
// today() - ${dob} is an integer, and a dateTime recorded with an offset
// compares correctly against today(). With a UTC location this is exactly
// the spec's "days since January 1, 1970 UTC".

type dateParts struct {
	y, mo, d     int
	h, mi, s, ns int
	hasTime      bool
	hasOff       bool
	off          int // seconds east of UTC
}

// Limits keep conversions inside years 1..9999, where date strings
// round-trip and time arithmetic cannot overflow.
const (
	minDay = -719162 // 0001-01-01
	maxDay = 2932896 // 9999-12-31
)

func atoiN(s string, n int) (int, bool) {
	if len(s) < n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseDateTime accepts YYYY-MM-DD optionally followed by
// THH:MM[:SS[.fraction]] and a zone (Z, ±HH:MM, ±HHMM, ±HH).
func parseDateTime(s string) (dateParts, bool) {
	var d dateParts
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return d, false
	}
	var ok1, ok2, ok3 bool
	d.y, ok1 = atoiN(s, 4)
	d.mo, ok2 = atoiN(s[5:], 2)
	d.d, ok3 = atoiN(s[8:], 2)
	if !ok1 || !ok2 || !ok3 || d.y < 1 || d.mo < 1 || d.mo > 12 || d.d < 1 || d.d > daysIn(d.y, d.mo) {
		return d, false
	}
	rest := s[10:]
	if rest == "" {
		return d, true
	}
	if rest[0] == 'T' {
		secs, ns, r, ok := parseClock(rest[1:])
		if !ok {
			return d, false
		}
		d.hasTime = true
		d.h, d.mi, d.s, d.ns = secs/3600, secs/60%60, secs%60, ns
		rest = r
	}
	if rest == "" {
		return d, true
	}
	off, ok := parseZone(rest)
	if !ok {
		return d, false
	}
	d.hasOff, d.off = true, off
	return d, true
}

// parseClock parses HH:MM[:SS[.fraction]] and returns what follows it.
func parseClock(s string) (secs, ns int, rest string, ok bool) {
	h, ok1 := atoiN(s, 2)
	if !ok1 || len(s) < 5 || s[2] != ':' {
		return 0, 0, "", false
	}
	m, ok2 := atoiN(s[3:], 2)
	if !ok2 || h > 23 || m > 59 {
		return 0, 0, "", false
	}
	sec := 0
	s = s[5:]
	if len(s) > 0 && s[0] == ':' {
		v, ok := atoiN(s[1:], 2)
		if !ok || v > 59 {
			return 0, 0, "", false
		}
		sec = v
		s = s[3:]
		if len(s) > 0 && s[0] == '.' {
			i := 1
			scale := 100000000
			for i < len(s) && isDigit(s[i]) {
				if scale > 0 {
					ns += int(s[i]-'0') * scale
					scale /= 10
				}
				i++
			}
			if i == 1 {
				return 0, 0, "", false
			}
			s = s[i:]
		}
	}
	return h*3600 + m*60 + sec, ns, s, true
}

func parseZone(s string) (int, bool) {
	if s == "Z" {
		return 0, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	h, ok := atoiN(s[1:], 2)
	if !ok || h > 14 {
		return 0, false
	}
	m := 0
	switch r := s[3:]; {
	case r == "":
	case len(r) == 3 && r[0] == ':':
		m, ok = atoiN(r[1:], 2)
	case len(r) == 2:
		m, ok = atoiN(r, 2)
	default:
		ok = false
	}
	if !ok || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// wall is a calendar date and clock time with no zone attached.
type wall struct {
	y, m, d    int
	h, mi, s   int
	ns         int
	hasTime    bool
	offset     int // seconds east of UTC of loc at this wall time (for output)
	haveOffset bool
}

func (w wall) days() float64 {
	return float64(daysFromCivil(w.y, w.m, w.d)) + float64(w.h*3600+w.mi*60+w.s)/86400 + float64(w.ns)/86400e9
}

func (w wall) weekday() int { // 0 = Sunday
	z := daysFromCivil(w.y, w.m, w.d)
	return ((z % 7) + 7 + 4) % 7
}

func wallFromTime(t time.Time) wall {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	_, off := t.Zone()
	return wall{y: y, m: int(m), d: d, h: h, mi: mi, s: s, ns: t.Nanosecond(), hasTime: true, offset: off, haveOffset: true}
}

// wall converts parsed parts to the wall clock of loc: dates stay as
// written, dateTimes with an offset are moved into loc, dateTimes without
// one are taken as already local.
func (d dateParts) wall(loc *time.Location) wall {
	if d.hasTime && d.hasOff {
		if loc == nil {
			loc = time.UTC
		}
		sec := int64(daysFromCivil(d.y, d.mo, d.d))*86400 + int64(d.h*3600+d.mi*60+d.s) - int64(d.off)
		return wallFromTime(time.Unix(sec, int64(d.ns)).In(loc))
	}
	return wall{y: d.y, m: d.mo, d: d.d, h: d.h, mi: d.mi, s: d.s, ns: d.ns, hasTime: d.hasTime}
}

func (d dateParts) days(loc *time.Location) float64 { return d.wall(loc).days() }

// wallFromDays is the inverse of wall.days; ok is false for NaN, infinities
// and days outside years 1..9999.
func wallFromDays(days float64) (wall, bool) {
	if math.IsNaN(days) || days < minDay || days >= maxDay+1 {
		return wall{}, false
	}
	day := math.Floor(days)
	ms := int(math.Round((days - day) * 86400000))
	iday := int(day)
	if ms >= 86400000 {
		iday++
		ms -= 86400000
	}
	if iday > maxDay {
		return wall{}, false
	}
	y, m, d := civilFromDays(iday)
	sec := ms / 1000
	return wall{y: y, m: m, d: d, h: sec / 3600, mi: sec / 60 % 60, s: sec % 60, ns: (ms % 1000) * 1e6, hasTime: ms != 0}, true
}

func appendPad(b []byte, v, width int) []byte {
	var tmp [8]byte
	i := len(tmp)
	for v > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

func (w wall) dateString() string {
	b := make([]byte, 0, 10)
	b = appendPad(b, w.y, 4)
	b = append(b, '-')
	b = appendPad(b, w.m, 2)
	b = append(b, '-')
	b = appendPad(b, w.d, 2)
	return string(b)
}

// dateTimeString formats as ODK stores dateTimes: milliseconds and the
// offset of loc at that wall time.
func (w wall) dateTimeString(loc *time.Location) string {
	off := w.offset
	if !w.haveOffset {
		if loc == nil {
			loc = time.UTC
		}
		_, off = time.Date(w.y, time.Month(w.m), w.d, w.h, w.mi, w.s, w.ns, loc).Zone()
	}
	b := make([]byte, 0, 29)
	b = append(b, w.dateString()...)
	b = append(b, 'T')
	b = appendPad(b, w.h, 2)
	b = append(b, ':')
	b = appendPad(b, w.mi, 2)
	b = append(b, ':')
	b = appendPad(b, w.s, 2)
	b = append(b, '.')
	b = appendPad(b, w.ns/1e6, 3)
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b = append(b, sign)
	b = appendPad(b, off/3600, 2)
	b = append(b, ':')
	b = appendPad(b, off/60%60, 2)
	return string(b)
}

var (
	monthAbbr = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	dayAbbr   = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

// formatDate implements the ODK format-date / format-date-time directives.
// Unknown directives are copied through so a typo shows in the output
// instead of failing the whole form.
func formatDate(w wall, layout string) string {
	var b []byte
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c != '%' || i+1 == len(layout) {
			b = append(b, c)
			continue
		}
		i++
		switch layout[i] {
		case 'Y':
			b = appendPad(b, w.y, 4)
		case 'y':
			b = appendPad(b, w.y%100, 2)
		case 'm':
			b = appendPad(b, w.m, 2)
		case 'n':
			b = appendPad(b, w.m, 1)
		case 'b':
			b = append(b, monthAbbr[w.m-1]...)
		case 'd':
			b = appendPad(b, w.d, 2)
		case 'e':
			b = appendPad(b, w.d, 1)
		case 'a':
			b = append(b, dayAbbr[w.weekday()]...)
		case 'H':
			b = appendPad(b, w.h, 2)
		case 'h':
			b = appendPad(b, w.h, 1)
		case 'M':
			b = appendPad(b, w.mi, 2)
		case 'S':
			b = appendPad(b, w.s, 2)
		case '3':
			b = appendPad(b, w.ns/1e6, 3)
		case '%':
			b = append(b, '%')
		default:
			b = append(b, '%', layout[i])
		}
	}
	return string(b)
}

// parseTimeOfDay parses an ODK time value (HH:MM:SS.sss±HH:MM) as a
// fraction of a day on the wall clock of loc.
func parseTimeOfDay(s string, loc *time.Location, now time.Time) (float64, bool) {
	secs, ns, rest, ok := parseClock(strings.TrimSpace(s))
	if !ok {
		return 0, false
	}
	if rest != "" {
		off, ok := parseZone(rest)
		if !ok {
			return 0, false
		}
		if loc == nil {
			loc = time.UTC
		}
		_, locOff := now.In(loc).Zone()
		secs = ((secs-off+locOff)%86400 + 86400) % 86400
	}
	return (float64(secs) + float64(ns)/1e9) / 86400, true
}
