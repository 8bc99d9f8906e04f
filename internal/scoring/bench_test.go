package scoring_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/scoring"
)

// BenchmarkCompute scores one realistic submission of the built-in RSS.
func BenchmarkCompute(b *testing.B) {
	_, d := builtinRSS(b)
	values := rssAnswers()
	b.ReportAllocs()
	for b.Loop() {
		r := d.Compute(values)
		if r.Composite == nil {
			b.Fatal("no composite")
		}
	}
}

// BenchmarkComputeParallel is the recompute of many submissions on every core.
func BenchmarkComputeParallel(b *testing.B) {
	_, d := builtinRSS(b)
	values := rssAnswers()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := d.Compute(values); r.Composite == nil {
				b.Fatal("no composite")
			}
		}
	})
}

// BenchmarkRead reads the built-in RSS's scoring definition.
func BenchmarkRead(b *testing.B) {
	form, _ := builtinRSS(b)
	data := rssXLSX(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scoring.Read(form, data); err != nil {
			b.Fatal(err)
		}
	}
}
