package xform

import (
	"fmt"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// screeningForm is a form of the size and shape of REMA(K)ER's
// vulnerability screening: English and Bangla, eight sections of fifteen
// questions (selects, numbers, dates, notes with outputs, relevants,
// constraints with messages, calculations), a household repeat, and a
// division / district / upazila cascade.
func screeningForm(tb testing.TB) *xlsform.Form {
	tb.Helper()
	head := row("type", "name", "label::English (en)", "label::Bangla (bn)", "hint::English (en)", "hint::Bangla (bn)",
		"relevant", "constraint", "constraint_message::English (en)", "constraint_message::Bangla (bn)",
		"required", "calculation", "choice_filter", "appearance", "repeat_count")
	rows := [][]any{head,
		row("start", "start"), row("end", "end"), row("today", "today"),
		row("select_one division", "division", "Division", "বিভাগ", "", "", "", "", "", "", "yes"),
		row("select_one district", "district", "District", "জেলা", "", "", "", "", "", "", "yes", "", "division=${division}"),
		row("select_one upazila", "upazila", "Upazila", "উপজেলা", "", "", "", "", "", "", "yes", "", "district=${district}"),
	}
	for s := 0; s < 8; s++ {
		g := fmt.Sprintf("sec%d", s)
		rows = append(rows, row("begin group", g, "Section "+g, "অংশ "+g, "", "", "", "", "", "", "", "", "", "field-list"))
		for q := 0; q < 15; q++ {
			n := fmt.Sprintf("%s_q%d", g, q)
			switch q % 5 {
			case 0:
				rows = append(rows, row("select_one yn", n, "Question "+n+"?", "প্রশ্ন "+n+"?", "Choose one", "একটি বাছুন", "", "", "", "", "yes"))
			case 1:
				rows = append(rows, row("integer", n, "How many "+n+"?", "কতজন "+n+"?", "", "", fmt.Sprintf("${%s_q%d} = 'yes'", g, q-1),
					". >= 0 and . <= 50", "Between 0 and 50", "০ থেকে ৫০", "yes"))
			case 2:
				rows = append(rows, row("date", n, "When "+n+"?", "কখন "+n+"?", "", "", "", ". <= today()", "Not in the future", "ভবিষ্যৎ নয়"))
			case 3:
				rows = append(rows, row("calculate", n, "", "", "", "", "", "", "", "", "", fmt.Sprintf("if(${%s_q%d} > 10, 'high', 'low')", g, q-2)))
			case 4:
				rows = append(rows, row("note", n, fmt.Sprintf("Score: ${%s_q%d}", g, q-1), fmt.Sprintf("স্কোর: ${%s_q%d}", g, q-1)))
			}
		}
		rows = append(rows, row("end group", g))
	}
	rows = append(rows,
		row("integer", "members", "Household members", "পরিবারের সদস্য", "", "", "", ". > 0 and . < 30", "1 to 29", "১ থেকে ২৯", "yes"),
		row("begin repeat", "member", "Member", "সদস্য", "", "", "", "", "", "", "", "", "", "", "${members}"),
		row("text", "mname", "Name", "নাম", "", "", "", "", "", "", "yes"),
		row("integer", "mage", "Age of ${mname}", "${mname} এর বয়স", "", "", "", ". < 120", "Too old", "বেশি বয়স", "yes"),
		row("select_multiple skills", "mskills", "Skills of ${mname}", "${mname} এর দক্ষতা", "", "", "${mage} >= 15"),
		row("end repeat", "member"),
		row("calculate", "adults", "", "", "", "", "", "", "", "", "", "count(${member}[mage >= 18])"),
	)
	ch := [][]any{row("list_name", "name", "label::English (en)", "label::Bangla (bn)", "division", "district"),
		row("yn", "yes", "Yes", "হ্যাঁ"), row("yn", "no", "No", "না")}
	for d := 0; d < 8; d++ {
		ch = append(ch, row("division", fmt.Sprintf("div%d", d), fmt.Sprintf("Division %d", d), fmt.Sprintf("বিভাগ %d", d)))
		for z := 0; z < 8; z++ {
			dist := fmt.Sprintf("dist%d_%d", d, z)
			ch = append(ch, row("district", dist, "District "+dist, "জেলা "+dist, fmt.Sprintf("div%d", d)))
			for u := 0; u < 6; u++ {
				ch = append(ch, row("upazila", fmt.Sprintf("upa%d_%d_%d", d, z, u), "Upazila", "উপজেলা", "", dist))
			}
		}
	}
	for s := 0; s < 12; s++ {
		ch = append(ch, row("skills", fmt.Sprintf("skill%d", s), fmt.Sprintf("Skill %d", s), fmt.Sprintf("দক্ষতা %d", s)))
	}
	return readForm(tb, sheet{"survey", rows}, sheet{"choices", ch},
		settings(row("form_id", "form_title", "version", "default_language", "instance_name"),
			row("screening", "Vulnerability screening", "2025010101", "English (en)", "concat(${division}, '-', ${district})")))
}

func TestScreeningForm(t *testing.T) {
	f := screeningForm(t)
	x, err := Convert(f)
	if err != nil {
		t.Fatal(err)
	}
	checkStructure(t, f, x)
}

func BenchmarkConvert(b *testing.B) {
	f := screeningForm(b)
	x, err := Convert(f)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(x.XML)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Convert(f); err != nil {
			b.Fatal(err)
		}
	}
}
