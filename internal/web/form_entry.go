package web

import "net/http"

func (ui *UI) registerFormEntry(mux *http.ServeMux) {}
