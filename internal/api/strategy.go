package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// The strategy document of a study (issue 7): the document with its
// sections, evidence blocks, the recommendations each section addresses
// and validation comments; a section's text versions; the trace from each
// consultation recommendation to the sections that address it. Programme
// information like the study: every role reads it.

const (
	strategyReaders   = "Every role: the document is programme information; quotes never name a participant."
	strategyWriters   = "Programme managers, administrators, and the lead and researchers of the study's team; everyone else gets 403."
	strategyCommenter = "The study's writers at any stage; every other signed-in user while the study is in its validation stage (403 otherwise)."
)

// strategyRoutes lists this area's operations (see allRoutes), tagged strategy.
func (s *server) strategyRoutes() []route {
	we := []int{http.StatusForbidden, http.StatusConflict}
	versionQuery := []param{{Name: "version", Type: "integer", Minimum: 1, Description: "The document's version you read; a stale one is 409."}}
	r := func(method, path, id string, h handle, summary, desc, roles string, q []param, body string, status int, result string, errs []int) route {
		return route{Method: method, Path: path, ID: id, Tag: "strategy", handle: h, Summary: summary, Description: desc, Roles: roles,
			Query: q, Body: body, Status: status, Result: result, Errors: errs}
	}
	return []route{
		r("GET", "/studies/{id}/strategy", "getStrategyDocument", s.getStrategyDocument, "A study's strategy document",
			"Sections in order with their latest text, evidence blocks (as stored: the screens compute tables and charts live), the "+
				"recommendations each addresses, comments; and every recommendation of the study with the sections that address it "+
				"(unaddressed lists those no section addresses, leaving out those not taken up). 404 when the study has no document yet.",
			strategyReaders, nil, "", 200, "StrategyDocument", nil),
		r("POST", "/studies/{id}/strategy", "createStrategyDocument", s.createStrategyDocument, "Start a study's strategy document",
			"A study has one document: a second is 409.", strategyWriters, nil, "StrategyDocumentInput", 201, "StrategyDocument", we),
		r("PUT", "/studies/{id}/strategy", "updateStrategyDocument", s.updateStrategyDocument, "Change the document's title",
			"Send the version you read; a stale one is 409.", strategyWriters, nil, "StrategyDocumentInput", 200, "StrategyDocument", we),
		r("POST", "/studies/{id}/strategy/sections", "addStrategySection", s.addStrategySection, "Add a section at the end",
			"version is the document's. The text is the small markup of the screens (paragraphs, # headings, - and 1. lists, **bold**, "+
				"*italic*); it is never passed through as HTML.", strategyWriters, nil, "StrategySectionInput", 201, "StrategySection", we),
		r("GET", "/strategy-sections/{id}", "getStrategySection", s.getStrategySection, "A section with its latest text", "",
			strategyReaders, nil, "", 200, "StrategySection", nil),
		r("PUT", "/strategy-sections/{id}", "saveStrategySection", s.saveStrategySection, "Save a section's text as a new version",
			"version is the section's version you read. If someone saved since, 409 says which version and by whom, and nothing is "+
				"written: read the section again, merge, and send its new version. Text unchanged adds no version.",
			strategyWriters, nil, "StrategySectionInput", 200, "StrategySection", we),
		r("DELETE", "/strategy-sections/{id}", "deleteStrategySection", s.deleteStrategySection, "Delete a section",
			"With its versions, blocks, links and comments; a recommendation only it addressed becomes open again.", strategyWriters,
			versionQuery, "", 200, "StrategyDocument", we),
		r("POST", "/strategy-sections/{id}/move", "moveStrategySection", s.moveStrategySection, "Move a section up or down",
			"version is the document's.", strategyWriters, nil, "StrategyMove", 200, "StrategyDocument", we),
		r("GET", "/strategy-sections/{id}/versions", "listStrategySectionVersions", s.listStrategySectionVersions,
			"Every version of a section's text", "Newest first, each with its author and time.", strategyReaders, nil, "", 200,
			"StrategySectionVersionList", nil),
		r("POST", "/strategy-sections/{id}/blocks", "addStrategyBlock", s.addStrategyBlock, "Place an evidence block at the end of a section",
			"table or chart: spec is the analysis (422 naming question when the study's questionnaire cannot answer it); quote: "+
				"source_id is a coded passage of the study; recommendation: source_id is a recommendation of the study.",
			strategyWriters, nil, "StrategyBlockInput", 201, "StrategyBlock", we),
		r("DELETE", "/strategy-blocks/{id}", "removeStrategyBlock", s.removeStrategyBlock, "Remove an evidence block", "Returns its section.",
			strategyWriters, nil, "", 200, "StrategySection", we),
		r("POST", "/strategy-blocks/{id}/move", "moveStrategyBlock", s.moveStrategyBlock, "Move an evidence block up or down",
			"Within its section; version is not needed. Returns the section.", strategyWriters, nil, "StrategyMove", 200, "StrategySection", we),
		r("PUT", "/strategy-sections/{id}/recommendations/{recommendation_id}", "linkStrategyRecommendation", s.linkStrategyRecommendation,
			"Record that a section addresses a recommendation", "Linking twice changes nothing; an open recommendation becomes addressed.",
			strategyWriters, nil, "", 200, "StrategySection", we),
		r("DELETE", "/strategy-sections/{id}/recommendations/{recommendation_id}", "unlinkStrategyRecommendation", s.unlinkStrategyRecommendation,
			"Remove a link to a recommendation", "An addressed recommendation that no section addresses any more is open again.",
			strategyWriters, nil, "", 200, "StrategySection", we),
		r("POST", "/strategy-sections/{id}/comments", "addStrategyComment", s.addStrategyComment, "Comment on a section",
			"Recorded against the section's current version.", strategyCommenter, nil, "StrategyCommentInput", 201, "StrategyComment", we),
		r("POST", "/strategy-comments/{id}/resolve", "resolveStrategyComment", s.resolveStrategyComment, "Resolve a comment with a note",
			"Once: resolving a resolved comment is 409.", strategyWriters, nil, "StrategyResolution", 200, "StrategyComment", we),
	}
}

