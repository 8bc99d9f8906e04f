package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
)

func TestStalePatchIsAConflictAndOverwritesNothing(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		admin, manager := e.Token("admin"), e.Token("bnsk.manager")
		target := map[string]string{"id": e.Users["bnsk.worker"].ID}

		// Two people read the same version.
		read := a.do(admin, "GET", "/users/{id}", target, "", "").JSON(t)
		v := int(read["version"].(float64))

		first := a.do(admin, "PATCH", "/users/{id}", target, "", jsonBody(map[string]any{"full_name": "Rahima Begum", "lang": "bn", "version": v}))
		if first.Status != http.StatusOK || first.JSON(t)["version"] != float64(v+1) || first.JSON(t)["lang"] != "bn" {
			t.Fatalf("first save: %d %s", first.Status, first.Body)
		}
		// Fields left out keep their value.
		if first.JSON(t)["role"] != "case_worker" {
			t.Errorf("role changed by a patch that did not send it: %s", first.Body)
		}

		second := a.do(manager, "PATCH", "/users/{id}", target, "", jsonBody(map[string]any{"full_name": "Someone Else", "role": "enumerator", "version": v}))
		if second.Status != http.StatusConflict || second.JSON(t)["code"] != "conflict" {
			t.Fatalf("stale save: %d %s, want 409", second.Status, second.Body)
		}
		after := a.do(admin, "GET", "/users/{id}", target, "", "").JSON(t)
		if after["full_name"] != "Rahima Begum" || after["role"] != "case_worker" || after["version"] != float64(v+1) {
			t.Errorf("the stale save overwrote something: %v", after)
		}

		// In Bangla when asked.
		a.Header = http.Header{"Accept-Language": {"bn-BD,bn;q=0.9,en;q=0.5"}}
		bn := a.do(manager, "PATCH", "/users/{id}", target, "", jsonBody(map[string]any{"full_name": "X", "version": v}))
		a.Header = nil
		want := "আপনি খোলার পর অন্য কেউ এই ব্যবহারকারীর তথ্য বদলেছেন; তাদের পরিবর্তন দেখতে পাতাটি আবার খুলুন"
		if bn.Status != http.StatusConflict || bn.JSON(t)["detail"] != want || bn.Header.Get("Content-Language") != "bn" {
			t.Errorf("Bangla conflict: %d %s %s", bn.Status, bn.Header.Get("Content-Language"), bn.Body)
		}

		// The current version saves.
		third := a.do(manager, "PATCH", "/users/{id}", target, "", jsonBody(map[string]any{"full_name": "Someone Else", "version": v + 1}))
		if third.Status != http.StatusOK || third.JSON(t)["full_name"] != "Someone Else" {
			t.Errorf("fresh save: %d %s", third.Status, third.Body)
		}
	})
}

