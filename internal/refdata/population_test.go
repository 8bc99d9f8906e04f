package refdata

import "testing"

func TestAgeBands(t *testing.T) {
	b := AgeBands()
	if len(b) != NumAgeBands || b[0] != (AgeBand{0, 4, "0-4"}) || b[15] != (AgeBand{75, 79, "75-79"}) || b[16] != (AgeBand{80, -1, "80+"}) {
		t.Errorf("AgeBands() = %v", b)
	}
	for i := 1; i < len(b); i++ {
		if b[i].Min != b[i-1].Max+1 {
			t.Errorf("gap between %v and %v", b[i-1], b[i])
		}
	}
}

func TestPopulation2011(t *testing.T) {
	rows := Populations2011("BD")
	if len(rows) != 544 || len(Populations2011("")) != 544 {
		t.Fatalf("%d adm3 rows, want 544", len(rows))
	}
	// Every row matches its unit, and sums match the district and
	// division totals in the unit tables.
	for _, p := range rows {
		u, ok := Admin(p.Pcode)
		if !ok || u.Level != Upazila || !u.OCHA {
			t.Fatalf("row %s: unit %+v, %v", p.Pcode, u, ok)
		}
		if u.Pop2011 != p.Total || u.Male2011 != p.Male || u.Female2011 != p.Female {
			t.Errorf("%s: unit %d/%d/%d, population row %d/%d/%d", p.Pcode, u.Pop2011, u.Male2011, u.Female2011, p.Total, p.Male, p.Female)
		}
		if got, ok := Population2011(p.Pcode); !ok || got != p {
			t.Errorf("Population2011(%s) = %+v, %v", p.Pcode, got, ok)
		}
	}
	for _, d := range Units(District) {
		p, ok := Population2011(d.Pcode)
		if !ok || p.Total != d.Pop2011 || p.Male != d.Male2011 || p.Female != d.Female2011 {
			t.Errorf("district %s: unit %d/%d/%d, sum of upazilas %d/%d/%d", d.Pcode, d.Pop2011, d.Male2011, d.Female2011, p.Total, p.Male, p.Female)
		}
		sum := 0
		for _, n := range p.Age {
			sum += n
		}
		if sum != p.Total {
			t.Errorf("district %s: age bands sum to %d, total %d", d.Pcode, sum, p.Total)
		}
	}
	for _, d := range Divisions() {
		if p, ok := Population2011(d.Pcode); !ok || p.Total != d.Pop2011 {
			t.Errorf("division %s: unit %d, sum %d", d.Pcode, d.Pop2011, p.Total)
		}
	}
	bd, ok := Population2011("BD")
	if !ok || bd.Total != 144043697 || bd.Male+bd.Female != bd.Total {
		t.Errorf(`Population2011("BD") = %+v`, bd)
	}
	// Khagrachhari: 8 upazilas with a 2011 row; Guimara has none.
	if n := len(Populations2011("BD2046")); n != 8 {
		t.Errorf("Khagrachhari has %d rows, want 8", n)
	}
	for _, code := range []string{"BD2046X1", "BD20467719", "BD99", "", "bd20"} {
		if _, ok := Population2011(code); ok {
			t.Errorf("Population2011(%q) found a row", code)
		}
	}
	if Populations2011("BD99") != nil {
		t.Error(`Populations2011("BD99") is not nil`)
	}
}