// ---- views ----

type strategyBlockJSON struct {
	ID            string          `json:"id"`
	SectionID     string          `json:"section_id"`
	Kind          string          `json:"kind"`
	Spec          json.RawMessage `json:"spec,omitempty"`
	SourceID      string          `json:"source_id,omitempty"`
	CaptionEN     string          `json:"caption_en"`
	CaptionBN     string          `json:"caption_bn"`
	CreatedByName string          `json:"created_by_name"`
	CreatedAt     time.Time       `json:"created_at"`
}

func strategyBlockView(b strategy.Block) strategyBlockJSON {
	out := strategyBlockJSON{ID: b.ID, SectionID: b.SectionID, Kind: b.Kind, SourceID: b.SourceID, CaptionEN: b.CaptionEN,
		CaptionBN: b.CaptionBN, CreatedByName: b.CreatedByName, CreatedAt: b.CreatedAt}
	if b.Spec != "" {
		out.Spec = json.RawMessage(b.Spec)
	}
	return out
}

type strategySectionJSON struct {
	strategy.Section
	Blocks           []strategyBlockJSON `json:"blocks"`
	OpenComments     int                 `json:"open_comments"`
	ResolvedComments int                 `json:"resolved_comments"`
}

func strategySectionView(s strategy.Section) strategySectionJSON {
	s.RecommendationIDs, s.Comments = strs(s.RecommendationIDs), studyOrEmpty(s.Comments)
	return strategySectionJSON{Section: s, Blocks: views(s.Blocks, strategyBlockView), OpenComments: s.OpenComments(),
		ResolvedComments: s.ResolvedComments()}
}

