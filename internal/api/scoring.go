package api

// scoringRoutes lists this area's operations (see allRoutes). Being written
// this session.
func (s *server) scoringRoutes() []route { return nil }

// scoringSchemas lists the schemas this area's operations use (see allSchemas).
func scoringSchemas() obj { return obj{} }
