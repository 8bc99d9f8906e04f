package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// driver holds the sessions, the device token and the pools of people,
// cases and visits the operations work on.
type driver struct {
	cfg       Config
	base      string
	tr        *http.Transport
	web, dash *http.Client // signed-in sessions
	api       *http.Client // bearer token, device address
	token     string
	tokenName string
	started   time.Time

	names []string // search texts
	cases []string // case IDs
	refs  []string // case references, for the survey's case_ref

	mu     sync.Mutex
	visits []visitRef // scheduled visits not yet recorded

	rss []string // survey XML variants with placeholderID as instanceID
}

type visitRef struct {
	id      string
	version int
}

const placeholderID = "uuid:00000000-0000-4000-8000-000000000000"

func (d *driver) client(jar http.CookieJar) *http.Client {
	return &http.Client{Transport: d.tr, Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn returns a client signed in through the sign-in form.
func (d *driver) signIn(ctx context.Context, user, password string) (*http.Client, error) {
	c := d.client(newJar())
	form := url.Values{"username": {user}, "password": {password}}
	resp, err := d.post(ctx, c, "/signin", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("cannot reach the server at %s: %w", d.base, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("cannot sign in as %s (HTTP %d): check --user and --password", user, resp.StatusCode)
	}
	return c, nil
}

// post sends a form the way a browser does from a page of the site.
func (d *driver) post(ctx context.Context, c *http.Client, path, ctype string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", d.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

var tokenRE = regexp.MustCompile(`rmk_[A-Za-z0-9_\-]+`)

func (d *driver) setup(ctx context.Context) error {
	var err error
	if d.web, err = d.signIn(ctx, d.cfg.User, d.cfg.Password); err != nil {
		return err
	}
	if d.dash, err = d.signIn(ctx, d.cfg.DashboardUser, d.cfg.DashboardPassword); err != nil {
		return err
	}
	// A personal access token for the API and the device address.
	d.tokenName = "loadtest " + time.Now().UTC().Format("2006-01-02 15:04:05")
	resp, err := d.post(ctx, d.web, "/account/tokens", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"name": {d.tokenName}}.Encode()))
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if d.token = tokenRE.FindString(string(page)); resp.StatusCode != http.StatusOK || d.token == "" {
		return fmt.Errorf("cannot create an API token for %s (HTTP %d)", d.cfg.User, resp.StatusCode)
	}
	d.api = d.client(nil)

	var people, cases, visits struct {
		Items []map[string]any `json:"items"`
	}
	if err := d.getJSON(ctx, "/api/v1/people?limit=200", &people); err != nil {
		return err
	}
	for _, p := range people.Items {
		for _, k := range []string{"name_latin", "name_bn"} {
			if s, _ := p[k].(string); s != "" {
				d.names = append(d.names, s)
			}
		}
		if ph, _ := p["phones"].([]any); len(ph) > 0 {
			if s, _ := ph[0].(string); s != "" {
				d.names = append(d.names, s)
			}
		}
	}
	if err := d.getJSON(ctx, "/api/v1/cases?status=open&limit=200", &cases); err != nil {
		return err
	}
	for _, c := range cases.Items {
		id, _ := c["id"].(string)
		ref, _ := c["reference"].(string)
		if id != "" && ref != "" {
			d.cases, d.refs = append(d.cases, id), append(d.refs, ref)
		}
	}
	if len(d.names) == 0 || len(d.cases) == 0 {
		return fmt.Errorf("%s sees no people or no open cases: load data first (remaker gen) and sign in as a case worker", d.cfg.User)
	}
	if err := d.getJSON(ctx, "/api/v1/visits?due_within=366&limit=200", &visits); err == nil {
		for _, v := range visits.Items {
			id, _ := v["id"].(string)
			ver, _ := v["version"].(float64)
			if id != "" {
				d.visits = append(d.visits, visitRef{id: id, version: max(1, int(ver))})
			}
		}
	}
	return d.prepareSurveys()
}

func (d *driver) getJSON(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+d.token)
	resp, err := d.api.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
		// A bare list: wrap it as a page.
		body = append(append([]byte(`{"items":`), body...), '}')
	}
	return json.Unmarshal(body, out)
}

