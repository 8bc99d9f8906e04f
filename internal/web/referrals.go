package web

import "net/http"

func (ui *UI) registerReferrals(mux *http.ServeMux) {}
