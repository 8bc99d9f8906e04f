package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
)

// Community initiatives. They are programme information, not personal
// data: every signed-in user reads them and their counts. Organisation
// managers and case workers write their own organisation's; programme
// managers and administrators write any. Approving an initiative's budget
// (which holds money on a budget line) is for the organisation's managers
// and IOM's programme managers and administrators. The registered
// returnees linked to an initiative are personal data: read and linked
// only within the organisation's scope by roles that see returnees, and
// every read is audited.

// Audit actions of this area.
const (
	ActCommunityMove           = "initiative_move"
	ActCommunityExpense        = "community_expense"
	ActCommunityExpenseReverse = "community_expense_reverse"
)

// activityWriter says whether a may write a community initiative or
// capacity-building event of orgID. The records are visible to everyone
// signed in, so a refusal says "not allowed" rather than "not found".
func activityWriter(a app.Actor, orgID string) error {
	switch {
	case a.AllOrgs():
		return nil
	case a.WritesCases() && a.OrgID == orgID:
		return nil
	case a.WritesCases():
		return app.Errorf(app.EFORBIDDEN, "you can only change your own organisation's activities")
	}
	return app.Errorf(app.EFORBIDDEN, "your role cannot change community or capacity-building activities")
}

// activityOrg returns the organisation a new record belongs to: the one
// asked for, or the actor's own when none is given.
func activityOrg(a app.Actor, orgID string) string {
	if orgID == "" && !a.AllOrgs() {
		return a.OrgID
	}
	return orgID
}

// activityParents checks that the project and the organisation exist.
func (tx *Tx) activityParents(ctx context.Context, projectID, orgID string) error {
	var id string
	if err := tx.queryRow(ctx, "SELECT id FROM projects WHERE id = ?", projectID).Scan(&id); errors.Is(err, sql.ErrNoRows) {
		return app.FieldError("project_id", "choose the project")
	} else if err != nil {
		return dbError(err)
	}
	if err := tx.queryRow(ctx, "SELECT id FROM organisations WHERE id = ?", orgID).Scan(&id); errors.Is(err, sql.ErrNoRows) {
		return app.FieldError("org_id", "choose the organisation")
	} else if err != nil {
		return dbError(err)
	}
	return nil
}

// checkCommunityLine refuses a budget line of another project or
// organisation.
func (tx *Tx) checkCommunityLine(ctx context.Context, in community.Initiative) error {
	if in.BudgetLineID == "" {
		return nil
	}
	var project, org string
	err := tx.queryRow(ctx, "SELECT project_id, org_id FROM budget_lines WHERE id = ?", in.BudgetLineID).Scan(&project, &org)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (project != in.ProjectID || org != in.OrgID) {
		return app.FieldError("budget_line_id", "choose a budget line of the initiative's own project and organisation")
	}
	return dbError(err)
}

func errStaleCommunity() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this initiative since you opened it; reload to see their changes, then make yours again")
}

const communityColumns = `c.id, c.project_id, c.org_id, o.code, c.title, c.kind, c.description, c.district, c.upazila, c.union_code, c.place,
	c.starts_on, c.ends_on, c.status, COALESCE(c.budget_line_id, ''), c.budget_minor, c.currency, c.committed_minor, COALESCE(c.rate_id, ''),
	COALESCE(c.approved_by, ''), c.approved_by_name, c.approved_at, COALESCE(c.created_by, ''), c.created_by_name, c.created_at, c.updated_at, c.version,
	CAST(COALESCE((SELECT SUM(x.amount_minor) FROM community_expenses x WHERE x.initiative_id = c.id), 0) AS BIGINT),
	CAST(COALESCE((SELECT SUM(x.usd_minor) FROM community_expenses x WHERE x.initiative_id = c.id), 0) AS BIGINT),
	(SELECT COUNT(*) FROM community_initiative_people l WHERE l.initiative_id = c.id)`

const communityFrom = ` FROM community_initiatives c JOIN organisations o ON o.id = c.org_id`

