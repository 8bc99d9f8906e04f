package server_test

// The people screens: finding a person, registering one with their
// consent (and being warned of likely duplicates), the person page and its
// forms (consents, migration history, skills, household), editing with
// version conflicts, and who may see and do what.

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// Places used by the tests: Alikadam union, in Alikadam upazila, in
// Bandarban district (Chittagong Hill Tracts), in Chattogram division.
const (
	bandarban = "BD2003"
	alikadam  = "BD200304"
	alikadamU = "BD20030431"
	rangamati = "BD2084"
)

// pmActor reads across organisations, for checking what the pages did.
func pmActor(e *servertest.Env) app.Actor { return e.Users["pm"].Actor() }

// addPerson registers a person directly in the store, as worker, with
// consent to registration.
func addPerson(t *testing.T, e *servertest.Env, worker string, x registry.Person) registry.Person {
	t.Helper()
	if x.Sex == "" {
		x.Sex = "female"
	}
	a := e.Users[worker].Actor()
	p, err := e.DB.CreatePerson(bg, a, x)
	if err != nil {
		t.Fatal(err)
	}
	c := registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration, Method: "verbal", GivenOn: time.Now().AddDate(0, 0, -1)}
	if _, err := e.DB.AddConsent(bg, a, c); err != nil {
		t.Fatal(err)
	}
	return p
}

// person reads a person afresh, as the programme manager.
func person(t *testing.T, e *servertest.Env, id string) registry.Person {
	t.Helper()
	p, err := e.DB.PersonByID(bg, pmActor(e), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// countPersons counts everyone in the register.
func countPersons(t *testing.T, e *servertest.Env) int {
	t.Helper()
	rows, err := e.DB.SearchPersons(bg, pmActor(e), store.PersonQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// registration is a complete registration form with consent.
func registration(kv ...string) url.Values {
	f := url.Values{"name_bn": {"রহিমা খাতুন"}, "name_latin": {"Rahima Khatun"}, "sex": {"female"}, "age": {"34"},
		"ethnicity": {"marma"}, "religion": {"buddhism"}, "education": {"primary"}, "phone1": {"01711-000111"},
		"nid": {"1234567890"}, "upazila": {alikadam}, "village": {"Pan Bazar"}, "languages": {"bn", "rmz"},
		"remigrate": {"maybe"}, "wg_seeing": {"1"}, "wg_walking": {"3"},
		"consent": {"1"}, "consent_method": {"thumbprint"}, "consent_date": {time.Now().In(i18n.Dhaka).Format(time.DateOnly)}}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			f.Del(kv[i])
		} else {
			f.Set(kv[i], kv[i+1])
		}
	}
	return f
}

var personPath = regexp.MustCompile(`^/people/([0-9a-f-]{36})$`)

// registeredID returns the new person's ID from the redirect after registration.
func registeredID(t *testing.T, r *servertest.Response) string {
	t.Helper()
	m := personPath.FindStringSubmatch(r.Header.Get("Location"))
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("registration: status %d, location %q, want 303 to /people/{id}\n%s", r.StatusCode, r.Header.Get("Location"), flashError(parse(t, r.Body)))
	}
	return m[1]
}

// TestWebPeopleRegister: a case worker registers a person with their
// consent and lands on the person's page, which shows what was typed in
// the page's language; the age becomes an estimated birth date (1 July)
// and the upazila fills in the district and division.
func TestWebPeopleRegister(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.worker")
		r := b.Get("/people/new")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET /people/new: %d", r.StatusCode)
		}
		checkPage(t, "registration form", r.Body)
		if f := fieldAround(parse(t, r.Body), "consent-date"); f.value != time.Now().In(i18n.Dhaka).Format(time.DateOnly) {
			t.Errorf("the consent date is not today by default: %+v", f)
		}

		id := registeredID(t, b.PostForm("/people", registration()))
		x := person(t, e, id)
		year := time.Now().In(i18n.Dhaka).Year() - 34
		if x.BirthDate == nil || !x.BirthEstimated || x.BirthDate.Format(time.DateOnly) != fmt.Sprintf("%d-07-01", year) {
			t.Errorf("birth: %v estimated=%v, want 1 July %d, estimated", x.BirthDate, x.BirthEstimated, year)
		}
		if x.OrgID != e.Orgs["BNSK"].ID || x.District != bandarban || x.Division != "BD20" || x.Upazila != alikadam {
			t.Errorf("organisation or address: %+v", x)
		}
		if !slices.Equal(x.Phones, []string{"01711000111"}) || x.NID != "1234567890" || !slices.Equal(x.Languages, []string{"bn", "rmz"}) {
			t.Errorf("phones %v, NID %q, languages %v", x.Phones, x.NID, x.Languages)
		}
		if x.WG["walking"] != 3 || x.WG["seeing"] != 1 || len(x.WG) != 2 || !x.HasDisability() {
			t.Errorf("Washington Group answers: %v", x.WG)
		}
		consents, err := e.DB.ListConsents(bg, pmActor(e), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(consents) != 1 || consents[0].Purpose != "registration" || consents[0].Method != "thumbprint" || !consents[0].Active() {
			t.Errorf("consents: %+v", consents)
		}

		r = b.Get("/people/" + id)
		root := parse(t, r.Body)
		checkPage(t, "person page", r.Body)
		details := textOf(byID(root, "details"))
		for _, want := range []string{"Rahima Khatun", "রহিমা খাতুন", "Marma", "Buddhism", "Bandarban", "Alikadam", "Pan Bazar",
			"01711000111", "Walking or climbing steps: A lot of difficulty", "Not sure yet"} {
			if !strings.Contains(details, want) {
				t.Errorf("person page details lack %q: %s", want, details)
			}
		}
		if !strings.Contains(r.Body, i18n.T("en", "people.flash.registered")) {
			t.Error("no flash after registration")
		}
		if c := textOf(byID(root, "consents")); !strings.Contains(c, "Registration") || !strings.Contains(c, "Active") {
			t.Errorf("consents section: %s", c)
		}
		if !slices.Contains(links(root), "/cases/new?person="+id) {
			t.Error("no link to open a case")
		}

		// The same page in Bangla: Bangla labels and place names.
		if err := e.DB.SetLang(bg, e.Users["bnsk.worker"].ID, "bn"); err != nil {
			t.Fatal(err)
		}
		r = b.Get("/people/" + id)
		checkPage(t, "person page in Bangla", r.Body)
		bn := textOf(byID(parse(t, r.Body), "details"))
		for _, want := range []string{"মারমা", "বৌদ্ধ", "বান্দরবান", "নারী", "০১৭১১০০০১১১", "অনেক অসুবিধা"} {
			if !strings.Contains(bn, want) {
				t.Errorf("Bangla person page lacks %q: %s", want, bn)
			}
		}
	})
}

