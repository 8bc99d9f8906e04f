package analysis

// Table is the result of an analysis: rows by columns of cells, with the
// notes a reader needs. It is what screens, exports and the strategy
// document's evidence blocks show.
type Table struct {
	Spec    Spec     `json:"spec"`
	Title   string   `json:"title"`
	RowHead string   `json:"row_head"`
	Columns []Column `json:"columns"`
	Rows    []Row    `json:"rows"`
	// N is the respondents the table counts (unweighted).
	N        int  `json:"n"`
	Weighted bool `json:"weighted"`
	// Notes explain the method; Warnings say what the reader must know
	// (groups too small, weights not available).
	Notes    []string `json:"notes"`
	Warnings []string `json:"warnings"`
	// Problem is set when the spec could not be computed (a question not
	// in the form): show it instead of the table.
	Problem string `json:"problem,omitempty"`
}

// Column is a column of a table: a group of respondents (crosstab) or a
// measure (readiness, supply).
type Column struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	// N is the column's base: respondents counted (0 for a measure column).
	N int `json:"n"`
	// NEff is Kish's effective sample size of a weighted base.
	NEff float64 `json:"n_eff,omitempty"`
	// Suppressed is true for a group under MinCell respondents.
	Suppressed bool `json:"suppressed"`
}

// Row is a row of a table, with one cell per column.
type Row struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Cells []Cell `json:"cells"`
}

// Cell is one figure: a count with a percentage and its 95% interval, a
// plain value, or a text.
type Cell struct {
	Count    int     `json:"count"`
	Pct      float64 `json:"pct"`
	Low      float64 `json:"ci_low"`
	High     float64 `json:"ci_high"`
	HasPct   bool    `json:"has_pct"`
	Value    float64 `json:"value"`
	HasValue bool    `json:"has_value"`
	// ValuePct says Value is a percentage (a share of demand).
	ValuePct bool   `json:"value_pct,omitempty"`
	Text     string `json:"text,omitempty"`
	// Suppressed hides the cell: fewer than MinCell respondents, or
	// hidden so that another suppressed cell cannot be worked out.
	Suppressed bool `json:"suppressed"`
}

// hide clears a suppressed cell's figures, so that no output can leak them.
func (c *Cell) hide() {
	*c = Cell{Suppressed: true, HasPct: c.HasPct}
}
