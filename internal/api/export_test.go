package api

// RouteInfo describes one entry of the route table, for the tests.
type RouteInfo struct {
	Method, Path string
	Public       bool
	Body         string
	Query        []string
}

// Routes returns the route table that registers the handlers and builds
// the OpenAPI document.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&server{}).allRoutes() {
		ri := RouteInfo{Method: rt.Method, Path: rt.Path, Public: rt.Public, Body: rt.Body}
		for _, q := range rt.Query {
			ri.Query = append(ri.Query, q.Name)
		}
		out = append(out, ri)
	}
	return out
}
