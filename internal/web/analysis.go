package web

import "net/http"

// registerAnalysis adds this area's pages. Being written this session.
func (ui *UI) registerAnalysis(mux *http.ServeMux) {}
