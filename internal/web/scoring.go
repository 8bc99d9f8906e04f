package web

import "net/http"

// registerScoring adds this area's pages. Being written this session.
func (ui *UI) registerScoring(mux *http.ServeMux) {}
