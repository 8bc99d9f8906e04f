package instance

import (
	"sort"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
)

// Instance is the answers to one form version: what a submission carries.
// It is plain data, so a draft can be stored as JSON and resumed.
//
// Answers are keyed by question path (see the package documentation for
// the key scheme): names below the root element joined by "/", each repeat
// followed by the 1-based index of its instance, as in
// "hh/member[2]/age". Only non-empty answers are kept; a question without
// a key is unanswered.
type Instance struct {
	FormID  string `json:"form_id"`
	Version string `json:"version,omitempty"`
	Meta    Meta   `json:"meta"`
	// Values maps a question key to its answer, as it is written in the
	// submission XML (select_multiple answers separated by spaces,
	// attachments by file name).
	Values map[string]string `json:"values"`
	// Counts maps a repeat key without its own index ("hh/member",
	// "hh/member[2]/child") to its number of instances. A repeat that is
	// not listed has none.
	Counts map[string]int `json:"counts,omitempty"`
	// NotRelevant lists, after Validate, the keys of the outermost groups,
	// repeat instances and questions that are not relevant: their answers
	// are cleared and they are left out of the submission XML, as ODK
	// clients do.
	NotRelevant []string `json:"not_relevant,omitempty"`
}

// Meta is the meta block of a submission.
type Meta struct {
	// InstanceID names the submission for ever ("uuid:..."); a device that
	// sends the same submission again sends the same instanceID.
	InstanceID string `json:"instance_id"`
	// DeprecatedID is the instanceID of the submission this one edits.
	DeprecatedID string `json:"deprecated_id,omitempty"`
	// InstanceName is the title the form's instance_name gives the submission.
	InstanceName string `json:"instance_name,omitempty"`
	// Audit is the file name of the audit log (meta/audit), when the form
	// has an audit.
	Audit string `json:"audit,omitempty"`
	// Entity is the entity the submission creates or updates (ODK entities).
	Entity *Entity `json:"entity,omitempty"`
}

// Entity is the meta/entity element of a form with an entities sheet.
type Entity struct {
	Dataset      string `json:"dataset,omitempty"`
	ID           string `json:"id,omitempty"`
	Create       string `json:"create,omitempty"`
	Update       string `json:"update,omitempty"`
	BaseVersion  string `json:"base_version,omitempty"`
	TrunkVersion string `json:"trunk_version,omitempty"`
	BranchID     string `json:"branch_id,omitempty"`
	Label        string `json:"label,omitempty"`
}

// entityAttrs are the attributes of meta/entity, in the order they are written.
var entityAttrs = []string{"dataset", "id", "create", "update", "baseVersion", "trunkVersion", "branchId"}

func (e *Entity) attr(name string) *string {
	switch name {
	case "dataset":
		return &e.Dataset
	case "id":
		return &e.ID
	case "create":
		return &e.Create
	case "update":
		return &e.Update
	case "baseVersion":
		return &e.BaseVersion
	case "trunkVersion":
		return &e.TrunkVersion
	case "branchId":
		return &e.BranchID
	}
	return nil
}

// Get returns the answer at key, "" when unanswered.
func (in *Instance) Get(key string) string { return in.Values[key] }

// Count returns the number of instances of the repeat at key (a repeat
// path without its own index, such as "hh/member").
func (in *Instance) Count(key string) int { return in.Counts[key] }

// Clone returns a deep copy.
func (in *Instance) Clone() *Instance {
	out := *in
	out.Values = make(map[string]string, len(in.Values))
	for k, v := range in.Values {
		out.Values[k] = v
	}
	out.Counts = make(map[string]int, len(in.Counts))
	for k, v := range in.Counts {
		out.Counts[k] = v
	}
	out.NotRelevant = append([]string(nil), in.NotRelevant...)
	if in.Meta.Entity != nil {
		e := *in.Meta.Entity
		out.Meta.Entity = &e
	}
	return &out
}

