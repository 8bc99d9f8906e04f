package instance

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms/expr"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// Source says where answers come from, which decides who computes what.
type Source uint8

const (
	// FromWeb is a web data-entry screen: the server is the form engine.
	// It works out calculations, fits repeats to their repeat_count,
	// fills in the metadata (start, end, today, username, deviceid,
	// email), the instanceID and the instance name.
	FromWeb Source = iota
	// FromDevice is a submission from ODK Collect, KoBoCollect or Enketo:
	// the device was the form engine, so its calculations, metadata and
	// repeat instances are kept (values from now(), random() or once()
	// could not be reproduced) and only checked.
	FromDevice
)

// Options set how answers are evaluated.
type Options struct {
	Source Source
	// Lang is the reader's interface language ("bn" or "en"; "" is
	// English) for Remaker's own messages.
	Lang string
	// FormLang is the form language for labels, required_message and
	// constraint_message; "" picks the form language matching Lang.
	FormLang string
	// Now is the clock for today(), now() and the start/end metadata; its
	// location is where dates are counted. Zero means the current time in
	// Dhaka.
	Now time.Time
	// Username, Email and DeviceID fill the metadata questions of the same
	// name on the web.
	Username, Email, DeviceID string
}

// Problem is one answer that cannot be accepted.
type Problem struct {
	// Key is the question's key ("hh/member[2]/age"), which is also the
	// name of its field on the web form.
	Key string `json:"key"`
	// Path is the XForm path with repeat positions ("/data/hh/member[2]/age").
	Path string `json:"path"`
	// Name is the question's name in the form.
	Name string `json:"name"`
	// Label is the question's label in the form language, with ${name}
	// references filled in (the name when it has no label).
	Label string `json:"label"`
	// Code is what kind of problem it is: required, constraint, type,
	// choice, range, repeat_count or expression.
	Code string `json:"code"`
	// Message says what is wrong, in the reader's language: the form's own
	// required_message or constraint_message when it has one.
	Message string `json:"message"`
}

// Problem codes.
const (
	CodeRequired    = "required"
	CodeConstraint  = "constraint"
	CodeType        = "type"
	CodeChoice      = "choice"
	CodeRange       = "range"
	CodeRepeatCount = "repeat_count"
	CodeExpression  = "expression"
)

// Result is an Instance evaluated against its form.
type Result struct {
	// Instance is the cleaned instance: answers of questions that are not
	// relevant removed, calculations and metadata filled in (on the web),
	// answers in their canonical form.
	Instance *Instance
	// Problems lists what must be corrected, in form order; empty when
	// the instance is acceptable.
	Problems []Problem

	run *run
}

// OK reports whether there are no problems.
func (r *Result) OK() bool { return len(r.Problems) == 0 }

// Err returns nil when there are no problems, else an invalid-input error
// whose fields are the problems' keys, so a web form can show each
// message beside its question.
func (r *Result) Err() error {
	var v app.Validation
	for _, p := range r.Problems {
		v.Add(p.Key, p.Message)
	}
	return v.Err()
}

// Relevant reports whether the group, repeat instance or question at key
// is shown: false when it or a group around it is not relevant, or when
// the key names nothing in the instance.
func (r *Result) Relevant(key string) bool {
	n := r.run.find(key)
	return n != nil && n.relevant
}

// Choices returns the choices to offer for the select question at key,
// after its choice_filter, with an "other" choice for or_other. It returns
// nil for questions whose choices come from a file or from a repeat.
func (r *Result) Choices(key string) []*xlsform.Choice {
	n := r.run.find(key)
	if n == nil || n.f.kind != kindLeaf || !n.f.node.IsSelect() {
		return nil
	}
	items := n.f.node.ChoiceItems()
	if n.f.choiceExpr == nil {
		return items
	}
	allowed, err := r.run.allowed(n)
	if err != nil {
		return nil
	}
	var out []*xlsform.Choice
	for _, c := range items {
		if allowed[c.Name] {
			out = append(out, c)
		}
	}
	return out
}

// Text renders a label, hint or message of the question or group at key in
// the result's form language, with ${name} references filled in from that
// instance of it.
func (r *Result) Text(key string, t xlsform.Text) string {
	n := r.run.find(key)
	if n == nil {
		return t.Get(r.run.env.lang, r.run.s.Form.DefaultLanguage)
	}
	return r.run.env.text(n, t)
}

// maxPasses bounds the rounds of relevance and calculation: one round
// settles a form whose expressions refer to earlier questions or by
// ${name}; paths such as ../q may need another.
const maxPasses = 4

// maxFits bounds the rounds of fitting repeats to their repeat_count.
const maxFits = 4