// TestWebPeopleRegisterErrors: mistakes are shown at their fields with
// 422, what was typed comes back, and nobody is registered; a consent
// that is missing or incomplete stops the registration too.
func TestWebPeopleRegisterErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.worker")
		future := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
		r := b.PostForm("/people", registration("age", "", "birth_date", future, "nid", "12345", "upazila", "", "district", "BD9999",
			"consent", "", "name_latin", "Kept Name"))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", r.StatusCode)
		}
		root := parse(t, r.Body)
		checkPage(t, "registration with errors", r.Body)
		for id, want := range map[string]string{
			"birth-date": "in the future",
			"nid":        "10, 13 or 17 digits",
			"district":   "not a known place",
			"consent":    "only be registered with their consent",
		} {
			if f := fieldAround(root, id); !f.hasError || !strings.Contains(f.message, want) {
				t.Errorf("field %s: %+v, want an error saying %q", id, f, want)
			}
		}
		if f := fieldAround(root, "name-latin"); f.hasError || f.value != "Kept Name" {
			t.Errorf("name kept: %+v", f)
		}
		if f := fieldAround(root, "nid"); f.value != "12345" {
			t.Errorf("the wrong NID is not shown again to correct: %+v", f)
		}
		if flashError(root) == "" {
			t.Error("no message above the form")
		}
		// The person is valid but the consent is not complete.
		r = b.PostForm("/people", registration("consent_method", "", "consent_date", future))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("incomplete consent: status %d, want 422", r.StatusCode)
		}
		root = parse(t, r.Body)
		if f := fieldAround(root, "consent-method"); !f.hasError {
			t.Errorf("consent method: %+v", f)
		}
		if f := fieldAround(root, "consent-date"); !f.hasError || !strings.Contains(f.message, "future") {
			t.Errorf("consent date: %+v", f)
		}
		// An upazila outside the chosen district, an age that contradicts
		// the date of birth, a date that is not a date.
		r = b.PostForm("/people", registration("district", rangamati, "age", "20", "birth_date", "1970-05-05"))
		root = parse(t, r.Body)
		if f := fieldAround(root, "upazila"); !f.hasError || !strings.Contains(f.message, "not in the chosen district") {
			t.Errorf("upazila outside the district: %+v", f)
		}
		if f := fieldAround(root, "age"); !f.hasError {
			t.Errorf("age contradicting the birth date: %+v", f)
		}
		r = b.PostForm("/people", registration("age", "", "birth_date", "31/02/1990"))
		if f := fieldAround(parse(t, r.Body), "birth-date"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError || f.value != "31/02/1990" {
			t.Errorf("impossible date: %d %+v", r.StatusCode, f)
		}
		if n := countPersons(t, e); n != 0 {
			t.Errorf("%d people registered by refused forms", n)
		}
	})
}

