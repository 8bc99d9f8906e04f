package referral

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestServiceValidate(t *testing.T) {
	s := Service{OrgID: "o", NameEn: "  Skills   training ", Type: SkillsTraining, Areas: []string{"bd2051, BD20", "BD2051"},
		Phone: "+880 2-5566 7788", Email: "ttc@example.org"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.NameEn != "Skills training" || len(s.Areas) != 2 || s.Areas[0] != "BD2051" || s.Areas[1] != "BD20" {
		t.Errorf("normalised: %+v", s)
	}
	bad := Service{Type: "haircut", Areas: []string{"BD99", "BD20510000"}, Phone: "call me", Email: "nobody"}
	f := app.ErrorFields(bad.Validate())
	for _, k := range []string{"org_id", "name_en", "type", "areas", "phone", "email"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	// Short hotlines are phone numbers too; Bengali digits count.
	for _, p := range []string{"333", "১৬৪৩০", "(02) 9889 123"} {
		if !phoneOK(p) {
			t.Errorf("phone %q refused", p)
		}
	}
}

func TestServiceServes(t *testing.T) {
	national := Service{}
	chattogram := Service{Areas: []string{"BD20"}}
	lakshmipurUpazila := Service{Areas: []string{"BD205133"}}
	cases := []struct {
		s     Service
		pcode string
		want  bool
	}{
		{national, "BD3026", true},
		{chattogram, "BD2051", true},        // a district inside the division
		{chattogram, "BD205133", true},      // an upazila inside it
		{chattogram, "BD3026", false},       // Dhaka division's district
		{lakshmipurUpazila, "BD2051", true}, // the district search finds a service of one of its upazilas
		{lakshmipurUpazila, "BD2015", false},
		{chattogram, "", true},
	}
	for _, c := range cases {
		if got := c.s.Serves(c.pcode); got != c.want {
			t.Errorf("%v serves %q = %v, want %v", c.s.Areas, c.pcode, got, c.want)
		}
	}
}

func TestReferralPrepare(t *testing.T) {
	today := day("2025-03-10")
	r := Referral{CaseID: "c", ServiceID: "s", Reason: " needs a loan "}
	if err := r.Prepare(today); err != nil {
		t.Fatal(err)
	}
	if !r.DueOn.Equal(day("2025-03-24")) || r.Reason != "needs a loan" {
		t.Errorf("prepared: %+v", r)
	}
	r = Referral{DueOn: today.AddDate(0, 0, -1)}
	f := app.ErrorFields(r.Prepare(today))
	for _, k := range []string{"case_id", "service_id", "reason", "due_on"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	r = Referral{CaseID: "c", ServiceID: "s", Reason: "x", DueOn: today.AddDate(1, 0, 0)}
	if app.ErrorFields(r.Prepare(today))["due_on"] == "" {
		t.Error("a due date a year away accepted")
	}
}

func TestSteps(t *testing.T) {
	cases := []struct {
		from string
		step Step
		code string
		fld  string
	}{
		{Requested, Step{To: Accepted}, "", ""},
		{Requested, Step{To: Declined}, app.EINVALID, "reason"},
		{Requested, Step{To: Declined, Reason: "no places left this year"}, "", ""},
		{Requested, Step{To: Cancelled}, "", ""},
		{Accepted, Step{To: Cancelled}, app.EINVALID, "reason"}, // the receiver has started: say why
		{Accepted, Step{To: Cancelled, Reason: "moved to Dhaka"}, "", ""},
		{Requested, Step{To: Completed, Outcome: "service_provided", Feedback: "trained"}, app.ECONFLICT, ""},
		{Accepted, Step{To: Completed}, app.EINVALID, "outcome"},
		{Accepted, Step{To: Completed, Outcome: "service_provided"}, app.EINVALID, "feedback"},
		{Accepted, Step{To: Completed, Outcome: "service_provided", Feedback: "Completed a 3-month welding course"}, "", ""},
		{Accepted, Step{To: Accepted}, app.ECONFLICT, ""},
		{Accepted, Step{To: Declined, Reason: "changed our mind"}, app.ECONFLICT, ""},
		{Completed, Step{To: Cancelled, Reason: "x"}, app.ECONFLICT, ""},
		{Declined, Step{To: Accepted}, app.ECONFLICT, ""},
		{Requested, Step{To: Accepted, Reason: "why not"}, app.EINVALID, "reason"},
		{Requested, Step{To: Accepted, Feedback: "early"}, app.EINVALID, "feedback"},
		{Requested, Step{To: Requested}, app.EINVALID, "to"},
	}
	for _, c := range cases {
		s := c.step
		err := s.Check(c.from)
		if app.ErrorCode(err) != c.code || c.fld != "" && app.ErrorFields(err)[c.fld] == "" {
			t.Errorf("%s -> %+v: %v, want %q on %q", c.from, c.step, err, c.code, c.fld)
		}
	}
	// Sides: the receiver answers and completes, the referrer cancels.
	if err := (Step{To: Accepted}).CheckSide(true, false); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("referrer accepts: %v", err)
	}
	if err := (Step{To: Cancelled}).CheckSide(false, true); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("receiver cancels: %v", err)
	}
	if err := (Step{To: Completed}).CheckSide(true, true); err != nil {
		t.Errorf("inside one organisation: %v", err)
	}
}

func TestApplyAndOverdue(t *testing.T) {
	requested := day("2025-03-10")
	r := Referral{Status: Requested, DueOn: requested.AddDate(0, 0, DefaultResponseDays)}
	if r.Overdue(r.DueOn) {
		t.Error("overdue on its due date")
	}
	if !r.Overdue(r.DueOn.AddDate(0, 0, 1)) {
		t.Error("not overdue the day after")
	}
	at := requested.Add(30 * time.Hour)
	r.Apply(Step{To: Accepted}, at, "warbe.worker")
	if r.Status != Accepted || r.AcceptedAt == nil || !r.AcceptedAt.Equal(at) || r.RespondedBy != "warbe.worker" {
		t.Errorf("accepted: %+v", r)
	}
	if r.Overdue(r.DueOn.AddDate(0, 1, 0)) {
		t.Error("an accepted referral is flagged overdue")
	}
	r.Apply(Step{To: Completed, Outcome: "partly_provided", Feedback: "came twice"}, at.Add(time.Hour), "warbe.manager")
	if r.CompletedAt == nil || r.Outcome != "partly_provided" || r.Feedback != "came twice" || r.CompletedBy != "warbe.manager" || r.Open() {
		t.Errorf("completed: %+v", r)
	}
	if EventKind(Declined) != EventDeclined || EventKind(Cancelled) != EventCancelled {
		t.Error("event kinds")
	}
}

func TestAgeBand(t *testing.T) {
	on := day("2025-06-15")
	b := func(s string) *time.Time { d := day(s); return &d }
	cases := map[string]*time.Time{
		"":         nil,
		"under_18": b("2007-06-16"), // 17 until tomorrow
		"18-24":    b("2007-06-15"),
		"25-34":    b("1990-06-16"),
		"35-44":    b("1990-06-15"),
		"45-59":    b("1966-01-01"),
		"60+":      b("1965-06-15"),
	}
	for want, birth := range cases {
		if got := AgeBand(birth, on); got != want {
			t.Errorf("AgeBand(%v) = %q, want %q", birth, got, want)
		}
	}
}

func TestStarterDirectory(t *testing.T) {
	codes := map[string]bool{}
	for _, o := range StarterDirectory {
		if codes[o.Code] {
			t.Errorf("organisation %s listed twice", o.Code)
		}
		codes[o.Code] = true
		if o.NameEn == "" || o.NameBn == "" || o.Kind != "government" || len(o.Services) == 0 {
			t.Errorf("organisation %+v incomplete", o)
		}
		names := map[string]bool{}
		for _, s := range o.Services {
			svc := Service{OrgID: o.Code, NameEn: s.NameEn, NameBn: s.NameBn, Type: s.Type, Notes: s.Notes}
			if err := svc.Validate(); err != nil || s.NameBn == "" {
				t.Errorf("%s service %q: %v", o.Code, s.NameEn, err)
			}
			if names[s.NameEn] {
				t.Errorf("%s lists %q twice", o.Code, s.NameEn)
			}
			names[s.NameEn] = true
		}
	}
	for _, want := range []string{"WEWB", "BMET", "PKB", "DSS", "NLASO"} {
		if !codes[want] {
			t.Errorf("the starter directory lacks %s", want)
		}
	}
}
