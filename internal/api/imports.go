package api

// importRoutes lists this area's operations (see allRoutes).
func (s *server) importRoutes() []route { return nil }

// importSchemas lists the schemas this area's operations use (see allSchemas).
func importSchemas() obj { return obj{} }
