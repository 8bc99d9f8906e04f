package expr

import "testing"

// Realistic expressions from returnee case-management forms.
var benchExprs = []struct{ name, src string }{
	{"relevant", "selected(${services}, 'cash') and (${age} >= 18 or ${guardian_consent} = 'yes')"},
	{"calculation", "if(coalesce(${income}, 0) > 0, round(${debt} div coalesce(${income}, 1), 2), 0)"},
	{"age", "int((today() - ${dob}) div 365.25)"},
	{"constraint", "regex(., '^01[3-9][0-9]{8}$') and string-length(.) = 11"},
	{"choice_filter", "instance('districts')/root/item[division = ${division}]"},
}

func benchEnv() *MapEnv {
	env := testEnv()
	env.Set("services", "training cash referral").
		Set("guardian_consent", "").
		Set("division", "20")
	env.Dot = NewElement("phone", "01712345678")
	return env
}

func BenchmarkParse(b *testing.B) {
	for _, bb := range benchExprs {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bb.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEval(b *testing.B) {
	env := benchEnv()
	for _, bb := range benchExprs {
		e := MustParse(bb.src)
		if _, err := e.Eval(env); err != nil {
			b.Fatal(err)
		}
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Eval(env); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
