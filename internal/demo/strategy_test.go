package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// The demo study has a strategy document in English and Bangla with its
// sections, quotes, tables and recommendation links, one recommendation
// left unaddressed, and validation comments (one resolved).
func TestStrategyDemo(t *testing.T) {
	s := seedDB(t, store.SQLite, today())
	ctx := context.Background()
	list, err := s.db.ListStudies(ctx, s.pm)
	if err != nil || len(list) == 0 {
		t.Fatalf("studies: %v", err)
	}
	d, err := s.db.StrategyDocumentOf(ctx, s.pm, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sections) != len(strategyDemoSections) || d.TitleBN == "" {
		t.Fatalf("document: %+v", d)
	}
	kinds := map[string]int{}
	for _, sec := range d.Sections {
		for _, b := range sec.Blocks {
			kinds[b.Kind]++
		}
	}
	if kinds[strategy.BlockQuote] != 5 || kinds[strategy.BlockTable] != 1 || kinds[strategy.BlockChart] != 1 || kinds[strategy.BlockRecommendation] != 1 {
		t.Errorf("blocks: %v", kinds)
	}
	if d.Sections[1].Version != 2 || d.Sections[3].BodyBN != "" {
		t.Errorf("versions and fallback: %d %q", d.Sections[1].Version, d.Sections[3].BodyBN)
	}
	recs, err := s.db.ConsultRecommendations(ctx, s.pm, list[0].ID, false)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	byID := map[string]string{}
	for _, r := range recs {
		ids = append(ids, r.ID)
		byID[r.ID] = r.Status
	}
	un := d.Unaddressed(ids, func(id string) bool { return byID[id] == "not_taken_up" })
	if len(un) != 2 {
		t.Errorf("unaddressed: %v", un)
	}
	open := d.OpenComments()
	if len(open) != 1 || !strings.Contains(open[0].Comment.Body, "Bangla text") || d.Sections[2].ResolvedComments() != 1 {
		t.Errorf("comments: %+v", open)
	}
	for _, sec := range d.Sections {
		for _, lang := range []string{"en", "bn"} {
			body, _ := sec.Body(lang)
			if strings.Contains(string(strategy.Render(body)), "**") {
				t.Errorf("section %d (%s): unrendered markup", sec.Number, lang)
			}
		}
	}
}
