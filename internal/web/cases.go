package web

import "net/http"

// registerCases adds this area's pages to mux.
func (ui *UI) registerCases(mux *http.ServeMux) {}
