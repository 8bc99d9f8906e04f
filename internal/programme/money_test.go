package programme

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseAmount(t *testing.T) {
	good := []struct {
		in, cur string
		want    int64
	}{
		{"350000", BDT, 35_000_000},
		{"3,50,000.50", BDT, 35_000_050},
		{"350,000.50", BDT, 35_000_050},
		{"1,00,00,000", BDT, 1_000_000_000},
		{"10,000,000", BDT, 1_000_000_000},
		{"৩,৫০,০০০.৫০", BDT, 35_000_050},
		{"৫০০০", BDT, 500_000},
		{"Tk. 5,000/-", BDT, 500_000},
		{"৳ 1,200", BDT, 120_000},
		{"২০০০ টাকা", BDT, 200_000},
		{"bdt 75.5", BDT, 7_550},
		{"  12.3\u00a0", BDT, 1_230},
		{".75", BDT, 75},
		{"5.", BDT, 500},
		{"007", BDT, 700},
		{"0", BDT, 0},
		{"$1,234.56", USD, 123_456},
		{"1,234.56 USD", USD, 123_456},
		{"US$ 200000", USD, 20_000_000},
		{"100,000,000,000", USD, MaxAmountMinor},
	}
	for _, c := range good {
		got, err := ParseAmount(c.in, c.cur)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", c.in, c.cur, got, err, c.want)
		}
	}
	bad := []struct{ in, cur, msg string }{
		{"", BDT, "enter an amount"},
		{"Tk", BDT, "enter an amount"},
		{"-500", BDT, "the amount cannot be negative"},
		{"−500", BDT, "the amount cannot be negative"},
		{"Tk -500", BDT, "the amount cannot be negative"},
		{"12.345", BDT, "use at most two decimal places"},
		{"3,5000", BDT, "check the commas in the amount, such as 3,50,000 or 350,000"},
		{"35,00,000,000", BDT, "check the commas in the amount, such as 3,50,000 or 350,000"},
		{"1234,567", BDT, "check the commas in the amount, such as 3,50,000 or 350,000"},
		{",500", BDT, "check the commas in the amount, such as 3,50,000 or 350,000"},
		{"500,", BDT, "check the commas in the amount, such as 3,50,000 or 350,000"},
		{"1.2.3", BDT, "enter the amount as a number, such as 3,50,000.50"},
		{".", BDT, "enter the amount as a number, such as 3,50,000.50"},
		{"12a", BDT, "enter the amount as a number, such as 3,50,000.50"},
		{"1e5", BDT, "enter the amount as a number, such as 3,50,000.50"},
		{"5 000", BDT, "enter the amount as a number, such as 3,50,000.50"},
		{"$500", BDT, "the amount is written in another currency: enter it in the currency chosen"},
		{"Tk 500", USD, "the amount is written in another currency: enter it in the currency chosen"},
		{"100,000,000,000.01", USD, "the amount is too large: check it"},
		{"99999999999999999999999", BDT, "the amount is too large: check it"},
		{"500", "EUR", "choose a currency from the list"},
	}
	for _, c := range bad {
		got, err := ParseAmount(c.in, c.cur)
		if app.ErrorCode(err) != app.EINVALID || app.ErrorMessage(err) != c.msg {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %q", c.in, c.cur, got, err, c.msg)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	cases := []struct {
		minor int64
		cur   string
		want  string
	}{
		{35_000_050, BDT, "3,50,000.50"},
		{1_000_000_000, BDT, "1,00,00,000.00"},
		{35_000_050, USD, "350,000.50"},
		{5, USD, "0.05"},
		{0, BDT, "0.00"},
		{-123_456, USD, "-1,234.56"},
		{99_999, BDT, "999.99"},
		{100_000, BDT, "1,000.00"},
	}
	for _, c := range cases {
		if got := FormatAmount(c.minor, c.cur); got != c.want {
			t.Errorf("FormatAmount(%d, %s) = %q, want %q", c.minor, c.cur, got, c.want)
		}
	}
	if got := Money(20_000_000, USD); got != "USD 200,000.00" {
		t.Errorf("Money = %q", got)
	}
}