// prepareSurveys fills in 64 distinct, valid Reintegration Sustainability
// Surveys of the built-in form for the open cases; each submission sends
// one with a fresh instanceID.
func (d *driver) prepareSurveys() error {
	var wb []byte
	for _, f := range builtin.All() {
		if f.Name == "rss" {
			wb = f.XLSX
		}
	}
	form, err := xlsform.Read(wb, xlsform.Options{})
	if err != nil {
		return err
	}
	schema, err := instance.Compile(form)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(7, 11))
	now := time.Now().In(i18n.Dhaka)
	opts := instance.Options{Source: instance.FromDevice, Now: now}
	for k := 0; len(d.rss) < 64; k++ {
		if k > 1000 {
			return errors.New("cannot fill in a valid survey of the built-in form remaker_rss")
		}
		in := schema.New(opts)
		in.Meta.InstanceID = placeholderID
		fill(r, form.Root, in, map[string]string{
			"case_ref":       d.refs[r.IntN(len(d.refs))],
			"interview_date": now.Format(time.DateOnly),
			"consent":        "yes",
		})
		res := schema.Validate(in, opts)
		if !res.OK() {
			continue
		}
		d.rss = append(d.rss, string(schema.XML(res.Instance)))
	}
	return nil
}

// fill answers every question below n: the given answers by name, a
// random choice for selects, a plausible number for integers.
func fill(r *rand.Rand, n *xlsform.Node, in *instance.Instance, given map[string]string) {
	for _, c := range n.Children {
		if len(c.Children) > 0 && c.DataType == "" {
			fill(r, c, in, given)
			continue
		}
		key := strings.TrimPrefix(c.Path, "/"+strings.Split(strings.TrimPrefix(c.Path, "/"), "/")[0]+"/")
		if v, ok := given[c.Name]; ok {
			in.Values[key] = v
			continue
		}
		switch {
		case c.Choices != nil && len(c.Choices.Choices) > 0 && strings.HasPrefix(c.Type, "select_one"):
			in.Values[key] = c.Choices.Choices[r.IntN(len(c.Choices.Choices))].Name
		case c.Choices != nil && len(c.Choices.Choices) > 0 && strings.HasPrefix(c.Type, "select_multiple"):
			in.Values[key] = c.Choices.Choices[r.IntN(len(c.Choices.Choices))].Name
		case c.DataType == "int":
			in.Values[key] = strconv.Itoa(r.IntN(20) * 1000)
		}
	}
}

// do runs one operation; kind is "" on success.
func (d *driver) do(ctx context.Context, op string, worker int) (time.Duration, string) {
	r := rand.New(rand.NewPCG(uint64(worker), uint64(time.Now().UnixNano())))
	var req *http.Request
	var err error
	client, want := d.web, http.StatusOK
	switch op {
	case OpSearch:
		q := d.names[r.IntN(len(d.names))]
		if f := strings.Fields(q); len(f) > 1 && r.IntN(2) == 0 {
			// Often only part of the name is typed: the family name and the start of the given name.
			q = f[len(f)-1] + " " + string([]rune(f[0])[:min(3, len([]rune(f[0])))])
		}
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, d.base+"/people?q="+url.QueryEscape(q), nil)
	case OpCase:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, d.base+"/cases/"+d.cases[r.IntN(len(d.cases))], nil)
	case OpDashboard:
		client = d.dash
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, d.base+"/", nil)
	case OpVisit:
		d.mu.Lock()
		if len(d.visits) == 0 {
			d.mu.Unlock()
			return 0, "skipped"
		}
		v := d.visits[len(d.visits)-1]
		d.visits = d.visits[:len(d.visits)-1]
		d.mu.Unlock()
		body, _ := json.Marshal(map[string]any{"findings": "Visited at home; the business is running. (load test)", "action": "none",
			"version": v.version, "done_on": time.Now().In(i18n.Dhaka).Format(time.DateOnly)})
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, d.base+"/api/v1/visits/"+v.id+"/record", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+d.token)
		}
		client = d.api
	case OpSubmit:
		xml := strings.Replace(d.rss[r.IntN(len(d.rss))], placeholderID, "uuid:"+uuid.NewString(), 1)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		part, _ := mw.CreateFormFile("xml_submission_file", "submission.xml")
		io.WriteString(part, xml)
		mw.Close()
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, d.base+"/key/"+d.token+"/submission", &buf)
		if err == nil {
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("X-OpenRosa-Version", "1.0")
		}
		client, want = d.api, http.StatusCreated
	}
	if err != nil {
		return 0, "request: " + err.Error()
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return time.Since(start), errorKind(nil, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != want {
		return took, errorKind(resp, nil)
	}
	return took, ""
}

// memory reads the server's memory gauges from /metrics.
func (d *driver) memory(ctx context.Context) (Memory, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+"/metrics", nil)
	if err != nil {
		return Memory{}, err
	}
	resp, err := d.api.Do(req)
	if err != nil {
		return Memory{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Memory{}, fmt.Errorf("/metrics: HTTP %d", resp.StatusCode)
	}
	var m Memory
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for name, dst := range map[string]*int64{"remaker_memory_heap_bytes ": &m.HeapBytes, "remaker_memory_sys_bytes ": &m.SysBytes} {
			if strings.HasPrefix(line, name) {
				v, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, name)), 64)
				*dst = int64(v)
			}
		}
	}
	return m, sc.Err()
}