var (
	nowExpr   = expr.MustParse("now()")
	todayExpr = expr.MustParse("today()")
)

// run is one evaluation of an instance.
type run struct {
	s        *Schema
	in       *Instance
	opts     Options
	ui       string // interface language for Remaker's messages
	t        *tree
	env      env
	problems []Problem
	failed   map[*expr.Expr]bool // expressions already reported as failing
}

func (s *Schema) newRun(in *Instance, opts Options) *run {
	if opts.Now.IsZero() {
		opts.Now = time.Now().In(i18n.Dhaka)
	}
	ui := strings.ToLower(languageCode(opts.Lang))
	r := &run{s: s, in: in, opts: opts, ui: ui}
	formLang := opts.FormLang
	if formLang == "" {
		formLang = opts.Lang
	}
	r.env = env{lang: s.Language(formLang), now: opts.Now}
	return r
}

// Validate evaluates an instance against the form: relevance (answers of
// questions that are not relevant are cleared and not checked),
// calculations in dependency order, then each answer's type, choices,
// range, constraint and required. The instance passed in is not changed.
func (s *Schema) Validate(in *Instance, opts Options) *Result {
	// A shallow copy is enough: the answers are read into the tree, and
	// written back into new maps before anything changes them.
	cp := *in
	r := s.newRun(&cp, opts)
	r.in.FormID, r.in.Version = s.Form.ID, s.Form.Version
	web := opts.Source == FromWeb
	if web && r.in.Meta.InstanceID == "" {
		r.in.Meta.InstanceID = NewInstanceID()
	}
	r.settle()
	if web {
		if r.fillMetadata() {
			r.passes()
		}
		r.nameInstance()
	}
	r.check()
	r.t.store(r.in)
	return &Result{Instance: r.in, Problems: r.problems, run: r}
}

// New starts an instance for web data entry: a new instanceID, default
// answers, one instance of each repeat (as many as repeat_count asks for
// where it is set), calculations and metadata worked out.
func (s *Schema) New(opts Options) *Instance {
	opts.Source = FromWeb
	in := &Instance{FormID: s.Form.ID, Version: s.Form.Version, Meta: Meta{InstanceID: NewInstanceID()}}
	s.seed(in, s.root, "")
	s.dynamicDefaults(in, opts, "")
	return s.Validate(in, opts).Instance
}

// settle works out relevance and (on the web) calculations and repeat
// counts until nothing changes.
func (r *run) settle() {
	for fit := 0; ; fit++ {
		r.t = r.s.build(r.in)
		r.env.t = r.t
		r.passes()
		if r.opts.Source != FromWeb || fit == maxFits || !r.fitRepeats() {
			return
		}
	}
}

func (r *run) passes() {
	web := r.opts.Source == FromWeb
	for pass := 0; pass < maxPasses; pass++ {
		changed := false
		for _, f := range r.s.order {
			for _, n := range r.t.nodes[f.id] {
				rel := n.parent.relevant
				if rel && f.relevant != nil {
					rel = r.evalBool(f.relevant, n, "relevant", true)
				}
				if rel != n.relevant {
					n.setRelevant(rel)
					changed = true
				}
				if rel && web && f.computed {
					v := r.evalString(f.calculation, n, "calculation")
					if v != n.value {
						n.set(v)
						changed = true
					}
				}
			}
		}
		if !changed {
			return
		}
	}
}

// fitRepeats makes each repeat with a repeat_count have that many
// instances, as ODK clients do; it reports whether anything changed.
func (r *run) fitRepeats() bool {
	type fit struct {
		key  string
		f    *field
		want int
	}
	var fits []fit
	for _, f := range r.s.fields {
		if f.repeatCount == nil {
			continue
		}
		for _, p := range r.parents(f) {
			want := r.repeatCount(f, p)
			key := countKey(p, f)
			if want >= 0 && want != r.in.Counts[key] {
				fits = append(fits, fit{key, f, want})
			}
		}
	}
	if len(fits) == 0 {
		return false
	}
	r.t.store(r.in)
	for _, ft := range fits {
		truncate(r.in, ft.key, ft.want)
		if more := ft.want - r.in.Counts[ft.key]; more > 0 {
			r.s.addInstances(r.in, ft.f, ft.key, more, r.opts)
		}
	}
	return true
}

// parents returns the nodes that hold f's instances.
func (r *run) parents(f *field) []*node {
	if f.parent.kind == kindRoot {
		return []*node{r.t.root}
	}
	return r.t.nodes[f.parent.id]
}