func TestConvertRoundsHalfAwayFromZero(t *testing.T) {
	r := &ExchangeRate{Base: USD, Quote: BDT, RateMicro: 117_500_000} // 1 USD = 117.50 BDT
	cases := []struct {
		bdt, usd int64
	}{
		{11_750_000, 100_000}, // BDT 117,500 = USD 1,000 exactly
		{10_000, 85},          // BDT 100 = USD 0.851063... -> 0.85
		{-10_000, -85},
		{2_000_000, 17_021}, // BDT 20,000 = USD 170.212765... -> 170.21
		{0, 0},
	}
	for _, c := range cases {
		got, err := Convert(c.bdt, BDT, USD, r)
		if err != nil || got != c.usd {
			t.Errorf("Convert(%d BDT) = %d, %v; want %d", c.bdt, got, err, c.usd)
		}
	}
	// Exactly half a cent: at 200 taka a dollar, BDT 1.01 is 0.505 cents.
	half := &ExchangeRate{Base: USD, Quote: BDT, RateMicro: 200_000_000}
	for bdt, want := range map[int64]int64{101: 1, -101: -1, 99: 0, -99: 0, 300: 2, -300: -2} {
		// 300 paisa = 1.5 cents -> 2; 99 paisa = 0.495 cents -> 0.
		if got, _ := Convert(bdt, BDT, USD, half); got != want {
			t.Errorf("Convert(%d paisa at 200) = %d, want %d", bdt, got, want)
		}
	}
	// Dollars to taka multiply; the same currency needs no rate.
	if got, _ := Convert(100, USD, BDT, r); got != 11_750 {
		t.Errorf("USD 1 in BDT = %d", got)
	}
	if got, err := Convert(12_345, USD, USD, nil); err != nil || got != 12_345 {
		t.Errorf("USD to USD = %d %v", got, err)
	}
	if _, err := Convert(100, BDT, USD, nil); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("no rate: %v", err)
	}
	if _, err := Convert(100, BDT, USD, &ExchangeRate{Base: USD, Quote: "EUR", RateMicro: 1_000_000}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("wrong pair: %v", err)
	}
	// The largest amount at the weakest rate still fits.
	if _, err := Convert(MaxAmountMinor, BDT, USD, &ExchangeRate{Base: USD, Quote: BDT, RateMicro: MinRateMicro}); err != nil {
		t.Errorf("largest conversion: %v", err)
	}
}

func TestRateOn(t *testing.T) {
	rates := []ExchangeRate{
		{ID: "a", Base: USD, Quote: BDT, ValidFrom: day("2024-01-01"), RateMicro: 110_000_000},
		{ID: "c", Base: USD, Quote: BDT, ValidFrom: day("2024-06-01"), RateMicro: 118_500_000},
		{ID: "b", Base: USD, Quote: BDT, ValidFrom: day("2024-03-01"), RateMicro: 112_000_000},
	}
	for d, want := range map[string]string{"2024-01-01": "a", "2024-02-29": "a", "2024-03-01": "b", "2024-05-31": "b", "2030-01-01": "c"} {
		r, ok := RateOn(rates, USD, BDT, day(d))
		if !ok || r.ID != want {
			t.Errorf("rate on %s = %q %v, want %q", d, r.ID, ok, want)
		}
	}
	if _, ok := RateOn(rates, USD, BDT, day("2023-12-31")); ok {
		t.Error("a rate before the first one")
	}
}

func TestParseAndFormatRate(t *testing.T) {
	for in, want := range map[string]int64{"117.50": 117_500_000, "১১৭.৫": 117_500_000, "110": 110_000_000, "0.001": 1_000, " 84.123456 ": 84_123_456} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d %v, want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".", "0", "0.0001", "-5", "117.1234567", "1,17", "abc", "10000000"} {
		if _, err := ParseRate(in); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
	for micro, want := range map[int64]string{117_500_000: "117.50", 117_512_345: "117.512345", 1_000: "0.001", 110_000_000: "110.00"} {
		if got := FormatRate(micro); got != want {
			t.Errorf("FormatRate(%d) = %q, want %q", micro, got, want)
		}
	}
}

func TestExchangeRateValidate(t *testing.T) {
	r := ExchangeRate{ValidFrom: day("2024-01-01"), RateMicro: 117_500_000}
	if err := r.Validate(); err != nil || r.Base != USD || r.Quote != BDT {
		t.Fatalf("defaults: %+v %v", r, err)
	}
	bad := ExchangeRate{Base: USD, Quote: "EUR", RateMicro: 1}
	f := app.ErrorFields(bad.Validate())
	for _, field := range []string{"quote", "valid_from", "rate_micro"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, f)
		}
	}
}
