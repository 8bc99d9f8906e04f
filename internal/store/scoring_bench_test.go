package store_test

import (
	"fmt"
	"testing"

	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// BenchmarkRescore recomputes the scores of b.N stored submissions after
// a scoring change, in batches of store.RescoreBatch, and reports the time
// per submission (docs/BENCHMARKS.md).
func BenchmarkRescore(b *testing.B) {
	for _, d := range testdb.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db := testdb.Open(b, d)
			f := seed(b, db)
			pm, cw := f.pm.Actor(), f.bnskCW.Actor()
			up := formUpload("rss_bench", "1")
			up.Scoring = testScoring("v1")
			v, err := db.AddFormVersion(ctx, pm, up)
			if err != nil {
				b.Fatal(err)
			}
			if v, err = db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
				b.Fatal(err)
			}
			for i := range b.N {
				data := fmt.Sprintf(`{"values":{"survey_round":"baseline","g/q1":"%s","g/q2":"b"}}`, []string{"a", "b", "c"}[i%3])
				if _, _, err := db.SaveSubmission(ctx, cw, store.NewSubmission{FormVersionID: v.ID,
					InstanceID: fmt.Sprintf("uuid:bench-%08d", i), XML: fmt.Sprint(i), Data: data}); err != nil {
					b.Fatal(err)
				}
			}
			if _, _, err := db.AddScoringVersion(ctx, pm, v.FormPK, "w.xlsx", testScoring("v2")); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			p, err := db.Rescore(ctx, pm, v.FormPK, store.RescoreBatch, nil)
			if err != nil || p.Done != b.N {
				b.Fatalf("%+v %v", p, err)
			}
		})
	}
}
