// Package community holds the rules of the community level of IOM's
// integrated approach to reintegration: initiatives that returnees and the
// people who never migrated take part in together (a collective business,
// a community centre, an awareness or a social-cohesion event), where they
// happen, what they cost, and who took part, counted by sex and group.
//
// Money follows package programme: an initiative's budget is in taka or
// dollars; when the budget is approved it is converted to the budget
// line's dollars at that day's rate and held on the line as committed; its
// expenses are converted at the rate of their own date and count as
// disbursed. Expenses are never edited: a mistake is corrected by a
// reversing entry.
package community

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Kinds of initiative, as IOM's reintegration handbook names community-level
// work.
const (
	CollectiveBusiness  = "collective_business"
	CommunityCentre     = "community_centre"
	AwarenessEvent      = "awareness_event"
	SocialCohesionEvent = "social_cohesion_event"
)

// Kinds lists the kinds in display order.
var Kinds = []string{CollectiveBusiness, CommunityCentre, AwarenessEvent, SocialCohesionEvent}

// Statuses of an initiative. The budget is held on its line from approval;
// once completed or cancelled, only what it spent stays held.
const (
	Planned   = "planned"
	Approved  = "approved"
	Ongoing   = "ongoing"
	Completed = "completed"
	Cancelled = "cancelled"
)

// Statuses lists the statuses in lifecycle order.
var Statuses = []string{Planned, Approved, Ongoing, Completed, Cancelled}

// moves are the allowed status changes: forward, or cancelled while open.
var moves = map[string][]string{
	Planned:  {Approved, Cancelled},
	Approved: {Ongoing, Completed, Cancelled},
	Ongoing:  {Completed, Cancelled},
}

// Moves lists the statuses an initiative in status from may move to.
func Moves(from string) []string { return moves[from] }

// CanMove reports whether an initiative may move from one status to another.
func CanMove(from, to string) bool { return slices.Contains(moves[from], to) }

// Commits reports whether an initiative in status holds its approved
// budget on its line (rather than what it spent, or nothing).
func Commits(status string) bool { return status == Approved || status == Ongoing }

// Closed reports whether an initiative is over: it holds only what it spent.
func Closed(status string) bool { return status == Completed || status == Cancelled }

// Spends reports whether expenses may be recorded in status: from approval
// on, including after completion (bills come late), never once cancelled.
func Spends(status string) bool {
	return status == Approved || status == Ongoing || status == Completed
}

// Participant types: returnees, and members of the community who never
// migrated (social cohesion is between the two).
const (
	Returnee        = "returnee"
	CommunityMember = "community_member"
)

// ParticipantTypes lists the participant types in display order.
var ParticipantTypes = []string{Returnee, CommunityMember}

// GeneralPopulation is the group of participants whose ethnic group was
// not asked or recorded; the other groups are refdata's ethnic group codes.
const GeneralPopulation = "general"

// Groups lists the population groups counts may be given for: the general
// population first, then the ethnic groups of the reference data.
func Groups() []string {
	out := []string{GeneralPopulation}
	for _, e := range refdata.EthnicGroups() {
		out = append(out, e.Code)
	}
	return out
}

// ValidGroup reports whether g is a population group.
func ValidGroup(g string) bool {
	if g == GeneralPopulation {
		return true
	}
	_, ok := refdata.EthnicGroup(g)
	return ok
}

// Sexes are the sexes participants are counted by (the register's).
var Sexes = registry.Sexes

// MaxPeople bounds a count of participants in one cell: a number typed
// with a slipped finger, not a real crowd, is beyond it.
const MaxPeople = 100_000

const (
	maxTitle = 200
	maxText  = 4000
	maxShort = 300
)

