package api

import "github.com/remaker-bd/remaker/internal/app"

var errUnauthorized = app.Errorf(app.EUNAUTHORIZED, "send a personal access token as Authorization: Bearer TOKEN")
