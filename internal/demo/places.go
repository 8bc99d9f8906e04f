package demo

import (
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/remaker-bd/remaker/internal/refdata"
)

// The Chittagong Hill Tracts districts.
const (
	bandarban    = "BD2003"
	khagrachhari = "BD2046"
	rangamati    = "BD2084"
)

var chtDistricts = []string{bandarban, khagrachhari, rangamati}

// frames are the sampling frames for home places: upazilas weighted by
// their 2011 census population (refdata.Populations2011).
type frames struct {
	national weighted[string]
	cht      weighted[string]
	byOrg    map[string]weighted[string]
}

var framesOnce = sync.OnceValues(buildFrames)

func buildFrames() (*frames, error) {
	f := &frames{byOrg: map[string]weighted[string]{}}
	f.national = upazilaFrame("BD")
	for _, d := range chtDistricts {
		for _, p := range refdata.Populations2011(d) {
			f.cht = f.cht.add(p.Pcode, float64(p.Total))
		}
	}
	for _, o := range profiles {
		var w weighted[string]
		for _, name := range o.catchment {
			u, ok := refdata.FindUnit(refdata.District, "", name)
			if !ok {
				return nil, fmt.Errorf("demo: %s's catchment district %q is not in refdata", o.code, name)
			}
			for _, p := range refdata.Populations2011(u.Pcode) {
				w = w.add(p.Pcode, float64(p.Total))
			}
		}
		f.byOrg[o.code] = w
	}
	return f, nil
}

func upazilaFrame(within string) weighted[string] {
	var w weighted[string]
	for _, p := range refdata.Populations2011(within) {
		w = w.add(p.Pcode, float64(p.Total))
	}
	return w
}

// unionIn draws a union of an upazila, "" when the source lists none
// (metropolitan thanas have wards, not unions).
func unionIn(r *rand.Rand, upazila string) string {
	var unions []string
	for _, u := range refdata.Children(upazila) {
		if u.Level == refdata.Union {
			unions = append(unions, u.Pcode)
		}
	}
	if len(unions) == 0 {
		return ""
	}
	return pick(r, unions)
}

// Villages (paras) are made up from common place-name words.
var villages = []el{
	e("উত্তর পাড়া", "Uttar Para", "Uttarpara"),
	e("দক্ষিণ পাড়া", "Dakshin Para", "Dokkhin Para"),
	e("পূর্ব পাড়া", "Purba Para", "Purbo Para"),
	e("পশ্চিম পাড়া", "Paschim Para", "Poschim Para"),
	e("মধ্য পাড়া", "Moddho Para", "Madhya Para"),
	e("নয়াপাড়া", "Noyapara", "Nayapara"),
	e("চরপাড়া", "Charpara", "Chorpara"),
	e("বাজারপাড়া", "Bazarpara"),
	e("মিয়াপাড়া", "Miapara"),
	e("হাটখোলা", "Hatkhola"),
	e("কান্দিপাড়া", "Kandipara"),
	e("নতুন বাজার", "Notun Bazar", "Natun Bazar"),
	e("মোল্লাবাড়ি", "Mollabari"),
	e("খানবাড়ি", "Khanbari"),
}

var chtVillages = []el{
	e("চাকমা পাড়া", "Chakma Para"),
	e("মারমা পাড়া", "Marma Para"),
	e("ত্রিপুরা পাড়া", "Tripura Para"),
	e("বৌদ্ধ বিহার পাড়া", "Boddho Bihar Para"),
	e("হেডম্যান পাড়া", "Headman Para"),
	e("বাজার পাড়া", "Bazar Para"),
	e("বটতলী", "Bottoli", "Battali"),
}
