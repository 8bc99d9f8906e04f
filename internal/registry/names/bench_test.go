package names

// Run with:
//
//	go test -run '^$' -bench . -benchmem ./internal/registry/names/
//
// Targets: Normalize well under 2 µs, SearchKeys under 5 µs for a typical
// name of three or four words.

import "testing"

var sink any

func BenchmarkNormalizeLatin(b *testing.B) {
	for b.Loop() {
		sink = Normalize("Md. Abdur Rahim Chowdhury")
	}
}

func BenchmarkNormalizeBangla(b *testing.B) {
	for b.Loop() {
		sink = Normalize("মোঃ আব্দুর রহিম চৌধুরী")
	}
}

func BenchmarkNormalizeBanglaDecomposed(b *testing.B) {
	for b.Loop() {
		sink = Normalize("মোছাঃ নাজমা বেগম মিয\u09BC\u09BE")
	}
}

func BenchmarkSearchKeysLatin(b *testing.B) {
	for b.Loop() {
		sink = SearchKeys("Md. Abdur Rahim Chowdhury")
	}
}

func BenchmarkSearchKeysBangla(b *testing.B) {
	for b.Loop() {
		sink = SearchKeys("মোঃ আব্দুর রহিম চৌধুরী")
	}
}

func BenchmarkQueryKeys(b *testing.B) {
	for b.Loop() {
		sink, sink = QueryKeys("Abdur Rah")
	}
}

func BenchmarkSimilarityLatin(b *testing.B) {
	for b.Loop() {
		sink = Similarity("Md. Abdur Rahim Chowdhury", "Mohammad Abdul Rohim Choudhury")
	}
}

func BenchmarkSimilarityCrossScript(b *testing.B) {
	for b.Loop() {
		sink = Similarity("Mst. Nasrin Akter", "মোছাঃ নাসরিন আক্তার")
	}
}

func BenchmarkSimilarityDifferent(b *testing.B) {
	for b.Loop() {
		sink = Similarity("Ching Marma", "Chinu Marma")
	}
}

func BenchmarkSimilarityIdentical(b *testing.B) {
	for b.Loop() {
		sink = Similarity("Md. Abdur Rahim Chowdhury", "Mohammad Abdul Rahim Choudhury")
	}
}