func TestProblemsSpeakTheRequestedLanguage(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		admin := e.Token("admin")
		cases := []struct {
			header, lang string
		}{
			{"", "en"}, {"en", "en"}, {"bn", "bn"}, {"bn-BD", "bn"}, {"en-GB,en;q=0.9,bn;q=0.8", "en"},
			{"bn;q=0.9,en;q=0.8", "bn"}, {"fr", "en"}, {"not a language tag!!", "en"},
		}
		for _, c := range cases {
			h := http.Header{}
			if c.header != "" {
				h.Set("Accept-Language", c.header)
			}
			r := send(t, e, admin, "POST", "/api/v1/users", `{"role":"viewer"}`, h)
			p := r.JSON(t)
			errs, _ := p["errors"].(map[string]any)
			wantDetail, wantUsername := "please correct the highlighted fields", "use 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit"
			if c.lang == "bn" {
				wantDetail, wantUsername = "চিহ্নিত ঘরগুলো ঠিক করুন", "২ থেকে ৪০টি ইংরেজি অক্ষর, সংখ্যা, ডট, ড্যাশ বা আন্ডারস্কোর ব্যবহার করুন, শুরুতে অক্ষর বা সংখ্যা"
			}
			if r.Status != 422 || p["detail"] != wantDetail || errs["username"] != wantUsername || r.Header.Get("Content-Language") != c.lang {
				t.Errorf("Accept-Language %q: %d %s %s", c.header, r.Status, r.Header.Get("Content-Language"), r.Body)
			}
		}
		// Not found, with its argument translated too.
		r := send(t, e, admin, "GET", "/api/v1/users/nobody", "", http.Header{"Accept-Language": {"bn"}})
		if r.Status != 404 || r.JSON(t)["detail"] != "ব্যবহারকারী পাওয়া যায়নি" {
			t.Errorf("Bangla not found: %s", r.Body)
		}
		// Messages written for the API itself have their Bangla.
		r = send(t, e, admin, "GET", "/api/v1/audit?limit=0", "", http.Header{"Accept-Language": {"bn"}})
		if msg, _ := r.JSON(t)["errors"].(map[string]any)["limit"].(string); msg != "১ থেকে ৫০০-এর মধ্যে একটি পূর্ণসংখ্যা লিখুন" {
			t.Errorf("Bangla limit message: %s", r.Body)
		}
		r = send(t, e, admin, "DELETE", "/api/v1/users", "", http.Header{"Accept-Language": {"bn"}})
		if d, _ := r.JSON(t)["detail"].(string); r.Status != 405 || !strings.HasPrefix(d, "এই পথে") {
			t.Errorf("Bangla 405: %s", r.Body)
		}
	})
}

// auditEntries reads the trail as an administrator.
func auditEntries(t *testing.T, a *client, token, query string) []map[string]any {
	t.Helper()
	r := a.do(token, "GET", "/audit", nil, query, "")
	if r.Status != http.StatusOK {
		t.Fatalf("audit?%s: %d %s", query, r.Status, r.Body)
	}
	return r.Items(t)
}

func TestEveryWriteIsInTheAuditTrail(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		admin, pm := e.Token("admin"), e.Token("pm")

		created := a.do(admin, "POST", "/users", nil, "", jsonBody(map[string]string{"org_id": e.Orgs["WARBE"].ID,
			"username": "audited", "full_name": "Karim Uddin", "role": "case_worker", "password": "a long enough secret"}))
		if created.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", created.Status, created.Body)
		}
		id := created.JSON(t)["id"].(string)
		if loc := created.Header.Get("Location"); loc != "/api/v1/users/"+id {
			t.Errorf("Location %q", loc)
		}
		target := map[string]string{"id": id}
		updated := a.do(admin, "PATCH", "/users/{id}", target, "", `{"full_name":"Karim Uddin Ahmed","version":1}`)
		disabled := a.do(admin, "POST", "/users/{id}/disable", target, "", "")
		enabled := a.do(e.Token("warbe.manager"), "POST", "/users/{id}/enable", target, "", "")
		org := a.do(admin, "POST", "/organisations", nil, "", `{"code":"RMMRU","name_en":"Refugee and Migratory Movements Research Unit","kind":"cso"}`)
		for _, r := range []*resp{updated, disabled, enabled, org} {
			if r.Status >= 300 {
				t.Fatalf("write failed: %d %s", r.Status, r.Body)
			}
		}
		if disabled.JSON(t)["version"] != float64(3) {
			t.Errorf("disable answered version %v, want 3", disabled.JSON(t)["version"])
		}

		// The programme manager reads the same trail.
		entries := auditEntries(t, a, pm, "object_type=user&object_id="+id)
		var actions []string
		for _, en := range entries {
			actions = append(actions, en["action"].(string))
		}
		if !slices.Equal(actions, []string{"enable", "disable", "update", "create"}) {
			t.Fatalf("actions on the user, newest first: %v", actions)
		}
		for i, r := range []*resp{enabled, disabled, updated, created} {
			en := entries[i]
			if en["request_id"] != r.Header.Get("X-Request-ID") || en["client_ip"] == "" || en["object_org_id"] != e.Orgs["WARBE"].ID {
				t.Errorf("entry %v does not name the request %s", en, r.Header.Get("X-Request-ID"))
			}
		}
		if entries[0]["actor_name"] != "warbe.manager" || entries[1]["actor_name"] != "admin" {
			t.Errorf("actors: %v, %v", entries[0]["actor_name"], entries[1]["actor_name"])
		}
		change, _ := entries[2]["details"].(map[string]any)["full_name"].([]any)
		if len(change) != 2 || change[0] != "Karim Uddin" || change[1] != "Karim Uddin Ahmed" {
			t.Errorf("update details: %v", entries[2]["details"])
		}
		orgEntries := auditEntries(t, a, admin, "action=create&object_type=organisation&object_id="+org.JSON(t)["id"].(string))
		if len(orgEntries) != 1 {
			t.Errorf("organisation create not audited: %v", orgEntries)
		}
		// Tokens and passwords too.
		tok := a.do(admin, "POST", "/tokens", nil, "", `{"name":"audited token"}`).JSON(t)
		a.do(admin, "DELETE", "/tokens/{id}", map[string]string{"id": tok["id"].(string)}, "", "")
		a.do(admin, "PUT", "/users/{id}/password", target, "", `{"password":"another long secret"}`)
		var got []string
		for _, en := range auditEntries(t, a, admin, "limit=3&actor_id="+e.Users["admin"].ID) {
			got = append(got, en["action"].(string))
		}
		if !slices.Equal(got, []string{"password_change", "token_revoke", "token_create"}) {
			t.Errorf("latest admin actions: %v", got)
		}
		if strings.Contains(a.do(admin, "GET", "/audit", nil, "", "").Body, "rmk_") {
			t.Error("the audit trail holds a token")
		}
	})
}

