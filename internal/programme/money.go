// Package programme holds the rules of the money side of reintegration:
// budget lines, dated exchange rates, reintegration plans with their
// four-eyes approval, and the append-only assistance ledger.
//
// Money is always an integer count of minor units (paisa, cents) with a
// currency; no float ever holds an amount. Budget lines are kept in US
// dollars (the project's currency). Plan items and payments may be in
// Bangladesh taka or US dollars; taka are converted to dollars with the
// exchange rate valid on the day that matters (the approval day for what a
// plan commits, the payment day for what the ledger disburses), rounding
// half away from zero to the cent.
package programme

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Currencies.
const (
	USD = "USD"
	BDT = "BDT"
)

// AccountingCurrency is the currency budget lines are kept in.
const AccountingCurrency = USD

// Currencies are the currencies plan items and payments may be in.
var Currencies = []string{BDT, USD}

// minorDigits is the number of decimal places of each currency's minor
// unit (ISO 4217): paisa and cents are both hundredths.
var minorDigits = map[string]int{BDT: 2, USD: 2}

// MinorDigits returns the decimal places of a currency's minor unit (2 for
// BDT and USD) and false for a currency Remaker does not handle.
func MinorDigits(currency string) (int, bool) {
	d, ok := minorDigits[currency]
	return d, ok
}

// ValidCurrency reports whether amounts may be in currency.
func ValidCurrency(currency string) bool { _, ok := minorDigits[currency]; return ok }

// MaxAmountMinor is the largest single amount accepted (100 billion taka or
// dollars in minor units): far above anything real, far below where sums of
// int64 could overflow.
const MaxAmountMinor int64 = 10_000_000_000_000

// Rates are stored in millionths. MinRateMicro and MaxRateMicro bound a
// rate to something a person could mean (0.001 to 1,000,000 units of the
// quote currency per base unit), which also keeps conversions within int64.
const (
	RateScale    int64 = 1_000_000
	MinRateMicro int64 = 1_000
	MaxRateMicro int64 = 1_000_000_000_000
)