// repeatCount evaluates f's repeat_count under parent p, clamped to
// MaxRepeatInstances; -1 when it cannot be worked out, so that no
// instance is added or dropped on a failing expression.
func (r *run) repeatCount(f *field, p *node) int {
	s, err := f.repeatCount.EvalString(r.env.at(p))
	if err != nil {
		r.reportFailure(f.repeatCount, f, p, countKey(p, f), "repeat_count", err)
		return -1
	}
	if strings.TrimSpace(s) == "" {
		return 0
	}
	v := expr.StringValue(s).Number()
	if v != v || v < 0 { // NaN: not a number
		return -1
	}
	return int(min(v, MaxRepeatInstances))
}

func (r *run) kids(p *node, f *field) int {
	c := 0
	for _, k := range p.kids {
		if k.(*node).f == f {
			c++
		}
	}
	return c
}

// fillMetadata gives web submissions the metadata a device would record;
// it reports whether an answer changed.
func (r *run) fillMetadata() bool {
	changed := false
	now := r.evalString(nowExpr, r.t.root, "")
	today := r.evalString(todayExpr, r.t.root, "")
	for _, f := range r.s.fields {
		if !f.meta {
			continue
		}
		for _, n := range r.t.nodes[f.id] {
			v := ""
			switch f.node.Type {
			case xlsform.TypeStart:
				v = now
			case xlsform.TypeEnd:
				changed = changed || n.value != now
				n.set(now)
				continue
			case xlsform.TypeToday:
				v = today
			case xlsform.TypeDeviceID:
				v = r.opts.DeviceID
			case xlsform.TypeUsername:
				v = r.opts.Username
			case xlsform.TypeEmail:
				v = r.opts.Email
			}
			if n.value == "" && v != "" {
				n.set(v)
				changed = true
			}
		}
	}
	return changed
}

func (r *run) nameInstance() {
	if r.s.instanceName == nil {
		return
	}
	r.in.Meta.InstanceName = r.evalString(r.s.instanceName, r.t.root, "instance_name")
}

// check finds the problems of every relevant answer.
func (r *run) check() {
	device := r.opts.Source == FromDevice
	for _, f := range r.s.fields {
		if f.kind == kindRepeat && device && f.repeatCount != nil {
			for _, p := range r.parents(f) {
				want := r.repeatCount(f, p)
				if got := r.kids(p, f); p.relevant && want >= 0 && got != want {
					r.add(f, p, countKey(p, f), CodeRepeatCount, r.msg(app.Errorf(app.EINVALID, "This repeat should have %d instances, but has %d.", want, got)))
				}
			}
		}
		if f.kind != kindLeaf {
			continue
		}
		for _, n := range r.t.nodes[f.id] {
			if n.relevant {
				r.checkAnswer(f, n)
			}
		}
	}
}

func (r *run) checkAnswer(f *field, n *node) {
	if n.value == "" {
		if !f.input {
			return
		}
		if f.alwaysReq || f.required != nil && r.evalBool(f.required, n, "required", false) {
			msg := r.formText(n, f.node.RequiredMessage)
			if msg == "" {
				msg = r.msg(app.Errorf(app.EINVALID, "An answer is required."))
			}
			r.problem(f, n, CodeRequired, msg)
		}
		return
	}
	if !f.computed {
		v, err := normalize(f.node, n.value)
		if err != nil {
			r.problem(f, n, CodeType, r.msg(err))
			return
		}
		n.set(v)
	}
	if bad, ok := r.badChoice(f, n); !ok {
		r.problem(f, n, CodeChoice, r.msg(app.Errorf(app.EINVALID, "%q is not one of the answers offered.", bad)))
		return
	}
	if rs := f.rangeParams; rs != nil && !rs.allows(n.value) {
		r.problem(f, n, CodeRange, r.msg(app.Errorf(app.EINVALID, "Enter a number from %s to %s, in steps of %s.", rs.text[0], rs.text[1], rs.text[2])))
		return
	}
	if f.constraint != nil && !r.evalBool(f.constraint, n, "constraint", true) {
		msg := r.formText(n, f.node.ConstraintMessage)
		if msg == "" {
			msg = r.msg(app.Errorf(app.EINVALID, "This answer is not accepted."))
		}
		r.problem(f, n, CodeConstraint, msg)
	}
}

// badChoice returns the first selected value that is not offered.
func (r *run) badChoice(f *field, n *node) (string, bool) {
	var allowed map[string]bool
	switch {
	case f.choiceSet != nil:
		allowed = f.choiceSet
	case f.choiceExpr != nil:
		a, err := r.allowed(n)
		if err != nil {
			r.evalFailed(f.choiceExpr, n, "choice_filter", err)
			return "", true
		}
		allowed = a
	case f.listRef != "":
		vals, err := r.env.at(n).Ref(f.listRef)
		if err != nil {
			return "", true
		}
		allowed = make(map[string]bool, len(vals))
		for _, v := range vals {
			allowed[v] = true
		}
	default:
		return "", true
	}
	for _, v := range strings.Fields(n.value) {
		if !allowed[v] {
			return v, false
		}
	}
	return "", true
}