// scanCommunity scans communityColumns, then any extra columns into extra.
func scanCommunity(r interface{ Scan(...any) error }, extra ...any) (community.Initiative, error) {
	var in community.Initiative
	var ends, approved sql.NullTime
	err := r.Scan(append([]any{&in.ID, &in.ProjectID, &in.OrgID, &in.OrgCode, &in.Title, &in.Kind, &in.Description, &in.District, &in.Upazila,
		&in.Union, &in.Place, &in.StartsOn, &ends, &in.Status, &in.BudgetLineID, &in.BudgetMinor, &in.Currency, &in.CommittedMinor, &in.RateID,
		&in.ApprovedBy, &in.ApprovedByName, &approved, &in.CreatedBy, &in.CreatedByName, &in.CreatedAt, &in.UpdatedAt, &in.Version,
		&in.SpentMinor, &in.SpentUSD, &in.Linked}, extra...)...)
	in.StartsOn, in.CreatedAt, in.UpdatedAt = in.StartsOn.UTC(), in.CreatedAt.UTC(), in.UpdatedAt.UTC()
	in.EndsOn, in.ApprovedAt = nullTime(ends), nullTime(approved)
	return in, err
}

// lockCommunity reads an initiative inside a write transaction, taking
// its row first so that two changes to it (or two expenses) are checked
// one after the other.
func (tx *Tx) lockCommunity(ctx context.Context, id string) (community.Initiative, error) {
	res, err := tx.exec(ctx, "UPDATE community_initiatives SET version = version WHERE id = ?", id)
	if err != nil {
		return community.Initiative{}, dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return community.Initiative{}, app.NotFound("community initiative")
	}
	in, err := scanCommunity(tx.queryRow(ctx, "SELECT "+communityColumns+communityFrom+" WHERE c.id = ?", id))
	return in, dbError(err)
}

// CreateCommunityInitiative adds a planned initiative. Its budget is held on its
// line only once approved (MoveCommunityInitiative).
func (db *DB) CreateCommunityInitiative(ctx context.Context, a app.Actor, in community.Initiative) (community.Initiative, error) {
	in.OrgID = activityOrg(a, in.OrgID)
	if err := activityWriter(a, in.OrgID); err != nil {
		return in, err
	}
	in.Status = community.Planned
	if err := in.Validate(); err != nil {
		return in, err
	}
	in.ID, in.CreatedAt, in.Version = NewID(), now(), 1
	in.UpdatedAt, in.CreatedBy, in.CreatedByName = in.CreatedAt, a.UserID, a.Username
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.activityParents(ctx, in.ProjectID, in.OrgID); err != nil {
			return err
		}
		if err := tx.checkCommunityLine(ctx, in); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO community_initiatives (id, project_id, org_id, title, kind, description, district, upazila, union_code,
			place, starts_on, ends_on, status, budget_line_id, budget_minor, currency, committed_minor, created_by, created_by_name, created_at,
			updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1)`,
			in.ID, in.ProjectID, in.OrgID, in.Title, in.Kind, in.Description, in.District, in.Upazila, in.Union, in.Place,
			dateOnly(in.StartsOn), nullDate(in.EndsOn), in.Status, nullString(in.BudgetLineID), in.BudgetMinor, in.Currency,
			nullString(in.CreatedBy), in.CreatedByName, in.CreatedAt, in.UpdatedAt)
		if err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "community_initiative", in.ID, in.OrgID, map[string]any{"title": in.Title, "kind": in.Kind,
			"project": in.ProjectID, "budget_minor": in.BudgetMinor, "currency": in.Currency})
	})
	if err != nil {
		return in, err
	}
	return db.CommunityInitiativeByID(ctx, a, in.ID)
}

// UpdateCommunityInitiative saves changes to an initiative's fields (not its
// status: see MoveCommunityInitiative); in.Version must be the version read. While
// its budget is held on a line, a new budget or line is converted at
// today's rate and must fit the line.
func (db *DB) UpdateCommunityInitiative(ctx context.Context, a app.Actor, in community.Initiative) (community.Initiative, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.lockCommunity(ctx, in.ID)
		if err != nil {
			return err
		}
		if err := activityWriter(a, old.OrgID); err != nil {
			return err
		}
		in.ProjectID, in.OrgID, in.Status = old.ProjectID, old.OrgID, old.Status
		if err := in.Validate(); err != nil {
			return err
		}
		if in.Version != old.Version {
			return errStaleCommunity()
		}
		if err := tx.checkCommunityLine(ctx, in); err != nil {
			return err
		}
		var expenses int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM community_expenses WHERE initiative_id = ?", in.ID).Scan(&expenses); err != nil {
			return dbError(err)
		}
		if err := community.CheckEdit(old, in, expenses > 0); err != nil {
			return err
		}
		in.CommittedMinor, in.RateID = old.CommittedMinor, old.RateID
		if community.Commits(old.Status) && (in.BudgetMinor != old.BudgetMinor || in.Currency != old.Currency || in.BudgetLineID != old.BudgetLineID) {
			if err := tx.communityHold(ctx, &in, old); err != nil {
				return err
			}
		}
		res, err := tx.exec(ctx, `UPDATE community_initiatives SET title = ?, kind = ?, description = ?, district = ?, upazila = ?, union_code = ?,
			place = ?, starts_on = ?, ends_on = ?, budget_line_id = ?, budget_minor = ?, currency = ?, committed_minor = ?, rate_id = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			in.Title, in.Kind, in.Description, in.District, in.Upazila, in.Union, in.Place, dateOnly(in.StartsOn), nullDate(in.EndsOn),
			nullString(in.BudgetLineID), in.BudgetMinor, in.Currency, in.CommittedMinor, nullString(in.RateID), now(), in.ID, old.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStaleCommunity()
		}
		return tx.audit(ctx, a, ActUpdate, "community_initiative", in.ID, in.OrgID, communityDiff(old, in))
	})
	if err != nil {
		return in, err
	}
	return db.CommunityInitiativeByID(ctx, a, in.ID)
}

