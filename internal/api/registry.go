package api

// registryRoutes lists this area's operations (see allRoutes).
func (s *server) registryRoutes() []route { return nil }

// registrySchemas lists the schemas this area's operations use (see allSchemas).
func registrySchemas() obj { return obj{} }
