package instance

import (
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// The messages of answers that are not of their question's type. They are
// fixed sentences (no arguments) so that they translate as they are.
var (
	errInteger     = app.Errorf(app.EINVALID, "Enter a whole number.")
	errIntRange    = app.Errorf(app.EINVALID, "Enter a whole number between -2147483648 and 2147483647.")
	errDecimal     = app.Errorf(app.EINVALID, "Enter a number, with a point for decimals.")
	errDate        = app.Errorf(app.EINVALID, "Enter a date as YYYY-MM-DD.")
	errTime        = app.Errorf(app.EINVALID, "Enter a time as HH:MM.")
	errDateTime    = app.Errorf(app.EINVALID, "Enter a date and time as YYYY-MM-DDTHH:MM.")
	errGeopoint    = app.Errorf(app.EINVALID, "Enter a location as latitude and longitude in degrees, optionally followed by altitude and accuracy in metres.")
	errGeoRange    = app.Errorf(app.EINVALID, "Latitude must be between -90 and 90 degrees and longitude between -180 and 180; accuracy cannot be negative.")
	errGeotrace    = app.Errorf(app.EINVALID, "A line needs at least two locations, separated by semicolons.")
	errGeoshape    = app.Errorf(app.EINVALID, "A shape needs at least four locations, separated by semicolons, the last the same as the first.")
	errFileName    = app.Errorf(app.EINVALID, "Give a file name without folders.")
	errOneChoice   = app.Errorf(app.EINVALID, "Choose one answer only.")
	errTwice       = app.Errorf(app.EINVALID, "The same answer is chosen twice.")
	errAcknowledge = app.Errorf(app.EINVALID, "Confirm with OK, or leave the answer empty.")
)

// normalize checks an answer against its question's type and returns it in
// the form ODK clients write: numbers without a plus sign or leading
// zeros, times and dateTimes with seconds, selections and locations
// separated by single spaces. Free text is returned unchanged. An empty
// answer is always valid.
func normalize(n *xlsform.Node, v string) (string, *app.Error) {
	if n.Type == xlsform.TypeText || n.Type == xlsform.TypeBarcode || n.Type == xlsform.TypeNote ||
		n.Type == xlsform.TypeCalculate || n.Type == xlsform.TypeHidden {
		return v, nil
	}
	t := strings.TrimSpace(v)
	if t == "" {
		return "", nil
	}
	switch n.Type {
	case xlsform.TypeSelectOne, xlsform.TypeSelectOneFromFile, xlsform.TypeSelectOneExternal:
		if strings.ContainsFunc(t, unicode.IsSpace) {
			return v, errOneChoice
		}
		return t, nil
	case xlsform.TypeSelectMultiple, xlsform.TypeSelectMultipleFromFile, xlsform.TypeRank:
		items := strings.Fields(t)
		seen := make(map[string]bool, len(items))
		for _, it := range items {
			if seen[it] {
				return v, errTwice
			}
			seen[it] = true
		}
		return strings.Join(items, " "), nil
	case xlsform.TypeAcknowledge:
		if t != "OK" {
			return v, errAcknowledge
		}
		return t, nil
	}
	switch n.DataType {
	case "int":
		return normInt(t)
	case "decimal":
		return normDecimal(t)
	case "date":
		if !isDate(t) {
			return v, errDate
		}
		return t, nil
	case "time":
		s, ok := normTime(t)
		if !ok {
			return v, errTime
		}
		return s, nil
	case "dateTime":
		d, rest, ok := strings.Cut(t, "T")
		if !ok || !isDate(d) {
			return v, errDateTime
		}
		s, ok := normTime(rest)
		if !ok {
			return v, errDateTime
		}
		return d + "T" + s, nil
	case "geopoint":
		return normGeopoint(t)
	case "geotrace", "geoshape":
		return normGeoLine(n.DataType, t)
	case "binary":
		if !isFileName(t) {
			return v, errFileName
		}
		return t, nil
	}
	return v, nil
}

// splitSign separates an optional leading + or - from the digits.
func splitSign(t string) (neg bool, body string) {
	if t != "" && (t[0] == '+' || t[0] == '-') {
		return t[0] == '-', t[1:]
	}
	return false, t
}

func normInt(t string) (string, *app.Error) {
	neg, digits := splitSign(t)
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return t, errInteger
	}
	s := digits
	if neg {
		s = "-" + digits
	}
	i, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return t, errIntRange
	}
	return strconv.FormatInt(i, 10), nil
}

func normDecimal(t string) (string, *app.Error) {
	neg, body := splitSign(t)
	s := body
	if neg {
		s = "-" + body
	}
	whole, frac, hasPoint := strings.Cut(body, ".")
	if whole == "" && frac == "" || strings.Trim(whole, "0123456789") != "" ||
		hasPoint && strings.Trim(frac, "0123456789") != "" {
		return t, errDecimal
	}
	if f, err := strconv.ParseFloat(s, 64); err != nil || math.IsInf(f, 0) {
		return t, errDecimal
	}
	return s, nil
}

