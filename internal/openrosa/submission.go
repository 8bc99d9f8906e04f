package openrosa

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/store"
)

// XMLPart is the multipart part that carries the submission's XML.
const XMLPart = "xml_submission_file"

// caseRefKey is the question of the built-in case-bound forms that names
// the case ("BNSK-2026-0042").
const caseRefKey = "case_ref"

func acceptLength(w http.ResponseWriter) {
	w.Header().Set("X-OpenRosa-Accept-Content-Length", strconv.Itoa(MaxBodyBytes))
}

// preflight answers the HEAD a device sends before POSTing, so that it can
// authenticate and learn the size limit without sending the data twice.
// Collect requires 204.
func (h *Handler) preflight(w http.ResponseWriter, r *http.Request, q request) {
	acceptLength(w)
	w.Header().Set("Location", q.base+"/submission")
	w.WriteHeader(http.StatusNoContent)
}

// stored is what the submission's answers are kept as: the instance as the
// device filled it (after relevance), and the problems the server found.
type stored struct {
	*instance.Instance
	Problems []instance.Problem `json:"problems,omitempty"`
}

// submit receives a submission. Data collected in the field is never
// thrown away for a wrong answer: the device was the form engine, its
// enumerator may be days away, and nothing on the device can fix it. So a
// submission that parses as this form version is stored even when its
// answers break a constraint; the problems are kept with the answers
// ("problems" in the stored data) for the reviewer, and the response says
// so. What is refused (400, nothing stored) is what cannot be read as a
// submission of a known version at all.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request, q request) {
	acceptLength(w)
	cfg := h.config()
	dir := ""
	if cfg.DataDir != "" {
		dir = filepath.Join(cfg.DataDir, "attachments")
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	xmlData, files, unkept, err := readParts(r, dir)
	defer func() {
		for _, f := range files {
			os.Remove(f.tmp) // those kept were moved away already
		}
	}()
	if err == nil {
		var msg, nature string
		var status int
		status, nature, msg, err = h.accept(r, q, dir, xmlData, files, unkept)
		if err == nil {
			writeMessage(w, status, q.lang, nature, msg)
			return
		}
	}
	writeError(w, r, q.lang, err)
}

// readParts reads the multipart body: the XML in memory, every other part
// spooled to a temporary file. The spec allows the XML part anywhere, so
// files are kept until the XML says which it refers to. Without a
// directory for files, their names are returned as unkept.
func readParts(r *http.Request, dir string) (data []byte, files []received, unkept []string, err error) {
	data, files, err = readMultipart(r, dir, &unkept)
	return data, files, unkept, err
}

func readMultipart(r *http.Request, dir string, unkept *[]string) ([]byte, []received, error) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (ct != "multipart/form-data" && ct != "multipart/mixed") {
		return nil, nil, app.Errorf(app.EINVALID, "send the submission as multipart/form-data with the XML in the part %s", XMLPart)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, app.Errorf(app.EINVALID, "send the submission as multipart/form-data with the XML in the part %s", XMLPart)
	}
	var data []byte
	var files []received
	seen := map[string]bool{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, files, readError(err)
		}
		name := p.FormName()
		if name == XMLPart {
			if data != nil {
				return nil, files, app.Errorf(app.EINVALID, "the submission has more than one %s part", XMLPart)
			}
			data, err = io.ReadAll(io.LimitReader(p, instance.MaxSubmissionBytes+1))
			if err != nil {
				return nil, files, readError(err)
			}
			if len(data) > instance.MaxSubmissionBytes {
				return nil, files, app.Errorf(app.ETOOLARGE, "the submission XML is larger than %d MB", instance.MaxSubmissionBytes>>20)
			}
			continue
		}
		// Collect names each file part after the file; others put the
		// name in filename. Either way it is what the XML refers to.
		if fn := filepath.Base(p.FileName()); p.FileName() != "" && fn != "." && fn != "/" {
			name = fn
		}
		if name == "" || seen[name] || dir == "" {
			// Without a place for files, or for a nameless or repeated
			// part, read past it; a file the XML needs is refused below.
			if dir == "" {
				*unkept = append(*unkept, name)
			}
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, files, readError(err)
			}
			continue
		}
		seen[name] = true
		tmp, size, sum, err := spool(dir, p, MaxAttachmentBytes)
		if err != nil {
			return nil, files, err
		}
		ctype := "application/octet-stream"
		if mt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type")); err == nil && utf8.ValidString(mt) && len(mt) <= 100 {
			ctype = mt
		}
		files = append(files, received{name: name, contentType: ctype, size: size, sha256: sum, tmp: tmp})
	}
	if data == nil {
		return nil, files, app.Errorf(app.EINVALID, "the submission has no %s part with its XML", XMLPart)
	}
	return data, files, nil
}

