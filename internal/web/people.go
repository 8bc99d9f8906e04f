package web

import "net/http"

// registerPeople adds this area's pages to mux.
func (ui *UI) registerPeople(mux *http.ServeMux) {}
