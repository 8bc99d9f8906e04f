package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

const rescoreUsage = `Usage: remaker rescore [--form FORM_ID] [--batch N] [flags]

Recomputes the scores of the current submissions of scored forms (such as
the Reintegration Sustainability Survey) whose stored score is not from the
form's current scoring version, as after uploading new weights. Every form
with scoring, or only the one named by its form_id. Work is committed in
batches: stopping it (Ctrl-C) keeps what was done, and running it again
finishes the rest; a second run finds nothing to do. Progress goes to
standard error. The server may keep running meanwhile.

Flags:
  --form FORM_ID   only this form (its settings form_id, e.g. remaker_rss)
  --batch N        submissions per transaction (default 500)
` + dbFlagsUsage + `

Example:
  remaker rescore --form remaker_rss`

func runRescore(ctx context.Context, args []string) error {
	var f dbFlags
	fs := newFlags("rescore")
	f.register(fs)
	formID := fs.String("form", "", "")
	batch := fs.Int("batch", store.RescoreBatch, "")
	if err := parse(fs, rescoreUsage, args); err != nil {
		return err
	}
	if *batch < 1 {
		return usageError{"--batch must be at least 1"}
	}
	db, err := f.openReady(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return rescore(ctx, db, *formID, *batch, os.Stderr)
}

// rescore recomputes the scores of every scored form, or of the one with
// form_id formID, reporting progress to out.
func rescore(ctx context.Context, db *store.DB, formID string, batch int, out io.Writer) error {
	a := app.System
	list, err := db.Forms(ctx, a)
	if err != nil {
		return err
	}
	found := false
	for _, form := range list {
		if formID != "" && form.FormID != formID {
			continue
		}
		found = true
		pending, versionID, number, err := db.ScoresPending(ctx, a, form.ID)
		if err != nil {
			return err
		}
		switch {
		case versionID == "":
			if formID != "" {
				return fmt.Errorf("form %s has no scoring: upload a version with a scoring sheet first", formID)
			}
			continue
		case pending == 0:
			fmt.Fprintf(out, "%s: every score is from scoring version %d\n", form.FormID, number)
			continue
		}
		fmt.Fprintf(out, "%s: recomputing %d submissions with scoring version %d\n", form.FormID, pending, number)
		p, err := db.Rescore(ctx, a, form.ID, batch, func(p store.RescoreProgress) {
			fmt.Fprintf(out, "%s: %d/%d\n", form.FormID, p.Done, p.Total)
		})
		if err != nil {
			return fmt.Errorf("%s: stopped after %d of %d submissions (run again to finish): %w", form.FormID, p.Done, p.Total, err)
		}
		fmt.Fprintf(out, "%s: done, %d submissions recomputed\n", form.FormID, p.Done)
	}
	if formID != "" && !found {
		return fmt.Errorf("no form has form_id %s", formID)
	}
	return nil
}
