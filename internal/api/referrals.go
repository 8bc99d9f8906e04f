package api

func (s *server) referralRoutes() []route { return nil }

func referralSchemas() obj { return obj{} }