// TestWebPeopleDuplicateWarning: registering someone whose name is like a
// registered person's, or who shares their phone, shows the likely
// duplicates (linked) and registers nobody, until the case worker ticks
// "this is a different person".
func TestWebPeopleDuplicateWarning(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		first := addPerson(t, e, "bnsk.worker", registry.Person{NameBn: "মোহাম্মদ আব্দুর রহিম", NameLatin: "Mohammad Abdur Rahim", Sex: "male",
			Phones: []string{"01811000222"}})
		other := addPerson(t, e, "warbe.worker", registry.Person{NameLatin: "Mohammad Abdur Rahim", Sex: "male"})
		b := e.SignIn("bnsk.worker")
		form := registration("name_bn", "", "name_latin", "Md. Abdur Rahim", "sex", "male", "nid", "", "phone1", "01911000333")
		r := b.PostForm("/people", form)
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409 with a warning", r.StatusCode)
		}
		checkPage(t, "duplicate warning", r.Body)
		root := parse(t, r.Body)
		ls := links(root)
		if !slices.Contains(ls, "/people/"+first.ID) {
			t.Errorf("the warning does not link the likely duplicate: %v", ls)
		}
		if slices.Contains(ls, "/people/"+other.ID) {
			t.Error("the warning shows a person of another organisation")
		}
		if byID(root, "different-person") == nil || fieldAround(root, "name-latin").value != "Md. Abdur Rahim" {
			t.Error("no 'different person' box, or the typed name is lost")
		}
		if n := countPersons(t, e); n != 2 {
			t.Fatalf("%d people after the warning, want 2", n)
		}
		// Same phone, different name.
		r = b.PostForm("/people", registration("name_bn", "", "name_latin", "Salma Akter", "nid", "", "phone1", "+8801811000222"))
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "same phone number") {
			t.Errorf("same phone: status %d", r.StatusCode)
		}
		// Register anyway.
		form.Set("different_person", "1")
		id := registeredID(t, b.PostForm("/people", form))
		if got := person(t, e, id).NameLatin; got != "Md. Abdur Rahim" {
			t.Errorf("registered %q", got)
		}
		// The same national ID cannot be registered twice in an
		// organisation, even when the case worker insists.
		withNID := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Jahanara Begum", NID: "5550001112223"})
		r = b.PostForm("/people", registration("name_bn", "", "name_latin", "Shefali Rani", "nid", "5550001112223", "phone1", ""))
		if r.StatusCode != http.StatusConflict || !slices.Contains(links(parse(t, r.Body)), "/people/"+withNID.ID) || !strings.Contains(r.Body, "same national ID number") {
			t.Errorf("same NID: status %d, or the warning does not name the person", r.StatusCode)
		}
		r = b.PostForm("/people", registration("name_bn", "", "name_latin", "Shefali Rani", "nid", "5550001112223", "phone1", "", "different_person", "1"))
		if f := fieldAround(parse(t, r.Body), "nid"); r.StatusCode != http.StatusConflict || !f.hasError || !strings.Contains(f.message, "already registered") {
			t.Errorf("same NID, registered anyway: %d %+v", r.StatusCode, f)
		}
		// No warning for someone unlike anyone registered.
		registeredID(t, b.PostForm("/people", registration("name_bn", "", "name_latin", "Nilufar Yasmin", "nid", "", "phone1", "")))
	})
}

// TestWebPeopleSearch: one box finds people by a name in either script,
// by the usual variants (Md./Mohammad), by phone (whole or its last six
// digits) and by ID number; filters narrow the list, and paging keeps
// them.
func TestWebPeopleSearch(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		rahim := addPerson(t, e, "bnsk.worker", registry.Person{NameBn: "মোঃ আব্দুর রহিম", NameLatin: "Md. Abdur Rahim", Sex: "male",
			Phones: []string{"01711234567"}, NID: "19901234567890123", District: bandarban})
		karim := addPerson(t, e, "bnsk.worker", registry.Person{NameBn: "করিম উদ্দিন", Sex: "male", District: rangamati})
		salma := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Salma Begum", Sex: "female", District: bandarban})
		b := e.SignIn("bnsk.worker")
		found := func(q url.Values) []string {
			t.Helper()
			r := b.Get("/people?" + q.Encode())
			if r.StatusCode != http.StatusOK {
				t.Fatalf("search %v: status %d", q, r.StatusCode)
			}
			var ids []string
			for _, l := range links(parse(t, r.Body)) {
				if m := personPath.FindStringSubmatch(l); m != nil {
					ids = append(ids, m[1])
				}
			}
			return ids
		}
		for _, q := range []string{"রহিম", "Rahim", "rahim", "Mohammad Abdur", "মোহাম্মদ রহিম", "Muhammad Rah", "01711234567", "+880 1711-234567",
			"234567", "19901234567890123"} {
			if got := found(url.Values{"q": {q}}); !slices.Equal(got, []string{rahim.ID}) {
				t.Errorf("search %q: found %v, want only Rahim", q, got)
			}
		}
		if got := found(url.Values{"q": {"Karim"}}); !slices.Equal(got, []string{karim.ID}) {
			t.Errorf("a Bangla-only name by its Latin spelling: %v", got)
		}
		if got := found(url.Values{"sex": {"male"}, "district": {bandarban}}); !slices.Equal(got, []string{rahim.ID}) {
			t.Errorf("filters: %v", got)
		}
		if got := found(url.Values{"q": {"Begum"}, "district": {rangamati}}); len(got) != 0 {
			t.Errorf("text and filter must both match: %v", got)
		}
		if got := found(url.Values{}); len(got) != 3 || !slices.Contains(got, salma.ID) {
			t.Errorf("the whole register: %v", got)
		}
		// The results show the name in the page's script with the other beneath, and the phone.
		r := b.Get("/people?q=rahim")
		checkPage(t, "search results", r.Body)
		if !strings.Contains(r.Body, "Md. Abdur Rahim") || !strings.Contains(r.Body, "মোঃ আব্দুর রহিম") || !strings.Contains(r.Body, "01711234567") {
			t.Error("results lack the names in both scripts or the phone")
		}
		root := parse(t, r.Body)
		ls := links(root)
		for _, want := range []string{"/people/export?format=csv&q=rahim", "/people/export?format=xlsx&q=rahim", "/people/new", "/people/import"} {
			if !slices.Contains(ls, want) {
				t.Errorf("no link %s in %v", want, ls)
			}
		}
		// A bad year is named at its field.
		r = b.Get("/people?return_year=20x4")
		if f := fieldAround(parse(t, r.Body), "f-return-year"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError || f.value != "20x4" {
			t.Errorf("bad year: %d %+v", r.StatusCode, f)
		}

		// Paging: 27 people named Rina, 25 a page; the next page keeps the filters.
		for i := range 26 {
			addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: fmt.Sprintf("Rina %c", 'A'+i), District: bandarban})
		}
		addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Rina Z", District: rangamati})
		q := url.Values{"q": {"rina"}, "sex": {"female"}}
		if got := found(q); len(got) != 25 {
			t.Fatalf("first page: %d people", len(got))
		}
		next := "/people?offset=25&q=rina&sex=female"
		root = parse(t, b.Get("/people?"+q.Encode()).Body)
		if !slices.Contains(links(root), next) {
			t.Fatalf("no next link %s in %v", next, links(root))
		}
		r = b.Get(next)
		root = parse(t, r.Body)
		var rows int
		for _, l := range links(root) {
			if personPath.MatchString(l) {
				rows++
			}
		}
		if rows != 2 || !slices.Contains(links(root), "/people?q=rina&sex=female") {
			t.Errorf("second page: %d people, links %v", rows, links(root))
		}
	})
}

