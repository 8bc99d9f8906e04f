package demo

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// TestStudyResponsesFitTheForm draws the thousand scoping responses and
// checks each against the built-in form as the store's callers do, and the
// shape of the sample: Hill Tracts homes, minorities first, names mostly
// left out, women less willing than men.
func TestStudyResponsesFitTheForm(t *testing.T) {
	var wb []byte
	for _, f := range builtin.All() {
		if f.Name == "scoping" {
			wb = f.XLSX
		}
	}
	form, err := xlsform.Read(wb, xlsform.Options{})
	if err != nil {
		t.Fatal(err)
	}
	schema, err := instance.Compile(form)
	if err != nil {
		t.Fatal(err)
	}
	w := &writer{day: today()}
	var districts weighted[string]
	for _, d := range chtDistricts {
		for _, p := range refdata.Populations2011(d) {
			districts = districts.add(p.Pcode, float64(p.Total))
		}
	}
	willing := map[string][2]int{} // sex -> yes, all
	named, bengali := 0, 0
	for k := range studyResponsesN {
		r := rand.New(rand.NewPCG(seed1<<8|streamStudyResponses, seed2<<32|uint64(k)))
		in := w.studyResponse(r, schema, districts, k)
		res := schema.Validate(in, instance.Options{Source: instance.FromWeb, Now: w.studyNow(in)})
		if !res.OK() {
			t.Fatalf("response %d does not fit the form: %+v", k, res.Problems)
		}
		v := res.Instance.Values
		d := v["interview/profile/district"]
		if d != bandarban && d != khagrachhari && d != rangamati {
			t.Errorf("response %d lives outside the Hill Tracts: %s", k, d)
		}
		if !strings.HasPrefix(v["interview/profile/upazila"], d) {
			t.Errorf("response %d: upazila %s is not in district %s", k, v["interview/profile/upazila"], d)
		}
		if on, _ := time.Parse(time.DateOnly, v["interview_date"]); on.After(w.day) {
			t.Errorf("response %d is dated in the future", k)
		}
		if v["interview/profile/respondent_name"] != "" {
			named++
		}
		if v["interview/profile/ethnic_group"] == "bengali" {
			bengali++
		}
		sex := v["interview/profile/sex"]
		c := willing[sex]
		c[1]++
		if v["interview/willingness/willing_abroad"] == "yes" {
			c[0]++
		}
		willing[sex] = c
	}
	within(t, "share with a name", float64(named)/studyResponsesN, 0.1, 0.3)
	within(t, "share of Bengalis", float64(bengali)/studyResponsesN, 0.12, 0.28)
	yes := func(s string) float64 { return float64(willing[s][0]) / float64(willing[s][1]) }
	if yes("female") >= yes("male") {
		t.Errorf("women willing %.2f, men %.2f: want women less willing", yes("female"), yes("male"))
	}
}
