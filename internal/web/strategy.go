package web

import "net/http"

// registerStrategy adds this area's pages. Being written this session.
func (ui *UI) registerStrategy(mux *http.ServeMux) {}