// TestWebPeopleScope: partner staff neither see nor find the other
// partner's people; the programme manager sees both but changes nothing;
// roles that never see returnees are refused.
func TestWebPeopleScope(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		bnsk := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Ayesha Sultana", Phones: []string{"01712000444"}})
		warbe := addPerson(t, e, "warbe.worker", registry.Person{NameLatin: "Ayesha Siddika"})
		w := e.SignIn("warbe.worker")
		if r := w.Get("/people/" + bnsk.ID); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "Ayesha Sultana") {
			t.Errorf("WARBE worker opening a BNSK person: %d", r.StatusCode)
		}
		for _, q := range []string{"Ayesha", "Sultana", "01712000444"} {
			r := w.Get("/people?q=" + url.QueryEscape(q))
			if strings.Contains(r.Body, "Ayesha Sultana") || strings.Contains(r.Body, bnsk.ID) {
				t.Errorf("WARBE worker finds the BNSK person by %q", q)
			}
		}
		if r := w.Get("/people?q=Ayesha"); !strings.Contains(r.Body, "Ayesha Siddika") {
			t.Error("WARBE worker does not find their own person")
		}
		for _, path := range []string{"/people/" + bnsk.ID + "/edit", "/people/" + bnsk.ID} {
			var r *servertest.Response
			if strings.HasSuffix(path, "edit") {
				r = w.Get(path)
			} else {
				r = w.PostForm(path+"/episodes", url.Values{"destination": {"SA"}})
			}
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("WARBE worker on %s: %d, want 404", path, r.StatusCode)
			}
		}

		pm := e.SignIn("pm")
		r := pm.Get("/people?q=Ayesha")
		if !strings.Contains(r.Body, "Ayesha Sultana") || !strings.Contains(r.Body, "Ayesha Siddika") {
			t.Error("the programme manager does not find both organisations' people")
		}
		checkPage(t, "programme manager's search", r.Body)
		if byID(parse(t, r.Body), "f-org") == nil {
			t.Error("no organisation filter for the programme manager")
		}
		r = pm.Get("/people?q=Ayesha&org=" + e.Orgs["WARBE"].ID)
		if strings.Contains(r.Body, "Ayesha Sultana") || !strings.Contains(r.Body, "Ayesha Siddika") {
			t.Error("organisation filter")
		}
		r = pm.Get("/people/" + warbe.ID)
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "/cases/new") || strings.Contains(r.Body, `action="/people/`) {
			t.Errorf("programme manager's person page: %d, or it offers changes", r.StatusCode)
		}
		before := person(t, e, bnsk.ID)
		for path, f := range map[string]url.Values{
			"/people":                        registration(),
			"/people/" + bnsk.ID:             registration("version", "1", "name_latin", "Changed"),
			"/people/" + bnsk.ID + "/skills": {"isco": {"7411"}},
		} {
			if r := pm.PostForm(path, f); r.StatusCode != http.StatusForbidden {
				t.Errorf("programme manager POST %s: %d, want 403", path, r.StatusCode)
			}
		}
		if after := person(t, e, bnsk.ID); after.Version != before.Version || countPersons(t, e) != 2 {
			t.Error("a refused request changed the register")
		}
		for _, who := range []string{"viewer", "bnsk.enumerator", "admin"} {
			b := e.SignIn(who)
			for _, path := range []string{"/people", "/people/new", "/people/" + bnsk.ID} {
				r := b.Get(path)
				if r.StatusCode != http.StatusForbidden || strings.Contains(r.Body, "Ayesha") {
					t.Errorf("%s GET %s: %d, want 403", who, path, r.StatusCode)
				}
			}
		}
	})
}