type strategyTraceJSON struct {
	ID         string   `json:"id"`
	Ref        string   `json:"ref"`
	Status     string   `json:"status"`
	SectionIDs []string `json:"section_ids"`
}

type strategyDocumentJSON struct {
	strategy.Document
	Sections        []strategySectionJSON `json:"sections"`
	Recommendations []strategyTraceJSON   `json:"recommendations"`
	Unaddressed     []string              `json:"unaddressed"`
}

// strategyDocumentOut reads a study's document with the trace of its
// study's recommendations.
func (s *server) strategyDocumentOut(r *http.Request, a app.Actor, studyID string) (strategyDocumentJSON, error) {
	d, err := s.db.StrategyDocumentOf(r.Context(), a, studyID)
	if err != nil {
		return strategyDocumentJSON{}, err
	}
	recs, err := s.db.ConsultRecommendations(r.Context(), a, studyID, false)
	if err != nil {
		return strategyDocumentJSON{}, err
	}
	out := strategyDocumentJSON{Document: d, Sections: views(d.Sections, strategySectionView), Recommendations: []strategyTraceJSON{}}
	var ids []string
	notTaken := map[string]bool{}
	for _, rec := range recs {
		ids = append(ids, rec.ID)
		notTaken[rec.ID] = rec.Status == study.RecNotTaken
		t := strategyTraceJSON{ID: rec.ID, Ref: rec.Ref, Status: rec.Status, SectionIDs: []string{}}
		for _, sec := range d.SectionsAddressing(rec.ID) {
			t.SectionIDs = append(t.SectionIDs, sec.ID)
		}
		out.Recommendations = append(out.Recommendations, t)
	}
	out.Unaddressed = strs(d.Unaddressed(ids, func(id string) bool { return notTaken[id] }))
	return out, nil
}

func (s *server) writeStrategyDocument(w http.ResponseWriter, r *http.Request, a app.Actor, studyID string, status int) error {
	out, err := s.strategyDocumentOut(r, a, studyID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, status, out)
	return nil
}

// writeStrategySection answers with a section as it is now.
func (s *server) writeStrategySection(w http.ResponseWriter, r *http.Request, a app.Actor, sectionID string, status int) error {
	studyID, err := s.db.StrategySectionStudy(r.Context(), a, sectionID)
	if err != nil {
		return err
	}
	sec, err := s.db.StrategySectionByID(r.Context(), a, studyID, sectionID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, status, strategySectionView(sec))
	return nil
}

// ---- handlers ----

type strategyDocumentInput struct {
	TitleEN string `json:"title_en"`
	TitleBN string `json:"title_bn"`
	Version int    `json:"version"`
}

func (s *server) getStrategyDocument(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.writeStrategyDocument(w, r, pr.Actor, studyPathID(r, "id", "study"), http.StatusOK)
}

func (s *server) createStrategyDocument(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in strategyDocumentInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	d, err := s.db.CreateStrategyDocument(r.Context(), pr.Actor, strategy.Document{StudyID: studyPathID(r, "id", "study"),
		TitleEN: in.TitleEN, TitleBN: in.TitleBN})
	if err != nil {
		return err
	}
	return s.writeStrategyDocument(w, r, pr.Actor, d.StudyID, http.StatusCreated)
}

func (s *server) updateStrategyDocument(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in strategyDocumentInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	d, err := s.db.UpdateStrategyDocument(r.Context(), pr.Actor, strategy.Document{StudyID: studyPathID(r, "id", "study"),
		TitleEN: in.TitleEN, TitleBN: in.TitleBN, Version: in.Version})
	if err != nil {
		return err
	}
	return s.writeStrategyDocument(w, r, pr.Actor, d.StudyID, http.StatusOK)
}

type strategySectionInput struct {
	strategy.Text
	Version int `json:"version"`
}