func communityDiff(old, in community.Initiative) Change {
	c := Change{}
	add := func(name string, a, b any) {
		if a != b {
			c[name] = [2]any{a, b}
		}
	}
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	add("title", old.Title, in.Title)
	add("kind", old.Kind, in.Kind)
	add("description", old.Description, in.Description)
	add("upazila", old.Upazila, in.Upazila)
	add("union", old.Union, in.Union)
	add("place", old.Place, in.Place)
	add("starts_on", day(&old.StartsOn), day(&in.StartsOn))
	add("ends_on", day(old.EndsOn), day(in.EndsOn))
	add("budget_line_id", old.BudgetLineID, in.BudgetLineID)
	add("budget_minor", old.BudgetMinor, in.BudgetMinor)
	add("currency", old.Currency, in.Currency)
	add("committed_minor", old.CommittedMinor, in.CommittedMinor)
	return c
}

// communityHold converts in's budget at today's rate into in.CommittedMinor
// and checks that its line can hold it, given what old held (nothing when
// old was not holding its budget, or held it on another line). The lines
// are locked in a fixed order first.
func (tx *Tx) communityHold(ctx context.Context, in *community.Initiative, old community.Initiative) error {
	in.CommittedMinor, in.RateID = 0, ""
	if in.BudgetMinor > 0 {
		rate, err := tx.rateOn(ctx, in.Currency, today())
		if err != nil {
			return err
		}
		if in.CommittedMinor, err = programme.Convert(in.BudgetMinor, in.Currency, programme.AccountingCurrency, rate); err != nil {
			return err
		}
		if rate != nil {
			in.RateID = rate.ID
		}
	}
	var lines []string
	for _, id := range []string{in.BudgetLineID, old.BudgetLineID} {
		if id != "" {
			lines = append(lines, id)
		}
	}
	if err := tx.lockLines(ctx, lines); err != nil {
		return err
	}
	if in.BudgetLineID == "" {
		return nil
	}
	f, err := tx.lineFigures(ctx, in.BudgetLineID)
	if err != nil {
		return err
	}
	adding := in.Held()
	if old.BudgetLineID == in.BudgetLineID {
		adding -= old.Held()
	}
	return programme.CheckCommunityCommit(f, adding)
}

