package api

func (s *server) activityRoutes() []route { return nil }

func activitySchemas() obj { return obj{} }
