package instance

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

var (
	fuzzOnce   sync.Once
	fuzzSchema *Schema
)

func fuzzForm(tb testing.TB) *Schema {
	fuzzOnce.Do(func() { fuzzSchema = household(tb) })
	return fuzzSchema
}

// FuzzParse feeds arbitrary bytes to the submission parser. Whatever it
// gets, it must not panic, must answer with an invalid (400) or too-large
// (413) error, and what it accepts must validate without panicking and
// write back to XML that parses to the same instance.
//
//	go test ./internal/forms/instance -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	s := fuzzForm(f)
	f.Add([]byte(householdXML))
	f.Add([]byte(`<data id="household" version="2024061001"><hh><member><m_name>a</m_name></member><member/></hh><meta><instanceID>uuid:1</instanceID></meta></data>`))
	f.Add([]byte(`<data xmlns="http://www.w3.org/2002/xforms" id="household" version="2024061001"><orx:meta xmlns:orx="http://openrosa.org/xforms"><orx:instanceID>uuid:1</orx:instanceID></orx:meta></data>`))
	f.Add([]byte(`<!DOCTYPE data [<!ENTITY x "y">]><data id="household">&x;</data>`))
	f.Add([]byte(`<data id="household" version="2024061001"><age>+007</age><gps>1 2 3 4</gps><colour>other</colour><meta><instanceID>uuid:1</instanceID></meta></data>`))
	f.Add([]byte("<data id=\"household\" version=\"2024061001\"><respondent>\r\n\t<![CDATA[<x>]]></respondent><meta><instanceID>uuid:1</instanceID></meta></data>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := s.Parse(data)
		if err != nil {
			var ae *app.Error
			if !errors.As(err, &ae) || ae.Code != app.EINVALID && ae.Code != app.ETOOLARGE {
				t.Fatalf("error %T %v is not an invalid-input error", err, err)
			}
			_ = app.MessageIn("bn", err)
			return
		}
		_ = s.Validate(in, Options{Source: FromDevice, Now: clock})
		// On the web, position() makes a calculation in every instance of a
		// repeat cost as much as the repeat is long; thousands of instances
		// (which the mutator makes easily) would only slow the fuzzer.
		if in.Counts["hh/member"] <= 100 {
			_ = s.Validate(in, Options{Source: FromWeb, Now: clock})
		}
		back, err := s.Parse(s.XML(in))
		if err != nil {
			t.Fatalf("the XML of an accepted submission does not parse: %v\n%s", err, s.XML(in))
		}
		if !reflect.DeepEqual(back.Values, in.Values) || !reflect.DeepEqual(back.Meta, in.Meta) {
			t.Fatalf("round trip changed the instance:\n got %v %+v\nwant %v %+v", back.Values, back.Meta, in.Values, in.Meta)
		}
	})
}

// FuzzValues posts an arbitrary field to a web form: FromValues must not
// panic, must refuse bad keys with an error naming the key, and an
// instance it accepts that validates must write XML that parses back.
func FuzzValues(f *testing.F) {
	s := fuzzForm(f)
	for _, kv := range [][2]string{
		{"hh/member[2]/m_age", "৪০"}, {"hh/member", "3"}, {"age", " +12 "}, {"visit_time", "10:30"},
		{"hh/member[1]/services", "cash health"}, {"gps", "23.8 90.4"}, {"hh/member[0]/m_name", "x"},
		{"respondent", "a\r\nb & <c>"}, {"hh/member[99999]/m_name", "x"}, {"follow_up", "2024-07-01T09:00"},
	} {
		f.Add(kv[0], kv[1])
	}
	base := s.New(Options{Source: FromWeb, Now: clock})
	f.Fuzz(func(t *testing.T, key, value string) {
		in, err := s.FromValues(base, url.Values{key: {value}, "consent": {"yes"}, "respondent": {"R"}, "hh/hh_size": {"1"}, "hh/member[1]/m_name": {"M"}})
		if err != nil {
			if fields := app.ErrorFields(err); len(fields) == 0 {
				t.Fatalf("error %v names no field", err)
			}
			return
		}
		res := s.Validate(in, Options{Source: FromWeb, Now: clock})
		if !res.OK() {
			for _, p := range res.Problems {
				if p.Message == "" || p.Label == "" || !strings.HasPrefix(p.Path, "/data") {
					t.Fatalf("incomplete problem %+v", p)
				}
			}
			return
		}
		back, err := s.Parse(s.XML(res.Instance))
		if err != nil {
			t.Fatalf("the XML of a valid web instance does not parse: %v", err)
		}
		if !reflect.DeepEqual(back.Values, res.Instance.Values) {
			t.Fatalf("round trip changed the answers:\n got %v\nwant %v", back.Values, res.Instance.Values)
		}
	})
}
