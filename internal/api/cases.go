package api

// caseRoutes lists this area's operations (see allRoutes).
func (s *server) caseRoutes() []route { return nil }

// caseSchemas lists the schemas this area's operations use (see allSchemas).
func caseSchemas() obj { return obj{} }