// keyStep is one segment of a key: a field and, for a repeat, the index
// of its instance (0 when the segment names the repeat as a whole).
type keyStep struct {
	f   *field
	idx int
}

// resolve parses a key into its steps. Every repeat must carry an index
// except, when the key ends at a repeat, that last one (a count key). A
// key must not continue below a question.
func (s *Schema) resolve(key string) ([]keyStep, bool) {
	if key == "" {
		return nil, false
	}
	cur := s.root
	var steps []keyStep
	for rest := key; ; {
		seg, more, hasMore := strings.Cut(rest, "/")
		name, idx, ok := splitIndex(seg)
		if !ok || cur.kind == kindLeaf {
			return nil, false
		}
		f := cur.byName[name]
		if f == nil {
			return nil, false
		}
		switch {
		case f.kind == kindRepeat && idx == 0 && hasMore:
			return nil, false
		case f.kind != kindRepeat && idx != 0:
			return nil, false
		}
		steps = append(steps, keyStep{f, idx})
		if !hasMore {
			return steps, true
		}
		cur, rest = f, more
	}
}

// splitIndex splits "member[2]" into "member" and 2; "age" gives 0.
func splitIndex(seg string) (string, int, bool) {
	i := strings.IndexByte(seg, '[')
	if i < 0 {
		return seg, 0, seg != ""
	}
	num, ok := strings.CutSuffix(seg[i+1:], "]")
	if !ok || num == "" || num[0] == '0' || len(num) > 6 || strings.Trim(num, "0123456789") != "" {
		return "", 0, false
	}
	n, _ := strconv.Atoi(num)
	return seg[:i], n, i > 0
}

// exists reports whether every repeat instance a key passes through is
// within its repeat's count.
func (in *Instance) exists(steps []keyStep) bool {
	var b strings.Builder
	for i, st := range steps {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(st.f.name)
		if st.idx > 0 {
			if st.idx > in.Counts[b.String()] {
				return false
			}
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(st.idx))
			b.WriteByte(']')
		}
	}
	return true
}

// AddRepeat adds an instance at the end of the repeat at key (a repeat
// path without its own index, such as "hh/member" or
// "hh/member[2]/child"), fills in its default answers, and returns the new
// instance's key ("hh/member[3]").
func (s *Schema) AddRepeat(in *Instance, key string, opts Options) (string, error) {
	steps, ok := s.resolve(key)
	if !ok || steps[len(steps)-1].f.kind != kindRepeat || steps[len(steps)-1].idx != 0 || !in.exists(steps) {
		return "", app.Errorf(app.EINVALID, "This form has no repeat %s.", key)
	}
	if in.Counts[key] >= MaxRepeatInstances {
		return "", app.Errorf(app.EINVALID, "A repeat can have at most %d instances.", MaxRepeatInstances)
	}
	return s.addInstances(in, steps[len(steps)-1].f, key, 1, opts), nil
}

// addInstances adds n instances with their defaults to the repeat f at
// key and returns the key of the last.
func (s *Schema) addInstances(in *Instance, f *field, key string, n int, opts Options) string {
	if in.Counts == nil {
		in.Counts = map[string]int{}
	}
	prefixes := make([]string, 0, n)
	inst := ""
	for range n {
		in.Counts[key]++
		inst = key + "[" + strconv.Itoa(in.Counts[key]) + "]"
		s.seed(in, f, inst+"/")
		prefixes = append(prefixes, inst+"/")
	}
	s.dynamicDefaults(in, opts, prefixes...)
	return inst
}