// MoveCommunityInitiative changes an initiative's status along community.Moves;
// version is the version read. Approving holds its budget on its line
// (converted at today's rate), which must have room for it; completing or
// cancelling releases what it did not spend.
func (db *DB) MoveCommunityInitiative(ctx context.Context, a app.Actor, id string, version int, to string) (community.Initiative, error) {
	var in community.Initiative
	if version <= 0 {
		return in, app.FieldError("version", "send the version of the initiative you read")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.lockCommunity(ctx, id)
		if err != nil {
			return err
		}
		if err := activityWriter(a, old.OrgID); err != nil {
			return err
		}
		if to == community.Approved && !a.AllOrgs() && a.Role != app.RoleOrgManager {
			return app.Errorf(app.EFORBIDDEN, "only an organisation manager or a programme manager can approve an initiative's budget")
		}
		if old.Version != version {
			return errStaleCommunity()
		}
		if err := community.CheckMove(old.Status, to); err != nil {
			return err
		}
		in = old
		in.Status = to
		switch {
		case to == community.Approved:
			check := in
			if err := check.Validate(); err != nil {
				return err
			}
			if err := tx.checkCommunityLine(ctx, in); err != nil {
				return err
			}
			if err := tx.communityHold(ctx, &in, old); err != nil {
				return err
			}
			in.ApprovedBy, in.ApprovedByName = a.UserID, a.Username
		case community.Closed(to) && in.BudgetLineID != "":
			// What it spent stays held; a rise (the taka fell since
			// approval) must still fit the line.
			if err := tx.lockLines(ctx, []string{in.BudgetLineID}); err != nil {
				return err
			}
			f, err := tx.lineFigures(ctx, in.BudgetLineID)
			if err != nil {
				return err
			}
			if err := programme.CheckCommunityCommit(f, in.Held()-old.Held()); err != nil {
				return err
			}
		}
		at := now()
		if to == community.Approved {
			in.ApprovedAt = &at
		}
		res, err := tx.exec(ctx, `UPDATE community_initiatives SET status = ?, committed_minor = ?, rate_id = ?, approved_by = ?,
			approved_by_name = ?, approved_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			to, in.CommittedMinor, nullString(in.RateID), nullString(in.ApprovedBy), in.ApprovedByName, in.ApprovedAt, at, id, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStaleCommunity()
		}
		return tx.audit(ctx, a, ActCommunityMove, "community_initiative", id, old.OrgID, map[string]any{"from": old.Status, "to": to,
			"held_minor": in.Held()})
	})
	if err != nil {
		return in, err
	}
	return db.CommunityInitiativeByID(ctx, a, id)
}

// CommunityInitiativeByID returns an initiative with its spending, participant
// counts and the number of linked returnees (never who they are: see
// CommunityPeople).
func (db *DB) CommunityInitiativeByID(ctx context.Context, a app.Actor, id string) (community.Initiative, error) {
	if !a.SignedIn() {
		return community.Initiative{}, app.NotFound("community initiative")
	}
	in, err := scanCommunity(db.queryRow(ctx, "SELECT "+communityColumns+communityFrom+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return in, app.NotFound("community initiative")
	}
	if err != nil {
		return in, dbError(err)
	}
	in.Participants, err = queryAll(ctx, db, scanCommunityCount, `SELECT participant_type, sex, population_group, people FROM community_participants
		WHERE initiative_id = ?`, id)
	if err != nil {
		return in, err
	}
	// In the order of types, groups and sexes, as they were saved.
	in.Participants, err = community.CheckCounts(in.Participants)
	return in, err
}

func scanCommunityCount(r interface{ Scan(...any) error }) (community.Count, error) {
	var c community.Count
	err := r.Scan(&c.Type, &c.Sex, &c.Group, &c.People)
	return c, err
}

// CommunityQuery filters the list of initiatives.
type CommunityQuery struct {
	ProjectID, OrgID, Kind, Status string
	Limit, Offset                  int
}

// CommunityRow is an initiative in a list, with its participants added up.
type CommunityRow struct {
	community.Initiative
	People int // participants counted, all types and groups
}

// ListCommunityInitiatives returns initiatives, latest start first, one more than
// the limit telling whether there are more.
func (db *DB) ListCommunityInitiatives(ctx context.Context, a app.Actor, q CommunityQuery) ([]CommunityRow, bool, error) {
	if !a.SignedIn() {
		return nil, false, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	where, args := activityFilter("c", q.ProjectID, q.OrgID, q.Kind, q.Status)
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (CommunityRow, error) {
		var row CommunityRow
		var err error
		row.Initiative, err = scanCommunity(r, &row.People)
		return row, err
	}, "SELECT "+communityColumns+`, CAST(COALESCE((SELECT SUM(p.people) FROM community_participants p WHERE p.initiative_id = c.id), 0) AS BIGINT)`+
		communityFrom+where+" ORDER BY c.starts_on DESC, c.id DESC LIMIT ? OFFSET ?", append(args, limit+1, max(q.Offset, 0))...)
	if err != nil {
		return nil, false, err
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	return rows, more, nil
}

// activityFilter builds the WHERE clause shared by the lists of
// initiatives and events (alias t).
func activityFilter(t, projectID, orgID, kind, status string) (string, []any) {
	var where []string
	var args []any
	for _, f := range [][2]string{{"project_id", projectID}, {"org_id", orgID}, {"kind", kind}, {"status", status}} {
		if f[1] != "" {
			where, args = append(where, t+"."+f[0]+" = ?"), append(args, f[1])
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// SetCommunityParticipants replaces an initiative's participant counts; version is
// the initiative's version read.
func (db *DB) SetCommunityParticipants(ctx context.Context, a app.Actor, id string, version int, counts []community.Count) (community.Initiative, error) {
	counts, err := community.CheckCounts(counts)
	if err != nil {
		return community.Initiative{}, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.lockCommunity(ctx, id)
		if err != nil {
			return err
		}
		if err := activityWriter(a, old.OrgID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "UPDATE community_initiatives SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", now(), id, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStaleCommunity()
		}
		if _, err := tx.exec(ctx, "DELETE FROM community_participants WHERE initiative_id = ?", id); err != nil {
			return dbError(err)
		}
		for _, c := range counts {
			if _, err := tx.exec(ctx, `INSERT INTO community_participants (initiative_id, participant_type, sex, population_group, people)
				VALUES (?, ?, ?, ?, ?)`, id, c.Type, c.Sex, c.Group, c.People); err != nil {
				return dbError(err)
			}
		}
		t := community.Sum(counts)
		return tx.audit(ctx, a, ActUpdate, "community_initiative", id, old.OrgID, map[string]any{"participants": t.All, "by_type": t.ByType})
	})
	if err != nil {
		return community.Initiative{}, err
	}
	return db.CommunityInitiativeByID(ctx, a, id)
}

// ---- expenses ----

const communityExpenseColumns = `x.id, x.initiative_id, x.org_id, x.budget_line_id, x.spent_on, x.amount_minor, x.currency, x.usd_minor,
	COALESCE(x.rate_id, ''), COALESCE(x.rate_micro, 0), x.description, x.vendor, x.receipt_ref, COALESCE(x.reverses_id, ''),
	COALESCE((SELECT r.id FROM community_expenses r WHERE r.reverses_id = x.id), ''), x.created_by_name, x.created_at`

func scanCommunityExpense(r interface{ Scan(...any) error }) (community.Expense, error) {
	var e community.Expense
	err := r.Scan(&e.ID, &e.InitiativeID, &e.OrgID, &e.BudgetLineID, &e.SpentOn, &e.AmountMinor, &e.Currency, &e.USDMinor, &e.RateID,
		&e.RateMicro, &e.Description, &e.Vendor, &e.ReceiptRef, &e.ReversesID, &e.ReversedBy, &e.CreatedByName, &e.CreatedAt)
	e.SpentOn, e.CreatedAt = e.SpentOn.UTC(), e.CreatedAt.UTC()
	return e, err
}

// RecordCommunityExpense adds what an initiative spent. It is refused before the
// budget is approved and once cancelled, in another currency than the
// budget, above what is left of the budget, and when the line has no money
// left to pay it out (converted at the rate of its date).
func (db *DB) RecordCommunityExpense(ctx context.Context, a app.Actor, initiativeID string, e community.Expense) (community.Expense, error) {
	if err := e.ValidateNew(today()); err != nil {
		return e, err
	}
	e.SpentOn = dateOnly(e.SpentOn)
	err := db.inTx(ctx, func(tx *Tx) error {
		in, err := tx.lockCommunity(ctx, initiativeID)
		if err != nil {
			return err
		}
		if err := activityWriter(a, in.OrgID); err != nil {
			return err
		}
		if err := community.CheckExpense(in, e); err != nil {
			return err
		}
		rate, err := tx.rateOn(ctx, e.Currency, e.SpentOn)
		if err != nil {
			return err
		}
		if e.USDMinor, err = programme.Convert(e.AmountMinor, e.Currency, programme.AccountingCurrency, rate); err != nil {
			return err
		}
		e.RateID, e.RateMicro = "", 0
		if rate != nil {
			e.RateID, e.RateMicro = rate.ID, rate.RateMicro
		}
		e.InitiativeID, e.OrgID, e.BudgetLineID, e.ReversesID = in.ID, in.OrgID, in.BudgetLineID, ""
		if err := tx.checkCommunityExpenseLine(ctx, in, e.USDMinor); err != nil {
			return err
		}
		if err := tx.insertCommunityExpense(ctx, a, &e); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCommunityExpense, "community_expense", e.ID, in.OrgID, map[string]any{"initiative": in.ID,
			"amount_minor": e.AmountMinor, "currency": e.Currency, "usd_minor": e.USDMinor, "spent_on": e.SpentOn.Format(time.DateOnly)})
	})
	return e, err
}

// checkCommunityExpenseLine locks the initiative's line and refuses an expense of
// usd when the line has no money left to pay it out, or (for a completed
// initiative, which holds what it spent) none left to hold it.
func (tx *Tx) checkCommunityExpenseLine(ctx context.Context, in community.Initiative, usd int64) error {
	if err := tx.lockLines(ctx, []string{in.BudgetLineID}); err != nil {
		return err
	}
	f, err := tx.lineFigures(ctx, in.BudgetLineID)
	if err != nil {
		return err
	}
	if err := programme.CheckPayout(f, usd); err != nil {
		return err
	}
	if community.Closed(in.Status) {
		return programme.CheckCommunityCommit(f, usd)
	}
	return nil
}

func (tx *Tx) insertCommunityExpense(ctx context.Context, a app.Actor, e *community.Expense) error {
	e.ID, e.CreatedByName, e.CreatedAt = NewID(), a.Username, now()
	var rateMicro any
	if e.RateID != "" {
		rateMicro = e.RateMicro
	}
	_, err := tx.exec(ctx, `INSERT INTO community_expenses (id, initiative_id, org_id, budget_line_id, spent_on, amount_minor, currency, usd_minor,
		rate_id, rate_micro, description, vendor, receipt_ref, reverses_id, created_by, created_by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.InitiativeID, e.OrgID, e.BudgetLineID, e.SpentOn, e.AmountMinor, e.Currency, e.USDMinor, nullString(e.RateID), rateMicro,
		e.Description, e.Vendor, e.ReceiptRef, nullString(e.ReversesID), nullString(a.UserID), e.CreatedByName, e.CreatedAt)
	if isUniqueViolation(err) {
		return app.Errorf(app.ECONFLICT, "this entry has already been reversed")
	}
	return dbError(err)
}

// ReverseCommunityExpense corrects an expense by recording its exact opposite,
// dated on (zero: today), with why in its description.
func (db *DB) ReverseCommunityExpense(ctx context.Context, a app.Actor, expenseID string, on time.Time, why string) (community.Expense, error) {
	var r community.Expense
	if !on.IsZero() {
		on = dateOnly(on)
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var initiativeID string
		err := tx.queryRow(ctx, "SELECT initiative_id FROM community_expenses WHERE id = ?", expenseID).Scan(&initiativeID)
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("community expense")
		}
		if err != nil {
			return dbError(err)
		}
		in, err := tx.lockCommunity(ctx, initiativeID)
		if err != nil {
			return err
		}
		if err := activityWriter(a, in.OrgID); err != nil {
			return err
		}
		e, err := scanCommunityExpense(tx.queryRow(ctx, "SELECT "+communityExpenseColumns+" FROM community_expenses x WHERE x.id = ?", expenseID))
		if err != nil {
			return dbError(err)
		}
		if r, err = community.Reversal(e, on, today(), why); err != nil {
			return err
		}
		if err := tx.insertCommunityExpense(ctx, a, &r); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCommunityExpenseReverse, "community_expense", r.ID, in.OrgID, map[string]any{"reverses": e.ID,
			"amount_minor": r.AmountMinor, "usd_minor": r.USDMinor})
	})
	return r, err
}