// Initiative is a community initiative of one organisation in one project.
type Initiative struct {
	ID          string     `json:"id"`
	ProjectID   string     `json:"project_id"`
	OrgID       string     `json:"org_id"`
	OrgCode     string     `json:"org_code"`
	Title       string     `json:"title"`
	Kind        string     `json:"kind"`
	Description string     `json:"description"`
	District    string     `json:"district"` // from the upazila
	Upazila     string     `json:"upazila"`
	Union       string     `json:"union"` // "" when not given
	Place       string     `json:"place"` // village, para or venue
	StartsOn    time.Time  `json:"starts_on"`
	EndsOn      *time.Time `json:"ends_on"`
	Status      string     `json:"status"`
	// BudgetLineID is the line it spends from: of the same project and
	// organisation. Needed once there is a budget.
	BudgetLineID string `json:"budget_line_id"`
	BudgetMinor  int64  `json:"budget_minor"`
	Currency     string `json:"currency"`
	// CommittedMinor is the budget in the line's currency at the rate of
	// the approval day (RateID); 0 before approval.
	CommittedMinor int64      `json:"committed_minor"`
	RateID         string     `json:"rate_id"`
	ApprovedBy     string     `json:"approved_by"`
	ApprovedByName string     `json:"approved_by_name"`
	ApprovedAt     *time.Time `json:"approved_at"`
	CreatedBy      string     `json:"created_by"`
	CreatedByName  string     `json:"created_by_name"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Version        int        `json:"version"`

	// Read with the initiative, never written through it.
	SpentMinor   int64   `json:"spent_minor"`   // expenses net of reversals, in Currency
	SpentUSD     int64   `json:"spent_usd"`     // the same in the line's currency
	Participants []Count `json:"participants"`  // non-zero cells only
	Linked       int     `json:"linked_people"` // registered returnees linked
}

// Held is what the initiative holds on its budget line, in the line's
// currency: its approved budget while approved or ongoing, what it spent
// once completed or cancelled, nothing while only planned. The store's
// figures compute the same in SQL.
func (in Initiative) Held() int64 {
	switch {
	case Commits(in.Status):
		return in.CommittedMinor
	case Closed(in.Status):
		return in.SpentUSD
	}
	return 0
}

// Left is what the initiative may still spend, in its currency.
func (in Initiative) Left() int64 { return in.BudgetMinor - in.SpentMinor }

// Normalize trims the text fields and upper-cases the P-codes, filling the
// district from the upazila.
func (in *Initiative) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Place = strings.TrimSpace(in.Place)
	in.Upazila = strings.ToUpper(strings.TrimSpace(in.Upazila))
	in.Union = strings.ToUpper(strings.TrimSpace(in.Union))
	in.District = ""
	if u, ok := refdata.Admin(in.Upazila); ok && u.Level == refdata.Upazila {
		in.District = u.Parent
	}
	if in.Currency == "" {
		in.Currency = programme.BDT
	}
}

// Validate checks an initiative's own fields (not its line, which only the
// store can check against the project and organisation).
func (in *Initiative) Validate() error {
	in.Normalize()
	var v app.Validation
	if in.ProjectID == "" {
		v.Add("project_id", "choose the project")
	}
	if in.OrgID == "" {
		v.Add("org_id", "choose the organisation")
	}
	switch {
	case in.Title == "":
		v.Add("title", "give the initiative a title")
	case utf8.RuneCountInString(in.Title) > maxTitle:
		v.Add("title", "keep the initiative's title under 200 characters")
	}
	if !slices.Contains(Kinds, in.Kind) {
		v.Add("kind", "choose the kind of initiative from the list")
	}
	if utf8.RuneCountInString(in.Description) > maxText {
		v.Add("description", "keep the initiative's description under 4000 characters")
	}
	checkPlace(&v, in.Upazila, in.Union)
	if utf8.RuneCountInString(in.Place) > maxShort {
		v.Add("place", "keep this under 300 characters")
	}
	checkDates(&v, in.StartsOn, in.EndsOn)
	if !slices.Contains(Statuses, in.Status) {
		v.Add("status", "choose a status from the list")
	}
	if !programme.ValidCurrency(in.Currency) {
		v.Add("currency", "choose taka or US dollars")
	}
	switch {
	case in.BudgetMinor < 0:
		v.Add("budget_minor", "the budget cannot be negative")
	case in.BudgetMinor > programme.MaxAmountMinor:
		v.Add("budget_minor", "the amount is too large: check it")
	case in.BudgetMinor > 0 && in.BudgetLineID == "":
		v.Add("budget_line_id", "choose the budget line the initiative spends from")
	}
	return v.Err()
}

// checkPlace checks a location: an upazila P-code, and a union of it when
// given, as the register checks addresses.
func checkPlace(v *app.Validation, upazila, union string) {
	u, ok := refdata.Admin(upazila)
	switch {
	case upazila == "":
		v.Add("upazila", "choose the upazila where it takes place")
		return
	case !ok || u.Level != refdata.Upazila:
		v.Add("upazila", "this P-code is not a known place at this level: choose from the list")
		return
	}
	if union == "" {
		return
	}
	un, ok := refdata.Admin(union)
	switch {
	case !ok || un.Level != refdata.Union:
		v.Add("union", "this P-code is not a known place at this level: choose from the list")
	case un.Parent != upazila:
		v.Add("union", "this union is not in the upazila chosen: choose again")
	}
}

// firstDay and lastDay bound the dates of programme work: anything outside
// is a typing mistake.
var (
	firstDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

func checkDates(v *app.Validation, starts time.Time, ends *time.Time) {
	switch {
	case starts.IsZero():
		v.Add("starts_on", "enter the date the activity starts")
	case starts.Before(firstDay) || !starts.Before(lastDay):
		v.Add("starts_on", "this date is outside the years of the programme's work: check the year")
	}
	if ends != nil && !starts.IsZero() && ends.Before(starts) {
		v.Add("ends_on", "the end date is before the start date")
	} else if ends != nil && !ends.Before(lastDay) {
		v.Add("ends_on", "this date is outside the years of the programme's work: check the year")
	}
}

// Count is the number of participants of one type, sex and group.
type Count struct {
	Type   string `json:"type"`
	Sex    string `json:"sex"`
	Group  string `json:"group"`
	People int    `json:"people"`
}

// CheckCounts validates a set of counts and returns the non-zero ones in
// the order of types, groups and sexes. A cell given twice is a mistake.
func CheckCounts(counts []Count) ([]Count, error) {
	var v app.Validation
	seen := map[[3]string]bool{}
	var out []Count
	for _, c := range counts {
		key := [3]string{c.Type, c.Sex, c.Group}
		switch {
		case !slices.Contains(ParticipantTypes, c.Type):
			v.Add("participants", "count returnees or community members")
		case !slices.Contains(Sexes, c.Sex):
			v.Add("participants", "count participants by sex: female, male or third gender")
		case !ValidGroup(c.Group):
			v.Add("participants", "choose the population group from the list")
		case c.People < 0 || c.People > MaxPeople:
			v.Add("participants", "a count is a whole number from 0 to 100000")
		case seen[key]:
			v.Add("participants", "the same type, sex and group is counted twice")
		}
		seen[key] = true
		if c.People > 0 {
			out = append(out, c)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	groups := Groups()
	slices.SortFunc(out, func(a, b Count) int {
		if d := slices.Index(ParticipantTypes, a.Type) - slices.Index(ParticipantTypes, b.Type); d != 0 {
			return d
		}
		if d := slices.Index(groups, a.Group) - slices.Index(groups, b.Group); d != 0 {
			return d
		}
		return slices.Index(Sexes, a.Sex) - slices.Index(Sexes, b.Sex)
	})
	return out, nil
}

// Totals are participants added up.
type Totals struct {
	All    int            `json:"all"`
	ByType map[string]int `json:"by_type"`
	BySex  map[string]int `json:"by_sex"`
	// ByTypeSex is keyed "type sex", e.g. "returnee female".
	ByTypeSex map[string]int `json:"by_type_sex"`
}

// Sum adds counts up by type, by sex and by both.
func Sum(counts []Count) Totals {
	t := Totals{ByType: map[string]int{}, BySex: map[string]int{}, ByTypeSex: map[string]int{}}
	for _, c := range counts {
		t.All += c.People
		t.ByType[c.Type] += c.People
		t.BySex[c.Sex] += c.People
		t.ByTypeSex[c.Type+" "+c.Sex] += c.People
	}
	return t
}

// Expense is money an initiative spent, or the reversal of such an entry.
type Expense struct {
	ID           string    `json:"id"`
	InitiativeID string    `json:"initiative_id"`
	OrgID        string    `json:"org_id"`
	BudgetLineID string    `json:"budget_line_id"`
	SpentOn      time.Time `json:"spent_on"`
	AmountMinor  int64     `json:"amount_minor"`
	Currency     string    `json:"currency"`
	// USDMinor is the amount in the line's currency at the rate of
	// SpentOn (RateID, RateMicro); equal to AmountMinor in dollars.
	USDMinor    int64  `json:"usd_minor"`
	RateID      string `json:"rate_id"`
	RateMicro   int64  `json:"rate_micro"`
	Description string `json:"description"`
	Vendor      string `json:"vendor"`
	ReceiptRef  string `json:"receipt_ref"`
	// ReversesID names the entry this one reverses; ReversedBy (read only)
	// the entry that reversed this one.
	ReversesID    string    `json:"reverses_id"`
	ReversedBy    string    `json:"reversed_by"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

// ValidateNew checks an expense as a person entered it; today is the date
// in Dhaka.
func (e *Expense) ValidateNew(today time.Time) error {
	e.Description = strings.TrimSpace(e.Description)
	e.Vendor = strings.TrimSpace(e.Vendor)
	e.ReceiptRef = strings.TrimSpace(e.ReceiptRef)
	var v app.Validation
	switch {
	case e.SpentOn.IsZero():
		v.Add("spent_on", "enter the date of the expense")
	case e.SpentOn.After(today):
		v.Add("spent_on", "the date is in the future")
	case e.SpentOn.Before(firstDay):
		v.Add("spent_on", "this date is outside the years of the programme's work: check the year")
	}
	switch {
	case e.AmountMinor <= 0:
		v.Add("amount_minor", "enter an amount above zero")
	case e.AmountMinor > programme.MaxAmountMinor:
		v.Add("amount_minor", "the amount is too large: check it")
	}
	if !programme.ValidCurrency(e.Currency) {
		v.Add("currency", "choose taka or US dollars")
	}
	switch {
	case e.Description == "":
		v.Add("description", "say what the money was spent on")
	case utf8.RuneCountInString(e.Description) > maxShort:
		v.Add("description", "keep this under 300 characters")
	}
	for field, s := range map[string]string{"vendor": e.Vendor, "receipt_ref": e.ReceiptRef} {
		if utf8.RuneCountInString(s) > maxShort {
			v.Add(field, "keep this under 300 characters")
		}
	}
	return v.Err()
}

// CheckExpense refuses an expense the initiative cannot take: before its
// budget is approved or once cancelled, in another currency than its
// budget, or above what is left of its budget. The budget line's own room
// is checked by the store (programme.CheckPayout).
func CheckExpense(in Initiative, e Expense) error {
	if !Spends(in.Status) {
		if in.Status == Cancelled {
			return app.Errorf(app.ECONFLICT, "this initiative is cancelled: it cannot take new expenses")
		}
		return app.Errorf(app.ECONFLICT, "the initiative's budget is not approved yet: approve it before recording expenses")
	}
	if e.Currency != in.Currency {
		return app.FieldError("currency", "record the expense in the currency of the initiative's budget")
	}
	if e.SpentOn.Before(in.StartsOn.AddDate(0, -6, 0)) {
		return app.FieldError("spent_on", "the expense is dated long before the initiative starts: check the date")
	}
	if in.SpentMinor+e.AmountMinor > in.BudgetMinor {
		return &app.Error{Code: app.ECONFLICT,
			Message: "this expense would bring the initiative's spending to %s, above its budget of %s: raise the budget first",
			Args:    []any{programme.Money(in.SpentMinor+e.AmountMinor, in.Currency), programme.Money(in.BudgetMinor, in.Currency)},
			Fields:  map[string]string{"amount_minor": "above what is left of the initiative's budget"}}
	}
	return nil
}

// Reversal builds the entry reversing e on day (zero: today), carrying its
// line, currency, rate and converted amount negated, so the two net to
// zero in both currencies.
func Reversal(e Expense, day, today time.Time, why string) (Expense, error) {
	why = strings.TrimSpace(why)
	if day.IsZero() {
		day = today
	}
	var v app.Validation
	switch {
	case why == "":
		v.Add("description", "say why the expense is being reversed")
	case utf8.RuneCountInString(why) > maxShort:
		v.Add("description", "keep this under 300 characters")
	}
	switch {
	case day.After(today):
		v.Add("spent_on", "the date is in the future")
	case day.Before(e.SpentOn):
		v.Add("spent_on", "a reversal cannot be dated before the entry it reverses")
	}
	if err := v.Err(); err != nil {
		return Expense{}, err
	}
	if e.ReversesID != "" {
		return Expense{}, app.Errorf(app.ECONFLICT, "this entry is itself a reversal and cannot be reversed: record the expense again instead")
	}
	if e.ReversedBy != "" {
		return Expense{}, app.Errorf(app.ECONFLICT, "this entry has already been reversed")
	}
	r := e
	r.ID, r.ReversedBy, r.CreatedByName, r.CreatedAt = "", "", "", time.Time{}
	r.SpentOn, r.Description, r.ReversesID = day, why, e.ID
	r.Vendor, r.ReceiptRef = "", ""
	r.AmountMinor, r.USDMinor = -e.AmountMinor, -e.USDMinor
	return r, nil
}

// CheckMove refuses a status change the lifecycle does not allow.
func CheckMove(from, to string) error {
	if !slices.Contains(Statuses, to) {
		return app.FieldError("status", "choose a status from the list")
	}
	if !CanMove(from, to) {
		return app.Errorf(app.ECONFLICT, "the initiative cannot move to this status from where it is now: reload the page to see where it stands")
	}
	return nil
}

// CheckEdit refuses changes to the money of an initiative that its
// history no longer allows: a closed initiative's budget is settled; once
// money was spent, the line and currency stay, and the budget cannot fall
// below what was spent.
func CheckEdit(old, in Initiative, hasExpenses bool) error {
	money := in.BudgetMinor != old.BudgetMinor || in.Currency != old.Currency || in.BudgetLineID != old.BudgetLineID
	switch {
	case !money:
		return nil
	case Closed(old.Status):
		return app.FieldError("budget_minor", "the initiative is over: its budget can no longer change")
	case hasExpenses && in.BudgetLineID != old.BudgetLineID:
		return app.FieldError("budget_line_id", "money has been spent from this line: the line cannot change")
	case hasExpenses && in.Currency != old.Currency:
		return app.FieldError("currency", "money has been spent in this currency: the currency cannot change")
	case in.BudgetMinor < old.SpentMinor:
		return &app.Error{Code: app.ECONFLICT, Message: "%s has already been spent: the budget cannot be lower",
			Args: []any{programme.Money(old.SpentMinor, old.Currency)}, Fields: map[string]string{"budget_minor": "below what has already been spent"}}
	}
	return nil
}