// isDate accepts YYYY-MM-DD for a real day of the years 0001 to 9999.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	y, ok1 := digitsN(s[0:4])
	m, ok2 := digitsN(s[5:7])
	d, ok3 := digitsN(s[8:10])
	return ok1 && ok2 && ok3 && y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func digitsN(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// normTime accepts HH:MM[:SS[.fraction]] with an optional zone (Z or
// ±HH:MM) and adds ":00" when the seconds are missing, as a browser's time
// input leaves them out and XML Schema requires them.
func normTime(s string) (string, bool) {
	if len(s) < 5 || s[2] != ':' {
		return "", false
	}
	h, ok1 := digitsN(s[0:2])
	m, ok2 := digitsN(s[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return "", false
	}
	clock, rest := s[:5], s[5:]
	if len(rest) >= 3 && rest[0] == ':' {
		sec, ok := digitsN(rest[1:3])
		if !ok || sec > 59 {
			return "", false
		}
		clock, rest = s[:8], rest[3:]
		if len(rest) > 0 && rest[0] == '.' {
			i := 1
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			if i == 1 {
				return "", false
			}
			clock, rest = clock+rest[:i], rest[i:]
		}
	} else {
		clock += ":00"
	}
	if !isZone(rest) {
		return "", false
	}
	return clock + rest, true
}

func isZone(z string) bool {
	if z == "" || z == "Z" {
		return true
	}
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' {
		return false
	}
	h, ok1 := digitsN(z[1:3])
	m, ok2 := digitsN(z[4:6])
	return ok1 && ok2 && h <= 14 && m <= 59
}

// normGeopoint checks "latitude longitude [altitude [accuracy]]".
func normGeopoint(t string) (string, *app.Error) {
	parts := strings.Fields(t)
	if len(parts) < 2 || len(parts) > 4 {
		return t, errGeopoint
	}
	nums := make([]float64, len(parts))
	for i, p := range parts {
		if _, err := normDecimal(p); err != nil {
			return t, errGeopoint
		}
		nums[i], _ = strconv.ParseFloat(p, 64)
	}
	if math.Abs(nums[0]) > 90 || math.Abs(nums[1]) > 180 || len(nums) == 4 && nums[3] < 0 {
		return t, errGeoRange
	}
	return strings.Join(parts, " "), nil
}

// normGeoLine checks a geotrace (two locations or more) or a geoshape (four
// or more, closed), written as locations separated by semicolons.
func normGeoLine(dataType, t string) (string, *app.Error) {
	bad := errGeotrace
	least := 2
	if dataType == "geoshape" {
		bad, least = errGeoshape, 4
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimSpace(t), ";"), ";")
	if len(parts) < least {
		return t, bad
	}
	for i, p := range parts {
		g, err := normGeopoint(strings.TrimSpace(p))
		if err != nil {
			return t, err
		}
		parts[i] = g
	}
	if dataType == "geoshape" {
		first, last := strings.Fields(parts[0]), strings.Fields(parts[len(parts)-1])
		if first[0] != last[0] || first[1] != last[1] {
			return t, bad
		}
	}
	return strings.Join(parts, ";"), nil
}

// isFileName accepts the bare file names ODK clients give attachments.
func isFileName(s string) bool {
	if len(s) > 255 || s == "." || s == ".." || strings.ContainsAny(s, `/\`) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// rangeSpec is the start, end and step of a range question.
type rangeSpec struct {
	start, end, step *big.Rat
	text             [3]string
}

func newRangeSpec(p map[string]string) *rangeSpec {
	r := &rangeSpec{}
	for i, k := range []string{"start", "end", "step"} {
		x, ok := new(big.Rat).SetString(p[k])
		if !ok || strings.Contains(p[k], "/") {
			return nil
		}
		r.text[i] = p[k]
		switch i {
		case 0:
			r.start = x
		case 1:
			r.end = x
		case 2:
			r.step = x
		}
	}
	if r.step.Sign() == 0 {
		return nil
	}
	return r
}

// allows reports whether v lies between start and end on a step.
func (r *rangeSpec) allows(v string) bool {
	x, ok := new(big.Rat).SetString(v)
	if !ok {
		return false
	}
	lo, hi := r.start, r.end
	if lo.Cmp(hi) > 0 {
		lo, hi = hi, lo
	}
	if x.Cmp(lo) < 0 || x.Cmp(hi) > 0 {
		return false
	}
	q := new(big.Rat).Sub(x, r.start)
	return q.Quo(q, r.step).IsInt()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
