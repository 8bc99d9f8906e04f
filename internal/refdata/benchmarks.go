package refdata

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Benchmark is one headline figure of a published survey of returnees in
// Bangladesh (IOM 2020 rapid assessments, BRAC 2020 and 2021, RMMRU, BBS
// 2023). None of these surveys has public microdata and none drew a
// representative sample: use the figures to calibrate synthetic data and
// to put results in context, never as population estimates.
type Benchmark struct {
	// Survey names the survey; the source spells out the title on the
	// first row of a survey and abbreviates it on the rows after.
	Survey       string
	Organisation string
	Fieldwork    string // period, as given ("2020-05/06")
	// SampleSize is the source's sample_n, as given: usually a number,
	// sometimes a description ("100 returnees + 200 households (21
	// districts)", "n/a").
	SampleSize string
	// N is SampleSize when it is a plain number, else 0.
	N int
	// Sampling describes the design; the source fills it on the first
	// row of a survey only.
	Sampling  string
	Indicator string
	// Value is as given: one number, or several joined by "/" that pair
	// with the parts of Indicator ("32/47/16/5"), or "" where the figures
	// are in Indicator itself.
	Value string
	// Number is Value when it is one plain number (HasNumber true).
	Number    float64
	HasNumber bool
	Unit      string // "pct", "count", "BDT", ... with qualifiers as given
	SourceURL string
}

var benchT struct {
	once sync.Once
	rows []Benchmark
	err  error
}

// Benchmarks returns the returnee survey benchmark rows in the source's order.
func Benchmarks() []Benchmark {
	benchT.once.Do(func() { benchT.rows, benchT.err = loadBenchmarks() })
	if benchT.err != nil {
		panic(benchT.err)
	}
	return slices.Clone(benchT.rows)
}

func loadBenchmarks() ([]Benchmark, error) {
	var out []Benchmark
	err := scan("returnee_survey_benchmarks.csv",
		[]string{"survey", "organisation", "fieldwork", "sample_n", "sampling", "indicator", "value", "unit", "source_url"},
		func(r *row) error {
			b := Benchmark{
				Survey: r.s(0), Organisation: r.s(1), Fieldwork: r.s(2), SampleSize: r.s(3), Sampling: r.s(4),
				Indicator: r.s(5), Value: r.s(6), Unit: r.s(7), SourceURL: r.s(8),
			}
			if b.Survey == "" || b.Indicator == "" {
				return r.errorf("row lacks a survey or an indicator")
			}
			if !strings.HasPrefix(b.SourceURL, "http://") && !strings.HasPrefix(b.SourceURL, "https://") {
				return r.errorf("source_url %q is not a URL", b.SourceURL)
			}
			if n, err := strconv.Atoi(b.SampleSize); err == nil && n > 0 {
				b.N = n
			}
			if v, err := strconv.ParseFloat(b.Value, 64); err == nil {
				b.Number, b.HasNumber = v, true
			}
			out = append(out, b)
			return nil
		})
	return out, err
}
