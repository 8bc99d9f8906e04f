package api

// analysisRoutes lists this area's operations (see allRoutes). Being written
// this session.
func (s *server) analysisRoutes() []route { return nil }

// analysisSchemas lists the schemas this area's operations use (see allSchemas).
func analysisSchemas() obj { return obj{} }