// CommunityExpenses returns an initiative's expenses and reversals,
// oldest first.
func (db *DB) CommunityExpenses(ctx context.Context, a app.Actor, initiativeID string) ([]community.Expense, error) {
	if _, err := db.CommunityInitiativeByID(ctx, a, initiativeID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanCommunityExpense, "SELECT "+communityExpenseColumns+` FROM community_expenses x WHERE x.initiative_id = ?
		ORDER BY x.spent_on, x.created_at, x.id`, initiativeID)
}

// ---- linked returnees (personal data) ----

// CommunityPerson is a registered returnee taking part in an initiative.
type CommunityPerson struct {
	PersonID  string    `json:"person_id"`
	NameBn    string    `json:"name_bn"`
	NameLatin string    `json:"name_latin"`
	Sex       string    `json:"sex"`
	AddedBy   string    `json:"added_by"`
	AddedAt   time.Time `json:"added_at"`
}

// communityPeopleScope finds the initiative and refuses actors who may
// not see its organisation's returnees: as for a person of another
// organisation, the answer is "not found".
func communityPeopleScope(a app.Actor, orgID string) error {
	if !a.SeesReturnees() || !a.AllOrgs() && a.OrgID != orgID {
		return app.NotFound("community initiative")
	}
	return nil
}