// TestWebPeopleConsents: a consent to sharing names an organisation; a
// withdrawal is shown as withdrawn, with its note, at once.
func TestWebPeopleConsents(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Jesmin Ara"})
		b := e.SignIn("bnsk.worker")
		today := time.Now().In(i18n.Dhaka).Format(time.DateOnly)
		r := b.PostForm("/people/"+x.ID+"/consents", url.Values{"purpose": {"sharing"}, "method": {"written"}, "given_on": {today}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("sharing without an organisation: %d, want 422", r.StatusCode)
		}
		root := parse(t, r.Body)
		checkPage(t, "consent form with errors", r.Body)
		if f := fieldAround(root, "cs-shared-with-org"); !f.hasError {
			t.Errorf("shared-with field: %+v", f)
		}
		if d := all(root, byTagName("details")); !slices.ContainsFunc(d, func(n *html.Node) bool { return hasAttr(n, "open") }) {
			t.Error("the form with the mistake is not shown open")
		}
		r = b.PostForm("/people/"+x.ID+"/consents", url.Values{"purpose": {"sharing"}, "shared_with_org": {e.Orgs["WARBE"].ID},
			"method": {"written"}, "given_on": {today}})
		wantRedirect(t, "add consent", r, "/people/"+x.ID+"#consents")

		consents, _ := e.DB.ListConsents(bg, pmActor(e), x.ID)
		var sharing registry.Consent
		for _, c := range consents {
			if c.Purpose == "sharing" {
				sharing = c
			}
		}
		if sharing.SharedWithOrg != e.Orgs["WARBE"].ID {
			t.Fatalf("consents: %+v", consents)
		}
		r = b.PostForm("/people/"+x.ID+"/consents/"+sharing.ID+"/withdraw", url.Values{"note": {"Asked on the phone to stop sharing"}})
		wantRedirect(t, "withdraw", r, "/people/"+x.ID+"#consents")
		r = b.Get("/people/" + x.ID)
		section := textOf(byID(parse(t, r.Body), "consents"))
		if !strings.Contains(section, "Withdrawn") || !strings.Contains(section, "Asked on the phone to stop sharing") ||
			!strings.Contains(r.Body, i18n.T("en", "people.flash.consent_withdrawn")) {
			t.Errorf("consents after withdrawal: %s", section)
		}
		if ok, _ := e.DB.HasConsent(bg, x.ID, "sharing", e.Orgs["WARBE"].ID); ok {
			t.Error("the withdrawn consent still allows sharing")
		}
		// Withdrawing a consent through another person's address is not found.
		y := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Other Person"})
		regs, _ := e.DB.ListConsents(bg, pmActor(e), x.ID)
		if r := b.PostForm("/people/"+y.ID+"/consents/"+regs[len(regs)-1].ID+"/withdraw", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("consent of another person: %d", r.StatusCode)
		}
		// A withdrawn registration consent warns on the person's page.
		for _, c := range regs {
			if c.Purpose == "registration" {
				wantRedirect(t, "withdraw registration", b.PostForm("/people/"+x.ID+"/consents/"+c.ID+"/withdraw", nil), "/people/"+x.ID+"#consents")
			}
		}
		if r := b.Get("/people/" + x.ID); !strings.Contains(r.Body, i18n.T("en", "people.no_registration_consent")) {
			t.Error("no warning about the missing registration consent")
		}
	})
}

// TestWebPeopleEpisodes: a return before the departure is shown at the
// return date and nothing is added; an episode's cost in taka is stored in
// paisa and shown back in taka.
func TestWebPeopleEpisodes(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Hasina Akter"})
		b := e.SignIn("bnsk.worker")
		bad := url.Values{"destination": {"SA"}, "occupation_isco": {"9111"}, "departure_date": {"2022-05-01"}, "return_date": {"2021-01-10"},
			"cost": {"3,50,000"}, "financing": {"loan", "land_sale"}}
		r := b.PostForm("/people/"+x.ID+"/episodes", bad)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", r.StatusCode)
		}
		root := parse(t, r.Body)
		checkPage(t, "episode form with errors", r.Body)
		if f := fieldAround(root, "ep-return-date"); !f.hasError || !strings.Contains(f.message, "before the departure") || f.value != "2021-01-10" {
			t.Errorf("return date field: %+v", f)
		}
		if f := fieldAround(root, "ep-cost"); f.value != "3,50,000" || f.hasError {
			t.Errorf("cost kept: %+v", f)
		}
		if c := byID(root, "ep-financing-land_sale"); c == nil || !hasAttr(c, "checked") {
			t.Error("ticked financing lost")
		}
		if eps, _ := e.DB.ListEpisodes(bg, pmActor(e), x.ID); len(eps) != 0 {
			t.Fatalf("%d episodes added by a refused form", len(eps))
		}
		r = b.PostForm("/people/"+x.ID+"/episodes", url.Values{"destination": {"SA"}, "cost": {"abc"}})
		if f := fieldAround(parse(t, r.Body), "ep-cost"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError {
			t.Errorf("cost that is not an amount: %d %+v", r.StatusCode, f)
		}

		good := url.Values{"destination": {"SA"}, "occupation_isco": {"9111 Domestic cleaners and helpers"}, "skill_category": {"less_skilled"},
			"departure_date": {"2019-05-01"}, "return_date": {"2021-01-10"}, "channel": {"broker"}, "cost": {"3,50,000"},
			"financing": {"loan", "land_sale"}, "return_type": {"deported"}, "unpaid_wages": {"৪৫০০০.৫০"}, "documents": {"passport", "visa"}}
		wantRedirect(t, "add episode", b.PostForm("/people/"+x.ID+"/episodes", good), "/people/"+x.ID+"#migration")
		eps, _ := e.DB.ListEpisodes(bg, pmActor(e), x.ID)
		if len(eps) != 1 {
			t.Fatalf("%d episodes", len(eps))
		}
		ep := eps[0]
		if ep.CostMinor == nil || *ep.CostMinor != 35_000_000 || ep.CostCurrency != "BDT" || ep.UnpaidWagesMinor == nil || *ep.UnpaidWagesMinor != 4_500_050 ||
			ep.OccupationISCO != "9111" || !slices.Equal(ep.Financing, []string{"loan", "land_sale"}) || ep.ReturnType != "deported" {
			t.Errorf("episode: %+v cost %v wages %v", ep, ep.CostMinor, ep.UnpaidWagesMinor)
		}
		section := textOf(byID(parse(t, b.Get("/people/"+x.ID).Body), "migration"))
		for _, want := range []string{"Saudi Arabia", "৳ 350,000", "৳ 45,000.50", "Deported", "Loan, Sold land", "Broker", "10 January 2021"} {
			if !strings.Contains(section, want) {
				t.Errorf("migration section lacks %q: %s", want, section)
			}
		}
		// The filter by year of return and destination now finds her.
		r = b.Get("/people?return_year=2021&destination=SA")
		if !strings.Contains(r.Body, "Hasina Akter") {
			t.Error("search by year of return and destination")
		}
		if r := b.Get("/people?return_year=2020"); strings.Contains(r.Body, "Hasina Akter") {
			t.Error("search by another year of return finds her")
		}
	})
}