// ExchangeRate says how many units of Quote buy one unit of Base from
// ValidFrom until the next rate of the same pair: {Base: USD, Quote: BDT,
// RateMicro: 117_500_000} is 1 USD = 117.50 BDT.
type ExchangeRate struct {
	ID        string    `json:"id"`
	Base      string    `json:"base"`
	Quote     string    `json:"quote"`
	ValidFrom time.Time `json:"valid_from"`
	RateMicro int64     `json:"rate_micro"`
	Source    string    `json:"source,omitempty"` // e.g. "Bangladesh Bank", "UN operational rate"
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Validate checks a rate. Only taka to dollars is kept: that is the one
// conversion the programme needs.
func (r *ExchangeRate) Validate() error {
	if r.Base == "" {
		r.Base = AccountingCurrency
	}
	if r.Quote == "" {
		r.Quote = BDT
	}
	r.Source = strings.TrimSpace(r.Source)
	var v app.Validation
	if r.Base != AccountingCurrency || r.Quote != BDT {
		v.Add("quote", "exchange rates are kept for taka per US dollar")
	}
	if r.ValidFrom.IsZero() {
		v.Add("valid_from", "enter the date the rate applies from")
	}
	if r.RateMicro < MinRateMicro || r.RateMicro > MaxRateMicro {
		v.Add("rate_micro", "enter how many taka buy one US dollar, such as 117.50")
	}
	if len(r.Source) > 200 {
		v.Add("source", "keep the source under 200 characters")
	}
	return v.Err()
}

// RateOn picks from rates the one of the pair base/quote valid on day: the
// latest whose ValidFrom is on or before day.
func RateOn(rates []ExchangeRate, base, quote string, day time.Time) (ExchangeRate, bool) {
	var best ExchangeRate
	found := false
	for _, r := range rates {
		if r.Base != base || r.Quote != quote || r.ValidFrom.After(day) {
			continue
		}
		if !found || r.ValidFrom.After(best.ValidFrom) {
			best, found = r, true
		}
	}
	return best, found
}

// Convert turns amount (minor units of from) into minor units of to. The
// same currency needs no rate. Otherwise rate must be the pair's rate with
// from or to as its quote currency, and the result is rounded half away
// from zero to the minor unit of to: at 200 taka per dollar, BDT 1.01 is
// 0.505 cents, which becomes 1 cent (and a reversal of it -1 cent).
func Convert(amount int64, from, to string, rate *ExchangeRate) (int64, error) {
	if from == to {
		return amount, nil
	}
	fd, ok1 := minorDigits[from]
	td, ok2 := minorDigits[to]
	if !ok1 || !ok2 {
		return 0, app.Errorf(app.EINVALID, "choose a currency from the list")
	}
	if rate == nil || rate.RateMicro <= 0 {
		return 0, app.Errorf(app.EINVALID, "there is no exchange rate for this date: ask a programme manager to add it")
	}
	num := big.NewInt(amount)
	den := big.NewInt(1)
	switch {
	case rate.Quote == from && rate.Base == to:
		// to = amount / rate
		num.Mul(num, big.NewInt(RateScale))
		den.SetInt64(rate.RateMicro)
	case rate.Base == from && rate.Quote == to:
		// to = amount * rate
		num.Mul(num, big.NewInt(rate.RateMicro))
		den.SetInt64(RateScale)
	default:
		return 0, app.Errorf(app.EINVALID, "there is no exchange rate for this date: ask a programme manager to add it")
	}
	num.Mul(num, pow10(td))
	den.Mul(den, pow10(fd))
	out := roundHalfAway(num, den)
	if !out.IsInt64() {
		return 0, app.Errorf(app.EINVALID, "the amount is too large: check it")
	}
	return out.Int64(), nil
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// roundHalfAway divides num by den (den > 0), rounding half away from zero.
func roundHalfAway(num, den *big.Int) *big.Int {
	neg := num.Sign() < 0
	n := new(big.Int).Abs(num)
	q, r := new(big.Int).QuoRem(n, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// FormatAmount writes minor units as a decimal number with the grouping a
// reader of the currency expects: South Asian for taka (3,50,000.50),
// thousands for dollars (350,000.50).
func FormatAmount(minor int64, currency string) string {
	d, ok := minorDigits[currency]
	if !ok {
		d = 2
	}
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor) // two's complement: correct even for MinInt64
	}
	s := strconv.FormatUint(u, 10)
	for len(s) <= d {
		s = "0" + s
	}
	whole, frac := s[:len(s)-d], s[len(s)-d:]
	out := group(whole, currency == BDT)
	if d > 0 {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

func group(digits string, southAsian bool) string {
	if len(digits) <= 3 {
		return digits
	}
	head, tail := digits[:len(digits)-3], digits[len(digits)-3:]
	size := 3
	if southAsian {
		size = 2
	}
	var parts []string
	for len(head) > size {
		parts = append([]string{head[len(head)-size:]}, parts...)
		head = head[:len(head)-size]
	}
	parts = append([]string{head}, parts...)
	return strings.Join(append(parts, tail), ",")
}

// Money writes an amount with its currency: "BDT 3,50,000.50".
func Money(minor int64, currency string) string {
	return currency + " " + FormatAmount(minor, currency)
}

// currencyMarks are what people write around amounts, by currency.
var currencyMarks = []struct{ mark, currency string }{
	{"us$", USD}, {"usd", USD}, {"$", USD}, {"dollars", USD}, {"dollar", USD}, {"ডলার", USD},
	{"bdt", BDT}, {"tk.", BDT}, {"tk", BDT}, {"taka", BDT}, {"৳", BDT}, {"টাকা", BDT}, {"টাঃ", BDT}, {"টা.", BDT},
}

const bengaliZero = '০'

// ParseAmount reads an amount typed by a person into minor units of
// currency. It accepts Bengali or ASCII digits, South Asian (3,50,000.50)
// or thousands (350,000.50) grouping, a currency mark before or after
// (Tk, ৳, টাকা, BDT, $, USD) and the "/-" people write after taka. It refuses
// negative amounts, misplaced commas and more decimals than the currency
// has. The error's message is a field message: put it under the field
// with v.Add(field, app.ErrorMessage(err)).
func ParseAmount(s, currency string) (int64, error) {
	digits, ok := minorDigits[currency]
	if !ok {
		return 0, app.Errorf(app.EINVALID, "choose a currency from the list")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= bengaliZero && r <= bengaliZero+9:
			return '0' + (r - bengaliZero)
		case r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\t':
			return ' '
		case r == '\u2212': // minus sign
			return '-'
		case r == '٫': // Arabic decimal separator, sometimes typed on phones
			return '.'
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"/-", "/=", "/"} {
		if strings.HasSuffix(s, suffix) {
			s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
			break
		}
	}
	for _, m := range currencyMarks {
		var rest string
		n := len(m.mark)
		switch {
		case len(s) < n:
			continue
		case strings.EqualFold(s[:n], m.mark):
			rest = s[n:]
		case strings.EqualFold(s[len(s)-n:], m.mark):
			rest = s[:len(s)-n]
		default:
			continue
		}
		if m.currency != currency {
			return 0, app.Errorf(app.EINVALID, "the amount is written in another currency: enter it in the currency chosen")
		}
		s = strings.TrimSpace(rest)
		break
	}
	if s == "" {
		return 0, app.Errorf(app.EINVALID, "enter an amount")
	}
	if strings.HasPrefix(s, "-") {
		return 0, app.Errorf(app.EINVALID, "the amount cannot be negative")
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if strings.Contains(frac, ".") || (hasPoint && whole == "" && frac == "") {
		return 0, app.Errorf(app.EINVALID, "enter the amount as a number, such as 3,50,000.50")
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return 0, app.Errorf(app.EINVALID, "enter the amount as a number, such as 3,50,000.50")
		}
	}
	if len(frac) > digits {
		return 0, app.Errorf(app.EINVALID, "use at most two decimal places")
	}
	plain, err := ungroup(whole)
	if err != nil {
		return 0, err
	}
	plain = strings.TrimLeft(plain, "0")
	if len(plain) > 16 {
		return 0, app.Errorf(app.EINVALID, "the amount is too large: check it")
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt("0"+plain+frac, 10, 64)
	if err != nil || n > MaxAmountMinor {
		return 0, app.Errorf(app.EINVALID, "the amount is too large: check it")
	}
	return n, nil
}

// ungroup checks the commas of the whole part and removes them. Accepted:
// no commas, thousands grouping (1,234,567) or South Asian grouping
// (12,34,567); "3,5000" is a typo and refused rather than guessed at.
func ungroup(whole string) (string, error) {
	for _, r := range whole {
		if (r < '0' || r > '9') && r != ',' {
			return "", app.Errorf(app.EINVALID, "enter the amount as a number, such as 3,50,000.50")
		}
	}
	if !strings.Contains(whole, ",") {
		return whole, nil
	}
	groups := strings.Split(whole, ",")
	bad := app.Errorf(app.EINVALID, "check the commas in the amount, such as 3,50,000 or 350,000")
	first, middle, last := groups[0], groups[1:len(groups)-1], groups[len(groups)-1]
	if len(last) != 3 || first == "" || len(first) > 3 {
		return "", bad
	}
	if len(middle) > 0 {
		size := len(middle[0])
		if size != 2 && size != 3 {
			return "", bad
		}
		for _, g := range middle {
			if len(g) != size {
				return "", bad
			}
		}
		if len(first) > size {
			return "", bad
		}
	}
	return strings.Join(groups, ""), nil
}

// ParseRate reads an exchange rate typed by a person ("117.50", "১১৭.৫")
// into millionths.
func ParseRate(s string) (int64, error) {
	bad := app.Errorf(app.EINVALID, "enter how many taka buy one US dollar, such as 117.50")
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r >= bengaliZero && r <= bengaliZero+9 {
			return '0' + (r - bengaliZero)
		}
		return r
	}, s))
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || len(frac) > 6 || len(whole) > 7 {
		return 0, bad
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, bad
		}
	}
	frac += strings.Repeat("0", 6-len(frac))
	n, err := strconv.ParseInt("0"+whole+frac, 10, 64)
	if err != nil || n < MinRateMicro || n > MaxRateMicro {
		return 0, bad
	}
	return n, nil
}

// FormatRate writes a rate in millionths as a decimal without trailing zeros
// beyond two places: 117500000 -> "117.50", 117512345 -> "117.512345".
func FormatRate(micro int64) string {
	s := strconv.FormatInt(micro, 10)
	for len(s) <= 6 {
		s = "0" + s
	}
	whole, frac := s[:len(s)-6], strings.TrimRight(s[len(s)-6:], "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return whole + "." + frac
}
