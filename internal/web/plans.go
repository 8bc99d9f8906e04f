package web

import "net/http"

func (ui *UI) registerPlans(mux *http.ServeMux) {}