// TestWebPeopleSkills: a skill needs a real ISCO-08 code; one recorded in
// error is removed.
func TestWebPeopleSkills(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Rashed Khan", Sex: "male"})
		b := e.SignIn("bnsk.worker")
		r := b.PostForm("/people/"+x.ID+"/skills", url.Values{"isco": {"1234x"}, "years": {"many"}})
		root := parse(t, r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !fieldAround(root, "sk-isco").hasError || !fieldAround(root, "sk-years").hasError {
			t.Errorf("bad skill: %d", r.StatusCode)
		}
		wantRedirect(t, "add skill", b.PostForm("/people/"+x.ID+"/skills", url.Values{"isco": {"7411"}, "years": {"৬"}, "certificate": {"NTVQF level 2"},
			"issuer": {"BMET TTC Bandarban"}}), "/people/"+x.ID+"#skills")
		skills, _ := e.DB.ListSkills(bg, pmActor(e), x.ID)
		if len(skills) != 1 || skills[0].Years == nil || *skills[0].Years != 6 {
			t.Fatalf("skills: %+v", skills)
		}
		if s := textOf(byID(parse(t, b.Get("/people/"+x.ID).Body), "skills")); !strings.Contains(s, "7411") || !strings.Contains(s, "NTVQF level 2") {
			t.Errorf("skills section: %s", s)
		}
		wantRedirect(t, "remove skill", b.PostForm("/people/"+x.ID+"/skills/"+skills[0].ID+"/remove", nil), "/people/"+x.ID+"#skills")
		if skills, _ := e.DB.ListSkills(bg, pmActor(e), x.ID); len(skills) != 0 {
			t.Error("the skill was not removed")
		}
		if r := b.PostForm("/people/"+x.ID+"/skills/"+skills[0].ID+"/remove", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("removing it again: %d", r.StatusCode)
		}
	})
}

// TestWebPeopleHousehold: a household is created with the person as its
// first member; members are added and removed; income sources are saved
// with the version read, and a stale save is a conflict.
func TestWebPeopleHousehold(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Kulsum Begum", BirthDate: ptrDate(1985, 3, 1)})
		b := e.SignIn("bnsk.worker")
		if s := textOf(byID(parse(t, b.Get("/people/"+x.ID).Body), "household")); !strings.Contains(s, "No household recorded") {
			t.Errorf("before: %s", s)
		}
		wantRedirect(t, "create household", b.PostForm("/people/"+x.ID+"/household", nil), "/people/"+x.ID+"#household")
		if r := b.PostForm("/people/"+x.ID+"/household", nil); r.StatusCode != http.StatusConflict {
			t.Errorf("a second household: %d, want 409", r.StatusCode)
		}
		hid := person(t, e, x.ID).HouseholdID
		if hid == "" {
			t.Fatal("no household")
		}
		add := func(f url.Values) *servertest.Response {
			f.Set("household_id", hid)
			return b.PostForm("/people/"+x.ID+"/household/members", f)
		}
		r := add(url.Values{"name": {"Child"}, "relationship": {"daughter"}, "age": {"-3"}})
		root := parse(t, r.Body)
		checkPage(t, "member form with errors", r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !fieldAround(root, "mb-age").hasError || !fieldAround(root, "mb-sex").hasError {
			t.Errorf("bad member: %d", r.StatusCode)
		}
		wantRedirect(t, "add spouse", add(url.Values{"name": {"Abul Hossain"}, "relationship": {"spouse"}, "sex": {"male"}, "age": {"45"}}), "/people/"+x.ID+"#household")
		wantRedirect(t, "add child", add(url.Values{"name": {"Mitu"}, "relationship": {"daughter"}, "sex": {"female"}, "age": {"9"},
			"dependant": {"1"}, "in_school": {"no"}}), "/people/"+x.ID+"#household")
		h, err := e.DB.HouseholdByID(bg, pmActor(e), hid)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Members) != 3 || h.Members[0].Relationship != "self" || h.Dependants() != 1 || h.ChildrenOutOfSchool() != 1 {
			t.Fatalf("members: %+v", h.Members)
		}
		section := textOf(byID(parse(t, b.Get("/people/"+x.ID).Body), "household"))
		for _, want := range []string{"Kulsum Begum", "The returnee", "Abul Hossain", "Husband or wife", "Mitu", "Daughter"} {
			if !strings.Contains(section, want) {
				t.Errorf("household section lacks %q: %s", want, section)
			}
		}
		upd := url.Values{"household_id": {hid}, "version": {fmt.Sprint(h.Version)}, "income_sources": {"agriculture", "remittances"}, "notes": {"Lease on 10 decimals"}}
		wantRedirect(t, "update household", b.PostForm("/people/"+x.ID+"/household/update", upd), "/people/"+x.ID+"#household")
		upd.Set("notes", "Stale notes")
		r = b.PostForm("/people/"+x.ID+"/household/update", upd)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Stale notes") {
			t.Errorf("stale household save: %d, or the typed notes are lost", r.StatusCode)
		}
		h, _ = e.DB.HouseholdByID(bg, pmActor(e), hid)
		if h.Notes != "Lease on 10 decimals" || !slices.Equal(h.IncomeSources, []string{"agriculture", "remittances"}) {
			t.Errorf("household: %+v", h)
		}
		// The returnee stays; another member goes.
		self, spouse := h.Members[0], h.Members[1]
		r = b.PostForm("/people/"+x.ID+"/household/members/"+self.ID+"/remove", url.Values{"household_id": {hid}})
		if r.StatusCode != http.StatusConflict {
			t.Errorf("removing the returnee: %d", r.StatusCode)
		}
		wantRedirect(t, "remove spouse", b.PostForm("/people/"+x.ID+"/household/members/"+spouse.ID+"/remove", url.Values{"household_id": {hid}}),
			"/people/"+x.ID+"#household")
		if h, _ := e.DB.HouseholdByID(bg, pmActor(e), hid); len(h.Members) != 2 {
			t.Errorf("%d members after removal", len(h.Members))
		}
		// Another person's household cannot be reached through this person.
		y := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Someone Else"})
		if r := b.PostForm("/people/"+y.ID+"/household/members", url.Values{"household_id": {hid}, "name": {"X"}, "relationship": {"son"}, "sex": {"male"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("household of another person: %d", r.StatusCode)
		}
	})
}