// CommunityPeople returns the registered returnees linked to an
// initiative, for roles that see its organisation's returnees, and records
// the look in the audit trail.
func (db *DB) CommunityPeople(ctx context.Context, a app.Actor, initiativeID string) ([]CommunityPerson, error) {
	in, err := db.CommunityInitiativeByID(ctx, a, initiativeID)
	if err != nil {
		return nil, err
	}
	if err := communityPeopleScope(a, in.OrgID); err != nil {
		return nil, err
	}
	people, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (CommunityPerson, error) {
		var p CommunityPerson
		err := r.Scan(&p.PersonID, &p.NameBn, &p.NameLatin, &p.Sex, &p.AddedBy, &p.AddedAt)
		p.AddedAt = p.AddedAt.UTC()
		return p, err
	}, `SELECT p.id, p.name_bn, p.name_latin, p.sex, l.added_by, l.added_at FROM community_initiative_people l
		JOIN persons p ON p.id = l.person_id WHERE l.initiative_id = ? AND p.org_id = ? ORDER BY p.sort_name, p.id`, initiativeID, in.OrgID)
	if err != nil {
		return nil, err
	}
	return people, db.Audit(ctx, a, ActView, "community_initiative_people", initiativeID, in.OrgID, map[string]any{"people": len(people)})
}