// strategyDo decodes a request body, runs do with it and answers with
// what do returns.
func strategyDo[In, Out any](w http.ResponseWriter, r *http.Request, status int, do func(in In) (Out, error)) error {
	var in In
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	out, err := do(in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, status, out)
	return nil
}

func (s *server) addStrategySection(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return strategyDo(w, r, http.StatusCreated, func(in strategySectionInput) (strategySectionJSON, error) {
		sec, err := s.db.AddStrategySection(r.Context(), pr.Actor, studyPathID(r, "id", "study"), in.Version, in.Text)
		return strategySectionView(sec), err
	})
}

func (s *server) getStrategySection(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.writeStrategySection(w, r, pr.Actor, studyPathID(r, "id", "section"), http.StatusOK)
}

func (s *server) saveStrategySection(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return strategyDo(w, r, http.StatusOK, func(in strategySectionInput) (strategySectionJSON, error) {
		sec, err := s.db.SaveStrategySection(r.Context(), pr.Actor, studyPathID(r, "id", "section"), in.Version, in.Text)
		return strategySectionView(sec), err
	})
}

func (s *server) deleteStrategySection(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	version, err := studyVersion(r)
	if err != nil {
		return err
	}
	id := studyPathID(r, "id", "section")
	studyID, err := s.db.StrategySectionStudy(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	if err := s.db.DeleteStrategySection(r.Context(), pr.Actor, id, version); err != nil {
		return err
	}
	return s.writeStrategyDocument(w, r, pr.Actor, studyID, http.StatusOK)
}

type strategyMoveInput struct {
	Direction string `json:"direction"`
	Version   int    `json:"version"`
}

func (in strategyMoveInput) delta() (int, error) {
	switch in.Direction {
	case "up":
		return -1, nil
	case "down":
		return 1, nil
	}
	return 0, app.FieldError("direction", "say up or down")
}

func (s *server) moveStrategySection(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in strategyMoveInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	delta, err := in.delta()
	if err != nil {
		return err
	}
	id := studyPathID(r, "id", "section")
	studyID, err := s.db.StrategySectionStudy(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	if err := s.db.MoveStrategySection(r.Context(), pr.Actor, id, in.Version, delta); err != nil {
		return err
	}
	return s.writeStrategyDocument(w, r, pr.Actor, studyID, http.StatusOK)
}

func (s *server) listStrategySectionVersions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "section")
	studyID, err := s.db.StrategySectionStudy(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	list, err := s.db.StrategySectionVersions(r.Context(), pr.Actor, studyID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(list))
	return nil
}

type strategyBlockInput struct {
	Kind      string         `json:"kind"`
	Spec      *analysis.Spec `json:"spec"`
	SourceID  string         `json:"source_id"`
	CaptionEN string         `json:"caption_en"`
	CaptionBN string         `json:"caption_bn"`
}

func (s *server) addStrategyBlock(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return strategyDo(w, r, http.StatusCreated, func(in strategyBlockInput) (strategyBlockJSON, error) {
		b := strategy.Block{Kind: in.Kind, SourceID: in.SourceID, CaptionEN: in.CaptionEN, CaptionBN: in.CaptionBN}
		if in.Spec != nil {
			spec, _ := json.Marshal(in.Spec)
			b.Spec = string(spec)
		}
		b, err := s.db.AddStrategyBlock(r.Context(), pr.Actor, studyPathID(r, "id", "section"), b)
		return strategyBlockView(b), err
	})
}

func (s *server) removeStrategyBlock(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	sectionID, err := s.db.RemoveStrategyBlock(r.Context(), pr.Actor, studyPathID(r, "id", "evidence block"))
	if err != nil {
		return err
	}
	return s.writeStrategySection(w, r, pr.Actor, sectionID, http.StatusOK)
}

func (s *server) moveStrategyBlock(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in strategyMoveInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	delta, err := in.delta()
	if err != nil {
		return err
	}
	sectionID, err := s.db.MoveStrategyBlock(r.Context(), pr.Actor, studyPathID(r, "id", "evidence block"), delta)
	if err != nil {
		return err
	}
	return s.writeStrategySection(w, r, pr.Actor, sectionID, http.StatusOK)
}

func (s *server) linkStrategyRecommendation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "section")
	if err := s.db.LinkStrategyRecommendation(r.Context(), pr.Actor, id, studyPathID(r, "recommendation_id", "recommendation")); err != nil {
		return err
	}
	return s.writeStrategySection(w, r, pr.Actor, id, http.StatusOK)
}