func ptrDate(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// TestWebPeopleEditConflict: two case workers open the same record; the
// first saves; the second, saving later, is told, sees what changed, and
// loses nothing they typed; saving again then applies their version.
func TestWebPeopleEditConflict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Parvin Akter", Phones: []string{"01713000555"}, BirthDate: ptrDate(1990, 1, 2)})
		hh, err := e.DB.CreateHousehold(bg, e.Users["bnsk.worker"].Actor(), x.ID, registry.Household{})
		if err != nil {
			t.Fatal(err)
		}
		one, two := e.SignIn("bnsk.worker"), e.SignIn("bnsk.manager")
		formOf := func(b *servertest.Browser) url.Values {
			r := b.Get("/people/" + x.ID + "/edit")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("edit form: %d", r.StatusCode)
			}
			checkPage(t, "edit form", r.Body)
			root := parse(t, r.Body)
			f := url.Values{}
			for _, n := range all(root, byTagName("input")) {
				if name := attr(n, "name"); name != "" && (attr(n, "type") != "checkbox" || hasAttr(n, "checked")) {
					f.Add(name, attr(n, "value"))
				}
			}
			for _, n := range all(root, byTagName("select")) {
				for _, o := range all(n, byTagName("option")) {
					if hasAttr(o, "selected") {
						f.Set(attr(n, "name"), attr(o, "value"))
					}
				}
			}
			return f
		}
		f1, f2 := formOf(one), formOf(two)
		if f1.Get("name_latin") != "Parvin Akter" || f1.Get("birth_date") != "1990-01-02" || f1.Get("phone1") != "01713000555" || f1.Get("version") == "" {
			t.Fatalf("edit form values: %v", f1)
		}
		f1.Set("phone2", "01714000666")
		wantRedirect(t, "first save", one.PostForm("/people/"+x.ID, f1), "/people/"+x.ID)

		f2.Set("name_latin", "Parveen Akter")
		f2.Set("village", "Shantipur")
		r := two.PostForm("/people/"+x.ID, f2)
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("second save: %d, want 409", r.StatusCode)
		}
		checkPage(t, "edit conflict", r.Body)
		root := parse(t, r.Body)
		if fieldAround(root, "name-latin").value != "Parveen Akter" || fieldAround(root, "village").value != "Shantipur" {
			t.Error("the second person's typing is lost")
		}
		if !strings.Contains(flashError(root), "Someone else saved this record") || !strings.Contains(textOf(byID(root, "conflict-heading").Parent), "01714000666") {
			t.Error("the conflict does not say what the other person changed")
		}
		now := person(t, e, x.ID)
		if now.NameLatin != "Parvin Akter" || !slices.Equal(now.Phones, []string{"01713000555", "01714000666"}) {
			t.Errorf("the first save was overwritten: %+v", now)
		}
		// Saving the re-shown form (which now carries the current version) applies it.
		resubmit := url.Values{}
		for k, v := range f2 {
			resubmit[k] = v
		}
		resubmit.Set("version", attr(all(root, func(n *html.Node) bool { return attr(n, "name") == "version" })[0], "value"))
		wantRedirect(t, "second save, knowingly", two.PostForm("/people/"+x.ID, resubmit), "/people/"+x.ID)
		final := person(t, e, x.ID)
		if final.NameLatin != "Parveen Akter" || final.Village != "Shantipur" || final.HouseholdID != hh.ID || final.BirthEstimated {
			t.Errorf("after the second save: %+v", final)
		}
		// An estimated birth date survives saving the form unchanged.
		y := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Estimated Age", BirthDate: ptrDate(1991, 7, 1), BirthEstimated: true})
		fy := url.Values{}
		r = one.Get("/people/" + y.ID + "/edit")
		root = parse(t, r.Body)
		for _, n := range all(root, byTagName("input")) {
			if name := attr(n, "name"); name != "" && attr(n, "type") != "checkbox" {
				fy.Add(name, attr(n, "value"))
			}
		}
		fy.Set("sex", "female")
		wantRedirect(t, "save estimated", one.PostForm("/people/"+y.ID, fy), "/people/"+y.ID)
		got := person(t, e, y.ID)
		if got.BirthDate == nil || !got.BirthEstimated || got.BirthDate.Format(time.DateOnly) != "1991-07-01" {
			t.Errorf("estimated birth date moved: %v %v", got.BirthDate, got.BirthEstimated)
		}
		// The real date, once known, replaces the estimate, though the
		// estimated age is still in the form.
		fy.Set("version", fmt.Sprint(got.Version))
		fy.Set("birth_date", "1992-11-20")
		wantRedirect(t, "real date", one.PostForm("/people/"+y.ID, fy), "/people/"+y.ID)
		if got := person(t, e, y.ID); got.BirthEstimated || got.BirthDate.Format(time.DateOnly) != "1992-11-20" {
			t.Errorf("after typing the date: %v estimated=%v", got.BirthDate, got.BirthEstimated)
		}
	})
}

