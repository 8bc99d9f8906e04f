package store

import (
	"context"
	"database/sql"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study/analysis"
)

// Destination demand figures of a study: seeded from BMET's tables the
// first time anyone looks at them, then edited by the study's team
// (lead, researchers) and programme managers. Programme information,
// nothing personal.

func scanDemand(r interface{ Scan(...any) error }) (analysis.Demand, error) {
	var d analysis.Demand
	var at sql.NullTime
	err := r.Scan(&d.ID, &d.Country, &d.Category, &d.Workers, &d.Source, &d.EditedByName, &at)
	d.EditedAt = nullTime(at)
	return d, err
}

const demandColumns = "id, country, category, workers, source, edited_by_name, edited_at"

// StudyDemand returns the study's demand figures by country and category,
// seeding them from BMET's tables on first use.
func (db *DB) StudyDemand(ctx context.Context, a app.Actor, studyID string) ([]analysis.Demand, error) {
	_, seeded, err := db.studyAnalysisRow(ctx, a, studyID)
	if err != nil {
		return nil, err
	}
	if !seeded {
		err := db.inTx(ctx, func(tx *Tx) error {
			// Claiming the flag first makes a second reader at the same
			// moment wait for this one and then find nothing to do.
			res, err := tx.exec(ctx, "UPDATE study_studies SET demand_seeded = TRUE WHERE id = ? AND demand_seeded = FALSE", studyID)
			if err != nil {
				return dbError(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			seed := analysis.SeedDemand()
			for _, d := range seed {
				if err := tx.insertDemand(ctx, studyID, d, nil, "", sql.NullTime{}); err != nil {
					return err
				}
			}
			return tx.audit(ctx, a, ActCreate, "study_demand", studyID, "", map[string]any{"seeded_from": "BMET", "figures": len(seed)})
		})
		if err != nil {
			return nil, err
		}
	}
	list, err := queryAll(ctx, db, scanDemand, "SELECT "+demandColumns+" FROM study_demand WHERE study_id = ?", studyID)
	if err != nil {
		return nil, err
	}
	return analysis.CheckDemand(list)
}

func (tx *Tx) insertDemand(ctx context.Context, studyID string, d analysis.Demand, by any, byName string, at sql.NullTime) error {
	_, err := tx.exec(ctx, `INSERT INTO study_demand (id, study_id, country, category, workers, source, edited_by, edited_by_name, edited_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, NewID(), studyID, d.Country, d.Category, d.Workers, d.Source, by, byName, at)
	return dbError(err)
}

// StudyDemandRights reports whether the actor may edit the study's
// demand figures: its lead and researchers, programme managers and
// administrators.
func (db *DB) StudyDemandRights(ctx context.Context, a app.Actor, studyID string) (bool, error) {
	r, err := db.StudyRightsOf(ctx, a, studyID)
	return r.Work, err
}

// SetStudyDemand replaces the study's demand figures with figs. Figures
// that did not change keep who edited them last; the others are marked
// as the actor's, now.
func (db *DB) SetStudyDemand(ctx context.Context, a app.Actor, studyID string, figs []analysis.Demand) ([]analysis.Demand, error) {
	if _, err := db.StudyDemand(ctx, a, studyID); err != nil { // seeds first, so that the replaced set is what people saw
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, studyID, studyWork); err != nil {
			return err
		}
		checked, err := analysis.CheckDemand(figs)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, "SELECT "+demandColumns+" FROM study_demand WHERE study_id = ?", studyID)
		if err != nil {
			return dbError(err)
		}
		old := map[[2]string]analysis.Demand{}
		var byID = map[[2]string]sql.NullString{}
		for rows.Next() {
			d, err := scanDemand(rows)
			if err != nil {
				rows.Close()
				return dbError(err)
			}
			old[[2]string{d.Country, d.Category}] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
		if err := tx.queryDemandEditors(ctx, studyID, byID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM study_demand WHERE study_id = ?", studyID); err != nil {
			return dbError(err)
		}
		at := now()
		changes := Change{}
		for _, d := range checked {
			k := [2]string{d.Country, d.Category}
			o, had := old[k]
			if had && o.Workers == d.Workers && o.Source == d.Source {
				var when sql.NullTime
				if o.EditedAt != nil {
					when = sql.NullTime{Time: *o.EditedAt, Valid: true}
				}
				if err := tx.insertDemand(ctx, studyID, d, nullString(byID[k].String), o.EditedByName, when); err != nil {
					return err
				}
				continue
			}
			if err := tx.insertDemand(ctx, studyID, d, nullString(a.UserID), a.Username, sql.NullTime{Time: at, Valid: true}); err != nil {
				return err
			}
			changes[k[0]+"/"+k[1]] = [2]any{demandFigure(o, had), d.Workers}
		}
		for k, o := range old {
			if !containsDemand(checked, k) {
				changes[k[0]+"/"+k[1]] = [2]any{o.Workers, nil}
			}
		}
		if len(changes) == 0 {
			return nil
		}
		return tx.audit(ctx, a, ActUpdate, "study_demand", studyID, "", changes)
	})
	if err != nil {
		return nil, err
	}
	return db.StudyDemand(ctx, a, studyID)
}

func (tx *Tx) queryDemandEditors(ctx context.Context, studyID string, into map[[2]string]sql.NullString) error {
	rows, err := tx.query(ctx, "SELECT country, category, edited_by FROM study_demand WHERE study_id = ?", studyID)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, cat string
		var by sql.NullString
		if err := rows.Scan(&c, &cat, &by); err != nil {
			return dbError(err)
		}
		into[[2]string{c, cat}] = by
	}
	return dbError(rows.Err())
}

func demandFigure(d analysis.Demand, had bool) any {
	if !had {
		return nil
	}
	return d.Workers
}

func containsDemand(list []analysis.Demand, k [2]string) bool {
	for _, d := range list {
		if d.Country == k[0] && d.Category == k[1] {
			return true
		}
	}
	return false
}
