package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// Community initiatives and capacity-building events: the community and
// structural levels of IOM's integrated approach. Every signed-in user
// reads them (programme information and counts, never names);
// organisation managers and case workers write their own organisation's,
// programme managers and administrators any, as the store requires. The
// returnees linked to an initiative are personal data: only roles that see
// its organisation's returnees are shown them.
func (ui *UI) registerActivities(mux *http.ServeMux) {
	mux.HandleFunc("GET /community", ui.communityList)
	mux.HandleFunc("GET /community/new", ui.communityNewForm)
	mux.HandleFunc("POST /community", ui.communityCreate)
	mux.HandleFunc("GET /community/{id}", ui.communityShow)
	mux.HandleFunc("GET /community/{id}/edit", ui.communityEditForm)
	mux.HandleFunc("POST /community/{id}", ui.communityUpdate)
	mux.HandleFunc("POST /community/{id}/status", ui.communityMove)
	mux.HandleFunc("POST /community/{id}/participants", ui.communityParticipants)
	mux.HandleFunc("POST /community/{id}/expenses", ui.communityExpense)
	mux.HandleFunc("POST /community/{id}/expenses/{eid}/reverse", ui.communityReverse)
	mux.HandleFunc("POST /community/{id}/people", ui.communityLink)
	mux.HandleFunc("POST /community/{id}/people/{pid}/remove", ui.communityUnlink)

	mux.HandleFunc("GET /capacity", ui.capacityList)
	mux.HandleFunc("GET /capacity/new", ui.capacityNewForm)
	mux.HandleFunc("POST /capacity", ui.capacityCreate)
	mux.HandleFunc("GET /capacity/{id}", ui.capacityShow)
	mux.HandleFunc("GET /capacity/{id}/edit", ui.capacityEditForm)
	mux.HandleFunc("POST /capacity/{id}", ui.capacityUpdate)
	mux.HandleFunc("POST /capacity/{id}/attendance", ui.capacityAttendance)
	mux.HandleFunc("POST /capacity/{id}/scores", ui.capacityScores)
	mux.HandleFunc("POST /capacity/{id}/actions", ui.capacityAddAction)
	mux.HandleFunc("POST /capacity/{id}/actions/{aid}", ui.capacityChangeAction)
}

// activityPageSize is how many initiatives or events a page of a list shows.
const activityPageSize = 50

// activityCreator returns the signed-in principal when their role may add
// initiatives and events, and answers the request otherwise. Which
// organisation's records they may change is the store's rule.
func (ui *UI) activityCreator(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil
	}
	if !activityCreates(pr.Actor) {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

// activityCreates reports whether a's role writes activities at all.
func activityCreates(a app.Actor) bool { return a.AllOrgs() || a.WritesCases() }

// activityWrites reports whether a may change a record of orgID, so that
// pages offer only the forms that would be accepted.
func activityWrites(a app.Actor, orgID string) bool {
	return a.AllOrgs() || a.WritesCases() && a.OrgID == orgID
}

// activityDate reads a date typed or picked as YYYY-MM-DD (Bengali digits
// allowed). ok is false when s holds something else; "" is no date.
func activityDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	if s == "" {
		return time.Time{}, true
	}
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}

// activityToday is the date in Dhaka, as the store counts days.
func activityToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// activityBadDate is the message for a date that cannot be read.
const activityBadDate = "enter the date as year-month-day, e.g. 2025-03-15"

// activityCount reads a count typed in a grid cell: "" is none, Bengali
// digits are read. ok is false when s is not a whole number.
func activityCount(s string) (n int, ok bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// activityVersion reads the version of the record the form was filled in
// on. A change that names none is refused rather than made blindly.
func activityVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 1 {
		return 0, app.Errorf(app.ECONFLICT, "this page is out of date: reload it and make your change again")
	}
	return v, nil
}

// activityLists are the choices of the lists' filters and of the forms.
type activityLists struct {
	Projects []store.Project
	Orgs     []store.Organisation
}

func (ui *UI) activityChoices(r *http.Request) (activityLists, error) {
	var l activityLists
	var err error
	if l.Projects, err = ui.DB.ListProjects(r.Context()); err != nil {
		return l, err
	}
	l.Orgs, err = ui.DB.ListOrgs(r.Context())
	return l, err
}

// activityFilterKeys are the lists' query parameters.
var activityFilterKeys = []string{"project", "org", "kind", "status"}

// activityPager reads the page number of a list and makes the links to the
// pages before and after, keeping the filters.
type activityPager struct {
	PageNum    int
	Prev, Next string
	Filtered   bool
}

func activityPage(q url.Values) int {
	if n, err := strconv.Atoi(i18n.ASCIIDigits(q.Get("page"))); err == nil && n > 1 && n < 100000 {
		return n
	}
	return 1
}

func newActivityPager(base string, p *Page, page int, more bool) activityPager {
	link := func(n int) string {
		v := url.Values{}
		for _, k := range activityFilterKeys {
			if s := p.Val(k); s != "" {
				v.Set(k, s)
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	pg := activityPager{PageNum: page}
	if page > 1 {
		pg.Prev = link(page - 1)
	}
	if more {
		pg.Next = link(page + 1)
	}
	for _, k := range activityFilterKeys {
		pg.Filtered = pg.Filtered || p.Val(k) != ""
	}
	return pg
}

// activityFormFailed re-shows a page with a refused form's messages beside
// its fields (fields maps the store's field names to the form's input
// names) and the typed values kept; errors that are not about the form
// are error pages.
func (ui *UI) activityFormFailed(w http.ResponseWriter, r *http.Request, p *Page, err error, fields map[string]string, show func(status int)) {
	code := app.ErrorCode(err)
	if code != app.EINVALID && code != app.ECONFLICT {
		ui.fail(w, r, err)
		return
	}
	p.Error = app.MessageIn(p.Lang, err)
	for k, msg := range app.FieldsIn(p.Lang, err) {
		if name, ok := fields[k]; ok {
			k = name
		}
		p.Errors[k] = msg
	}
	for k, v := range r.PostForm {
		p.Form[k] = v
	}
	status := http.StatusUnprocessableEntity
	if code == app.ECONFLICT {
		status = http.StatusConflict
	}
	show(status)
}

// activityMessages is a form's message followed by its field messages,
// each once, for forms whose controls are marked without a caption each.
func activityMessages(msg string, fields map[string]string) string {
	seen := map[string]bool{}
	var out []string
	for _, m := range fields {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return msg
	}
	slices.Sort(out)
	return msg + ": " + strings.Join(out, "; ")
}
