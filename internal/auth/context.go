package auth

import (
	"context"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

type ctxKey int

const userKey ctxKey = 0

// Principal is the signed-in user of a request, with how they signed in.
type Principal struct {
	User  store.User
	Actor app.Actor
	// SessionToken is set for browser sessions, empty for API tokens.
	SessionToken string
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, userKey, p)
}

// FromContext returns the request's principal, or nil when anonymous.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(userKey).(*Principal)
	return p
}
