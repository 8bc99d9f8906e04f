package instance

import (
	"fmt"
	"strconv"
	"testing"
)

// realistic builds a form of 60 questions like the programme's surveys:
// metadata, four groups of typed questions with relevance, constraints,
// required answers and a cascading select, calculations, and a household
// repeat of ten questions. It returns the schema and a submission with
// four members, as ODK Collect would send it.
func realistic(tb testing.TB) (*Schema, []byte) {
	tb.Helper()
	rows := [][]any{row("type", "name", "label::English (en)", "label::Bangla (bn)", "required", "relevant", "constraint", "calculation", "choice_filter")}
	add := func(cells ...any) { rows = append(rows, cells) }
	add("start", "start")
	add("end", "end")
	add("today", "today")
	add("deviceid", "deviceid")
	for g := 1; g <= 4; g++ {
		add("begin group", fmt.Sprintf("g%d", g), fmt.Sprintf("Section %d", g), fmt.Sprintf("অংশ %d", g), "", "")
		add("text", fmt.Sprintf("t%d", g), "Name", "নাম", "yes")
		add("integer", fmt.Sprintf("n%d", g), "Count", "সংখ্যা", "yes", "", ". >= 0 and . < 1000")
		add("decimal", fmt.Sprintf("d%d", g), "Amount", "পরিমাণ", "", "", ". >= 0")
		add("select_one yes_no", fmt.Sprintf("y%d", g), "Yes or no?", "হ্যাঁ না?", "yes")
		add("text", fmt.Sprintf("why%d", g), "Why?", "কেন?", "", fmt.Sprintf("${y%d} = 'yes'", g))
		add("select_multiple services", fmt.Sprintf("s%d", g), "Services", "সেবা", "", "", "not(selected(., 'none') and count-selected(.) > 1)")
		add("date", fmt.Sprintf("dt%d", g), "Date", "তারিখ", "", "", ". <= today()")
		add("select_one division", fmt.Sprintf("div%d", g), "Division", "বিভাগ")
		add("select_one district", fmt.Sprintf("dis%d", g), "District", "জেলা", "", "", "", "", fmt.Sprintf("division=${div%d}", g))
		add("calculate", fmt.Sprintf("c%d", g), "", "", "", "", "", fmt.Sprintf("${n%d} * 2 + coalesce(${d%d}, 0)", g, g))
		add("end group")
	}
	add("geopoint", "gps", "Location", "অবস্থান")
	add("image", "photo", "Photo", "ছবি")
	add("begin repeat", "member", "Member", "সদস্য")
	add("text", "m_name", "Name", "নাম", "yes")
	add("integer", "m_age", "Age of ${m_name}", "${m_name}-এর বয়স", "yes", "", ". >= 0 and . < 130")
	add("select_one sex", "m_sex", "Sex", "লিঙ্গ", "yes")
	add("select_one yes_no", "m_work", "Works?", "কাজ করেন?", "", "${m_age} >= 15")
	add("text", "m_job", "Job", "পেশা", "", "${m_work} = 'yes'")
	add("decimal", "m_income", "Income", "আয়", "", "${m_work} = 'yes'", ". >= 0")
	add("select_multiple services", "m_services", "Services", "সেবা")
	add("date", "m_dob", "Birth date", "জন্ম তারিখ", "", "", ". <= today()")
	add("calculate", "m_pos", "", "", "", "", "", "position(..)")
	add("calculate", "m_adult", "", "", "", "", "", "if(${m_age} >= 18, 1, 0)")
	add("end repeat")
	add("calculate", "n_members", "", "", "", "", "", "count(${member})")
	add("calculate", "income", "", "", "", "", "", "sum(${m_income})")
	add("note", "summary", "${n_members} members", "${n_members} জন সদস্য")
	choices := [][]any{row("list_name", "name", "label::English (en)", "label::Bangla (bn)", "division"),
		row("yes_no", "yes", "Yes", "হ্যাঁ"), row("yes_no", "no", "No", "না"),
		row("sex", "f", "Female", "নারী"), row("sex", "m", "Male", "পুরুষ"),
		row("services", "cash", "Cash", "নগদ"), row("services", "training", "Training", "প্রশিক্ষণ"),
		row("services", "health", "Health", "স্বাস্থ্য"), row("services", "none", "None", "কিছু না"),
		row("division", "dhaka", "Dhaka", "ঢাকা"), row("division", "ctg", "Chattogram", "চট্টগ্রাম")}
	for i := 0; i < 20; i++ {
		div := "dhaka"
		if i%2 == 1 {
			div = "ctg"
		}
		choices = append(choices, row("district", fmt.Sprintf("d%02d", i), fmt.Sprintf("District %d", i), fmt.Sprintf("জেলা %d", i), div))
	}
	s := compile(tb, sheet{"survey", rows}, sheet{"choices", choices},
		sheet{"settings", [][]any{row("form_id", "version", "instance_name"), row("realistic", "7", "concat(${t1}, ' ', ${today})")}})

	in := &Instance{Meta: Meta{InstanceID: "uuid:6b0c8f6e-4b61-4d8a-9d7c-2f1f0e3c9a10"}, Values: map[string]string{
		"start": "2024-06-10T10:00:00.000+06:00", "end": "2024-06-10T10:40:00.000+06:00", "today": "2024-06-10",
		"deviceid": "collect:abc123", "gps": "23.8103 90.4125 12.5 4.0", "photo": "1718000000000.jpg",
	}, Counts: map[string]int{"member": 4}}
	for g := 1; g <= 4; g++ {
		p := fmt.Sprintf("g%d/", g)
		for k, v := range map[string]string{"t": "Rahima Begum", "n": "12", "d": "1500.5", "y": "yes", "why": "Lost work abroad",
			"s": "cash training", "dt": "2024-05-01", "div": "ctg", "dis": "d03", "c": "1524.5"} {
			in.Values[p+k+strconv.Itoa(g)] = v
		}
	}
	for m := 1; m <= 4; m++ {
		p := fmt.Sprintf("member[%d]/", m)
		for k, v := range map[string]string{"m_name": "Member " + strconv.Itoa(m), "m_age": strconv.Itoa(10 * m), "m_sex": "f",
			"m_services": "health", "m_dob": "1990-01-01", "m_pos": strconv.Itoa(m), "m_adult": "0"} {
			in.Values[p+k] = v
		}
		if m >= 2 {
			in.Values[p+"m_work"] = "yes"
			in.Values[p+"m_job"] = "Driver"
			in.Values[p+"m_income"] = "8000"
			in.Values[p+"m_adult"] = "1"
		}
	}
	in.Values["n_members"] = "4"
	in.Values["income"] = "24000"
	res := s.Validate(in, device())
	if !res.OK() {
		tb.Fatalf("the benchmark submission has problems:\n%s", dumpProblems(res.Problems))
	}
	return s, s.XML(res.Instance)
}

