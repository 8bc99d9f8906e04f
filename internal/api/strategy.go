package api

// strategyRoutes lists this area's operations (see allRoutes). Being written
// this session.
func (s *server) strategyRoutes() []route { return nil }

// strategySchemas lists the schemas this area's operations use (see allSchemas).
func strategySchemas() obj { return obj{} }