// allowed evaluates the choice_filter of n's question.
func (r *run) allowed(n *node) (map[string]bool, error) {
	v, err := n.f.choiceExpr.Eval(r.env.at(n))
	if err != nil {
		return nil, err
	}
	names := v.Values()
	out := make(map[string]bool, len(names))
	for _, name := range names {
		out[name] = true
	}
	if n.f.node.OrOther {
		out["other"] = true
	}
	return out, nil
}

// find returns the node at key, or nil.
func (r *run) find(key string) *node {
	steps, ok := r.s.resolve(key)
	if !ok {
		return nil
	}
	cur := r.t.root
	for _, st := range steps {
		var next *node
		seen := 0
		for _, k := range cur.kids {
			c := k.(*node)
			if c.f != st.f {
				continue
			}
			seen++
			if st.idx == 0 || seen == st.idx {
				next = c
				break
			}
		}
		if next == nil || st.f.kind == kindRepeat && st.idx == 0 {
			return nil
		}
		cur = next
	}
	return cur
}

func (r *run) evalBool(e *expr.Expr, n *node, column string, onError bool) bool {
	b, err := e.EvalBool(r.env.at(n))
	if err != nil {
		r.evalFailed(e, n, column, err)
		return onError
	}
	return b
}

func (r *run) evalString(e *expr.Expr, n *node, column string) string {
	s, err := e.EvalString(r.env.at(n))
	if err != nil {
		r.evalFailed(e, n, column, err)
		return ""
	}
	return s
}

// evalFailed reports an expression of n's question that the server cannot
// work out.
func (r *run) evalFailed(e *expr.Expr, n *node, column string, err error) {
	f := n.f
	if f == nil {
		f = r.s.root
	}
	r.reportFailure(e, f, n, n.key, column, err)
}

// reportFailure reports a failing expression once: the form is at fault,
// not the person answering. column "" (the server's own now() and today())
// is never reported.
func (r *run) reportFailure(e *expr.Expr, f *field, n *node, key, column string, err error) {
	if r.failed[e] || column == "" {
		return
	}
	if r.failed == nil {
		r.failed = map[*expr.Expr]bool{}
	}
	r.failed[e] = true
	r.add(f, n, key, CodeExpression, r.msg(app.Errorf(app.EINVALID, "The form's %s cannot be worked out: %s", column, err.Error())))
}

// countKey is the count key of the repeat f under parent node p.
func countKey(p *node, f *field) string {
	if p.key == "" {
		return f.name
	}
	return p.key + "/" + f.name
}

func (r *run) problem(f *field, n *node, code, msg string) { r.add(f, n, n.key, code, msg) }

func (r *run) add(f *field, n *node, key, code, msg string) {
	label := f.name
	if f.node != nil {
		if l := r.env.text(n, f.node.Label); l != "" {
			label = l
		}
	}
	path := "/" + r.s.root.name
	if key != "" {
		path += "/" + key
	}
	r.problems = append(r.problems, Problem{
		Key: key, Path: path, Name: f.name,
		Label: label, Code: code, Message: msg,
	})
}

// formText renders a form's own message, "" when it has none.
func (r *run) formText(n *node, t xlsform.Text) string {
	if t.Empty() {
		return ""
	}
	return r.env.text(n, t)
}

// msg renders one of Remaker's messages in the interface language.
func (r *run) msg(e *app.Error) string {
	m, _ := e.Localize(r.ui)
	return m
}

// dynamicDefaults evaluates the expression defaults of the empty questions
// whose keys start with one of the prefixes (new repeat instances, or ""
// for a new form). A default that cannot be worked out leaves the
// question empty.
func (s *Schema) dynamicDefaults(in *Instance, opts Options, prefixes ...string) {
	var fs []*field
	for _, f := range s.fields {
		if f.dynDefault != nil {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return
	}
	r := s.newRun(in, opts)
	r.t = s.build(in)
	r.env.t = r.t
	for _, f := range fs {
		for _, n := range r.t.nodes[f.id] {
			if !inScope(n.key, prefixes) || n.value != "" {
				continue
			}
			v, err := f.dynDefault.EvalString(r.env.at(n))
			if err != nil {
				continue
			}
			if v, err := normalize(f.node, v); err == nil && v != "" {
				n.set(v)
				in.Values[n.key] = v
			}
		}
	}
}

// NewInstanceID returns a new "uuid:" instance ID (a random UUID, version 4).
func NewInstanceID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
