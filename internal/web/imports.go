package web

import "net/http"

// registerImports adds this area's pages to mux.
func (ui *UI) registerImports(mux *http.ServeMux) {}
