package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// The print view of a strategy document: one HTML page ready to print on
// A4 (page size, margins and page numbers in static/strategy_print.css),
// with a title page, a numbered contents list, the sections with their
// evidence, and the recommendations with the sections that address them.
// ?lang=en or ?lang=bn chooses the document's language (the reader's by
// default). The PDF is that page printed by headless Chromium: the page is
// rendered here with its stylesheet and the Bangla font inlined, written
// to a temporary file and printed from there, so the browser never needs
// the user's session and fetches nothing.

// strategyPrintLang is the document language asked for, else the reader's.
func strategyPrintLang(r *http.Request, p *Page) string {
	switch l := r.URL.Query().Get("lang"); l {
	case "en", "bn":
		return l
	}
	return p.Lang
}

// strategyPrintPage renders the print view into bytes.
func (ui *UI) strategyPrintPage(r *http.Request, p *Page, a app.Actor, inline bool) ([]byte, error) {
	p.Lang = strategyPrintLang(r, p)
	d, err := ui.strategyLoad(r, a, p.Lang)
	if err != nil {
		return nil, err
	}
	if !d.HasDoc {
		return nil, app.NotFound("strategy document")
	}
	d.Print = true
	if inline {
		if d.Inline, err = strategyInlineCSS(); err != nil {
			return nil, err
		}
	}
	p.Title = d.Title
	p.Data = d
	var buf bytes.Buffer
	if err := ui.pages["strategy_print"].ExecuteTemplate(&buf, "strategy_print", p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (ui *UI) strategyPrint(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "strategy.heading")
	page, err := ui.strategyPrintPage(r, p, pr.Actor, false)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	w.Write(page)
}

// strategyInlineCSS is the print stylesheet with the Bangla font files
// inlined as data: URLs.
func strategyInlineCSS() (template.CSS, error) {
	css, err := staticFiles.ReadFile("static/strategy_print.css")
	if err != nil {
		return "", err
	}
	s := string(css)
	for _, weight := range []string{"400", "700"} {
		name := "fonts/noto-sans-bengali-" + weight + ".woff2"
		font, err := staticFiles.ReadFile("static/" + name)
		if err != nil {
			return "", err
		}
		s = strings.ReplaceAll(s, `url("`+name+`")`, `url("data:font/woff2;base64,`+base64.StdEncoding.EncodeToString(font)+`")`)
	}
	return template.CSS(s), nil //nolint:gosec // our own embedded stylesheet
}

// strategyPDF prints the document with headless Chromium. Without a
// browser it explains that the print view and the browser's own Print
// do the same.
func (ui *UI) strategyPDF(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "strategy.heading")
	page, err := ui.strategyPrintPage(r, p, pr.Actor, true)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	chromium := strategy.FindChromium()
	if chromium == "" {
		ui.errorPage(w, r, http.StatusServiceUnavailable, "strategy.pdf_unavailable_title", p.T("strategy.pdf_unavailable"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), strategy.PDFTimeout)
	defer cancel()
	pdf, err := strategy.PrintPDF(ctx, chromium, page)
	if err != nil {
		slog.ErrorContext(r.Context(), "strategy document: printing to PDF", "err", err)
		ui.errorPage(w, r, http.StatusServiceUnavailable, "strategy.pdf_failed_title", p.T("strategy.pdf_failed"))
		return
	}
	if err := ui.DB.Audit(r.Context(), ui.actor(r, pr), store.ActExport, "strategy_document", r.PathValue("id"), "",
		map[string]any{"format": "pdf", "lang": p.Lang}); err != nil {
		ui.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="strategy-`+p.Lang+`.pdf"`)
	h.Set("Cache-Control", "no-store")
	w.Write(pdf)
}
