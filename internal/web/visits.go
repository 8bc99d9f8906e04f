package web

import "net/http"

func (ui *UI) registerVisits(mux *http.ServeMux) {}