// LinkCommunityPerson links a registered returnee of the initiative's organisation
// to it. Linking twice changes nothing.
func (db *DB) LinkCommunityPerson(ctx context.Context, a app.Actor, initiativeID, personID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		in, err := tx.lockCommunity(ctx, initiativeID)
		if err != nil {
			return err
		}
		if err := communityPeopleScope(a, in.OrgID); err != nil {
			return err
		}
		if err := activityWriter(a, in.OrgID); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM persons WHERE id = ? AND org_id = ?", personID, in.OrgID).Scan(&n); err != nil {
			return dbError(err)
		}
		if n == 0 {
			return app.FieldError("person_id", "choose a returnee registered by the initiative's organisation")
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM community_initiative_people WHERE initiative_id = ? AND person_id = ?",
			initiativeID, personID).Scan(&n); err != nil {
			return dbError(err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO community_initiative_people (initiative_id, person_id, org_id, added_by, added_at)
			VALUES (?, ?, ?, ?, ?)`, initiativeID, personID, in.OrgID, a.Username, now()); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "community_initiative_person", initiativeID, in.OrgID, map[string]any{"person": personID})
	})
}

// UnlinkCommunityPerson removes a returnee from an initiative.
func (db *DB) UnlinkCommunityPerson(ctx context.Context, a app.Actor, initiativeID, personID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		in, err := tx.lockCommunity(ctx, initiativeID)
		if err != nil {
			return err
		}
		if err := communityPeopleScope(a, in.OrgID); err != nil {
			return err
		}
		if err := activityWriter(a, in.OrgID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM community_initiative_people WHERE initiative_id = ? AND person_id = ?", initiativeID, personID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("person")
		}
		return tx.audit(ctx, a, ActDelete, "community_initiative_person", initiativeID, in.OrgID, map[string]any{"person": personID})
	})
}
