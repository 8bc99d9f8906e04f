package main

import (
	"context"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/store"
)

func TestVisitMonthsFlag(t *testing.T) {
	db, err := store.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for value, bad := range map[string]bool{"3,6,12": false, " 1, 2 ": false, "6": false, "3,six": true, "0,3": true, "": true, "61": true} {
		f := serverFlags{visitMonths: value}
		err := f.applyVisitMonths(db)
		if (err != nil) != bad {
			t.Errorf("--visit-months %q: error %v, want error %v", value, err, bad)
		}
		if err != nil && !strings.Contains(err.Error(), "--visit-months") {
			t.Errorf("--visit-months %q: the message does not name the flag: %v", value, err)
		}
	}
}