// TestWebPeoplePagesAccessible: every people page, in both languages, for
// a case worker and the programme manager, including forms shown with
// their mistakes, has a language, a title, a label for every control and
// unique IDs, and shows no catalog key.
func TestWebPeoplePagesAccessible(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameBn: "শাহানা পারভীন", NameLatin: "Shahana Parvin", Upazila: alikadam,
			WG: map[string]int{"hearing": 2}, Languages: []string{"bn"}})
		a := e.Users["bnsk.worker"].Actor()
		if _, err := e.DB.CreateHousehold(bg, a, x.ID, registry.Household{IncomeSources: []string{"fishing"}}); err != nil {
			t.Fatal(err)
		}
		cost := int64(10000)
		if _, err := e.DB.AddEpisode(bg, a, registry.Episode{PersonID: x.ID, Destination: "MY", CostMinor: &cost, Financing: []string{"savings"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.AddSkill(bg, a, registry.Skill{PersonID: x.ID, ISCO: "7411"}); err != nil {
			t.Fatal(err)
		}
		keys := i18n.Keys("en")
		for _, lang := range []string{"en", "bn"} {
			for _, who := range []string{"bnsk.worker", "pm"} {
				if err := e.DB.SetLang(bg, e.Users[who].ID, lang); err != nil {
					t.Fatal(err)
				}
				b := e.SignIn(who)
				pages := map[string]*servertest.Response{}
				for _, path := range []string{"/people", "/people?q=shahana", "/people?q=nobody", "/people/new", "/people/" + x.ID, "/people/" + x.ID + "/edit"} {
					pages["GET "+path] = b.Get(path)
				}
				pages["POST /people"] = b.PostForm("/people", url.Values{"name_latin": {""}})
				pages["POST episodes"] = b.PostForm("/people/"+x.ID+"/episodes", url.Values{"return_date": {"x"}})
				pages["POST consents"] = b.PostForm("/people/"+x.ID+"/consents", url.Values{})
				for where, r := range pages {
					if r.StatusCode == http.StatusForbidden && who == "pm" {
						continue
					}
					if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
						t.Errorf("%s %s %s: %d %s", lang, who, where, r.StatusCode, r.Header.Get("Content-Type"))
						continue
					}
					name := fmt.Sprintf("%s/%s %s (%d)", lang, who, where, r.StatusCode)
					checkPage(t, name, r.Body)
					if got := htmlLang(parse(t, r.Body)); got != lang {
						t.Errorf("%s: lang %q", name, got)
					}
					text := shownText(t, r.Body)
					for k := range keys {
						if strings.Contains(k, ".") && strings.Contains(text, k) {
							t.Errorf("%s: shows the catalog key %q", name, k)
						}
					}
				}
			}
		}
	})
}

// TestWebPeopleFieldTemplateShared: the control template is written out in
// each people page; the copies must not drift apart.
func TestWebPeopleFieldTemplateShared(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`(?s)\{\{define "pfield"\}\}.*?\n</div>\{\{end\}\}\{\{end\}\}`)
	var first string
	for _, name := range []string{"people_list.html", "person_form.html", "person_page.html"} {
		b, err := os.ReadFile("../web/templates/" + name)
		if err != nil {
			t.Fatal(err)
		}
		def := re.FindString(string(b))
		if def == "" {
			t.Fatalf("%s has no pfield definition", name)
		}
		if first == "" {
			first = def
		} else if def != first {
			t.Errorf("%s: the pfield definition differs from people_list.html's", name)
		}
	}
}

// TestWebPeopleCases: the person page lists the person's cases with their
// reference, status and organisation, linked to the case.
func TestWebPeopleCases(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		x := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Moriom Begum"})
		b := e.SignIn("bnsk.worker")
		if s := textOf(byID(parse(t, b.Get("/people/"+x.ID).Body), "cases")); !strings.Contains(s, "No cases") {
			t.Errorf("before: %s", s)
		}
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		pj, err := e.DB.CreateProject(bg, pmActor(e), store.Project{Code: "LM.0379", Title: "REMA(K)ER", StartDate: &start,
			PartnerIDs: []string{e.Orgs["BNSK"].ID}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := e.DB.OpenCase(bg, e.Users["bnsk.worker"].Actor(), store.NewCase{PersonID: x.ID, ProjectID: pj.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"bnsk.worker", "pm"} {
			root := parse(t, e.SignIn(who).Get("/people/"+x.ID).Body)
			s := textOf(byID(root, "cases"))
			if !strings.Contains(s, c.Reference) || !strings.Contains(s, i18n.T("en", "status."+c.Status)) || !strings.Contains(s, "BNSK") {
				t.Errorf("%s: cases section: %s", who, s)
			}
			if !slices.Contains(links(root), "/cases/"+c.ID) {
				t.Errorf("%s: no link to the case", who)
			}
		}
	})
}