func (s *server) unlinkStrategyRecommendation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "section")
	if err := s.db.UnlinkStrategyRecommendation(r.Context(), pr.Actor, id, studyPathID(r, "recommendation_id", "recommendation")); err != nil {
		return err
	}
	return s.writeStrategySection(w, r, pr.Actor, id, http.StatusOK)
}

type strategyCommentInput struct {
	Body       string `json:"body"`
	Resolution string `json:"resolution"`
}

func (s *server) addStrategyComment(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return strategyDo(w, r, http.StatusCreated, func(in strategyCommentInput) (strategy.Comment, error) {
		return s.db.AddStrategyComment(r.Context(), pr.Actor, studyPathID(r, "id", "section"), in.Body)
	})
}

func (s *server) resolveStrategyComment(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return strategyDo(w, r, http.StatusOK, func(in strategyCommentInput) (strategy.Comment, error) {
		return s.db.ResolveStrategyComment(r.Context(), pr.Actor, studyPathID(r, "id", "comment"), in.Resolution)
	})
}

// strategySchemas lists the schemas this area's operations use (see allSchemas).
func strategySchemas() obj {
	version := integer("Increases with every change; send it back when changing the record.")
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version you read; a stale one is 409."}
	text := func(desc string, max int) obj { return obj{"type": "string", "maxLength": max, "description": desc} }
	strList := func(desc string) obj {
		return obj{"type": "array", "items": obj{"type": "string"}, "description": desc}
	}
	listOfRef := func(desc, item string) obj { return obj{"type": "array", "items": ref(item), "description": desc} }
	textFields := obj{
		"heading_en": text("The heading in English.", 200), "heading_bn": text("The heading in Bangla; may be empty.", 200),
		"body_en": text("The text in English, in the screens' small markup.", strategy.MaxBody),
		"body_bn": text("The text in Bangla; may be empty (readers then see the English, marked).", strategy.MaxBody),
	}
	comment := obj{"id": str("Comment ID."), "section_id": str("The section."),
		"section_version": integer("The section's version when the comment was made."), "author_name": str("Who commented."),
		"body": str("The comment."), "state": enum("open or resolved.", strategy.CommentStates),
		"resolution": str("How it was taken into account (when resolved)."), "resolved_by_name": str("Who resolved it."),
		"resolved_at": obj{"type": "string", "format": "date-time", "nullable": true, "description": "When it was resolved."},
		"created_at":  timestamp("When it was made.")}
	return obj{
		"StrategyBlock": object("An evidence block: kind table or chart carry spec (the analysis), quote and recommendation source_id.",
			[]string{"id", "section_id", "kind", "caption_en", "caption_bn", "created_by_name", "created_at"}, obj{
				"id": str("Block ID."), "section_id": str("The section."), "kind": enum("What it shows.", strategy.BlockKinds),
				"spec": ref("AnalysisSpec"), "source_id": str("The coded passage (quote) or recommendation; it may since have been removed."),
				"caption_en": str("Caption in English."), "caption_bn": str("Caption in Bangla."),
				"created_by_name": str("Who placed it."), "created_at": timestamp("When.")}),
		"StrategyComment": object("A validation comment on a section.", []string{"id", "section_id", "section_version", "author_name", "body",
			"state", "resolution", "resolved_by_name", "resolved_at", "created_at"}, comment),
		"StrategySection": object("A section with its latest text.", []string{"id", "document_id", "number", "heading_en", "heading_bn",
			"body_en", "body_bn", "version", "author_name", "updated_at", "blocks", "recommendation_ids", "comments", "open_comments",
			"resolved_comments"}, withProps(textFields, obj{
			"id": str("Section ID."), "document_id": str("The document."), "number": integer("Its place in the document, from 1."),
			"version":     integer("The number of the latest text version; send it back when saving."),
			"author_name": str("Who saved the latest version."), "updated_at": timestamp("When."),
			"blocks":             listOfRef("Evidence blocks in order.", "StrategyBlock"),
			"recommendation_ids": strList("The recommendations the section addresses."),
			"comments":           listOfRef("Comments, oldest first.", "StrategyComment"),
			"open_comments":      integer("Comments waiting for a resolution."), "resolved_comments": integer("Comments resolved.")})),
		"StrategyRecommendationTrace": object("A recommendation of the study and the sections that address it.",
			[]string{"id", "ref", "status", "section_ids"}, obj{"id": str("Recommendation ID."), "ref": str("R-1, R-2..."),
				"status": enum("Its status.", study.RecStatuses), "section_ids": strList("The sections addressing it, in document order.")}),
		"StrategyDocument": object("A study's strategy document.", []string{"id", "study_id", "title_en", "title_bn", "created_by_name",
			"created_at", "updated_at", "version", "sections", "recommendations", "unaddressed"}, obj{
			"id": str("Document ID."), "study_id": str("The study."), "title_en": str("Title in English."), "title_bn": str("Title in Bangla."),
			"created_by_name": str("Who started it."), "created_at": timestamp("When."), "updated_at": timestamp("Last change."),
			"version":         version,
			"sections":        listOfRef("Sections in order.", "StrategySection"),
			"recommendations": listOfRef("Every recommendation of the study, in the order made, with the sections addressing it.", "StrategyRecommendationTrace"),
			"unaddressed":     strList("IDs of the recommendations no section addresses yet (those not taken up left out).")}),
		"StrategyDocumentInput": object("The document's title (version needed to change it).", []string{"title_en"}, obj{
			"title_en": text("Title in English.", 300), "title_bn": text("Title in Bangla.", 300),
			"version": obj{"type": "integer", "description": "The version you read, when changing."}}),
		"StrategySectionInput": object("A section's text; version: the document's when adding, the section's when saving.",
			[]string{"heading_en", "version"}, withProps(textFields, obj{"version": sentVersion})),
		"StrategySectionVersion": object("One saved version of a section's text.", []string{"section_id", "version", "heading_en", "heading_bn",
			"body_en", "body_bn", "author_name", "created_at"}, withProps(textFields, obj{"section_id": str("The section."),
			"version": integer("Its number."), "author_name": str("Who saved it."), "created_at": timestamp("When.")})),
		"StrategySectionVersionList": listSchema("StrategySectionVersion"),
		"StrategyMove": object("Move one place.", []string{"direction"}, obj{"direction": enum("up or down.", []string{"up", "down"}),
			"version": obj{"type": "integer", "description": "The document's version you read (sections only)."}}),
		"StrategyBlockInput": object("An evidence block to place.", []string{"kind"}, obj{
			"kind": enum("What it shows.", strategy.BlockKinds), "spec": ref("AnalysisSpec"),
			"source_id":  str("A coded passage of the study (quote) or a recommendation of the study."),
			"caption_en": text("Caption in English.", 300), "caption_bn": text("Caption in Bangla.", 300)}),
		"StrategyCommentInput": object("A comment.", []string{"body"}, obj{"body": text("The comment.", 4000)}),
		"StrategyResolution":   object("How the comment was taken into account.", []string{"resolution"}, obj{"resolution": text("The note.", 4000)}),
	}
}