// accept checks the XML against its form version, keeps the files it
// refers to and stores the submission, answering 201 for a new one and 202
// for one already stored (a retry, or the next part of a split POST).
func (h *Handler) accept(r *http.Request, q request, dir string, data []byte, files []received, unkept []string) (int, string, string, error) {
	ctx, a := r.Context(), q.actor
	formID, version, err := instance.Peek(data)
	if err != nil {
		return 0, "", "", err
	}
	v, err := h.d.DB.FormVersionByNumber(ctx, a, formID, version)
	if app.ErrorCode(err) == app.ENOTFOUND || (err == nil && !v.Collectable()) {
		return 0, "", "", app.Errorf(app.EINVALID, "this server has no published version %s of form %s: download the form again and fill it in anew", version, formID)
	}
	if err != nil {
		return 0, "", "", err
	}
	may, err := h.d.DB.MayCollect(ctx, a, v.FormPK)
	if err != nil {
		return 0, "", "", err
	}
	if !may {
		return 0, "", "", app.Errorf(app.EFORBIDDEN, "you may not submit form %s: ask your manager to assign it to you", v.FormID)
	}
	schema, err := h.d.Forms.Schema(ctx, a, v.ID)
	if err != nil {
		return 0, "", "", err
	}
	in, err := schema.Parse(data)
	if err != nil {
		return 0, "", "", err
	}
	res := schema.Validate(in, instance.Options{Source: instance.FromDevice, Lang: q.lang})
	answers, err := json.Marshal(stored{Instance: res.Instance, Problems: res.Problems})
	if err != nil {
		return 0, "", "", app.Internal(err)
	}
	// Files are written to their place before the database commit; the
	// XML names every file it needs (of those, the ones that came now are
	// kept). Parts it does not name are not part of the submission.
	wanted := schema.Attachments(in) // as the device wrote it: no file it names is lost
	var atts []forms.Attachment
	for _, f := range files {
		if !slices.Contains(wanted, f.name) {
			continue
		}
		if err := keep(dir, f); err != nil {
			return 0, "", "", err
		}
		atts = append(atts, forms.Attachment{Name: f.name, ContentType: f.contentType, Size: f.size, SHA256: f.sha256})
	}
	if slices.ContainsFunc(unkept, func(n string) bool { return slices.Contains(wanted, n) }) {
		return 0, "", "", app.Errorf(app.EUNAVAILABLE, "this server has no place to keep attached files yet; keep the form on the device and send it later")
	}
	caseID, err := h.d.DB.OpenRosaCaseByReference(ctx, a, v.FormPK, res.Instance.Get(caseRefKey))
	if err != nil {
		return 0, "", "", err
	}
	s, created, err := h.d.DB.SaveSubmission(ctx, a, store.NewSubmission{FormVersionID: v.ID, InstanceID: in.Meta.InstanceID,
		DeprecatedID: in.Meta.DeprecatedID, InstanceName: in.Meta.InstanceName, XML: string(data), Data: string(answers),
		CaseID: caseID, DeviceID: deviceID(r, res.Instance), Channel: forms.ChannelOpenRosa, Attachments: atts})
	if err != nil {
		return 0, "", "", err
	}
	if !created {
		if _, err := h.d.DB.OpenRosaAddAttachments(ctx, a, s, atts); err != nil {
			return 0, "", "", err
		}
		return http.StatusAccepted, "submit_success", msgIn(q.lang, "this submission was already received; nothing more to send"), nil
	}
	msg := msgIn(q.lang, "submission received")
	switch ref := res.Instance.Get(caseRefKey); {
	case ref == "" || caseID != "":
	case !a.WritesCases():
		// Enumerators do not work on cases; the store binds only case workers' submissions.
		msg = msgIn(q.lang, "submission received; a case worker will link it to case %s", ref)
	default:
		msg = msgIn(q.lang, "submission received, but no case of your organisation has the reference %s: a manager will link it to the right case", ref)
	}
	if n := len(res.Problems); n > 0 {
		msg += "; " + msgIn(q.lang, "%d answers break the form's rules and will be checked by a reviewer", n)
	}
	return http.StatusCreated, "submit_success", msg, nil
}

// deviceID is the device the submission came from: the form's deviceid
// metadata question when it has one, else the deviceID parameter some
// clients add to the address.
func deviceID(r *http.Request, in *instance.Instance) string {
	for _, k := range []string{"deviceid", "meta/deviceID"} {
		if v := in.Get(k); v != "" {
			return truncate(v, 200)
		}
	}
	return truncate(strings.TrimSpace(r.URL.Query().Get("deviceID")), 200)
}

// truncate cleans text from the request for storage: valid UTF-8, no NUL
// (PostgreSQL refuses both), at most n bytes, cut between characters.
func truncate(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// msgIn renders a response message (an English catalog key) in lang.
func msgIn(lang, format string, args ...any) string {
	return app.MessageIn(lang, app.Errorf(app.EINVALID, format, args...))
}
