package registry

import (
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Code lists for migration episodes.
var (
	Channels    = []string{"bmet", "licensed_agency", "individual_visa", "broker"}
	Financing   = []string{"loan", "land_sale", "savings", "family", "employer", "other"}
	ReturnTypes = []string{"contract_ended", "lost_job", "deported", "forced_by_employer", "covid19", "family_reasons", "medical", "voluntary"}
	Documents   = []string{"passport", "visa", "work_permit", "contract", "bmet_card", "medical_certificate", "insurance", "pdo_certificate"}
)

// Episode is one period of work abroad.
type Episode struct {
	ID                  string     `json:"id"`
	PersonID            string     `json:"person_id"`
	OrgID               string     `json:"org_id"`
	Destination         string     `json:"destination"` // ISO 3166-1 alpha-2
	OccupationISCO      string     `json:"occupation_isco"`
	SkillCategory       string     `json:"skill_category"`
	DepartureDate       *time.Time `json:"departure_date,omitempty"`
	ReturnDate          *time.Time `json:"return_date,omitempty"`
	Channel             string     `json:"channel"`
	CostMinor           *int64     `json:"cost_minor,omitempty"` // in CostCurrency's minor unit (paisa for BDT)
	CostCurrency        string     `json:"cost_currency"`
	Financing           []string   `json:"financing"`
	ReturnType          string     `json:"return_type"`
	UnpaidWagesMinor    *int64     `json:"unpaid_wages_minor,omitempty"`
	UnpaidWagesCurrency string     `json:"unpaid_wages_currency"`
	Documents           []string   `json:"documents"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
	Version             int        `json:"version"`
}

// Currencies accepted for migration costs and wages.
var Currencies = []string{"BDT", "USD", "SAR", "AED", "QAR", "OMR", "KWD", "BHD", "MYR", "SGD", "JOD", "LBP", "EUR", "GBP"}

// Validate checks an episode.
func (e *Episode) Validate(today time.Time) error {
	var v app.Validation
	if !refdata.ValidCountry(e.Destination) || e.Destination == "BD" {
		v.Add("destination", "choose the country of work from the list")
	}
	if e.OccupationISCO != "" && !refdata.ValidISCO(e.OccupationISCO) {
		v.Add("occupation_isco", "this is not an ISCO-08 occupation code: choose from the list")
	}
	if e.SkillCategory != "" {
		if _, ok := refdata.Skill(e.SkillCategory); !ok {
			v.Add("skill_category", "choose a BMET skill category")
		}
	}
	if e.DepartureDate != nil && e.DepartureDate.After(today) {
		v.Add("departure_date", "the departure date is in the future")
	}
	if e.ReturnDate != nil && e.ReturnDate.After(today) {
		v.Add("return_date", "the return date is in the future")
	}
	if e.DepartureDate != nil && e.ReturnDate != nil && e.ReturnDate.Before(*e.DepartureDate) {
		v.Add("return_date", "the return date is before the departure date")
	}
	if e.Channel != "" && !contains(Channels, e.Channel) {
		v.Add("channel", "choose how the person was recruited")
	}
	if e.CostCurrency == "" {
		e.CostCurrency = "BDT"
	}
	if e.UnpaidWagesCurrency == "" {
		e.UnpaidWagesCurrency = "BDT"
	}
	if !contains(Currencies, e.CostCurrency) {
		v.Add("cost_currency", "choose a currency from the list")
	}
	if !contains(Currencies, e.UnpaidWagesCurrency) {
		v.Add("unpaid_wages_currency", "choose a currency from the list")
	}
	if e.CostMinor != nil && *e.CostMinor < 0 {
		v.Add("cost_minor", "the cost cannot be negative")
	}
	if e.UnpaidWagesMinor != nil && *e.UnpaidWagesMinor < 0 {
		v.Add("unpaid_wages_minor", "unpaid wages cannot be negative")
	}
	for _, f := range e.Financing {
		if !contains(Financing, f) {
			v.Add("financing", "choose how the migration was paid for from the list")
		}
	}
	if e.ReturnType != "" && !contains(ReturnTypes, e.ReturnType) {
		v.Add("return_type", "choose why the person came back")
	}
	for _, d := range e.Documents {
		if !contains(Documents, d) {
			v.Add("documents", "choose documents from the list")
		}
	}
	return v.Err()
}

// Skill is an occupation a person can do, with experience and certificates.
type Skill struct {
	ID          string    `json:"id"`
	PersonID    string    `json:"person_id"`
	ISCO        string    `json:"isco"`
	Years       *int      `json:"years,omitempty"`
	Certificate string    `json:"certificate"`
	Issuer      string    `json:"issuer"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a skill.
func (s *Skill) Validate() error {
	var v app.Validation
	if !refdata.ValidISCO(s.ISCO) {
		v.Add("isco", "this is not an ISCO-08 occupation code: choose from the list")
	}
	if s.Years != nil && (*s.Years < 0 || *s.Years > 70) {
		v.Add("years", "enter the years of experience, from 0 to 70")
	}
	if len(s.Certificate) > 200 || len(s.Issuer) > 200 {
		v.Add("certificate", "keep the certificate and issuer under 200 characters")
	}
	return v.Err()
}