// truncate drops the instances after the n-th of the repeat at key (a
// count key), with everything in them.
func truncate(in *Instance, key string, n int) {
	if in.Counts[key] <= n {
		return
	}
	beyond := func(k string) bool {
		rest, ok := strings.CutPrefix(k, key+"[")
		if !ok {
			return false
		}
		num, _, _ := strings.Cut(rest, "]")
		i, err := strconv.Atoi(num)
		return err == nil && i > n
	}
	for k := range in.Values {
		if beyond(k) {
			delete(in.Values, k)
		}
	}
	for k := range in.Counts {
		if beyond(k) {
			delete(in.Counts, k)
		}
	}
	kept := in.NotRelevant[:0]
	for _, k := range in.NotRelevant {
		if !beyond(k) {
			kept = append(kept, k)
		}
	}
	in.NotRelevant = kept
	in.Counts[key] = n
}

// RemoveRepeat removes the repeat instance at key ("hh/member[2]") with
// everything in it; later instances move up one place.
func (s *Schema) RemoveRepeat(in *Instance, key string) error {
	steps, ok := s.resolve(key)
	if !ok || steps[len(steps)-1].f.kind != kindRepeat || steps[len(steps)-1].idx == 0 || !in.exists(steps) {
		return app.Errorf(app.EINVALID, "This form has no repeat instance %s.", key)
	}
	base := key[:strings.LastIndexByte(key, '[')]
	gone := steps[len(steps)-1].idx
	renumber := func(k string) (string, bool) {
		rest, ok := strings.CutPrefix(k, base+"[")
		if !ok {
			return k, true
		}
		num, tail, _ := strings.Cut(rest, "]")
		n, err := strconv.Atoi(num)
		if err != nil || tail != "" && tail[0] != '/' {
			return k, true
		}
		switch {
		case n == gone:
			return "", false
		case n > gone:
			return base + "[" + strconv.Itoa(n-1) + "]" + tail, true
		}
		return k, true
	}
	values := make(map[string]string, len(in.Values))
	for k, v := range in.Values {
		if nk, keep := renumber(k); keep {
			values[nk] = v
		}
	}
	counts := make(map[string]int, len(in.Counts))
	for k, v := range in.Counts {
		if nk, keep := renumber(k); keep {
			counts[nk] = v
		}
	}
	counts[base]--
	var notRel []string
	for _, k := range in.NotRelevant {
		if nk, keep := renumber(k); keep {
			notRel = append(notRel, nk)
		}
	}
	in.Values, in.Counts, in.NotRelevant = values, counts, notRel
	return nil
}

// seed fills the static defaults of the questions below group f (whose
// key prefix, ending in "/", is prefix) and gives each repeat inside
// without a repeat_count one instance, as a person starting a form sees.
func (s *Schema) seed(in *Instance, f *field, prefix string) {
	if in.Values == nil {
		in.Values = map[string]string{}
	}
	for _, k := range f.kids {
		switch k.kind {
		case kindLeaf:
			if k.node.Default != "" && !k.node.DefaultDynamic {
				if v, err := normalize(k.node, k.node.Default); err == nil && v != "" {
					in.Values[prefix+k.name] = v
				}
			}
		case kindGroup:
			s.seed(in, k, prefix+k.name+"/")
		case kindRepeat:
			if k.repeatCount != nil {
				continue
			}
			if in.Counts == nil {
				in.Counts = map[string]int{}
			}
			in.Counts[prefix+k.name] = 1
			s.seed(in, k, prefix+k.name+"[1]/")
		}
	}
}

// sortedNotRelevant keeps NotRelevant in a stable order.
func sortedNotRelevant(keys []string) []string {
	sort.Strings(keys)
	return keys
}

// Attachments returns the file names the instance refers to, sorted and
// once each: answers to image, audio, video, file and other binary
// questions, and the audit log. These are the parts of a multipart
// submission to keep beside the XML.
func (s *Schema) Attachments(in *Instance) []string {
	seen := map[string]bool{}
	if in.Meta.Audit != "" {
		seen[in.Meta.Audit] = true
	}
	for k, v := range in.Values {
		if steps, ok := s.resolve(k); ok && steps[len(steps)-1].f.node.DataType == "binary" {
			seen[v] = true
		}
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