func TestAuditFiltersAndPaging(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		admin := e.Token("admin")
		for i := range 5 {
			a.do(admin, "POST", "/tokens", nil, "", fmt.Sprintf(`{"name":"page %d"}`, i))
		}
		all := auditEntries(t, a, admin, "action=token_create&actor_id="+e.Users["admin"].ID)
		if len(all) != 6 { // e.Token's and five more
			t.Fatalf("%d token_create entries, want 6", len(all))
		}
		// Pages of two, newest first, without overlap, ending without next_before_id.
		var seen []float64
		before := ""
		for page := 0; ; page++ {
			q := "limit=2&action=token_create&actor_id=" + e.Users["admin"].ID + before
			r := a.do(admin, "GET", "/audit", nil, q, "")
			p := r.JSON(t)
			for _, en := range r.Items(t) {
				id := en["id"].(float64)
				if len(seen) > 0 && id >= seen[len(seen)-1] {
					t.Errorf("page %d: id %v not below %v", page, id, seen[len(seen)-1])
				}
				seen = append(seen, id)
			}
			next, ok := p["next_before_id"].(float64)
			if !ok {
				break
			}
			if page > 5 {
				t.Fatal("paging does not end")
			}
			before = fmt.Sprintf("&before_id=%d", int64(next))
		}
		if len(seen) != 6 {
			t.Errorf("paged through %d entries, want 6", len(seen))
		}

		// Dates are days in Bangladesh; to includes the whole day.
		today := time.Now().In(i18n.Dhaka).Format(time.DateOnly)
		yesterday := time.Now().In(i18n.Dhaka).AddDate(0, 0, -1).Format(time.DateOnly)
		counts := map[string]int{
			"from=" + today:                  6,
			"to=" + today:                    6,
			"from=" + today + "&to=" + today: 6,
			"to=" + yesterday:                0,
			"from=" + url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339)):              6,
			"from=" + url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339)):               0,
			"to=" + url.QueryEscape(time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)):          0,
			"from=2020-01-01&to=" + url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339)): 6,
		}
		for q, n := range counts {
			got := auditEntries(t, a, admin, "action=token_create&actor_id="+e.Users["admin"].ID+"&"+q)
			if len(got) != n {
				t.Errorf("%s: %d entries, want %d", q, len(got), n)
			}
		}
		if got := auditEntries(t, a, admin, "org_id="+e.Orgs["WARBE"].ID+"&action=token_create"); len(got) != 0 {
			t.Errorf("WARBE's token entries: %d, want 0", len(got))
		}
	})
}
