package xlsform

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead reads large real forms from the corpus: cht__large_cha
// (976 survey rows, 2 languages) and onadata__subdistrict_profiling_tool
// (300 KB, external choices), plus a generated 2,000-question form that is
// always available.
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"cht__large_cha.xlsx", "onadata__subdistrict_profiling_tool.xlsx", "pyxform__UCL_Biomass_Plot_Form.xlsx"} {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				b.Skipf("corpus file not available: %v", err)
			}
			benchRead(b, data, name)
		})
	}
	b.Run("generated_2000_questions", func(b *testing.B) {
		benchRead(b, largeBook(b, 2000), "generated.xlsx")
	})
}

func benchRead(b *testing.B, data []byte, name string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(data, Options{FileName: name}); err != nil {
			b.Fatal(err)
		}
	}
}

// largeBook generates a bilingual form of n questions in groups of 20, with
// selects over 50 choice lists of 30 choices and cross-references.
func largeBook(tb testing.TB, n int) []byte {
	rows := [][]any{{"type", "name", "label::English (en)", "label::Bangla (bn)", "hint::English (en)", "hint::Bangla (bn)", "relevant", "constraint", "required"}}
	for i := 0; i < n; i++ {
		if i%20 == 0 {
			rows = append(rows, []any{"begin group", fmt.Sprintf("g%d", i/20), "Section", "বিভাগ"})
		}
		name := fmt.Sprintf("q%d", i)
		rel := ""
		if i > 0 {
			rel = fmt.Sprintf("${q%d} != ''", i-1)
		}
		switch i % 4 {
		case 0:
			rows = append(rows, []any{"text", name, "Name", "নাম", "Hint", "ইঙ্গিত", rel, "", "yes"})
		case 1:
			rows = append(rows, []any{"integer", name, "Age", "বয়স", "Hint", "ইঙ্গিত", rel, ". > 0 and . < 120", "yes"})
		case 2:
			rows = append(rows, []any{fmt.Sprintf("select_one list%d", i%50), name, "Pick", "বাছুন", "", "", rel})
		case 3:
			rows = append(rows, []any{fmt.Sprintf("select_multiple list%d", i%50), name, "Pick any", "বাছুন", "", "", rel})
		}
		if i%20 == 19 {
			rows = append(rows, []any{"end group"})
		}
	}
	if n%20 != 0 {
		rows = append(rows, []any{"end group"})
	}
	ch := [][]any{{"list_name", "name", "label::English (en)", "label::Bangla (bn)"}}
	for l := 0; l < 50; l++ {
		for c := 0; c < 30; c++ {
			ch = append(ch, []any{fmt.Sprintf("list%d", l), fmt.Sprintf("c%d", c), fmt.Sprintf("Choice %d", c), fmt.Sprintf("পছন্দ %d", c)})
		}
	}
	return book(tb, sheet{name: "survey", rows: rows}, sheet{name: "choices", rows: ch},
		settings(row("form_id", "version", "default_language"), row("large", "1", "English (en)")))
}