func TestRealisticSubmissionIsAccepted(t *testing.T) {
	s, x := realistic(t)
	if n := len(s.fields); n < 60 {
		t.Errorf("the benchmark form has only %d nodes", n)
	}
	res := s.Validate(parsed(t, s, string(x)), device())
	if !res.OK() {
		t.Fatalf("problems:\n%s", dumpProblems(res.Problems))
	}
}

func BenchmarkParse(b *testing.B) {
	s, x := realistic(b)
	b.SetBytes(int64(len(x)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Parse(x); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateDevice(b *testing.B) {
	s, x := realistic(b)
	in := parsed(b, s, string(x))
	b.ReportAllocs()
	for b.Loop() {
		if res := s.Validate(in, device()); !res.OK() {
			b.Fatal(res.Problems)
		}
	}
}

func BenchmarkValidateWeb(b *testing.B) {
	s, x := realistic(b)
	in := parsed(b, s, string(x))
	b.ReportAllocs()
	for b.Loop() {
		if res := s.Validate(in, web("bn")); !res.OK() {
			b.Fatal(res.Problems)
		}
	}
}

// BenchmarkIngest is what the submission endpoint does per submission:
// peek, parse, validate, flatten for storage. Submissions per second are
// 1e9 / ns/op; with -cpu 2, ns/op is the wall time per submission with
// both cores at work.
func BenchmarkIngest(b *testing.B) {
	s, x := realistic(b)
	b.SetBytes(int64(len(x)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := Peek(x); err != nil {
				b.Fatal(err)
			}
			in, err := s.Parse(x)
			if err != nil {
				b.Fatal(err)
			}
			res := s.Validate(in, device())
			if !res.OK() {
				b.Fatal(res.Problems)
			}
			_ = s.Flatten(res.Instance)
		}
	})
}
