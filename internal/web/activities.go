package web

import "net/http"

func (ui *UI) registerActivities(mux *http.ServeMux) {}
