package programme

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

// Community initiatives hold money on a line next to plans: CheckCommit
// counts what they hold, CheckCommunityCommit refuses what the line cannot
// hold, and Sum carries the community parts.
func TestCommunityOnTheLine(t *testing.T) {
	f := Figures{Category: CommunityProjects, OrgCode: "BNSK", Currency: USD, Planned: 50_000, Committed: 40_000, CommunityCommitted: 30_000}
	if err := CheckCommit(f, 10_000, 10_000); err != nil {
		t.Errorf("a plan taking the last USD 100.00: %v", err)
	}
	err := CheckCommit(f, 10_000, 10_001)
	if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "it has USD 100.00 left to commit") {
		t.Errorf("a plan past what the initiatives left: %v", err)
	}
	if err := CheckCommunityCommit(f, 10_000); err != nil {
		t.Errorf("an initiative taking the last USD 100.00: %v", err)
	}
	if err := CheckCommunityCommit(f, -5_000); err != nil {
		t.Errorf("a release: %v", err)
	}
	err = CheckCommunityCommit(f, 10_001)
	if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) !=
		"the budget line community_projects of BNSK has no money left for this initiative: USD 100.00 is left to commit and the initiative needs USD 100.01" {
		t.Errorf("an initiative past the line: %v", err)
	}
	s := Sum([]Figures{f, {Currency: USD, Planned: 1, CommunityCommitted: 2, CommunityDisbursed: 3}})
	if s.CommunityCommitted != 30_002 || s.CommunityDisbursed != 3 || s.Planned != 50_001 {
		t.Errorf("sum %+v", s)
	}
}
